#include "signalwireemulator.h"

#include "emulatorserver.h"
#include "rfc3339.h"
#include "signalwirereference.h"

#include <actionnode/sdk/jwt.h>

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>

namespace ActionNode {

namespace {

const QString apiPrefix = QStringLiteral("/api/video");

EmulatorReply validationErrors(const QList<SignalWireReference::Problem> &problems)
{
    QJsonArray entries;
    for (const SignalWireReference::Problem &problem : problems)
        entries.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("validation_error")},
            {QStringLiteral("code"), problem.code},
            {QStringLiteral("message"), problem.message},
            {QStringLiteral("attribute"), problem.attribute.isEmpty() ? QJsonValue() : QJsonValue(problem.attribute)},
            {QStringLiteral("url"), QStringLiteral("https://developer.signalwire.com/rest/signalwire-rest/overview/"
                                                   "error-codes#")
                                        + problem.code}});
    return EmulatorReply::json(422, {{QStringLiteral("errors"), entries}});
}

EmulatorReply methodNotAllowed(const QByteArray &allowed)
{
    EmulatorReply reply = EmulatorReply::json(405, {{QStringLiteral("error"), QStringLiteral("Method Not Allowed")}});
    reply.headers.append(qMakePair(QByteArray("Allow"), allowed));
    return reply;
}

// The request's JSON object body, or the 422 SignalWire gives a body that is not one.
std::optional<QJsonObject> objectBody(const QHttpServerRequest &request, EmulatorReply *refusal)
{
    const QJsonDocument document = QJsonDocument::fromJson(request.body());
    if (document.isObject())
        return document.object();
    *refusal = validationErrors(
        {{QStringLiteral("invalid_parameter"), QString(), QStringLiteral("the request body must be a JSON object")}});
    return std::nullopt;
}

EmulatorReply noContent()
{
    EmulatorReply reply;
    reply.status = 204;
    return reply;
}

QJsonValue unixTime(const QJsonValue &value)
{
    return value.isString() ? QJsonValue(Internal::Rfc3339::parse(value.toString()).toSecsSinceEpoch()) : QJsonValue();
}

} // namespace

SignalWireEmulator::SignalWireEmulator(const QString &projectId, const QByteArray &apiToken, EmulatorServer *server)
    : QObject(server), m_server(server), m_projectId(projectId), m_apiToken(apiToken)
{
    server->addApi(this);
}

QString SignalWireEmulator::defaultProjectId()
{
    return QStringLiteral("0c97f635-1c13-4fc1-86f7-bb2be859d8b9");
}

QByteArray SignalWireEmulator::defaultApiToken()
{
    return "emulator-demo-token";
}

QString SignalWireEmulator::apiBaseUrl() const
{
    return m_server->url().toString() + apiPrefix;
}

bool SignalWireEmulator::handlesPath(const QString &path) const
{
    return path == apiPrefix || path.startsWith(apiPrefix + QLatin1Char('/'));
}

EmulatorReply SignalWireEmulator::errorReply(int status, const QString &info) const
{
    static const QHash<int, QString> texts{{400, QStringLiteral("Bad Request")},
                                           {401, QStringLiteral("Unauthorized")},
                                           {403, QStringLiteral("Forbidden")},
                                           {404, QStringLiteral("Not Found")},
                                           {405, QStringLiteral("Method Not Allowed")},
                                           {429, QStringLiteral("Too Many Requests")},
                                           {500, QStringLiteral("Internal Server Error")},
                                           {503, QStringLiteral("Service Unavailable")}};
    // SignalWire's 422 always lists its errors; the others carry only the status text.
    if (status == 422)
        return validationErrors({{QStringLiteral("invalid_parameter"), QString(), info}});
    return EmulatorReply::json(status, {{QStringLiteral("error"), texts.value(status, QStringLiteral("Error"))}});
}

