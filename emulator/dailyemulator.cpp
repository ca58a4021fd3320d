#include "dailyemulator.h"
#include "dailywebhooks.h"

#include "emulatorserver.h"
#include "jsonvaluetext.h"

#include <actionnode/jwt.h>

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace ActionNode {

namespace {

const QString apiPrefix = QStringLiteral("/v1");

// How Daily types and constrains each meeting token property.
enum class Kind {
    Boolean,
    NonNegativeInteger,
    String,
    RoomName,
    UserId,
    Url,
    RedirectUrl, //!< a web URL or a mobile app's deep link (myapp://...)
    Language,
    RecordingMode,
    Object,
    Permissions,
};

struct TokenProperty
{
    QLatin1StringView name;
    QLatin1StringView claim; //!< Daily's self-signing abbreviation; the name where none is documented
    Kind kind;
};

using L = QLatin1StringView;

const TokenProperty tokenProperties[] = {
    { L("room_name"), L("r"), Kind::RoomName },
    { L("eject_at_token_exp"), L("ejt"), Kind::Boolean },
    { L("eject_after_elapsed"), L("eje"), Kind::NonNegativeInteger },
    { L("nbf"), L("nbf"), Kind::NonNegativeInteger },
    { L("exp"), L("exp"), Kind::NonNegativeInteger },
    { L("is_owner"), L("o"), Kind::Boolean },
    { L("user_name"), L("u"), Kind::String },
    { L("user_id"), L("ud"), Kind::UserId },
    { L("enable_screenshare"), L("ss"), Kind::Boolean },
    { L("start_video_off"), L("vo"), Kind::Boolean },
    { L("start_audio_off"), L("ao"), Kind::Boolean },
    { L("enable_recording"), L("er"), Kind::RecordingMode },
    { L("enable_prejoin_ui"), L("enable_prejoin_ui"), Kind::Boolean },
    { L("enable_live_captions_ui"), L("enable_live_captions_ui"), Kind::Boolean },
    { L("enable_recording_ui"), L("erui"), Kind::Boolean },
    { L("enable_terse_logging"), L("enable_terse_logging"), Kind::Boolean },
    { L("start_cloud_recording"), L("sr"), Kind::Boolean },
    { L("start_cloud_recording_opts"), L("sro"), Kind::Object },
    { L("auto_start_transcription"), L("ast"), Kind::Boolean },
    { L("close_tab_on_exit"), L("ctoe"), Kind::Boolean },
    { L("redirect_on_meeting_exit"), L("rome"), Kind::RedirectUrl },
    { L("lang"), L("uil"), Kind::Language },
    { L("permissions"), L("p"), Kind::Permissions },
    { L("knocking"), L("k"), Kind::Boolean },
    { L("intercom_join_alert"), L("ij"), Kind::Boolean },
    { L("meeting_join_hook"), L("mjh"), Kind::Url },
};

const TokenProperty *findByName(const QString &name)
{
    for (const TokenProperty &property : tokenProperties) {
        if (property.name == name)
            return &property;
    }
    return nullptr;
}

const TokenProperty *findByClaim(const QString &claim)
{
    for (const TokenProperty &property : tokenProperties) {
        if (property.claim == claim)
            return &property;
    }
    return nullptr;
}

const QStringList languages = {
    QStringLiteral("da"), QStringLiteral("de"), QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("fi"),
    QStringLiteral("fr"), QStringLiteral("it"), QStringLiteral("jp"), QStringLiteral("ka"),
    QStringLiteral("nl"), QStringLiteral("no"), QStringLiteral("pt"), QStringLiteral("pt-BR"),
    QStringLiteral("pl"), QStringLiteral("ru"), QStringLiteral("sv"), QStringLiteral("tr"),
    QStringLiteral("user"),
};
// Daily's recording guide lists cloud, cloud-audio-only, local and raw-tracks
// (rtp-tracks and output-byte-stream are gone).
const QStringList recordingModes = { QStringLiteral("cloud"), QStringLiteral("cloud-audio-only"),
                                     QStringLiteral("local"), QStringLiteral("raw-tracks") };

// Media names of permissions.canSend and their codes in the self-signed "cs" claim.
const QList<QPair<QString, QString>> mediaCodes = {
    { QStringLiteral("video"), QStringLiteral("v") },
    { QStringLiteral("audio"), QStringLiteral("a") },
    { QStringLiteral("screenVideo"), QStringLiteral("sv") },
    { QStringLiteral("screenAudio"), QStringLiteral("sa") },
};
const QStringList adminScopes = { QStringLiteral("participants"), QStringLiteral("streaming"),
                                  QStringLiteral("transcription") };

constexpr int maxUserIdLength = 36;
constexpr int maxRoomNameLength = 128;
constexpr double maxSafeInteger = 9007199254740991.0; // 2^53 - 1: exact in a JSON number

QString oneOf(const QStringList &values)
{
    return QStringLiteral("must be one of %1").arg(values.join(QLatin1String(", ")));
}

bool isNonNegativeInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return std::isfinite(number) && number == std::floor(number) && number >= 0
            && number <= maxSafeInteger;
}

bool isRoomNameCharacter(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')
            || c == QLatin1Char('_');
}

// Checks a list value of permissions.canSend / canAdmin: true, false or an array of names.
QString checkNameList(const QString &where, const QJsonValue &value, const QStringList &allowed)
{
    if (value.isBool())
        return {};
    if (!value.isArray())
        return QStringLiteral("%1 must be true, false or an array of names, got %2")
                .arg(where, describeJsonValue(value));
    const QJsonArray array = value.toArray();
    QStringList seen;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString name = array.at(i).toString();
        if (!array.at(i).isString() || !allowed.contains(name))
            return QStringLiteral("%1[%2] %3, got %4")
                    .arg(where).arg(i).arg(oneOf(allowed), describeJsonValue(array.at(i)));
        if (seen.contains(name))
            return QStringLiteral("%1 lists \"%2\" twice").arg(where, name);
        seen.append(name);
    }
    return {};
}

