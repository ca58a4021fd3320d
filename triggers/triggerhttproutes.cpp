#include "triggerhttproutes.h"
#include "triggereventstream.h"

#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
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

QHttpServerResponder::StatusCode statusOf(const ActionErrors &errors)
{
    for (const ActionError &error : errors) {
        if (error.code == QLatin1String("unknown_trigger"))
            return QHttpServerResponder::StatusCode::NotFound;
    }
    for (const ActionError &error : errors) {
        if (error.code != QLatin1String("bundle_required"))
            return QHttpServerResponder::StatusCode::BadRequest;
    }
    return QHttpServerResponder::StatusCode::Forbidden;
}

} // namespace

TriggerHttpRoutes::TriggerHttpRoutes(TriggerHub *hub, QObject *parent) : QObject(parent), m_hub(hub) {}

void TriggerHttpRoutes::addTo(QHttpServer *server)
{
    server->route(QStringLiteral("/v1/webhooks/<arg>"), QHttpServerRequest::Method::Post,
                  [this](const QString &provider, const QHttpServerRequest &request) {
                      const TriggerHub::Receipt receipt = m_hub->receiveWebhook(
                              // value() looks header names up case-insensitively.
                              provider, request.value(WebhookVerifier::timestampHeader()),
                              request.value(WebhookVerifier::signatureHeader()), request.body());
                      return QHttpServerResponse(receipt.toJson(),
                                                 QHttpServerResponder::StatusCode(receipt.status));
                  });
    server->route(QStringLiteral("/v1/triggers/<arg>/events"), QHttpServerRequest::Method::Get,
                  [this](const QString &triggerId, const QHttpServerRequest &request,
                         QHttpServerResponder &&responder) {
                      if (m_openStreams >= maxStreams) {
                          responder.write(QJsonDocument(errorsJson({{QStringLiteral("too_many_streams"), {}, {},
                                                                     QStringLiteral("%1 event streams are open already")
                                                                             .arg(maxStreams)}})),
                                          QHttpServerResponder::StatusCode::ServiceUnavailable);
                          return;
                      }
                      QJsonObject filters;
                      ActionErrors errors;
                      const TriggerSpec trigger = m_hub->trigger(triggerId);
                      const auto items = QUrlQuery(request.url()).queryItems(QUrl::FullyDecoded);
                      for (const auto &[key, text] : items) {
                          QString problem;
                          filters.insert(key, trigger.filterFromText(key, text, &problem));
                          if (!problem.isEmpty())
                              errors.append({QStringLiteral("invalid_input"), QLatin1Char('/') + key, {}, problem});
                      }
                      std::unique_ptr<TriggerSubscription> subscription;
                      if (errors.isEmpty())
                          subscription = m_hub->subscribe(triggerId, filters, &errors);
                      if (!subscription) {
                          responder.write(QJsonDocument(errorsJson(errors)), statusOf(errors));
                          return;
                      }
                      // Headers now, events as they come: no Content-Length, the stream ends with the connection.
                      responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
                      responder.writeHeaders({{"Content-Type", "text/event-stream"},
                                              {"Cache-Control", "no-cache"},
                                              {"Connection", "close"}});
                      responder.writeBody(": subscribed to " + triggerId.toUtf8() + "\n\n");
                      auto *stream = new TriggerEventStream(std::move(subscription), responder.socket());
                      ++m_openStreams;
                      connect(stream, &QObject::destroyed, this, [this] { --m_openStreams; });
                  });
}

} // namespace ActionNode
