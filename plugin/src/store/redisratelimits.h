#pragma once

#include "redisconnection.h"

#include <actionnode/sharedratelimits.h>

#include <QDeadlineTimer>
#include <QMutex>

namespace ActionNode::Internal {

/*!
    Rate limits in Redis, by the generic cell rate algorithm (GCRA): per
    limit key one value, the theoretical arrival time of the next request,
    advanced by one emission interval (\c perSeconds / \c requests) per
    reservation in a Lua script, so that reservations of every replica are
    atomic and ordered. A request waits until that time less the burst
    tolerance (\c burst - 1 intervals): the same spacing as the in-process
    token bucket (RateLimiter), which a full bucket of \c burst tokens gives.
    Times are the server's (\c TIME), so replicas' clocks need not agree;
    each key expires once its time has passed.

    After a failure Redis is left alone for a few seconds (callers then
    space requests by themselves), so that a server that is down does not
    add a timeout to every request.
*/
class RedisRateLimits : public SharedRateLimits
{
public:
    static constexpr int timeoutMs = 500;
    static constexpr int retryAfterFailureMs = 5000;

    explicit RedisRateLimits(RedisConnection::Address address);

    std::optional<qint64> reserve(const QString &key, int requests, double perSeconds, int burst,
                                  QString *errorString) override;

private:
    QMutex m_mutex;
    RedisConnection m_connection;
    QDeadlineTimer m_pausedUntil;
    QString m_lastError;
};

} // namespace ActionNode::Internal
