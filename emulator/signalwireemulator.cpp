#include "signalwireemulator.h"

#include "emulatorserver.h"

#include <actionnode/claimmapping.h>

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace ActionNode {

namespace {

const QString apiPrefix = QStringLiteral("/api/video");
const QString roomTokensPath = QStringLiteral("/api/video/room_tokens");
const QString provider = QStringLiteral("signalwire");
const QString tokenDeclarationFile = QStringLiteral("create-room-token.json");

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
        entries.append(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("validation_error")},
                        {QStringLiteral("code"), QStringLiteral("invalid_parameter")},
                        {QStringLiteral("message"), error.message},
                        {QStringLiteral("attribute"),
                         error.attribute.isEmpty() ? QJsonValue() : QJsonValue(error.attribute)},
                        {QStringLiteral("url"), QStringLiteral("https://developer.signalwire.com/rest/signalwire-rest/"
                                                               "overview/error-codes#field-invalid-parameter")}});
    return EmulatorReply::json(422, {{QStringLiteral("errors"), entries}});
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
    const ActionSpec declaration = m_server->declarations().action(provider, tokenDeclarationFile);
    if (declaration.hasError())
        return errorReply(500, declaration.errorString());
    QList<FieldError> errors;
    for (const ActionError &error : declaration.validate(body))
        errors.append(
            {EmulatorDeclarations::propertyPath(error), EmulatorDeclarations::describe(error, QStringLiteral(" "))});
    if (!errors.isEmpty())
        return validationErrors(errors);

    // Fields that are the server's business (join_as, media_allowed, ...) have no claim.
    ActionErrors serverSide;
    QJsonObject claims = ClaimMapping::toClaims(declaration, body, &serverSide);
    claims.insert(QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch());
    claims.insert(QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    claims.insert(QStringLiteral("sub"), m_projectId);
    // SignalWire's example token always carries acr and s; an audience member may do nothing.
    claims.insert(QStringLiteral("acr"), body.value(QStringLiteral("auto_create_room")).toBool(true));
    const bool audience = body.value(QStringLiteral("join_as")).toString() == QLatin1String("audience");
    claims.insert(QStringLiteral("s"), audience ? QJsonArray() : body.value(QStringLiteral("permissions")).toArray());
    EmulatorReply reply = EmulatorReply::json(
        200, {{QStringLiteral("token"),
               QString::fromLatin1(EmulatorDeclarations::signedToken(declaration, claims, m_apiToken))}});
    reply.tokenIssued = true;
    return reply;
}

} // namespace ActionNode
