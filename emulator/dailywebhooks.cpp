#include "dailywebhooks.h"

#include "dailyemulator.h"
#include "emulatorlogging.h"
#include "emulatorserver.h"
#include "providerreference.h"

#include <actionnode/webhookverifier.h>

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

namespace ActionNode {

namespace {

const QString webhooksPath = QStringLiteral("/v1/webhooks");
const QString provider = QStringLiteral("daily");
const QLatin1String bodyKey("body");
// The events this emulator can raise (a webhook may subscribe to any type Daily's reference lists).
const QStringList eventTypes = {
    QStringLiteral("waiting-participant.joined"),
    QStringLiteral("participant.joined"),
    QStringLiteral("participant.left"),
    QStringLiteral("meeting.started"),
    QStringLiteral("meeting.ended"),
    QStringLiteral("recording.ready-to-download"),
    QStringLiteral("transcript.ready-to-download"),
};
constexpr int deliveryTimeoutMs = 5000;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

double nowSeconds()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject participantPayload(const QString &room, const QJsonObject &details)
{
    return {{QStringLiteral("room"), room},
            {QStringLiteral("session_id"), details.value(QLatin1String("session_id")).toString(newId())},
            {QStringLiteral("user_name"), details.value(QLatin1String("user_name")).toString(QStringLiteral("Guest"))},
            {QStringLiteral("user_id"), details.value(QLatin1String("user_id")).toString(newId())},
            {QStringLiteral("owner"), details.value(QLatin1String("owner")).toBool(false)},
            {QStringLiteral("joined_at"), nowSeconds()},
            {QStringLiteral("will_eject_at"), QJsonValue::Null},
            {QStringLiteral("permissions"), QJsonObject{{QStringLiteral("hasPresence"), true},
                                                        {QStringLiteral("canSend"), true},
                                                        {QStringLiteral("canAdmin"), false}}}};
}

} // namespace

QJsonObject DailyWebhooks::Webhook::toJson(const QString &domainId) const
{
    return {{QStringLiteral("uuid"), uuid},
            {QStringLiteral("url"), url},
            {QStringLiteral("hmac"), QString::fromLatin1(hmac)},
            {QStringLiteral("basicAuth"), basicAuth.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(basicAuth)},
            {QStringLiteral("retryType"), retryType},
            {QStringLiteral("eventTypes"), QJsonArray::fromStringList(eventTypes)},
            {QStringLiteral("state"), state},
            {QStringLiteral("failedCount"), failedCount},
            {QStringLiteral("lastMomentPushed"),
             lastMomentPushed.isValid() ? QJsonValue(isoTime(lastMomentPushed)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("domainId"), domainId},
            {QStringLiteral("createdAt"), isoTime(createdAt)},
            {QStringLiteral("updatedAt"), isoTime(updatedAt)}};
}

DailyWebhooks::DailyWebhooks(DailyEmulator *daily, EmulatorServer *server)
    : QObject(daily), m_daily(daily), m_network(new QNetworkAccessManager(this))
{
    // Endpoints are on this machine: a proxy from the environment must not be asked.
    m_network->setProxy(QNetworkProxy::NoProxy);
    server->addApi(this);
}

DailyWebhooks::~DailyWebhooks() = default;

bool DailyWebhooks::handlesPath(const QString &path) const
{
    return path == webhooksPath || path.startsWith(webhooksPath + QLatin1Char('/'));
}

EmulatorReply DailyWebhooks::errorReply(int status, const QString &info) const
{
    return m_daily->errorReply(status, info);
}

EmulatorReply DailyWebhooks::handle(const QHttpServerRequest &request)
{
    if (const auto error = m_daily->authenticationError(request))
        return *error;
    const QString path = request.url().path();
    const QString uuid = path.mid(webhooksPath.size() + 1);
    const QHttpServerRequest::Method method = request.method();
    if (uuid.isEmpty()) {
        if (method == QHttpServerRequest::Method::Post)
            return create(request.body());
        if (method == QHttpServerRequest::Method::Get) {
            QJsonArray list;
            for (const Webhook &webhook : std::as_const(m_webhooks))
                list.append(webhook.toJson(m_daily->domainId()));
            EmulatorReply reply;
            reply.contentType = "application/json";
            reply.body = QJsonDocument(list).toJson(QJsonDocument::Compact);
            return reply;
        }
        return errorReply(405, QStringLiteral("use GET or POST"));
    }
    const auto found = std::find_if(m_webhooks.begin(), m_webhooks.end(),
                                    [&](const Webhook &webhook) { return webhook.uuid == uuid; });
    if (found == m_webhooks.end())
        return errorReply(404, QStringLiteral("no webhook %1").arg(uuid.left(64)));
    if (method == QHttpServerRequest::Method::Get)
        return EmulatorReply::json(200, found->toJson(m_daily->domainId()));
    if (method == QHttpServerRequest::Method::Post)
        return update(uuid, request.body());
    if (method == QHttpServerRequest::Method::Delete) {
        const QJsonObject deleted = found->toJson(m_daily->domainId());
        m_webhooks.erase(found);
        for (QJsonObject &created : m_created) {
            if (created.value(QLatin1String("uuid")).toString() == uuid)
                created.insert(QStringLiteral("deleted_at"), isoTime(QDateTime::currentDateTimeUtc()));
        }
        return EmulatorReply::json(200, deleted);
    }
    return errorReply(405, QStringLiteral("use GET, POST or DELETE"));
}

std::optional<EmulatorReply> DailyWebhooks::applyProperties(const QJsonObject &body, Webhook *webhook,
                                                            bool creating) const
{
    // Checked against Daily's reference, in Daily's names (eventTypes), not against the create-webhook declaration.
    const ActionSpec reference = ProviderReference::body(provider, QStringLiteral("webhook-body.json"));
    if (reference.hasError())
        return errorReply(500, reference.errorString());
    const QJsonObject bodyMembers = reference.field(bodyKey).schema().value(QLatin1String("properties")).toObject();
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!bodyMembers.contains(it.key()))
            return errorReply(400, QStringLiteral("unknown field \"%1\" in the request body").arg(it.key().left(64)));
    }
    QJsonObject checked = body;
    if (!creating && !checked.contains(QLatin1String("url")))
        checked.insert(QStringLiteral("url"), webhook->url); // an update changes only what it names
    const QString problem = ProviderReference::problem(reference, {{bodyKey, checked}}, bodyKey);
    if (!problem.isEmpty())
        return errorReply(400, problem);

