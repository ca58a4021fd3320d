#include "triggerpoller.h"

#include <actionnode/runtime.h>
#include <actionnode/store.h>

#include "actionspec_p.h"
#include "jsonpointer.h"
#include "logging.h"
#include "restdeclaration.h"

#include <QDateTime>
#include <QFuture>

#include <algorithm>
#include <functional>

namespace ActionNode::Internal {

namespace {

QJsonValue at(const QJsonValue &document, const QString &pointer)
{
    bool ok = false;
    return JsonPointer::parse(pointer, &ok).resolve(document);
}

// An item's time: Unix seconds, or an RFC 3339 text (Daily's rooms: "2026-11-28T09:01:22.000Z").
std::optional<qint64> secondsOf(const QJsonValue &value)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toSecsSinceEpoch();
}

// The input key the list action binds to the wire parameter \a name.
QString inputFor(const RestDeclaration &rest, const QString &name)
{
    for (auto it = rest.bindings.cbegin(); it != rest.bindings.cend(); ++it) {
        if (it->name == name)
            return it.key();
    }
    return {};
}

} // namespace

TriggerPoller::TriggerPoller(Runtime *runtime, Store *store, const TriggerSpec &trigger, EventLog log, QObject *parent)
    : QObject(parent),
      m_runtime(runtime),
      m_store(store),
      m_trigger(trigger),
      m_poll(trigger.poll()),
      m_log(std::move(log))
{
    m_timer.setInterval(m_poll.intervalSeconds * 1000);
    connect(&m_timer, &QTimer::timeout, this, &TriggerPoller::poll);
}

void TriggerPoller::setIntervalMs(int milliseconds)
{
    m_timer.setInterval(milliseconds);
}

void TriggerPoller::start()
{
    m_timer.start();
    poll();
}

void TriggerPoller::fail(const QString &problem)
{
    if (!m_failing)
        qCWarning(lcRuntime).noquote() << "polling" << m_trigger.id() << "failed:" << problem
                                       << "(tried again every interval)";
    m_failing = true;
    m_busy = false;
    Q_EMIT polled(0);
}

void TriggerPoller::poll()
{
    if (m_busy) // a slow provider: the next round starts when this one is done
        return;
    QString error;
    const std::optional<QJsonObject> cursor = m_store->pollCursor(m_trigger.id(), {}, &error);
    if (!cursor)
        return fail(error);
    m_busy = true;
    m_baseline = cursor->isEmpty();
    m_newest = cursor->value(QLatin1String("newest")).toInteger();
    m_seen.clear();
    const QJsonObject seen = cursor->value(QLatin1String("seen")).toObject();
    for (auto it = seen.begin(); it != seen.end(); ++it)
        m_seen.insert(it.key(), it.value().toInteger());
    m_found.clear();
    m_pages = 0;
    requestPage({});
}

void TriggerPoller::requestPage(const QString &after)
{
    const ActionSpec action = m_runtime->action(m_poll.action);
    if (action.hasError())
        return fail(action.errorString());
    const std::shared_ptr<const RestDeclaration> &rest = ActionSpecPrivate::restDeclaration(action);
    QJsonObject inputs;
    if (rest && rest->paginated) {
        inputs.insert(inputFor(*rest, rest->pagination.limitParam), rest->pagination.maxLimit);
        if (!after.isEmpty())
            inputs.insert(inputFor(*rest, rest->pagination.cursorParam), after);
    }
    inputs.remove(QString()); // a parameter no input is bound to
    ++m_pages;
    m_runtime->invoke(m_poll.action, inputs).then(this, [this, rest](const ActionResult &result) {
        if (!result.isSuccess())
            return fail(result.errors.isEmpty() ? ActionResult::statusName(result.status)
                                                : result.errors.first().message);
        const QJsonArray items = at(result.outputs.toJsonObject(), m_poll.items).toArray();
        takePage(items);
        const bool full = rest && rest->paginated && items.size() >= rest->pagination.maxLimit;
        const bool pastLookback = !m_baseline && !m_found.isEmpty()
                                  && m_found.last().time < m_newest - m_poll.lookbackSeconds;
        if (full && !pastLookback && m_pages < maxPagesPerPoll)
            return requestPage(rest->pagination.cursorFrom.resolve(items.last()).toString());
        finish();
    });
}

std::optional<TriggerPoller::Item> TriggerPoller::itemOf(const QJsonValue &value) const
{
    const QJsonValue id = at(value, m_poll.itemId);
    const std::optional<qint64> time = secondsOf(at(value, m_poll.itemTime));
    if (!value.isObject() || !id.isString() || id.toString().isEmpty() || !time)
        return std::nullopt;
    return Item{id.toString(), *time, value.toObject()};
}

void TriggerPoller::takePage(const QJsonArray &items)
{
    for (const QJsonValue &value : items) {
        if (const std::optional<Item> item = itemOf(value))
            m_found.append(*item);
        else
            qCDebug(lcRuntime).noquote() << "polling" << m_trigger.id() << "passed over an item without id or time";
    }
}

bool TriggerPoller::counts(const Item &item) const
{
    for (auto it = m_poll.where.begin(); it != m_poll.where.end(); ++it) {
        if (at(item.value, it.key()) != it.value())
            return false;
    }
    return true;
}

void TriggerPoller::finish()
{
    // Oldest first; the list is newest first, so items of the same second keep its order reversed.
    std::reverse(m_found.begin(), m_found.end());
    std::stable_sort(m_found.begin(), m_found.end(), [](const Item &a, const Item &b) { return a.time < b.time; });
    const qint64 cutoff = m_newest - m_poll.lookbackSeconds;
    int logged = 0;
    for (const Item &item : std::as_const(m_found)) {
        if (!counts(item) || m_seen.contains(item.id))
            continue;
        if (!m_baseline && item.time < cutoff)
            continue; // older than the cursor: counted before it was kept, or pruned from it
        if (!m_baseline) {
            const QJsonObject event{{QStringLiteral("type"), m_trigger.id()},
                                    {QStringLiteral("id"), m_trigger.id() + QLatin1Char(':') + item.id},
                                    {QStringLiteral("payload"), item.value},
                                    {QStringLiteral("event_ts"), item.time}};
            const std::optional<bool> isNew = m_log(event.value(QLatin1String("id")).toString(), event);
            if (!isNew)
                return fail(QStringLiteral("an event could not be logged"));
            logged += *isNew ? 1 : 0;
        }
        m_seen.insert(item.id, item.time);
    }
    for (const Item &item : std::as_const(m_found))
        m_newest = qMax(m_newest, item.time);

    // Keep the ids inside the lookback, and at most maxCursorIds of them.
    QList<std::pair<qint64, QString>> kept;
    for (auto it = m_seen.cbegin(); it != m_seen.cend(); ++it) {
        if (it.value() >= m_newest - m_poll.lookbackSeconds)
            kept.append({it.value(), it.key()});
    }
    std::sort(kept.begin(), kept.end(), std::greater<>());
    QJsonObject seen;
    for (qsizetype i = 0; i < kept.size() && i < maxCursorIds; ++i)
        seen.insert(kept.at(i).second, kept.at(i).first);
    QString error;
    if (!m_store->setPollCursor(m_trigger.id(), {},
                                {{QStringLiteral("newest"), m_newest}, {QStringLiteral("seen"), seen}}, &error))
        return fail(error);
    if (m_failing)
        qCInfo(lcRuntime).noquote() << "polling" << m_trigger.id() << "works again";
    m_failing = false;
    m_busy = false;
    Q_EMIT polled(logged);
}

} // namespace ActionNode::Internal