std::optional<EmulatorReply> SignalWireEmulator::handleControl(const QString &endpoint,
                                                               const QHttpServerRequest &request)
{
    if (endpoint != QLatin1String("signalwire/fixtures"))
        return std::nullopt;
    if (request.method() != QHttpServerRequest::Method::Post)
        return methodNotAllowed("POST");
    const QJsonDocument document = QJsonDocument::fromJson(request.body());
    QString error = QStringLiteral("the fixtures must be a JSON object");
    if (!document.isObject() || !m_state.seed(document.object(), &error))
        return EmulatorReply::json(400, {{QStringLiteral("error"), error}});
    return EmulatorReply::json(200, {{QStringLiteral("seeded"), true}});
}

EmulatorReply SignalWireEmulator::handle(const QHttpServerRequest &request)
{
    const QByteArray expected = "Basic " + (m_projectId.toUtf8() + ':' + m_apiToken).toBase64();
    if (request.value("Authorization") != expected)
        return errorReply(401, {});
    // /api/video/<collection>[/<id>[/<part>]]
    const QStringList parts = request.url().path().mid(apiPrefix.size() + 1).split(QLatin1Char('/'));
    const QString collection = parts.value(0);
    const QString id = parts.value(1);
    const QString part = parts.value(2);
    if (parts.size() > 3 || (parts.size() > 1 && id.isEmpty()))
        return errorReply(404, {});
    const bool post = request.method() == QHttpServerRequest::Method::Post;
    if (collection == QLatin1String("room_tokens") && parts.size() == 1) {
        if (!post)
            return methodNotAllowed("POST");
        EmulatorReply refusal;
        const std::optional<QJsonObject> body = objectBody(request, &refusal);
        return body ? createRoomToken(*body) : refusal;
    }
    if (collection == QLatin1String("rooms") && parts.size() <= 2)
        return rooms(request, id);
    if (collection == QLatin1String("room_sessions")
        && (part.isEmpty() || part == QLatin1String("members") || part == QLatin1String("recordings")))
        return request.method() == QHttpServerRequest::Method::Get ? sessions(request, id, part)
                                                                   : methodNotAllowed("GET");
    if (collection == QLatin1String("room_recordings") && parts.size() <= 2)
        return recordings(request, id);
    return errorReply(404, {});
}

