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

} // namespace ActionNode
