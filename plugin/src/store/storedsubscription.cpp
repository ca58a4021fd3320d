#include <actionnode/store.h>

#include <QDateTime>

namespace ActionNode {

namespace {

QString rfc3339(qint64 milliseconds)
{
    return QDateTime::fromMSecsSinceEpoch(milliseconds, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

QJsonObject StoredSubscription::toJson() const
{
    QJsonObject json{{QStringLiteral("subscription"), id},
                     {QStringLiteral("trigger"), trigger},
                     {QStringLiteral("filters"), filters},
                     {QStringLiteral("state"), enabled ? QStringLiteral("enabled") : QStringLiteral("disabled")},
                     {QStringLiteral("created_at"), rfc3339(createdAt * 1000)},
                     {QStringLiteral("delivered_through"), cursor}};
    if (!targetUrl.isEmpty()) {
        json.insert(QStringLiteral("target_url"), targetUrl);
        json.insert(QStringLiteral("failed_attempts"), failedAttempts);
        if (enabled && nextAttemptAt > 0)
            json.insert(QStringLiteral("next_attempt_at"), rfc3339(nextAttemptAt));
    }
    if (!enabled)
        json.insert(QStringLiteral("disabled_reason"), disabledReason);
    return json;
}

bool StoredSubscription::operator==(const StoredSubscription &other) const
{
    return id == other.id && trigger == other.trigger && filters == other.filters && targetUrl == other.targetUrl
           && secret == other.secret && previousSecret == other.previousSecret
           && previousSecretUntil == other.previousSecretUntil && cursor == other.cursor
           && failedAttempts == other.failedAttempts && nextAttemptAt == other.nextAttemptAt && enabled == other.enabled
           && disabledReason == other.disabledReason && createdAt == other.createdAt && owner == other.owner;
}

QJsonObject DeliveryAttempt::toJson() const
{
    QJsonObject json{{QStringLiteral("id"), id},
                     {QStringLiteral("log_id"), logId},
                     {QStringLiteral("webhook_id"), webhookId},
                     {QStringLiteral("attempt"), attempt},
                     {QStringLiteral("attempted_at"), rfc3339(attemptedAt)},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("latency_ms"), latencyMs},
                     {QStringLiteral("succeeded"), error.isEmpty()}};
    if (!error.isEmpty())
        json.insert(QStringLiteral("error"), error);
    return json;
}

QJsonObject ManagedWebhook::toRecord() const
{
    return {{QStringLiteral("provider"), provider},
            {QStringLiteral("owner"), owner},
            {QStringLiteral("endpoint"), endpoint},
            {QStringLiteral("url"), url},
            {QStringLiteral("secret"), QString::fromLatin1(secret)},
            {QStringLiteral("webhook_id"), webhookId},
            {QStringLiteral("event_types"), QJsonArray::fromStringList(eventTypes)}};
}

ManagedWebhook ManagedWebhook::fromRecord(const QJsonObject &record)
{
    ManagedWebhook webhook;
    webhook.provider = record.value(QLatin1String("provider")).toString();
    webhook.owner = record.value(QLatin1String("owner")).toString();
    webhook.endpoint = record.value(QLatin1String("endpoint")).toString();
    webhook.url = record.value(QLatin1String("url")).toString();
    webhook.secret = record.value(QLatin1String("secret")).toString().toLatin1();
    webhook.webhookId = record.value(QLatin1String("webhook_id")).toString();
    for (const QJsonValue &type : record.value(QLatin1String("event_types")).toArray())
        webhook.eventTypes.append(type.toString());
    return webhook;
}

} // namespace ActionNode
