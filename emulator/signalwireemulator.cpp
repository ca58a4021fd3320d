#include "signalwireemulator.h"
#include "rfc3339.h"

#include "emulatorserver.h"
#include "jsonvaluetext.h"

#include <actionnode/jwt.h>

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include <functional>
#include <optional>

namespace ActionNode {

namespace {

const QString apiPrefix = QStringLiteral("/api/video");
const QString roomTokensPath = QStringLiteral("/api/video/room_tokens");

// One entry of a 422 answer; an empty attribute (the request as a whole) is sent as null.
struct FieldError
{
    QString attribute;
    QString message;
};

EmulatorReply validationErrors(const QList<FieldError> &errors)
{
    QJsonArray entries;
    for (const FieldError &error : errors)
        entries.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("validation_error")},
            {QStringLiteral("code"), QStringLiteral("invalid_parameter")},
            {QStringLiteral("message"), error.message},
            {QStringLiteral("attribute"), error.attribute.isEmpty() ? QJsonValue() : QJsonValue(error.attribute)},
            {QStringLiteral("url"), QStringLiteral("https://developer.signalwire.com/rest/signalwire-rest/overview/error-codes#field-invalid-parameter")}});
    return EmulatorReply::json(422, {{QStringLiteral("errors"), entries}});
}

// RFC 3339 or a date alone meaning midnight UTC, as SignalWire documents
// them, read by the same reader as the runtime's validation.
std::optional<qint64> unixTime(const QJsonValue &value)
{
    const QDateTime time = value.isString() ? Internal::Rfc3339::parse(value.toString()) : QDateTime();
    if (!time.isValid())
        return std::nullopt;
    return time.toSecsSinceEpoch();
}

// Lengths in characters (code points), not in UTF-16 units.
qsizetype characterCount(const QString &text)
{
    return text.toUcs4().size();
}

using Check = std::function<QString(const QJsonValue &)>;

Check text(int maxLength, const QRegularExpression &pattern = {})
{
    return [maxLength, pattern](const QJsonValue &value) -> QString {
        if (!value.isString())
            return QStringLiteral("must be a string, got %1").arg(describeJsonValue(value));
        if (characterCount(value.toString()) > maxLength)
            return QStringLiteral("is longer than %1 characters").arg(maxLength);
        if (pattern.isValid() && !pattern.pattern().isEmpty() && !pattern.match(value.toString()).hasMatch())
            return QStringLiteral("must match %1").arg(pattern.pattern());
        return {};
    };
}

Check boolean()
{
    return [](const QJsonValue &value) {
        return value.isBool() ? QString() : QStringLiteral("must be a boolean, got %1").arg(describeJsonValue(value));
    };
}

Check oneOf(const QStringList &allowed)
{
    return [allowed](const QJsonValue &value) {
        return value.isString() && allowed.contains(value.toString())
            ? QString()
            : QStringLiteral("must be one of %1, got %2").arg(allowed.join(QStringLiteral(", ")), describeJsonValue(value));
    };
}

Check time()
{
    return [](const QJsonValue &value) {
        return unixTime(value) ? QString() : QStringLiteral("must be an RFC 3339 date-time or a date, got %1").arg(describeJsonValue(value));
    };
}

Check meta()
{
    return [](const QJsonValue &value) -> QString {
        if (!value.isObject())
            return QStringLiteral("must be an object, got %1").arg(describeJsonValue(value));
        if (characterCount(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact))) > 2000)
            return QStringLiteral("must be at most 2000 characters when serialized");
        return {};
    };
}