QString checkReceiveRules(const QString &where, const QJsonValue &value)
{
    if (!value.isBool() && !value.isObject())
        return QStringLiteral("%1 must be true, false or an object, got %2")
                .arg(where, describeJsonValue(value));
    return {};
}

QString checkPermissions(const QJsonValue &value)
{
    const QString where = QStringLiteral("permissions");
    if (!value.isObject())
        return QStringLiteral("permissions must be an object, got %1").arg(describeJsonValue(value));
    const QJsonObject permissions = value.toObject();
    QStringList media;
    for (const auto &pair : mediaCodes)
        media.append(pair.first);
    for (auto it = permissions.constBegin(); it != permissions.constEnd(); ++it) {
        const QString key = where + QLatin1Char('.') + it.key();
        QString error;
        if (it.key() == QLatin1String("hasPresence")) {
            if (!it.value().isBool())
                error = QStringLiteral("%1 must be true or false, got %2")
                                .arg(key, describeJsonValue(it.value()));
        } else if (it.key() == QLatin1String("canSend")) {
            error = checkNameList(key, it.value(), media);
        } else if (it.key() == QLatin1String("canAdmin")) {
            error = checkNameList(key, it.value(), adminScopes);
        } else if (it.key() == QLatin1String("canReceive")) {
            if (!it.value().isObject())
                return QStringLiteral("%1 must be an object, got %2")
                        .arg(key, describeJsonValue(it.value()));
            const QJsonObject receive = it.value().toObject();
            for (auto r = receive.constBegin(); r != receive.constEnd() && error.isEmpty(); ++r) {
                const QString receiveKey = key + QLatin1Char('.') + r.key();
                if (r.key() == QLatin1String("base")) {
                    error = checkReceiveRules(receiveKey, r.value());
                } else if (r.key() == QLatin1String("byUserId")
                           || r.key() == QLatin1String("byParticipantId")) {
                    if (!r.value().isObject()) {
                        error = QStringLiteral("%1 must be an object, got %2")
                                        .arg(receiveKey, describeJsonValue(r.value()));
                    }
                    const QJsonObject byId = r.value().toObject();
                    for (auto id = byId.constBegin(); id != byId.constEnd() && error.isEmpty(); ++id)
                        error = checkReceiveRules(receiveKey + QLatin1Char('.') + id.key(), id.value());
                } else {
                    error = QStringLiteral("%1 is not a known key (known: base, byUserId, "
                                           "byParticipantId)").arg(receiveKey);
                }
            }
        } else {
            error = QStringLiteral("%1 is not a known permission (known: hasPresence, canSend, "
                                   "canReceive, canAdmin)").arg(key);
        }
        if (!error.isEmpty())
            return error;
    }
    return {};
}

