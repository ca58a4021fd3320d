#include "mcptriggerresources.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionNode {

namespace {
const QString uriPrefix = QStringLiteral("actionnode://triggers/");
}

McpTriggerResources::McpTriggerResources(Runtime *runtime, TriggerHub *hub, QObject *parent)
    : QObject(parent), m_runtime(runtime), m_hub(hub)
{}

McpTriggerResources::~McpTriggerResources() = default;

bool McpTriggerResources::handles(const QString &method)
{
    return method == QLatin1String("resources/list") || method == QLatin1String("resources/read")
           || method == QLatin1String("resources/subscribe") || method == QLatin1String("resources/unsubscribe");
}

QString McpTriggerResources::uriOf(const QString &triggerId)
{
    return uriPrefix + triggerId;
}

QString McpTriggerResources::triggerOf(const QJsonObject &params) const
{
    const QString uri = params.value(QLatin1String("uri")).toString();
    const QString id = uri.startsWith(uriPrefix) ? uri.mid(uriPrefix.size()) : QString();
    return m_runtime->knownTriggerIds().contains(id) ? id : QString();
}

McpTriggerResources::Answer McpTriggerResources::handle(const QString &method, const QJsonObject &params,
                                                        const InvokeOptions &caller)
{
    if (method == QLatin1String("resources/list"))
        return list();
    const QString triggerId = triggerOf(params);
    if (triggerId.isEmpty())
        return {{},
                resourceNotFound,
                QStringLiteral("Resource not found: %1").arg(params.value(QLatin1String("uri")).toString().left(200))};
    if (method == QLatin1String("resources/subscribe"))
        return subscribe(triggerId, caller);
    if (method == QLatin1String("resources/unsubscribe")) {
        if (subscriptionOf(triggerId, caller))
            m_subscribed.erase(triggerId);
        return {};
    }
    return read(triggerId, caller);
}

McpTriggerResources::Subscribed *McpTriggerResources::subscriptionOf(const QString &triggerId,
                                                                     const InvokeOptions &caller)
{
    const auto found = m_subscribed.find(triggerId);
    if (found == m_subscribed.end()
        || found->second.subscription->owner() != caller.ownerFor(m_hub->trigger(triggerId).provider()))
        return nullptr;
    return &found->second;
}

McpTriggerResources::Answer McpTriggerResources::list() const
{
    QJsonArray resources;
    for (const TriggerSpec &trigger : m_runtime->triggers()) {
        resources.append(QJsonObject{{QStringLiteral("uri"), uriOf(trigger.id())},
                                     {QStringLiteral("name"), trigger.id()},
                                     {QStringLiteral("title"), trigger.title()},
                                     {QStringLiteral("description"), trigger.description()},
                                     {QStringLiteral("mimeType"), QStringLiteral("application/json")}});
    }
    return {{{QStringLiteral("resources"), resources}}, 0, {}};
}

McpTriggerResources::Answer McpTriggerResources::subscribe(const QString &triggerId, const InvokeOptions &caller)
{
    if (subscriptionOf(triggerId, caller))
        return {};
    ActionErrors errors;
    // Another account's subscription to the trigger, if any, ends here.
    std::unique_ptr<TriggerSubscription> subscription = m_hub->subscribe(triggerId, {}, &errors,
                                                                         TriggerHub::defaultQueueCapacity, caller);
    if (!subscription) {
        QStringList messages;
        for (const ActionError &error : std::as_const(errors))
            messages.append(error.toString());
        return {{}, invalidParams, messages.join(QLatin1Char(' '))};
    }
    connect(subscription.get(), &TriggerSubscription::eventsAvailable, this, [this, triggerId] { collect(triggerId); });
    m_subscribed[triggerId] = {std::move(subscription), {}};
    return {};
}

McpTriggerResources::Answer McpTriggerResources::read(const QString &triggerId, const InvokeOptions &caller)
{
    const Subscribed *found = subscriptionOf(triggerId, caller);
    const bool subscribed = found != nullptr;
    QJsonArray events;
    quint64 dropped = 0;
    if (subscribed) {
        for (const QJsonObject &event : found->recent)
            events.append(event);
        dropped = found->subscription->droppedCount();
    }
    const QJsonObject contents{{QStringLiteral("trigger"), triggerId},
                               {QStringLiteral("subscribed"), subscribed},
                               {QStringLiteral("dropped"), qint64(dropped)},
                               {QStringLiteral("events"), events}};
    return {{{QStringLiteral("contents"),
              QJsonArray{QJsonObject{{QStringLiteral("uri"), uriOf(triggerId)},
                                     {QStringLiteral("mimeType"), QStringLiteral("application/json")},
                                     {QStringLiteral("text"),
                                      QString::fromUtf8(QJsonDocument(contents).toJson(QJsonDocument::Compact))}}}}},
            0,
            {}};
}

void McpTriggerResources::collect(const QString &triggerId)
{
    const auto found = m_subscribed.find(triggerId);
    if (found == m_subscribed.end())
        return;
    QList<QJsonObject> &recent = found->second.recent;
    recent += found->second.subscription->takeEvents();
    if (recent.size() > recentEvents)
        recent.remove(0, recent.size() - recentEvents);
    Q_EMIT notification({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                         {QStringLiteral("method"), QStringLiteral("notifications/resources/updated")},
                         {QStringLiteral("params"), QJsonObject{{QStringLiteral("uri"), uriOf(triggerId)}}}});
}

} // namespace ActionNode
