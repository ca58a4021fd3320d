#pragma once

#include <actionnode/actionnode_global.h>

#include <QString>

#include <optional>

namespace ActionNode {

/*!
    Rate limits kept where every replica of a host reaches them (a Redis
    store's, Store::sharedRateLimits()), so that replicas together space
    their requests to a provider account as one host would. Handed to a
    Runtime with Runtime::setSharedRateLimits(); while they cannot be
    reached the runtime spaces requests by its own limits alone and says so
    in its log.

    Implementations are thread-safe: invocations may reserve from any thread.
*/
class ACTIONNODE_EXPORT SharedRateLimits
{
public:
    virtual ~SharedRateLimits();

    /*!
        Reserves the next slot of the limit \a key (a provider account and
        one of its declared limits): \a requests per \a perSeconds, at most
        \a burst at once. The milliseconds the request must wait for its
        slot, or nullopt with \a errorString when the limits cannot be
        reached.
    */
    virtual std::optional<qint64> reserve(const QString &key, int requests, double perSeconds, int burst,
                                          QString *errorString) = 0;

protected:
    SharedRateLimits() = default;
    Q_DISABLE_COPY_MOVE(SharedRateLimits)
};

} // namespace ActionNode
