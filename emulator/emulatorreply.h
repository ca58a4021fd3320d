#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

#include <functional>

namespace ActionNode {

//! One HTTP answer of the emulator, built before it is written (or delayed, or dropped).
class EmulatorReply
{
public:
    static EmulatorReply json(int status, const QJsonObject &body);

    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; //!< besides Content-Type and Content-Length
    bool tokenIssued = false;                     //!< counted in the emulator's statistics
    //! When set, the answer is not known yet: called with the function that writes it once it is.
    std::function<void(std::function<void(const EmulatorReply &)>)> deferred;
};

} // namespace ActionNode
