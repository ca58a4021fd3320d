#include "redisratelimits.h"

#include <cmath>

namespace ActionNode::Internal {

namespace {

const QByteArray keyPrefix = "actionnode:ratelimit:";

// KEYS[1]: the limit's key. ARGV[1]: emission interval, ARGV[2]: burst tolerance (µs).
// Returns the µs to wait; the reservation is made whatever the wait.
const QByteArray reserveScript = R"lua(
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local arrival = tonumber(redis.call('GET', KEYS[1]) or 0)
if arrival < now then arrival = now end
local wait = arrival - tonumber(ARGV[2]) - now
if wait < 0 then wait = 0 end
local next = arrival + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', next), 'PX', math.ceil((next - now) / 1000) + 1)
return wait
)lua";

} // namespace

RedisRateLimits::RedisRateLimits(RedisConnection::Address address)
    : m_connection(std::move(address), timeoutMs), m_pausedUntil(0)
{}

std::optional<qint64> RedisRateLimits::reserve(const QString &key, int requests, double perSeconds, int burst,
                                               QString *errorString)
{
    if (requests <= 0 || perSeconds <= 0)
        return 0;
    const QMutexLocker locker(&m_mutex);
    if (!m_pausedUntil.hasExpired()) {
        *errorString = m_lastError;
        return std::nullopt;
    }
    const double intervalUs = perSeconds * 1e6 / requests;
    const double toleranceUs = (std::max(burst > 0 ? burst : requests, 1) - 1) * intervalUs;
    QString reason;
    const std::optional<RedisReply> waitUs = m_connection.script(
        reserveScript, {keyPrefix + key.toUtf8()},
        {QByteArray::number(qint64(std::llround(intervalUs))), QByteArray::number(qint64(std::llround(toleranceUs)))},
        &reason);
    if (!waitUs) {
        m_lastError = QStringLiteral("the shared rate limits at %1 cannot be reached: %2")
                          .arg(m_connection.address().shown, reason);
        m_pausedUntil.setRemainingTime(retryAfterFailureMs);
        *errorString = m_lastError;
        return std::nullopt;
    }
    return (waitUs->integer + 999) / 1000;
}

} // namespace ActionNode::Internal