const QHash<QString, Check> &fieldChecks()
{
    static const QHash<QString, Check> checks{
        {QStringLiteral("room_name"), text(100, QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")))},
        {QStringLiteral("user_name"), text(100)},
        {QStringLiteral("permissions"), [](const QJsonValue &value) -> QString {
             if (!value.isArray())
                 return QStringLiteral("must be a list of permissions, got %1").arg(describeJsonValue(value));
             for (const QJsonValue &item : value.toArray()) {
                 if (!SignalWireEmulator::permissions().contains(item.toString()))
                     return QStringLiteral("%1 is not a permission").arg(describeJsonValue(item));
             }
             return {};
         }},
        {QStringLiteral("join_from"), time()},
        {QStringLiteral("join_until"), time()},
        {QStringLiteral("remove_at"), time()},
        {QStringLiteral("remove_after_seconds_elapsed"), [](const QJsonValue &value) -> QString {
             const double seconds = value.toDouble();
             if (!value.isDouble() || seconds != static_cast<double>(value.toInteger()) || seconds <= 0 || seconds > 200000)
                 return QStringLiteral("must be an integer above 0 and at most 200000, got %1").arg(describeJsonValue(value));
             return {};
         }},
        {QStringLiteral("join_audio_muted"), boolean()},
        {QStringLiteral("join_video_muted"), boolean()},
        {QStringLiteral("auto_create_room"), boolean()},
        {QStringLiteral("enable_room_previews"), boolean()},
        {QStringLiteral("room_display_name"), text(200)},
        {QStringLiteral("end_room_session_on_leave"), boolean()},
        {QStringLiteral("join_as"), oneOf({QStringLiteral("member"), QStringLiteral("audience")})},
        {QStringLiteral("media_allowed"), oneOf({QStringLiteral("all"), QStringLiteral("video-only"), QStringLiteral("audio-only")})},
        {QStringLiteral("room_meta"), meta()},
        {QStringLiteral("meta"), meta()},
        {QStringLiteral("sync_audio_video"), boolean()},
    };
    return checks;
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

QStringList SignalWireEmulator::permissions()
{
    static const QStringList all = [] {
        QStringList list{QStringLiteral("room.hide_video_muted"), QStringLiteral("room.show_video_muted"),
                         QStringLiteral("room.list_available_layouts"), QStringLiteral("room.set_layout"),
                         QStringLiteral("room.playback"), QStringLiteral("room.playback_seek"),
                         QStringLiteral("room.recording"), QStringLiteral("room.set_position"),
                         QStringLiteral("room.set_meta"), QStringLiteral("room.stream"), QStringLiteral("room.stream.start"),
                         QStringLiteral("room.lock"), QStringLiteral("room.unlock"),
                         QStringLiteral("room.prioritize_handraise")};
        for (const char *action : {"audio_mute", "audio_unmute", "video_mute", "video_unmute", "deaf", "undeaf",
                                   "set_input_volume", "set_output_volume", "set_input_sensitivity", "set_position",
                                   "set_meta", "raisehand", "lowerhand"}) {
            list.append(QStringLiteral("room.member.") + QLatin1String(action));
            list.append(QStringLiteral("room.self.") + QLatin1String(action));
        }
        for (const char *action : {"room.member.remove", "room.member.promote", "room.member.demote",
                                   "room.self.screenshare", "room.self.additional_source"})
            list.append(QLatin1String(action));
        return list;
    }();
    return all;
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
    static const QHash<int, QString> texts{{400, QStringLiteral("Bad Request")}, {401, QStringLiteral("Unauthorized")},
                                           {403, QStringLiteral("Forbidden")}, {404, QStringLiteral("Not Found")},
                                           {405, QStringLiteral("Method Not Allowed")},
                                           {429, QStringLiteral("Too Many Requests")},
                                           {500, QStringLiteral("Internal Server Error")},
                                           {503, QStringLiteral("Service Unavailable")}};
    // SignalWire's 422 always lists its errors; the others carry only the status text.
    if (status == 422)
        return validationErrors({{QString(), info}});
    return EmulatorReply::json(status, {{QStringLiteral("error"), texts.value(status, QStringLiteral("Error"))}});
}

EmulatorReply SignalWireEmulator::handle(const QHttpServerRequest &request)
{
    if (request.url().path() != roomTokensPath)
        return errorReply(404, {});
    if (request.method() != QHttpServerRequest::Method::Post) {
        EmulatorReply reply = errorReply(405, {});
        reply.headers.append(qMakePair(QByteArray("Allow"), QByteArray("POST")));
        return reply;
    }
    return createRoomToken(request);
}

EmulatorReply SignalWireEmulator::createRoomToken(const QHttpServerRequest &request) const
{
    const QByteArray expected = "Basic " + (m_projectId.toUtf8() + ':' + m_apiToken).toBase64();
    if (request.value("Authorization") != expected)
        return errorReply(401, {});

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (!document.isObject())
        return validationErrors({{QString(), QStringLiteral("the request body must be a JSON object")}});
    const QJsonObject body = document.object();
    QList<FieldError> errors;
    if (!body.contains(QStringLiteral("room_name")))
        errors.append({QStringLiteral("room_name"), QStringLiteral("Room name must be present")});
    for (auto it = body.begin(); it != body.end(); ++it) {
        const auto check = fieldChecks().constFind(it.key());
        if (check == fieldChecks().constEnd()) {
            errors.append({it.key(), QStringLiteral("%1 is not a room token parameter").arg(it.key())});
            continue;
        }
        const QString problem = (*check)(it.value());
        if (!problem.isEmpty())
            errors.append({it.key(), QStringLiteral("%1 %2").arg(it.key(), problem)});
    }
    if (!errors.isEmpty())
        return validationErrors(errors);

    const bool audience = body.value(QStringLiteral("join_as")).toString() == QLatin1String("audience");
    QJsonObject claims{{QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch()},
                       {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                       {QStringLiteral("sub"), m_projectId},
                       {QStringLiteral("r"), body.value(QStringLiteral("room_name"))},
                       {QStringLiteral("acr"), body.value(QStringLiteral("auto_create_room")).toBool(true)}};
    if (body.contains(QStringLiteral("user_name")))
        claims.insert(QStringLiteral("u"), body.value(QStringLiteral("user_name")));
    claims.insert(QStringLiteral("s"), audience ? QJsonArray() : body.value(QStringLiteral("permissions")).toArray());
    const QList<QPair<const char *, const char *>> times{{"join_from", "jf"}, {"join_until", "ju"}, {"remove_at", "rat"}};
    for (const auto &[field, claim] : times) {
        if (body.contains(QLatin1String(field)))
            claims.insert(QLatin1String(claim), *unixTime(body.value(QLatin1String(field))));
    }
    if (body.contains(QStringLiteral("remove_after_seconds_elapsed")))
        claims.insert(QStringLiteral("rse"), body.value(QStringLiteral("remove_after_seconds_elapsed")));
    EmulatorReply reply = EmulatorReply::json(
        200, {{QStringLiteral("token"),
               QString::fromLatin1(Jwt::sign(claims, m_apiToken, Jwt::Algorithm::HS512, {{QStringLiteral("typ"), QStringLiteral("VRT")}}))}});
    reply.tokenIssued = true;
    return reply;
}

} // namespace ActionNode
