#pragma once

#include "emulatorreply.h"

#include <QString>

#include <optional>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
QT_END_NAMESPACE

namespace ActionNode {

/*!
    One provider's REST API as served by EmulatorServer. The server owns
    everything shared (loopback socket, fault injection, statistics, control
    endpoints); an implementation only answers its own routes and knows how
    its provider spells an error.
*/
class EmulatedApi
{
public:
    virtual ~EmulatedApi() = default;

    //! Whether \a path (decoded, without query) belongs to this API.
    virtual bool handlesPath(const QString &path) const = 0;

    //! Answers a request whose path this API handles.
    virtual EmulatorReply handle(const QHttpServerRequest &request) = 0;

    //! The provider's error reply for \a status, used for injected faults too.
    virtual EmulatorReply errorReply(int status, const QString &info) const = 0;

    //! Answers a control endpoint of its own (\a endpoint is the path after /_emulator/), or nothing.
    virtual std::optional<EmulatorReply> handleControl(const QString &endpoint, const QHttpServerRequest &request)
    {
        Q_UNUSED(endpoint)
        Q_UNUSED(request)
        return std::nullopt;
    }

    //! Forgets the state kept between requests (POST /_emulator/reset).
    virtual void reset() {}
};

} // namespace ActionNode