    if (body.contains(QLatin1String("url")))
        webhook->url = body.value(QLatin1String("url")).toString();
    if (body.contains(QLatin1String("hmac")))
        webhook->hmac = body.value(QLatin1String("hmac")).toString().toLatin1();
    if (body.contains(QLatin1String("retryType")))
        webhook->retryType = body.value(QLatin1String("retryType")).toString();
    else if (creating)
        webhook->retryType =
            bodyMembers.value(QLatin1String("retryType")).toObject().value(QLatin1String("default")).toString();
    if (body.contains(QLatin1String("basicAuth")))
        webhook->basicAuth = body.value(QLatin1String("basicAuth")).toString();
    if (body.contains(QLatin1String("eventTypes"))) {
        webhook->eventTypes.clear();
        for (const QJsonValue &type : body.value(QLatin1String("eventTypes")).toArray())
            webhook->eventTypes.append(type.toString());
    }
    return std::nullopt;
}

EmulatorReply DailyWebhooks::create(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return errorReply(400, QStringLiteral("body must be a JSON object"));
    Webhook webhook;
    webhook.uuid = newId();
    if (const auto error = applyProperties(document.object(), &webhook, true))
        return *error;
    if (webhook.hmac.isEmpty()) {
        QByteArray secret(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(secret.begin(), secret.end());
        webhook.hmac = secret.toBase64();
    }
    webhook.createdAt = webhook.updatedAt = QDateTime::currentDateTimeUtc();

    // Daily checks the endpoint before it creates anything.
    EmulatorReply reply;
    reply.deferred = [this, webhook](std::function<void(const EmulatorReply &)> answer) {
        QNetworkRequest check{QUrl(webhook.url)};
        check.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        check.setTransferTimeout(m_verifyTimeoutMs);
        QNetworkReply *pending = m_network->post(check, QByteArrayLiteral("{\"test\":\"test\"}"));
        connect(pending, &QNetworkReply::finished, this, [this, pending, webhook, answer] {
            pending->deleteLater();
            const int status = pending->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                qCInfo(lcEmulator).noquote() << "webhook endpoint check failed with status" << status;
                answer(errorReply(400, QStringLiteral("the webhook endpoint did not answer the check with 200 (%1)")
                                           .arg(status ? QString::number(status) : pending->errorString())));
                return;
            }
            m_webhooks.append(webhook);
            m_created.append({{QStringLiteral("uuid"), webhook.uuid},
                              {QStringLiteral("url"), webhook.url},
                              {QStringLiteral("created_at"), isoTime(webhook.createdAt)}});
            answer(EmulatorReply::json(200, webhook.toJson(m_daily->domainId())));
        });
    };
    return reply;
}