// Empty when \a value is acceptable for \a property, else the full reason.
QString checkProperty(const TokenProperty &property, const QJsonValue &value)
{
    const QString name = property.name;
    const QString got = describeJsonValue(value);
    switch (property.kind) {
    case Kind::Boolean:
        if (!value.isBool())
            return QStringLiteral("%1 must be true or false, got %2").arg(name, got);
        return {};
    case Kind::NonNegativeInteger:
        if (!isNonNegativeInteger(value))
            return QStringLiteral("%1 must be a non-negative integer, got %2").arg(name, got);
        return {};
    case Kind::Object:
        if (!value.isObject())
            return QStringLiteral("%1 must be an object, got %2").arg(name, got);
        return {};
    case Kind::Permissions:
        return checkPermissions(value);
    case Kind::String:
    case Kind::RoomName:
    case Kind::UserId:
    case Kind::Url:
    case Kind::RedirectUrl:
    case Kind::Language:
    case Kind::RecordingMode:
        break;
    }

    if (!value.isString())
        return QStringLiteral("%1 must be a string, got %2").arg(name, got);
    const QString text = value.toString();
    switch (property.kind) {
    case Kind::RoomName:
        if (text.isEmpty() || text.size() > maxRoomNameLength)
            return QStringLiteral("%1 must be 1 to %2 characters long, got %3")
                    .arg(name).arg(maxRoomNameLength).arg(text.size());
        if (!std::all_of(text.cbegin(), text.cend(), isRoomNameCharacter))
            return QStringLiteral("%1 may contain only letters A-Z and a-z, digits, '-' and "
                                  "'_', got %2").arg(name, got);
        return {};
    case Kind::UserId:
        if (text.size() > maxUserIdLength)
            return QStringLiteral("%1 must be at most %2 characters long, got %3")
                    .arg(name).arg(maxUserIdLength).arg(text.size());
        return {};
    case Kind::Url: {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return QStringLiteral("%1 must be an absolute http or https URL, got %2").arg(name, got);
        return {};
    }
    case Kind::RedirectUrl: {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.scheme().isEmpty() || !text.contains(QLatin1String("://")))
            return QStringLiteral("%1 must be an absolute URL or a deep link (myapp://...), got %2").arg(name, got);
        return {};
    }
    case Kind::Language:
        if (!languages.contains(text))
            return QStringLiteral("%1 %2, got %3").arg(name, oneOf(languages), got);
        return {};
    case Kind::RecordingMode:
        if (!recordingModes.contains(text))
            return QStringLiteral("%1 %2, got %3").arg(name, oneOf(recordingModes), got);
        return {};
    default:
        return {};
    }
}

// A canSend/canAdmin array becomes one comma-separated string, as Daily's "p" claim has it.
QJsonValue joinNames(const QJsonValue &value, const QList<QPair<QString, QString>> &codes)
{
    if (!value.isArray())
        return value;
    QStringList parts;
    for (const QJsonValue &item : value.toArray()) {
        QString part = item.toString();
        for (const auto &code : codes) {
            if (code.first == part)
                part = code.second;
        }
        parts.append(part);
    }
    return parts.join(QLatin1Char(','));
}

QJsonValue splitNames(const QJsonValue &value, const QList<QPair<QString, QString>> &codes)
{
    if (!value.isString())
        return value;
    QJsonArray names;
    for (const QString &part : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString name = part;
        for (const auto &code : codes) {
            if (code.second == part)
                name = code.first;
        }
        names.append(name);
    }
    return names;
}

