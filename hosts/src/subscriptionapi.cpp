#include <actionnode/actionapi.h>
#include <actionnode/errorcodes.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/subscriptionapi.h>

#include <QJsonDocument>

namespace ActionNode {

namespace {

const QString subscriptionPath = QStringLiteral("/v1/triggers/([^/]+)/subscriptions/(sub_[0-9a-f]{24})");

// The trigger routes' mapping: an unknown trigger or subscription is 404, a bad filter or URL 422.
void answer(const HttpExchangePtr &exchange, const ActionResult &result, int successStatus = 200)
{
    if (result.isSuccess()) {
        exchange->reply(HttpReply::json(successStatus, result.outputs.toJsonObject()));
        return;
    }
    const std::optional<ErrorCode> code = ErrorCodes::fromName(result.errors.value(0).code);
    HttpReply reply = HttpReply::error(code.value_or(ErrorCode::InvalidInput), result.errors);
    if (code == ErrorCode::UnknownTrigger)
        reply.status = 404;
    exchange->reply(reply);
}

// The body as a JSON object whose keys are all in \a allowed; none (and answered) otherwise.
std::optional<QJsonObject> bodyObject(const HttpExchangePtr &exchange, const QStringList &allowed)
{
    if (exchange->body().trimmed().isEmpty())
        return QJsonObject();
    const QJsonDocument document = QJsonDocument::fromJson(exchange->body());
    if (!document.isObject()) {
        exchange->reply(HttpReply::error(ErrorCode::InvalidJson, QStringLiteral("the body must be a JSON object")));
        return std::nullopt;
    }
    for (const QString &key : document.object().keys()) {
        if (!allowed.contains(key)) {
            exchange->reply(HttpReply::error(
                ErrorCode::InvalidInput,
                QStringLiteral("the body has no field \"%1\"; known: %2").arg(key.left(64), allowed.join(", "))));
            return std::nullopt;
        }
    }
    return document.object();
}

} // namespace

SubscriptionApi::SubscriptionApi(PushSubscriptions *subscriptions, ActionApi *api, HttpHost *host)
    : QObject(api), m_subscriptions(subscriptions), m_api(api)
{
    using Access = HttpHost::Access;
    const QString listPath = QStringLiteral("/v1/triggers/([^/]+)/subscriptions");
    host->addRoute("POST", listPath, Access::ApiKey, [this](const HttpExchangePtr &exchange) { create(exchange); });
    host->addRoute("GET", listPath, Access::ApiKey, [this](const HttpExchangePtr &exchange) {
        answer(exchange, m_subscriptions->list(exchange->pathArguments().value(0)));
    });
    host->addRoute("DELETE", subscriptionPath, Access::ApiKey, [this](const HttpExchangePtr &exchange) {
        answer(exchange,
               m_subscriptions->remove(exchange->pathArguments().value(0), exchange->pathArguments().value(1)));
    });
    host->addRoute("POST", subscriptionPath + QStringLiteral("/rotate-secret"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) {
                       answer(exchange, m_subscriptions->rotateSecret(exchange->pathArguments().value(0),
                                                                      exchange->pathArguments().value(1)));
                   });
    host->addRoute("GET", subscriptionPath + QStringLiteral("/deliveries"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { deliveries(exchange); });
    host->addRoute("POST", subscriptionPath + QStringLiteral("/redeliver"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { redeliver(exchange); });
    api->documentSubscriptionRoutes();
}

void SubscriptionApi::create(const HttpExchangePtr &exchange)
{
    const std::optional<QJsonObject> body = bodyObject(exchange,
                                                       {QStringLiteral("target_url"), QStringLiteral("filters")});
    if (!body)
        return;
    const QJsonValue target = body->value(QLatin1String("target_url"));
    const QJsonValue filters = body->value(QLatin1String("filters"));
    if (!(target.isUndefined() || target.isString()) || !(filters.isUndefined() || filters.isObject())) {
        exchange->reply(
            HttpReply::error(ErrorCode::InvalidInput,
                             QStringLiteral("target_url must be a string and filters an object of filter values")));
        return;
    }
    answer(exchange,
           m_subscriptions->create(exchange->pathArguments().value(0), filters.toObject(), target.toString(),
                                   m_api->callOptions(*exchange)),
           201);
}

void SubscriptionApi::deliveries(const HttpExchangePtr &exchange)
{
    int limit = defaultPageSize;
    const QUrlQuery query = exchange->query();
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > maxPageSize) {
            exchange->reply(HttpReply::error(ErrorCode::InvalidInput,
                                             QStringLiteral("?limit must be from 1 to %1").arg(maxPageSize)));
            return;
        }
    }
    answer(exchange,
           m_subscriptions->deliveries(exchange->pathArguments().value(0), exchange->pathArguments().value(1), limit));
}

void SubscriptionApi::redeliver(const HttpExchangePtr &exchange)
{
    const std::optional<QJsonObject> body = bodyObject(exchange, {QStringLiteral("after_log_id")});
    if (!body)
        return;
    std::optional<qint64> afterLogId;
    if (body->contains(QLatin1String("after_log_id"))) {
        const QJsonValue value = body->value(QLatin1String("after_log_id"));
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() != double(value.toInteger())) {
            exchange->reply(
                HttpReply::error(ErrorCode::InvalidInput, QStringLiteral("after_log_id must be a log id (0 or more)")));
            return;
        }
        afterLogId = value.toInteger();
    }
    answer(exchange, m_subscriptions->redeliver(exchange->pathArguments().value(0), exchange->pathArguments().value(1),
                                                afterLogId));
}

} // namespace ActionNode
