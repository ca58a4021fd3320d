#include "restpager.h"

#include <actionnode/errorcodes.h>

#include "restdeclaration.h"

#include <QJsonArray>

#include <algorithm>

namespace ActionNode::Internal {

RestPager::RestPager(std::shared_ptr<RestTransport> transport, std::shared_ptr<const RestDeclaration> declaration,
                     RestProvider provider, QString providerId, ActionInputs inputs, Connection connection,
                     RestTransport::ItemSink sink)
    : m_transport(std::move(transport)),
      m_declaration(std::move(declaration)),
      m_provider(std::move(provider)),
      m_providerId(std::move(providerId)),
      m_inputs(std::move(inputs)),
      m_connection(std::move(connection)),
      m_sink(std::move(sink))
{}

QFuture<ActionResult> RestPager::start()
{
    const RestDeclaration::Pagination &pagination = m_declaration->pagination;
    const auto limitBinding = std::find_if(m_declaration->bindings.begin(), m_declaration->bindings.end(),
                                           [&pagination](const RestDeclaration::Binding &binding) {
                                               return binding.name == pagination.limitParam;
                                           });
    const QString limitKey = limitBinding == m_declaration->bindings.end() ? QString() : limitBinding->key;
    m_limit = m_inputs.contains(limitKey) ? m_inputs.value(limitKey).toInt() : pagination.maxLimit;
    m_promise.start();
    QFuture<ActionResult> future = m_promise.future();
    fetch({});
    return future;
}

void RestPager::fetch(const QString &cursor)
{
    const RestDeclaration::Pagination &pagination = m_declaration->pagination;
    QList<QPair<QString, QString>> overrides;
    if (m_limit > 0 && !pagination.limitParam.isEmpty())
        overrides.append({pagination.limitParam, QString::number(m_limit)});
    const bool followsLinks = !pagination.next.isRoot();
    if (!cursor.isEmpty() && !followsLinks)
        overrides.append({pagination.cursorParam, cursor});
    m_transport
        ->send(m_declaration, m_provider, m_providerId, m_inputs, m_connection, overrides,
               followsLinks ? cursor : QString())
        .then([self = shared_from_this()](const ActionResult &page) { self->received(page); });
}

void RestPager::received(const ActionResult &page)
{
    if (!page.isSuccess()) {
        finish(page);
        return;
    }
    const RestDeclaration::Pagination &pagination = m_declaration->pagination;
    const QJsonArray items = page.outputs.value(pagination.itemsOutput).toArray();
    ++m_pages;
    m_items += items.size();
    for (const QJsonValue &item : items)
        m_sink(item.toObject());

    const QString next = items.isEmpty()             ? QString()
                         : !pagination.next.isRoot() ? page.outputs.value(pagination.nextOutput).toString()
                                                     : pagination.cursorFrom.resolve(items.last()).toString();
    const bool shortPage = m_limit > 0 && items.size() < m_limit;
    bool reachedTotal = false;
    for (const auto &[key, pointer] : m_declaration->outputs) {
        if (pointer.toString() == pagination.total.toString() && page.outputs.value(key).isDouble())
            reachedTotal = m_items >= page.outputs.value(key).toInteger();
    }
    if (items.isEmpty() || shortPage || reachedTotal || next.isEmpty()) {
        ActionResult result = page;
        result.outputs.remove(pagination.itemsOutput);
        if (!pagination.nextOutput.isEmpty())
            result.outputs.remove(pagination.nextOutput);
        result.outputs.insert(QStringLiteral("pages"), m_pages);
        result.outputs.insert(QStringLiteral("items"), m_items);
        finish(result);
        return;
    }
    QString problem;
    if (m_cursors.contains(next))
        problem = QStringLiteral("%1 repeats its pages: the cursor \"%2\" after page %3 was already asked for")
                      .arg(m_provider.name, RestProvider::bounded(next))
                      .arg(m_pages);
    else if (m_pages >= m_transport->maxPages())
        problem = QStringLiteral("%1 kept answering full pages").arg(m_provider.name);
    if (!problem.isEmpty()) {
        finish(ActionResult::failure(
            ActionResult::Status::ProviderFailed,
            {{ErrorCodes::name(ErrorCode::ProviderError),
              {},
              ErrorRule::PaginationLimit,
              QStringLiteral("%1: stopped after %2 pages (%3 items)").arg(problem).arg(m_pages).arg(m_items)}}));
        return;
    }
    m_cursors.insert(next);
    fetch(next);
}

void RestPager::finish(ActionResult result)
{
    m_promise.addResult(std::move(result));
    m_promise.finish();
}

} // namespace ActionNode::Internal
