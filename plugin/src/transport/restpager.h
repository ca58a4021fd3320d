#pragma once

#include "resttransport.h"

#include <QPromise>

#include <memory>

namespace ActionNode::Internal {

/*!
    Walks every page of a paginated list call: requests a page with the
    largest allowed \c limit, hands its items to the sink, then asks for the
    page after the last item's cursor (or at the next page's URL that the
    reply names, on the same origin only), until a page is short or empty,
    the declared total is reached, or the cursor stops moving (a provider
    that repeats itself would otherwise loop for ever). One page is in memory at
    a time, and at most maxPages are fetched, so that a provider that never
    stops answering full pages cannot keep a run going for ever.
*/
class RestPager : public std::enable_shared_from_this<RestPager>
{
public:
    static constexpr qint64 maxPages = 100000;

    RestPager(std::shared_ptr<RestTransport> transport, std::shared_ptr<const RestDeclaration> declaration,
              RestProvider provider, QString providerId, ActionInputs inputs, Connection connection,
              RestTransport::ItemSink sink);

    QFuture<ActionResult> start();

private:
    //! The first page for an empty \a cursor; else the page after it: a cursor value, or a next page's URL.
    void fetch(const QString &cursor);
    void received(const ActionResult &page);
    void finish(ActionResult result);

    std::shared_ptr<RestTransport> m_transport;
    std::shared_ptr<const RestDeclaration> m_declaration;
    RestProvider m_provider;
    QString m_providerId;
    ActionInputs m_inputs;
    Connection m_connection;
    RestTransport::ItemSink m_sink;
    QPromise<ActionResult> m_promise;
    int m_limit = 0;
    QString m_cursor;
    qint64 m_pages = 0;
    qint64 m_items = 0;
};

} // namespace ActionNode::Internal