QJsonObject renameKeys(const QJsonObject &object,
                       const QList<QPair<QString, QString>> &renames)
{
    QJsonObject result;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        QString key = it.key();
        for (const auto &rename : renames) {
            if (rename.first == key)
                key = rename.second;
        }
        result.insert(key, it.value());
    }
    return result;
}

const QList<QPair<QString, QString>> permissionClaims = {
    { QStringLiteral("hasPresence"), QStringLiteral("hp") },
    { QStringLiteral("canSend"), QStringLiteral("cs") },
    { QStringLiteral("canReceive"), QStringLiteral("cr") },
    { QStringLiteral("canAdmin"), QStringLiteral("ca") },
};
const QList<QPair<QString, QString>> receiveClaims = { { QStringLiteral("base"), QStringLiteral("b") },
                                                       { QStringLiteral("byUserId"), QStringLiteral("u") },
                                                       { QStringLiteral("byParticipantId"), QStringLiteral("p") } };

QList<QPair<QString, QString>> reversed(const QList<QPair<QString, QString>> &pairs)
{
    QList<QPair<QString, QString>> result;
    for (const auto &pair : pairs)
        result.append({ pair.second, pair.first });
    return result;
}

QJsonObject abbreviatePermissions(const QJsonObject &permissions)
{
    QJsonObject claim = renameKeys(permissions, permissionClaims);
    if (claim.contains(QLatin1String("cs")))
        claim.insert(QStringLiteral("cs"), joinNames(claim.value(QLatin1String("cs")), mediaCodes));
    if (claim.contains(QLatin1String("ca")))
        claim.insert(QStringLiteral("ca"), joinNames(claim.value(QLatin1String("ca")), {}));
    if (claim.contains(QLatin1String("cr")))
        claim.insert(QStringLiteral("cr"),
                     renameKeys(claim.value(QLatin1String("cr")).toObject(), receiveClaims));
    return claim;
}

QJsonObject expandPermissions(const QJsonObject &claim)
{
    QJsonObject permissions = renameKeys(claim, reversed(permissionClaims));
    if (permissions.contains(QLatin1String("canSend")))
        permissions.insert(QStringLiteral("canSend"),
                           splitNames(permissions.value(QLatin1String("canSend")), mediaCodes));
    if (permissions.contains(QLatin1String("canAdmin")))
        permissions.insert(QStringLiteral("canAdmin"),
                           splitNames(permissions.value(QLatin1String("canAdmin")), {}));
    if (permissions.value(QLatin1String("canReceive")).isObject())
        permissions.insert(QStringLiteral("canReceive"),
                           renameKeys(permissions.value(QLatin1String("canReceive")).toObject(),
                                      reversed(receiveClaims)));
    return permissions;
}

QString errorType(int status)
{
    switch (status) {
    case 401: return QStringLiteral("authentication-error");
    case 403: return QStringLiteral("forbidden");
    case 404: return QStringLiteral("not-found");
    case 405: return QStringLiteral("method-not-allowed");
    case 429: return QStringLiteral("rate-limit-error");
    default: return status >= 500 ? QStringLiteral("server-error")
                                  : QStringLiteral("invalid-request-error");
    }
}

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    const auto headers = request.headers();
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

} // namespace

DailyEmulator::DailyEmulator(const QByteArray &apiKey, EmulatorServer *server)
    : QObject(server),
      m_server(server),
      m_apiKey(apiKey),
      m_domainName(defaultDomainName()),
      m_domainId(defaultDomainId()),
      m_state(defaultDomainName()),
      m_webhooks(new DailyWebhooks(this, server)) // before this API, which claims all of /v1
{
    server->addApi(this);
}

QString DailyEmulator::defaultDomainName()
{
    return QStringLiteral("emulator");
}

QString DailyEmulator::defaultDomainId()
{
    return QStringLiteral("e3a1b2c4-0d5e-4f60-8a7b-9c0d1e2f3a4b");
}

