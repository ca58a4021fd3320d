#pragma once

#include <actionnode/connection.h>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace ActionNode::Internal {

/*!
    Client-side rate limiting: one token bucket per limit key (a provider
    account and one of its provider's \c rateLimits entries), shared by
    every invocation of a Runtime, so that a batch spaces its requests as
    the provider documents instead of running into 429 answers and retries.

    A bucket holds up to \c burst tokens and refills at \c requests per
    \c perSeconds. reserve() takes a token and says how long the request
    must wait for it; waiting requests queue up in order (the bucket goes
    into debt), so no request is starved.

    Callers of a shared host bring any number of accounts, so at most
    maxBuckets() buckets are kept. A new key past that first drops the
    buckets that have refilled (forgetting one loses nothing: a new bucket
    starts full), then, when every bucket is still in use, the one used
    least recently.
*/
class RateLimiter
{
public:
    struct Limit
    {
        int requests = 0; //!< 0: unlimited
        double perSeconds = 1;
        int burst = 0; //!< bucket size; 0 means \c requests
    };

    static constexpr qsizetype defaultMaxBuckets = 4096;

    explicit RateLimiter(qsizetype maxBuckets = defaultMaxBuckets) : m_maxBuckets(maxBuckets) {}

    /*!
        Names the provider account of \a connection, the part of a limit's
        key that keeps accounts apart: a digest of the \a accountSettings
        (Daily's domain id, SignalWire's space and project) or, when none
        has a value, of the \a secretSetting (the API key). A digest, so
        that no key is kept in a limiter.
    */
    static QByteArray accountOf(const Connection &connection, const QStringList &accountSettings,
                                const QString &secretSetting);

    //! Milliseconds to wait before sending a request under \a key at time \a nowMs (a monotonic clock).
    qint64 reserve(const QString &key, const Limit &limit, qint64 nowMs);

    qsizetype maxBuckets() const { return m_maxBuckets; }
    qsizetype bucketCount() const { return m_buckets.size(); }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
        double capacity = 0;
        double perMs = 0;

        double tokensAt(qint64 nowMs) const { return std::min(capacity, tokens + double(nowMs - updatedMs) * perMs); }
    };
    //! Makes room for one more bucket.
    void evict(qint64 nowMs);

    qsizetype m_maxBuckets;
    QHash<QString, Bucket> m_buckets;
};

} // namespace ActionNode::Internal
