#include "dailyemulator.h"
#include "dailywebhooks.h"

#include "emulatorserver.h"
#include "jsonpointer.h"
#include "jsonvaluetext.h"

#include <actionnode/sdk/claimmapping.h>
#include <actionnode/sdk/jwt.h>

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

namespace ActionNode {

namespace {

const QString apiPrefix = QStringLiteral("/v1");
const QString provider = QStringLiteral("daily");
const QString tokenDeclarationFile = QStringLiteral("create-meeting-token.json");

/*
    Puts \a value into \a claims at \a path (a property that Daily documents no
    abbreviation for) under its own name, inside its parents' claims: a token
    issued through the API carries every property it was given.
*/
void insertUnclaimed(QJsonObject *claims, const QJsonObject &schema, const QStringList &path, const QJsonValue &value)
{
    const QString &key = path.constFirst();
    if (path.size() == 1) {
        claims->insert(key, value);
        return;
    }
    const QJsonObject member = schema.value(QLatin1String("properties")).toObject().value(key).toObject();
    const QString claim = member.value(QLatin1String("x-claim")).toString(key);
    QJsonObject parent = claims->value(claim).toObject();
    insertUnclaimed(&parent, member, path.mid(1), value);
    claims->insert(claim, parent);
}

QString errorType(int status)
{
    switch (status) {
    case 401: return QStringLiteral("authentication-error");
    case 403: return QStringLiteral("forbidden");
    case 404: return QStringLiteral("not-found");
    case 405: return QStringLiteral("method-not-allowed");
    case 429: return QStringLiteral("rate-limit-error");
    default: return status >= 500 ? QStringLiteral("server-error") : QStringLiteral("invalid-request-error");
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
    : QObject(server), m_server(server), m_webhooks(new DailyWebhooks(this, server)) // before this API: all of /v1
{
    m_accounts.push_back(std::make_unique<DailyAccount>(apiKey, defaultDomainName(), defaultDomainId()));
    server->addApi(this);
}

bool DailyEmulator::addAccount(const QByteArray &apiKey, const QString &domainName, const QString &domainId,
                               QString *error)
{
    if (apiKey.isEmpty() || domainName.isEmpty() || domainId.isEmpty()) {
        *error = QStringLiteral("an account needs a non-empty api_key, domain and domain_id");
        return false;
    }
    if (m_accounts.size() >= size_t(maxAccounts)) {
        *error = QStringLiteral("the emulator holds %1 accounts, the most it keeps").arg(maxAccounts);
        return false;
    }
    for (const auto &account : m_accounts) {
        if (account->apiKey == apiKey || account->domainName == domainName || account->domainId == domainId) {
            *error = QStringLiteral("an account with this api_key, domain or domain_id exists already");
            return false;
        }
    }
    m_accounts.push_back(std::make_unique<DailyAccount>(apiKey, domainName, domainId));
    return true;
}

void DailyEmulator::reset()
{
    m_accounts.resize(1);
    m_accounts.front()->state.reset();
    m_accounts.front()->requests = 0;
    m_accounts.front()->arrivalTimesMs.clear();
    m_arrivals.clear();
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
    return EmulatorReply::json(status, {{QStringLiteral("error"), errorType(status)}, {QStringLiteral("info"), info}});
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

    EmulatorReply refusal;
    DailyAccount *account = accountOf(request, &refusal);
    if (!account)
        return refusal;
    ++account->requests;
    if (m_arrivals.size() >= maxArrivals)
        m_arrivals.removeFirst();
    m_arrivals.append(account->domainName);
    if (account->arrivalTimesMs.size() >= maxArrivals)
        account->arrivalTimesMs.removeFirst();
    account->arrivalTimesMs.append(QDateTime::currentMSecsSinceEpoch());
    DailyState &state = account->state;
    switch (route) {
    case Route::Domain: return get ? domainConfig(*account) : methodNotAllowed("GET");
    case Route::Tokens: return post ? createMeetingToken(request, *account) : methodNotAllowed("POST");
    case Route::Token: return get ? validateMeetingToken(request, name, *account) : methodNotAllowed("GET");
    case Route::Rooms:
        if (get)
            return listing(state.rooms(), request);
        return post ? rooms(request, {}, state) : methodNotAllowed("GET, POST");
    case Route::Room: return get || post || del ? rooms(request, name, state) : methodNotAllowed("GET, POST, DELETE");
    case Route::Meetings: return get ? listing(state.meetings(request.query()), request) : methodNotAllowed("GET");
    case Route::Presence: return get ? EmulatorReply::json(200, state.presence()) : methodNotAllowed("GET");
    case Route::Recordings: return get ? listing(state.recordings(request.query()), request) : methodNotAllowed("GET");
    case Route::RecordingLink: return get ? recordingLink(request, name, state) : methodNotAllowed("GET");
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

EmulatorReply DailyEmulator::rooms(const QHttpServerRequest &request, const QString &name, DailyState &state)
{
    const QString notFound = QStringLiteral("room %1 does not exist").arg(name);
    QString error;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: {
        const std::optional<QJsonObject> room = state.room(name);
        return room ? EmulatorReply::json(200, *room) : errorReply(404, notFound);
    }
    case QHttpServerRequest::Method::Delete:
        if (!state.deleteRoom(name))
            return errorReply(404, notFound);
        return EmulatorReply::json(200, {{QStringLiteral("deleted"), true}, {QStringLiteral("name"), name}});
    default: break;
    }
    const std::optional<QJsonObject> body = objectBody(request, &error);
    if (!body)
        return errorReply(400, error);
    if (name.isEmpty()) {
        const std::optional<QJsonObject> created = state.createRoom(*body, &error);
        return created ? EmulatorReply::json(200, *created) : errorReply(400, error);
    }
    bool missing = false;
    const std::optional<QJsonObject> updated = state.updateRoom(name, *body, &error, &missing);
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

EmulatorReply DailyEmulator::recordingLink(const QHttpServerRequest &request, const QString &id,
                                           const DailyState &state) const
{
    if (!state.recording(id))
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
    return EmulatorReply::json(
        200,
        {{QStringLiteral("download_link"),
          QStringLiteral("%1/_emulator/recordings/%2.mp4?expires=%3").arg(m_server->url().toString(), id).arg(expires)},
         {QStringLiteral("expires"), expires}});
}

std::optional<EmulatorReply> DailyEmulator::handleControl(const QString &endpoint, const QHttpServerRequest &request)
{
    if (endpoint == QLatin1String("daily/accounts"))
        return accounts(request);
    if (endpoint != QLatin1String("daily/fixtures"))
        return std::nullopt;
    if (request.method() != QHttpServerRequest::Method::Post)
        return errorReply(405, QStringLiteral("use POST"));
    QString error;
    const std::optional<QJsonObject> body = objectBody(request, &error);
    if (!body || !state().seed(*body, &error))
        return errorReply(400, error);
    return EmulatorReply::json(200, {{QStringLiteral("seeded"), true}});
}

EmulatorReply DailyEmulator::accounts(const QHttpServerRequest &request)
{
    if (request.method() == QHttpServerRequest::Method::Post) {
        QString error;
        const std::optional<QJsonObject> body = objectBody(request, &error);
        if (!body)
            return errorReply(400, error);
        if (!addAccount(body->value(QLatin1String("api_key")).toString().toUtf8(),
                        body->value(QLatin1String("domain")).toString(),
                        body->value(QLatin1String("domain_id")).toString(), &error))
            return errorReply(400, error);
    } else if (request.method() != QHttpServerRequest::Method::Get) {
        return errorReply(405, QStringLiteral("use GET or POST"));
    }
    QJsonArray accounts;
    for (const auto &account : m_accounts) {
        QJsonArray arrivalTimes;
        for (const qint64 time : account->arrivalTimesMs)
            arrivalTimes.append(time);
        accounts.append(QJsonObject{{QStringLiteral("domain"), account->domainName},
                                    {QStringLiteral("domain_id"), account->domainId},
                                    {QStringLiteral("rooms"), account->state.rooms().size()},
                                    {QStringLiteral("requests"), account->requests},
                                    {QStringLiteral("arrival_ms"), arrivalTimes}});
    }
    return EmulatorReply::json(200, {{QStringLiteral("accounts"), accounts},
                                     {QStringLiteral("arrivals"), QJsonArray::fromStringList(m_arrivals)}});
}

DailyAccount *DailyEmulator::accountOf(const QHttpServerRequest &request, EmulatorReply *refusal) const
{
    const QByteArray authorization = headerValue(request, "Authorization");
    if (authorization.isEmpty()) {
        *refusal = EmulatorReply::json(400, {{QStringLiteral("error"), QStringLiteral("authorization-header-error")},
                                             {QStringLiteral("info"), QStringLiteral("missing Authorization header")}});
        return nullptr;
    }
    const QByteArray scheme = "Bearer ";
    if (!authorization.startsWith(scheme) || authorization.size() == scheme.size()) {
        *refusal = errorReply(400, QStringLiteral("bad Authorization header format"));
        return nullptr;
    }
    const QByteArray key = authorization.mid(scheme.size());
    for (const auto &account : m_accounts) {
        if (account->apiKey == key)
            return account.get();
    }
    *refusal = errorReply(401, QStringLiteral("API key is not valid"));
    return nullptr;
}

std::optional<EmulatorReply> DailyEmulator::authenticationError(const QHttpServerRequest &request) const
{
    EmulatorReply refusal;
    const DailyAccount *account = accountOf(request, &refusal);
    if (!account)
        return refusal;
    if (account != m_accounts.front().get())
        return errorReply(403, QStringLiteral("the emulator keeps webhooks for its first account only"));
    return std::nullopt;
}

EmulatorReply DailyEmulator::createMeetingToken(const QHttpServerRequest &request, const DailyAccount &account) const
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
            return errorReply(400,
                              QStringLiteral("properties must be an object, got %1").arg(describeJsonValue(value)));
        properties = value.toObject();
    }

    const ActionSpec declaration = tokenDeclaration();
    if (declaration.hasError())
        return errorReply(500, declaration.errorString());
    const ActionErrors errors = declaration.validate(properties);
    if (!errors.isEmpty())
        return errorReply(400, EmulatorDeclarations::describe(errors.constFirst()));
    ActionErrors unclaimed;
    QJsonObject claims = ClaimMapping::toClaims(declaration, properties, &unclaimed);
    for (const ActionError &property : std::as_const(unclaimed)) {
        bool wellFormed = false;
        const Internal::JsonPointer at = Internal::JsonPointer::parse(property.field, &wellFormed);
        if (wellFormed)
            insertUnclaimed(&claims, declaration.inputSchema(), at.tokens(), at.resolve(properties));
    }
    claims.insert(QStringLiteral("d"), account.domainId);
    claims.insert(QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch());

    EmulatorReply reply = EmulatorReply::json(
        200, {{QStringLiteral("token"),
               QString::fromLatin1(EmulatorDeclarations::signedToken(declaration, claims, account.apiKey))}});
    reply.tokenIssued = true;
    return reply;
}

EmulatorReply DailyEmulator::validateMeetingToken(const QHttpServerRequest &request, const QString &token,
                                                  const DailyAccount &account) const
{
    const QByteArray compact = token.toUtf8();
    QString error;
    if (!Jwt::verify(compact, account.apiKey, &error))
        return errorReply(400, QStringLiteral("meeting token is not valid: %1").arg(error));

    const QJsonObject claims = Jwt::decode(compact).claims;
    if (claims.value(QLatin1String("d")).toString() != account.domainId)
        return errorReply(400, QStringLiteral("meeting token is not valid: it was issued for "
                                              "another domain"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (exp.isDouble() && exp.toInteger() <= now)
        return errorReply(400, QStringLiteral("meeting token is not valid: it expired at %1").arg(exp.toInteger()));
    const QJsonValue nbf = claims.value(QLatin1String("nbf"));
    const bool ignoreNbf = request.query().queryItemValue(QStringLiteral("ignoreNbf")) == QLatin1String("true");
    if (!ignoreNbf && nbf.isDouble() && nbf.toInteger() > now)
        return errorReply(400, QStringLiteral("meeting token is not valid before %1; pass "
                                              "ignoreNbf=true to validate it anyway")
                                   .arg(nbf.toInteger()));
    return EmulatorReply::json(200, propertiesFromClaims(claims));
}

EmulatorReply DailyEmulator::domainConfig(const DailyAccount &account)
{
    return EmulatorReply::json(200, {{QStringLiteral("domain_name"), account.domainName},
                                     {QStringLiteral("domain_id"), account.domainId},
                                     {QStringLiteral("config"), QJsonObject()}});
}

ActionSpec DailyEmulator::tokenDeclaration() const
{
    return m_server->declarations().action(provider, tokenDeclarationFile);
}

QJsonObject DailyEmulator::propertiesFromClaims(const QJsonObject &claims) const
{
    QJsonObject tokenClaims = claims;
    tokenClaims.remove(QStringLiteral("iat"));
    const QJsonValue domainId = tokenClaims.take(QStringLiteral("d"));
    QJsonObject properties = ClaimMapping::fromClaims(tokenDeclaration(), tokenClaims);
    if (!domainId.isUndefined())
        properties.insert(QStringLiteral("domain_id"), domainId);
    return properties;
}

} // namespace ActionNode