QString DailyEmulator::apiBaseUrl() const
{
    return m_server->url().toString() + apiPrefix;
}

bool DailyEmulator::handlesPath(const QString &path) const
{
    return path == apiPrefix || path.startsWith(apiPrefix + QLatin1Char('/'));
}

EmulatorReply DailyEmulator::errorReply(int status, const QString &info) const
{
    return EmulatorReply::json(status, { { QStringLiteral("error"), errorType(status) },
                                         { QStringLiteral("info"), info } });
}

EmulatorReply DailyEmulator::handle(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    const bool get = request.method() == QHttpServerRequest::Method::Get;
    const bool post = request.method() == QHttpServerRequest::Method::Post;
    const auto methodNotAllowed = [this](const char *allowed) {
        EmulatorReply reply = errorReply(405, QStringLiteral("use %1").arg(QLatin1String(allowed)));
        reply.headers.append(qMakePair(QByteArray("Allow"), QByteArray(allowed)));
        return reply;
    };

    const bool del = request.method() == QHttpServerRequest::Method::Delete;
    enum class Route { Domain, Tokens, Token, Rooms, Room, Meetings, Presence, Recordings, RecordingLink } route;
    // The path after /v1/, split; a trailing slash is tolerated.
    QStringList segments = path.mid(apiPrefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString name;
    const QString first = segments.value(0);
    if (segments.isEmpty()) {
        route = Route::Domain;
    } else if (first == QLatin1String("meeting-tokens") && segments.size() <= 2) {
        route = segments.size() == 1 ? Route::Tokens : Route::Token;
        name = segments.value(1);
    } else if (first == QLatin1String("rooms") && segments.size() <= 2) {
        route = segments.size() == 1 ? Route::Rooms : Route::Room;
        name = segments.value(1);
    } else if (first == QLatin1String("meetings") && segments.size() == 1) {
        route = Route::Meetings;
    } else if (first == QLatin1String("presence") && segments.size() == 1) {
        route = Route::Presence;
    } else if (first == QLatin1String("recordings") && segments.size() == 1) {
        route = Route::Recordings;
    } else if (first == QLatin1String("recordings") && segments.size() == 3
               && segments.at(2) == QLatin1String("access-link")) {
        route = Route::RecordingLink;
        name = segments.at(1);
    } else {
        return errorReply(404, QStringLiteral("no such endpoint"));
    }

    if (const auto error = authenticationError(request))
        return *error;
    switch (route) {
    case Route::Domain:
        return get ? domainConfig() : methodNotAllowed("GET");
    case Route::Tokens:
        return post ? createMeetingToken(request) : methodNotAllowed("POST");
    case Route::Token:
        return get ? validateMeetingToken(request, name) : methodNotAllowed("GET");
    case Route::Rooms:
        if (get)
            return listing(m_state.rooms(), request);
        return post ? rooms(request, {}) : methodNotAllowed("GET, POST");
    case Route::Room:
        return get || post || del ? rooms(request, name) : methodNotAllowed("GET, POST, DELETE");
    case Route::Meetings:
        return get ? listing(m_state.meetings(request.query()), request) : methodNotAllowed("GET");
    case Route::Presence:
        return get ? EmulatorReply::json(200, m_state.presence()) : methodNotAllowed("GET");
    case Route::Recordings:
        return get ? listing(m_state.recordings(request.query()), request) : methodNotAllowed("GET");
    case Route::RecordingLink:
        return get ? recordingLink(request, name) : methodNotAllowed("GET");
    }
    return errorReply(404, QStringLiteral("no such endpoint"));
}

namespace {

// The request's JSON object body ({} when empty), or a reason it is not one.
std::optional<QJsonObject> objectBody(const QHttpServerRequest &request, QString *error)
{
    const QByteArray body = request.body();
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("request body is not valid JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("request body must be a JSON object");
        return std::nullopt;
    }
    return document.object();
}

} // namespace

EmulatorReply DailyEmulator::rooms(const QHttpServerRequest &request, const QString &name)
{
    const QString notFound = QStringLiteral("room %1 does not exist").arg(name);
    QString error;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: {
        const std::optional<QJsonObject> room = m_state.room(name);
        return room ? EmulatorReply::json(200, *room) : errorReply(404, notFound);
    }
    case QHttpServerRequest::Method::Delete:
        if (!m_state.deleteRoom(name))
            return errorReply(404, notFound);
        return EmulatorReply::json(200, {{QStringLiteral("deleted"), true}, {QStringLiteral("name"), name}});
    default:
        break;
    }
    const std::optional<QJsonObject> body = objectBody(request, &error);
    if (!body)
        return errorReply(400, error);
    if (name.isEmpty()) {
        const std::optional<QJsonObject> created = m_state.createRoom(*body, &error);
        return created ? EmulatorReply::json(200, *created) : errorReply(400, error);
    }
    bool missing = false;
    const std::optional<QJsonObject> updated = m_state.updateRoom(name, *body, &error, &missing);
    if (missing)
        return errorReply(404, notFound);
    return updated ? EmulatorReply::json(200, *updated) : errorReply(400, error);
}

