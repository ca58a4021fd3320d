#pragma once

#include <QHash>
#include <QString>

namespace ActionNode::Internal {

/*!
    Client-side rate limiting: one token bucket per limit key (a provider's
    \c rateLimits entry), shared by every invocation of a Runtime, so that a
    batch spaces its requests as the provider documents instead of running
    into 429 answers and retries.

    A bucket holds up to \c burst tokens and refills at \c requests per
    \c perSeconds. reserve() takes a token and says how long the request
    must wait for it; waiting requests queue up in order (the bucket goes
    into debt), so no request is starved.
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

    //! Milliseconds to wait before sending a request under \a key at time \a nowMs (a monotonic clock).
    qint64 reserve(const QString &key, const Limit &limit, qint64 nowMs);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    QHash<QString, Bucket> m_buckets;
};

} // namespace ActionNode::Internal
