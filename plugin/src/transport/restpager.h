#pragma once

#include "resttransport.h"

#include <QPromise>
#include <QSet>

#include <memory>

namespace ActionNode::Internal {

/*!
    Walks every page of a paginated list call: requests a page with the
    largest allowed \c limit, hands its items to the sink, then asks for the
    page after the last item's cursor (or at the next page's URL that the
    reply names, on the same origin only), until a page is short or empty,
    or the declared total is reached. One page is in memory at a time. A
    cursor that comes back to one asked for before (a provider that repeats
    itself, A, B, A, ...) fails the list at once, and at most the transport's
    maxPages() are fetched, so that a provider that never stops answering
    full pages cannot keep a run going for ever.
*/
class RestPager : public std::enable_shared_from_this<RestPager>
{
public:
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
    QSet<QString> m_cursors; //!< every cursor asked for so far
    qint64 m_pages = 0;
    qint64 m_items = 0;
};

} // namespace ActionNode::Internal