EmulatorReply DailyEmulator::listing(const QJsonArray &items, const QHttpServerRequest &request) const
{
    QString error;
    const std::optional<QJsonObject> page = DailyState::page(items, request.query(), &error);
    return page ? EmulatorReply::json(200, *page) : errorReply(400, error);
}

EmulatorReply DailyEmulator::recordingLink(const QHttpServerRequest &request, const QString &id) const
{
    if (!m_state.recording(id))
        return errorReply(404, QStringLiteral("recording %1 does not exist").arg(id));
    int validFor = 3600;
    const QString given = request.query().queryItemValue(QStringLiteral("valid_for_secs"));
    if (!given.isEmpty()) {
        bool ok = false;
        validFor = given.toInt(&ok);
        if (!ok || validFor < 1 || validFor > 43200)
            return errorReply(400, QStringLiteral("valid_for_secs must be an integer from 1 to 43200"));
    }
    const qint64 expires = QDateTime::currentSecsSinceEpoch() + validFor;
    return EmulatorReply::json(200, {{QStringLiteral("download_link"),
                                      QStringLiteral("%1/_emulator/recordings/%2.mp4?expires=%3")
                                          .arg(m_server->url().toString(), id)
                                          .arg(expires)},
                                     {QStringLiteral("expires"), expires}});
}

std::optional<EmulatorReply> DailyEmulator::handleControl(const QString &endpoint, const QHttpServerRequest &request)
{
    if (endpoint != QLatin1String("daily/fixtures"))
        return std::nullopt;
    if (request.method() != QHttpServerRequest::Method::Post)
        return errorReply(405, QStringLiteral("use POST"));
    QString error;
    const std::optional<QJsonObject> body = objectBody(request, &error);
    if (!body || !m_state.seed(*body, &error))
        return errorReply(400, error);
    return EmulatorReply::json(200, {{QStringLiteral("seeded"), true}});
}

std::optional<EmulatorReply>
DailyEmulator::authenticationError(const QHttpServerRequest &request) const
{
    const QByteArray authorization = headerValue(request, "Authorization");
    if (authorization.isEmpty())
        return EmulatorReply::json(400, { { QStringLiteral("error"),
                                            QStringLiteral("authorization-header-error") },
                                          { QStringLiteral("info"),
                                            QStringLiteral("missing Authorization header") } });
    const QByteArray scheme = "Bearer ";
    if (!authorization.startsWith(scheme) || authorization.size() == scheme.size())
        return errorReply(400, QStringLiteral("bad Authorization header format"));
    if (authorization.mid(scheme.size()) != m_apiKey)
        return errorReply(401, QStringLiteral("API key is not valid"));
    return std::nullopt;
}