EmulatorReply SignalWireEmulator::createRoomToken(const QJsonObject &body) const
{
    const QList<SignalWireReference::Problem> problems =
        SignalWireReference::check(SignalWireReference::Body::RoomToken, body);
    if (!problems.isEmpty())
        return validationErrors(problems);

    // The claims of the reference's example token; a time is in Unix seconds.
    QJsonObject claims{{QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch()},
                       {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                       {QStringLiteral("sub"), m_projectId},
                       {QStringLiteral("r"), body.value(QLatin1String("room_name"))},
                       {QStringLiteral("acr"), body.value(QLatin1String("auto_create_room")).toBool(true)}};
    if (body.contains(QLatin1String("user_name")))
        claims.insert(QStringLiteral("u"), body.value(QLatin1String("user_name")));
    const struct
    {
        const char *property;
        const char *claim;
    } times[] = {{"join_from", "jf"}, {"join_until", "ju"}, {"remove_at", "rat"}};
    for (const auto &[property, claim] : times) {
        if (body.contains(QLatin1String(property)))
            claims.insert(QLatin1String(claim), unixTime(body.value(QLatin1String(property))));
    }
    if (body.contains(QLatin1String("remove_after_seconds_elapsed")))
        claims.insert(QStringLiteral("rse"), body.value(QLatin1String("remove_after_seconds_elapsed")));
    // An audience member may do nothing; a token that names no permissions gets the default ones.
    const bool audience = body.value(QLatin1String("join_as")).toString() == QLatin1String("audience");
    claims.insert(QStringLiteral("s"), audience ? QJsonArray()
                                       : body.contains(QLatin1String("permissions"))
                                           ? body.value(QLatin1String("permissions")).toArray()
                                           : QJsonArray::fromStringList(SignalWireReference::defaultPermissions()));
    EmulatorReply reply =
        EmulatorReply::json(200, {{QStringLiteral("token"),
                                   QString::fromLatin1(Jwt::sign(claims, m_apiToken, Jwt::Algorithm::HS512,
                                                                 {{QStringLiteral("typ"), QStringLiteral("VRT")}}))}});
    reply.tokenIssued = true;
    return reply;
}

EmulatorReply SignalWireEmulator::page(const QHttpServerRequest &request, const QJsonArray &items) const
{
    QString attribute;
    QString error;
    const std::optional<QJsonObject> page = SignalWireState::page(
        items, QUrl(m_server->url().toString() + request.url().path()), QUrlQuery(request.url()), &attribute, &error);
    return page ? EmulatorReply::json(200, *page)
                : validationErrors({{QStringLiteral("invalid_parameter"), attribute, error}});
}

EmulatorReply SignalWireEmulator::rooms(const QHttpServerRequest &request, const QString &id)
{
    const bool withActiveSession = QUrlQuery(request.url()).queryItemValue(QStringLiteral("include_active_session"))
                                   == QLatin1String("true");
    EmulatorReply refusal;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        if (id.isEmpty())
            return page(request, m_state.rooms(withActiveSession));
        if (const std::optional<QJsonObject> room = m_state.room(id, withActiveSession))
            return EmulatorReply::json(200, *room);
        return errorReply(404, {});
    case QHttpServerRequest::Method::Post: {
        if (!id.isEmpty())
            return methodNotAllowed("GET, PUT, DELETE");
        const std::optional<QJsonObject> body = objectBody(request, &refusal);
        if (!body)
            return refusal;
        const QList<SignalWireReference::Problem> problems =
            SignalWireReference::check(SignalWireReference::Body::CreateRoom, *body);
        if (!problems.isEmpty())
            return validationErrors(problems);
        bool duplicate = false;
        if (const std::optional<QJsonObject> room = m_state.createRoom(*body, &duplicate))
            return EmulatorReply::json(201, *room);
        return duplicate ? validationErrors({{QStringLiteral("value_not_unique"), QStringLiteral("name"),
                                              QStringLiteral("has already been taken")}})
                         : errorReply(422, QStringLiteral("the project holds the most rooms the emulator keeps"));
    }
    case QHttpServerRequest::Method::Put: {
        if (id.isEmpty())
            return methodNotAllowed("GET, POST");
        const std::optional<QJsonObject> body = objectBody(request, &refusal);
        if (!body)
            return refusal;
        if (!m_state.room(id, false))
            return errorReply(404, {});
        const QList<SignalWireReference::Problem> problems =
            SignalWireReference::check(SignalWireReference::Body::UpdateRoom, *body);
        if (!problems.isEmpty())
            return validationErrors(problems);
        return EmulatorReply::json(200, *m_state.updateRoom(id, *body));
    }
    case QHttpServerRequest::Method::Delete:
        if (id.isEmpty())
            return methodNotAllowed("GET, POST");
        return m_state.deleteRoom(id) ? noContent() : errorReply(404, {});
    default: return methodNotAllowed(id.isEmpty() ? "GET, POST" : "GET, PUT, DELETE");
    }
}

EmulatorReply SignalWireEmulator::sessions(const QHttpServerRequest &request, const QString &id,
                                           const QString &part) const
{
    if (id.isEmpty())
        return page(request, m_state.sessions(QUrlQuery(request.url())));
    const std::optional<QJsonObject> session = m_state.session(id);
    if (!session)
        return errorReply(404, {});
    if (part.isEmpty())
        return EmulatorReply::json(200, *session);
    return page(request, part == QLatin1String("members") ? m_state.members(id) : m_state.recordings(id));
}

EmulatorReply SignalWireEmulator::recordings(const QHttpServerRequest &request, const QString &id)
{
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        if (id.isEmpty())
            return page(request, m_state.recordings());
        if (const std::optional<QJsonObject> recording = m_state.recording(id))
            return EmulatorReply::json(200, *recording);
        return errorReply(404, {});
    case QHttpServerRequest::Method::Delete:
        if (id.isEmpty())
            return methodNotAllowed("GET");
        return m_state.deleteRecording(id) ? noContent() : errorReply(404, {});
    default: return methodNotAllowed(id.isEmpty() ? "GET" : "GET, DELETE");
    }
}

} // namespace ActionNode
