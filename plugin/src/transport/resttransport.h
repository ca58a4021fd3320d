#pragma once

#include "ratelimiter.h"
#include "restcall.h"
#include "restprovider.h"

#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/connection.h>
#include <actionnode/invokeoptions.h>
#include <actionnode/runtime.h>

#include <QElapsedTimer>
#include <QFuture>
#include <QJsonObject>

#include <functional>
#include <memory>

namespace ActionNode {
class SharedRateLimits;
}

namespace ActionNode::Internal {

class RestDeclaration;

/*!
    Runs an action's declared REST call: builds the request
    (RestRequestBuilder), waits for the provider's rate limit (RateLimiter,
    one per Runtime, so its invocations share the buckets; or the
    SharedRateLimits of replicas, while they answer), sends it with
    RestCall (retries, timeouts, TLS) and maps the reply (RestReplyMapper).
    A paginated action returns one page; invokeAllPages() walks every page.
    Held by a shared pointer, so that a pager in flight keeps it alive.
*/
class RestTransport : public std::enable_shared_from_this<RestTransport>
{
public:
    //! Receives the items of one page, in order; the pages are not kept.
    using ItemSink = InvokeOptions::ItemSink;

    RestTransport();

    bool honoursRateLimits() const { return m_honoursRateLimits; }
    void setHonoursRateLimits(bool enabled) { m_honoursRateLimits = enabled; }
    //! Runtime::setSharedRateLimits().
    void setSharedRateLimits(std::shared_ptr<SharedRateLimits> limits) { m_sharedLimits = std::move(limits); }
    //! The most pages invokeAllPages() fetches (Runtime::maxPages()).
    qint64 maxPages() const { return m_maxPages; }
    void setMaxPages(qint64 pages) { m_maxPages = pages; }

    QFuture<ActionResult> invoke(const std::shared_ptr<const RestDeclaration> &declaration,
                                 const RestProvider &provider, const QString &providerId, const ActionInputs &inputs,
                                 const Connection &connection);

    /*!
        Fetches every page, one at a time, with the largest page size the
        declaration allows (unless the inputs set one), handing each item to
        \a sink as its page arrives: memory does not grow with the number of
        pages. The result's outputs are the last page's without the items,
        plus \c pages and \c items counts.
    */
    QFuture<ActionResult> invokeAllPages(const std::shared_ptr<const RestDeclaration> &declaration,
                                         const RestProvider &provider, const QString &providerId,
                                         const ActionInputs &inputs, const Connection &connection,
                                         const ItemSink &sink);

private:
    friend class RestPager;
    /*!
        One request: the rate limit's wait, then the call, then the reply
        mapped. With \a pageUrl (a next page's URL as the provider named
        it, absolute or relative) the request goes there instead, but only
        on the origin of the declared request: its headers carry credentials.
    */
    QFuture<ActionResult> send(const std::shared_ptr<const RestDeclaration> &declaration, const RestProvider &provider,
                               const QString &providerId, const ActionInputs &inputs, const Connection &connection,
                               const QList<QPair<QString, QString>> &queryOverrides, const QString &pageUrl = {});

    /*!
        Milliseconds the next request under \a key waits: by the shared
        limits when there are any and they answer, else by this process's.
    */
    qint64 reserve(const QString &key, const RateLimiter::Limit &limit);

    RateLimiter m_limiter;
    std::shared_ptr<SharedRateLimits> m_sharedLimits;
    bool m_sharedLimitsFailing = false; //!< said once per outage in the log
    bool m_honoursRateLimits = true;
    qint64 m_maxPages = Runtime::defaultMaxPages;
    QElapsedTimer m_clock;
};

} // namespace ActionNode::Internal