EmulatorReply DailyEmulator::createMeetingToken(const QHttpServerRequest &request) const
{
    QJsonObject properties;
    const QByteArray body = request.body();
    if (!body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return errorReply(400, QStringLiteral("request body is not valid JSON: %1 at offset %2")
                                           .arg(parseError.errorString())
                                           .arg(parseError.offset));
        if (!document.isObject())
            return errorReply(400, QStringLiteral("request body must be a JSON object"));
        const QJsonObject object = document.object();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.key() != QLatin1String("properties"))
                return errorReply(400, QStringLiteral("unknown field \"%1\" in the request body; "
                                                      "token settings go in \"properties\"")
                                               .arg(it.key()));
        }
        const QJsonValue value = object.value(QLatin1String("properties"));
        if (!value.isUndefined() && !value.isObject())
            return errorReply(400, QStringLiteral("properties must be an object, got %1")
                                           .arg(describeJsonValue(value)));
        properties = value.toObject();
    }

    QJsonObject claims{ { QStringLiteral("d"), m_domainId },
                        { QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch() } };
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const TokenProperty *property = findByName(it.key());
        if (!property)
            return errorReply(400, QStringLiteral("%1 is not a meeting token property").arg(it.key()));
        const QString error = checkProperty(*property, it.value());
        if (!error.isEmpty())
            return errorReply(400, error);
        QJsonValue value = it.value();
        if (property->kind == Kind::Permissions)
            value = abbreviatePermissions(value.toObject());
        else if (property->kind == Kind::NonNegativeInteger)
            value = qint64(value.toDouble());
        claims.insert(property->claim, value);
    }

    EmulatorReply reply = EmulatorReply::json(
            200, { { QStringLiteral("token"),
                     QString::fromLatin1(Jwt::sign(claims, m_apiKey, Jwt::Algorithm::HS256)) } });
    reply.tokenIssued = true;
    return reply;
}

EmulatorReply DailyEmulator::validateMeetingToken(const QHttpServerRequest &request,
                                                  const QString &token) const
{
    const QByteArray compact = token.toUtf8();
    QString error;
    if (!Jwt::verify(compact, m_apiKey, &error))
        return errorReply(400, QStringLiteral("meeting token is not valid: %1").arg(error));

    const QJsonObject claims = Jwt::decode(compact).claims;
    if (claims.value(QLatin1String("d")).toString() != m_domainId)
        return errorReply(400, QStringLiteral("meeting token is not valid: it was issued for "
                                              "another domain"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (exp.isDouble() && exp.toInteger() <= now)
        return errorReply(400, QStringLiteral("meeting token is not valid: it expired at %1")
                                       .arg(exp.toInteger()));
    const QJsonValue nbf = claims.value(QLatin1String("nbf"));
    const bool ignoreNbf =
            request.query().queryItemValue(QStringLiteral("ignoreNbf")) == QLatin1String("true");
    if (!ignoreNbf && nbf.isDouble() && nbf.toInteger() > now)
        return errorReply(400, QStringLiteral("meeting token is not valid before %1; pass "
                                              "ignoreNbf=true to validate it anyway")
                                       .arg(nbf.toInteger()));
    return EmulatorReply::json(200, propertiesFromClaims(claims));
}

EmulatorReply DailyEmulator::domainConfig() const
{
    return EmulatorReply::json(200, { { QStringLiteral("domain_name"), m_domainName },
                                      { QStringLiteral("domain_id"), m_domainId },
                                      { QStringLiteral("config"), QJsonObject() } });
}

QJsonObject DailyEmulator::propertiesFromClaims(const QJsonObject &claims)
{
    QJsonObject properties;
    for (auto it = claims.constBegin(); it != claims.constEnd(); ++it) {
        if (it.key() == QLatin1String("iat"))
            continue;
        if (it.key() == QLatin1String("d")) {
            properties.insert(QStringLiteral("domain_id"), it.value());
            continue;
        }
        const TokenProperty *property = findByClaim(it.key());
        if (!property) {
            properties.insert(it.key(), it.value()); // not Daily's: passed through as is
            continue;
        }
        properties.insert(property->name, property->kind == Kind::Permissions
                                  ? QJsonValue(expandPermissions(it.value().toObject()))
                                  : it.value());
    }
    return properties;
}

} // namespace ActionNode
