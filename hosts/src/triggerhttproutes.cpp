#include <actionnode/triggerhttproutes.h>

#include "triggereventstream.h"

#include <actionnode/errorcodes.h>
#include <actionnode/httphost.h>
#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrlQuery>

namespace ActionNode {

namespace {

QJsonObject errorsJson(const ActionErrors &errors)
{
    QJsonArray list;
    for (const ActionError &error : errors)
        list.append(error.toJson());
    return {{QStringLiteral("errors"), list}};
}

// The routes' one mapping from the error list: an unknown trigger first, then
// any bad filter, and only then the licence.
int statusOf(const ActionErrors &errors)
{
    const auto has = [&errors](ErrorCode code) {
        const QString name = ErrorCodes::name(code);
        return std::any_of(errors.begin(), errors.end(),
                           [&name](const ActionError &error) { return error.code == name; });
    };
    if (has(ErrorCode::UnknownTrigger))
        return 404;
    const QString bundleRequired = ErrorCodes::name(ErrorCode::BundleRequired);
    if (std::all_of(errors.begin(), errors.end(),
                    [&bundleRequired](const ActionError &error) { return error.code == bundleRequired; }))
        return 403;
    return 400;
}

// No Content-Length: the stream ends with the connection.
const QByteArray streamHeaders = "Content-Type: text/event-stream\r\n"
                                 "Cache-Control: no-cache\r\n"
                                 "Connection: close\r\n";

// The stream's first line: clients see at once that the subscription holds.
QByteArray subscribedComment(const QString &triggerId)
{
    return ": subscribed to " + triggerId.toUtf8() + "\n\n";
}

// The log id a reconnecting client last got (-1 when it sends none), or nullopt when it is not one.
std::optional<qint64> lastEventId(const QByteArray &header)
{
    const QByteArray text = header.trimmed();
    if (text.isEmpty())
        return -1;
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id < 0 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return id;
}

} // namespace

TriggerHttpRoutes::TriggerHttpRoutes(TriggerHub *hub, QObject *parent) : QObject(parent), m_hub(hub) {}

std::unique_ptr<TriggerSubscription> TriggerHttpRoutes::openSubscription(const QString &triggerId,
                                                                         const QUrlQuery &filterQuery,
                                                                         const InvokeOptions &caller, int *status,
                                                                         QJsonObject *errorsDocument)
{
    if (m_openStreams >= maxStreams) {
        *status = 503;
        *errorsDocument = errorsJson({{ErrorCodes::name(ErrorCode::TooManyStreams),
                                       {},
                                       {},
                                       QStringLiteral("%1 event streams are open already").arg(maxStreams)}});
        return nullptr;
    }
    ActionErrors errors;
    const QJsonObject filters = FieldSpec::valuesFromText(m_hub->trigger(triggerId).filters(),
                                                          filterQuery.queryItems(QUrl::FullyDecoded), &errors);
    std::unique_ptr<TriggerSubscription> subscription;
    if (errors.isEmpty())
        subscription = m_hub->subscribe(triggerId, filters, &errors, TriggerHub::defaultQueueCapacity, caller);
    if (!subscription) {
        *status = statusOf(errors);
        *errorsDocument = errorsJson(errors);
    }
    return subscription;
}

void TriggerHttpRoutes::startStream(std::unique_ptr<TriggerSubscription> subscription, QTcpSocket *socket,
                                    qint64 resumeAfter)
{
    auto *stream = new TriggerEventStream(m_hub, std::move(subscription), socket, resumeAfter);
    ++m_openStreams;
    connect(stream, &QObject::destroyed, this, [this] { --m_openStreams; });
}

void TriggerHttpRoutes::addTo(HttpHost *host, Routes routes)
{
    // Providers cannot send our bearer keys: the hub checks the delivery's signature instead.
    host->addRoute("POST", QStringLiteral("/v1/webhooks/([^/]+)"), HttpHost::Access::Public,
                   [this](const HttpExchangePtr &exchange) {
                       const TriggerHub::Receipt receipt = m_hub->receiveWebhook(
                           exchange->pathArguments().value(0), exchange->header(WebhookVerifier::timestampHeader()),
                           exchange->header(WebhookVerifier::signatureHeader()), exchange->body());
                       exchange->reply(HttpReply::json(receipt.status, receipt.toJson()));
                   });
    host->addRoute("POST", QStringLiteral("/v1/webhooks/([^/]+)/([^/]+)"), HttpHost::Access::Public,
                   [this](const HttpExchangePtr &exchange) {
                       const TriggerHub::Receipt receipt = m_hub->receiveEndpointWebhook(
                           exchange->pathArguments().value(0), exchange->pathArguments().value(1),
                           exchange->header(WebhookVerifier::timestampHeader()),
                           exchange->header(WebhookVerifier::signatureHeader()), exchange->body());
                       exchange->reply(HttpReply::json(receipt.status, receipt.toJson()));
                   });
    if (routes == Routes::Webhooks)
        return;
    host->addRoute("GET", QStringLiteral("/v1/triggers/([^/]+)/events"), HttpHost::Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) {
                       const QString triggerId = exchange->pathArguments().value(0);
                       const std::optional<qint64> resumeAfter = lastEventId(exchange->header("last-event-id"));
                       if (!resumeAfter) {
                           exchange->reply(HttpReply::error(
                               ErrorCode::InvalidInput,
                               QStringLiteral("Last-Event-ID must be the id of an event of this stream (a number)")));
                           return;
                       }
                       std::optional<InvokeOptions> caller = InvokeOptions();
                       if (m_callerOptions)
                           caller = m_callerOptions(exchange, m_hub->trigger(triggerId).provider());
                       if (!caller)
                           return;
                       int status = 0;
                       QJsonObject errors;
                       auto subscription = openSubscription(triggerId, exchange->query(), *caller, &status, &errors);
                       if (!subscription) {
                           exchange->reply(HttpReply::json(status, errors));
                           return;
                       }
                       QTcpSocket *socket = exchange->takeSocket();
                       if (!socket)
                           return; // the client has gone; the subscription ends here
                       socket->write("HTTP/1.1 200 " + HttpReply::reasonPhrase(200) + "\r\n" + streamHeaders + "\r\n"
                                     + subscribedComment(triggerId));
                       startStream(std::move(subscription), socket, *resumeAfter);
                   });
}

} // namespace ActionNode
