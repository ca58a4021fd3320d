#include "ratelimiter.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cmath>

namespace ActionNode::Internal {

qint64 RateLimiter::reserve(const QString &key, const Limit &limit, qint64 nowMs)
{
    if (limit.requests <= 0 || limit.perSeconds <= 0)
        return 0;
    const double capacity = limit.burst > 0 ? limit.burst : limit.requests;
    const double perMs = limit.requests / (limit.perSeconds * 1000.0);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_maxBuckets)
            evict(nowMs);
        it = m_buckets.insert(key, {capacity, nowMs, capacity, perMs});
    }
    Bucket &bucket = *it;
    bucket.capacity = capacity;
    bucket.perMs = perMs;
    bucket.tokens = bucket.tokensAt(nowMs);
    bucket.updatedMs = nowMs;
    bucket.tokens -= 1;
    return bucket.tokens >= 0 ? 0 : qint64(std::ceil(-bucket.tokens / perMs));
}

QByteArray RateLimiter::accountOf(const Connection &connection, const QStringList &accountSettings,
                                  const QString &secretSetting)
{
    QCryptographicHash digest(QCryptographicHash::Sha256);
    bool named = false;
    for (const QString &setting : accountSettings) {
        const QString value = connection.value(setting);
        named = named || !value.isEmpty();
        // Each value ends with a line feed, which no setting holds (Connection refuses control characters).
        digest.addData(value.toUtf8() + '\n');
    }
    if (!named) {
        digest.reset();
        digest.addData(QByteArrayView("secret\n"));
        digest.addData(connection.value(secretSetting).toUtf8());
    }
    return digest.result().toBase64(QByteArray::OmitTrailingEquals);
}

void RateLimiter::evict(qint64 nowMs)
{
    m_buckets.removeIf(
        [nowMs](const QHash<QString, Bucket>::iterator &it) { return it->tokensAt(nowMs) >= it->capacity; });
    if (m_buckets.size() < m_maxBuckets)
        return;
    const auto leastRecent = std::min_element(m_buckets.begin(), m_buckets.end(), [](const Bucket &a, const Bucket &b) {
        return a.updatedMs < b.updatedMs;
    });
    m_buckets.erase(leastRecent);
}

} // namespace ActionNode::Internal