EmulatorReply DailyWebhooks::update(const QString &uuid, const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return errorReply(400, QStringLiteral("body must be a JSON object"));
    for (Webhook &webhook : m_webhooks) {
        if (webhook.uuid != uuid)
            continue;
        Webhook changed = webhook;
        if (const auto error = applyProperties(document.object(), &changed, false))
            return *error;
        // Updating a webhook is how a FAILED one is brought back.
        changed.state = QStringLiteral("ACTIVE");
        changed.failedCount = 0;
        changed.updatedAt = QDateTime::currentDateTimeUtc();
        webhook = changed;
        return EmulatorReply::json(200, webhook.toJson(m_daily->domainId()));
    }
    return errorReply(404, QStringLiteral("no webhook %1").arg(uuid.left(64)));
}

QJsonObject DailyWebhooks::raise(const QString &type, const QJsonObject &details, QString *errorString)
{
    static const QRegularExpression roomName(QStringLiteral("^[A-Za-z0-9_-]{1,128}$"));
    const QString room = details.value(QLatin1String("room")).toString();
    if (!eventTypes.contains(type)) {
        *errorString = QStringLiteral("type must be one of %1").arg(eventTypes.join(QStringLiteral(", ")));
        return {};
    }
    if (!roomName.match(room).hasMatch()) {
        *errorString = QStringLiteral("room must be a room name (letters, digits, '-' and '_', at most 128)");
        return {};
    }
    QJsonObject payload;
    bool endsMeeting = false; // the last participant left: the meeting ends after the event
    const double now = nowSeconds();
    if (type == QLatin1String("waiting-participant.joined")) {
        payload = participantPayload(room, details);
    } else if (type == QLatin1String("participant.joined")) {
        if (m_participants.value(room).isEmpty())
            raise(QStringLiteral("meeting.started"), {{QStringLiteral("room"), room}}, errorString);
        payload = participantPayload(room, details);
        m_participants[room].insert(payload.value(QLatin1String("session_id")).toString());
    } else if (type == QLatin1String("participant.left")) {
        payload = participantPayload(room, details);
        payload.insert(QStringLiteral("duration"), details.value(QLatin1String("duration")).toDouble(60));
        QSet<QString> &inCall = m_participants[room];
        const QString session = details.contains(QLatin1String("session_id")) || inCall.isEmpty()
                                    ? payload.value(QLatin1String("session_id")).toString()
                                    : *inCall.cbegin();
        payload.insert(QStringLiteral("session_id"), session);
        endsMeeting = inCall.remove(session) && inCall.isEmpty();
    } else if (type == QLatin1String("meeting.started")) {
        const QString meetingId = newId();
        m_meetings.insert(room, meetingId);
        payload = {{QStringLiteral("start_ts"), now},
                   {QStringLiteral("meeting_id"), meetingId},
                   {QStringLiteral("room"), room}};
    } else if (type == QLatin1String("meeting.ended")) {
        const QString meetingId = m_meetings.take(room);
        payload = {{QStringLiteral("start_ts"), now - 60},
                   {QStringLiteral("end_ts"), now},
                   {QStringLiteral("meeting_id"), meetingId.isEmpty() ? newId() : meetingId},
                   {QStringLiteral("room"), room}};
    } else if (type == QLatin1String("recording.ready-to-download")) {
        payload = {
            {QStringLiteral("type"), QStringLiteral("cloud")},
            {QStringLiteral("recording_id"), newId()},
            {QStringLiteral("room_name"), room},
            {QStringLiteral("start_ts"), qint64(now) - 60},
            {QStringLiteral("status"), QStringLiteral("finished")},
            {QStringLiteral("max_participants"), details.value(QLatin1String("max_participants")).toInt(1)},
            {QStringLiteral("duration"), details.value(QLatin1String("duration")).toInt(60)},
            {QStringLiteral("s3_key"),
             QStringLiteral("%1/%2/%3").arg(m_daily->domainName(), room).arg(QDateTime::currentMSecsSinceEpoch())}};
    } else {
        // The room's own id, as Daily sends it (room_name is on the newer page of the event only).
        const std::optional<QJsonObject> known = m_daily->state().room(room);
        const QString roomId = known ? known->value(QLatin1String("id")).toString() : newId();
        payload = {{QStringLiteral("id"), newId()},
                   {QStringLiteral("out_params"),
                    QJsonObject{{QStringLiteral("s3"),
                                 QJsonObject{{QStringLiteral("key"), QStringLiteral("%1/%2/%3.vtt")
                                                                         .arg(m_daily->domainName(), room)
                                                                         .arg(QDateTime::currentMSecsSinceEpoch())},
                                             {QStringLiteral("bucket"), QStringLiteral("emulator")},
                                             {QStringLiteral("region"), QStringLiteral("us-west-2")}}}}},
                   {QStringLiteral("room_id"), roomId},
                   {QStringLiteral("room_name"), room},
                   {QStringLiteral("mtg_session_id"), newId()},
                   {QStringLiteral("duration"), details.value(QLatin1String("duration")).toDouble(60)},
                   {QStringLiteral("status"), QStringLiteral("t_finished")},
                   {QStringLiteral("domain_id"), m_daily->domainId()}};
    }
    const QJsonObject event{{QStringLiteral("version"), QStringLiteral("1.0.0")},
                            {QStringLiteral("type"), type},
                            {QStringLiteral("id"), QStringLiteral("%1-%2").arg(type, newId())},
                            {QStringLiteral("payload"), payload},
                            {QStringLiteral("event_ts"), now}};
    const QByteArray body = QJsonDocument(event).toJson(QJsonDocument::Compact);
    for (const Webhook &webhook : std::as_const(m_webhooks)) {
        if (webhook.state == QLatin1String("ACTIVE")
            && (webhook.eventTypes.isEmpty() || webhook.eventTypes.contains(type)))
            deliver(webhook.uuid, event, body, 1);
    }
    if (endsMeeting)
        raise(QStringLiteral("meeting.ended"), {{QStringLiteral("room"), room}}, errorString);
    return event;
}

