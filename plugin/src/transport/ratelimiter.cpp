#include "ratelimiter.h"

#include <cmath>

namespace ActionNode::Internal {

qint64 RateLimiter::reserve(const QString &key, const Limit &limit, qint64 nowMs)
{
    if (limit.requests <= 0 || limit.perSeconds <= 0)
        return 0;
    const double capacity = limit.burst > 0 ? limit.burst : limit.requests;
    const double perMs = limit.requests / (limit.perSeconds * 1000.0);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, {capacity, nowMs});
    Bucket &bucket = *it;
    bucket.tokens = std::min(capacity, bucket.tokens + double(nowMs - bucket.updatedMs) * perMs);
    bucket.updatedMs = nowMs;
    bucket.tokens -= 1;
    return bucket.tokens >= 0 ? 0 : qint64(std::ceil(-bucket.tokens / perMs));
}

} // namespace ActionNode::Internal
