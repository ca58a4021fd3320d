#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

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
    bool tokenIssued = false; //!< counted in the emulator's statistics
};

} // namespace ActionNode