void DailyWebhooks::deliver(const QString &uuid, const QJsonObject &event, const QByteArray &body, int attempt)
{
    const auto found = std::find_if(m_webhooks.cbegin(), m_webhooks.cend(),
                                    [&](const Webhook &webhook) { return webhook.uuid == uuid; });
    if (found == m_webhooks.cend() || found->state != QLatin1String("ACTIVE"))
        return;
    // Each attempt is signed anew: a retry carries a fresh timestamp and the same event id.
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    QNetworkRequest request{QUrl(found->url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(WebhookVerifier::timestampHeader(), timestamp);
    request.setRawHeader(WebhookVerifier::signatureHeader(), WebhookVerifier::sign(found->hmac, timestamp, body));
    if (!found->basicAuth.isEmpty())
        request.setRawHeader("Authorization", "Basic " + found->basicAuth.toUtf8().toBase64());
    request.setTransferTimeout(deliveryTimeoutMs);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, uuid, event, body, attempt] {
        reply->deleteLater();
        recordAttempt(uuid, event, body, attempt, reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    });
}

void DailyWebhooks::recordAttempt(const QString &uuid, const QJsonObject &event, const QByteArray &body, int attempt,
                                  int status)
{
    const QString eventId = event.value(QLatin1String("id")).toString();
    m_attempts.append({{QStringLiteral("webhook"), uuid},
                       {QStringLiteral("event"), eventId},
                       {QStringLiteral("type"), event.value(QLatin1String("type"))},
                       {QStringLiteral("attempt"), attempt},
                       {QStringLiteral("status"), status}});
    Q_EMIT deliveryAttempted(uuid, eventId, attempt, status);
    const auto found = std::find_if(m_webhooks.begin(), m_webhooks.end(),
                                    [&](const Webhook &webhook) { return webhook.uuid == uuid; });
    if (found == m_webhooks.end())
        return;
    if (status >= 200 && status < 300) {
        found->failedCount = 0;
        found->lastMomentPushed = QDateTime::currentDateTimeUtc();
        return;
    }
    const bool exponential = found->retryType == QLatin1String("exponential");
    if (++found->failedCount >= (exponential ? 5 : failureThreshold)) {
        found->state = QStringLiteral("FAILED");
        qCInfo(lcEmulator).noquote() << "webhook" << uuid << "is FAILED after" << found->failedCount << "failures";
        return;
    }
    const int delay = exponential ? m_retryDelayMs << (attempt - 1) : m_retryDelayMs;
    QTimer::singleShot(delay, this, [this, uuid, event, body, attempt] { deliver(uuid, event, body, attempt + 1); });
}

void DailyWebhooks::reset()
{
    m_webhooks.clear();
    m_participants.clear();
    m_meetings.clear();
    m_attempts.clear();
    m_created.clear();
}

QJsonObject DailyWebhooks::deliveriesByWebhook() const
{
    QJsonArray webhooks;
    for (QJsonObject entry : m_created) {
        const QString uuid = entry.value(QLatin1String("uuid")).toString();
        const auto live = std::find_if(m_webhooks.cbegin(), m_webhooks.cend(),
                                       [&](const Webhook &webhook) { return webhook.uuid == uuid; });
        entry.insert(QStringLiteral("state"), live == m_webhooks.cend() ? QStringLiteral("DELETED") : live->state);
        int attempts = 0;
        int retries = 0;
        QStringList order; // events in the order of their first attempt
        QHash<QString, QJsonObject> events;
        for (const QJsonObject &attempt : m_attempts) {
            if (attempt.value(QLatin1String("webhook")).toString() != uuid)
                continue;
            ++attempts;
            retries += attempt.value(QLatin1String("attempt")).toInt() > 1 ? 1 : 0;
            const QString eventId = attempt.value(QLatin1String("event")).toString();
            if (!events.contains(eventId)) {
                order.append(eventId);
                events.insert(eventId, {{QStringLiteral("event"), eventId},
                                        {QStringLiteral("type"), attempt.value(QLatin1String("type"))},
                                        {QStringLiteral("statuses"), QJsonArray()},
                                        {QStringLiteral("delivered"), 0}});
            }
            QJsonObject &event = events[eventId];
            const int status = attempt.value(QLatin1String("status")).toInt();
            QJsonArray statuses = event.value(QLatin1String("statuses")).toArray();
            statuses.append(status);
            event.insert(QStringLiteral("statuses"), statuses);
            if (status >= 200 && status < 300)
                event.insert(QStringLiteral("delivered"), event.value(QLatin1String("delivered")).toInt() + 1);
        }
        QJsonArray perEvent;
        for (const QString &eventId : std::as_const(order))
            perEvent.append(events.value(eventId));
        entry.insert(QStringLiteral("attempts"), attempts);
        entry.insert(QStringLiteral("retries"), retries);
        entry.insert(QStringLiteral("events"), perEvent);
        webhooks.append(entry);
    }
    return {{QStringLiteral("webhooks"), webhooks}};
}

std::optional<EmulatorReply> DailyWebhooks::handleControl(const QString &endpoint, const QHttpServerRequest &request)
{
    if (endpoint == QLatin1String("daily/deliveries")) {
        QJsonArray attempts;
        for (const QJsonObject &attempt : std::as_const(m_attempts))
            attempts.append(attempt);
        return EmulatorReply::json(200, {{QStringLiteral("deliveries"), attempts}});
    }
    if (endpoint == QLatin1String("daily/webhooks"))
        return EmulatorReply::json(200, deliveriesByWebhook());
    static const QRegularExpression failPath(QStringLiteral("^daily/webhooks/([^/]+)/fail$"));
    if (const QRegularExpressionMatch fail = failPath.match(endpoint); fail.hasMatch()) {
        if (request.method() != QHttpServerRequest::Method::Post)
            return errorReply(405, QStringLiteral("use POST"));
        for (Webhook &webhook : m_webhooks) {
            if (webhook.uuid == fail.captured(1)) {
                webhook.state = QStringLiteral("FAILED");
                return EmulatorReply::json(200, webhook.toJson(m_daily->domainId()));
            }
        }
        return errorReply(404, QStringLiteral("no webhook %1").arg(fail.captured(1).left(64)));
    }
    if (endpoint != QLatin1String("daily/events"))
        return std::nullopt;
    if (request.method() != QHttpServerRequest::Method::Post)
        return errorReply(405, QStringLiteral("use POST"));
    const QJsonDocument document = QJsonDocument::fromJson(request.body());
    QString error;
    const QJsonObject event = document.isObject() ? raise(document.object().value(QLatin1String("type")).toString(),
                                                          document.object(), &error)
                                                  : QJsonObject();
    if (event.isEmpty())
        return errorReply(400, error.isEmpty() ? QStringLiteral("body must be a JSON object") : error);
    return EmulatorReply::json(200, {{QStringLiteral("event"), event}});
}

} // namespace ActionNode
