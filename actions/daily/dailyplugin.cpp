#include "dailyplugin.h"

#include <actionnode/claimmapping.h>
#include <actionnode/jwt.h>
#include <actionnode/restcall.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrl>

#include <algorithm>

using namespace ActionNode;

Q_LOGGING_CATEGORY(lcDaily, "actionnode.daily", QtInfoMsg)

namespace {

ActionResult configurationError(const QString &setting, const QString &message)
{
    return ActionResult::failure(ActionResult::Status::ConfigurationError,
                                 {{QStringLiteral("connection_error"), setting, {}, message}});
}

// \a text as it may stand in a URL path or host: percent-encoded where needed.
QString percentEncoded(const QString &text)
{
    const bool unreserved = std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
            || c == u'_' || c == u'.' || c == u'~';
    });
    return unreserved ? text : QString::fromUtf8(QUrl::toPercentEncoding(text));
}

// The declaration's join URL template with {domain}, {room_name} (both
// percent-encoded) and {token} filled in, in one pass.
QString joinUrl(const QString &urlTemplate, const QString &domain, const QString &room, const QString &token)
{
    QString url;
    url.reserve(urlTemplate.size() + domain.size() + room.size() + token.size());
    qsizetype position = 0;
    while (position < urlTemplate.size()) {
        const qsizetype open = urlTemplate.indexOf(QLatin1Char('{'), position);
        const qsizetype close = open < 0 ? -1 : urlTemplate.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            break;
        url.append(QStringView(urlTemplate).mid(position, open - position));
        const QStringView name = QStringView(urlTemplate).mid(open + 1, close - open - 1);
        if (name == u"domain")
            url.append(percentEncoded(domain));
        else if (name == u"room_name")
            url.append(percentEncoded(room));
        else if (name == u"token")
            url.append(token);
        else
            url.append(QStringView(urlTemplate).mid(open, close - open + 1));
        position = close + 1;
    }
    url.append(QStringView(urlTemplate).mid(position));
    return url;
}

// The token, and the join URL when the domain and the room are known.
QJsonObject outputsFor(const QString &urlTemplate, const QJsonObject &inputs, const Connection &connection,
                       const QString &token)
{
    const QString domain = connection.value(QStringLiteral("domain"));
    const QString room = inputs.value(QLatin1String("room_name")).toString();
    if (domain.isEmpty() || room.isEmpty() || urlTemplate.isEmpty())
        return {{QStringLiteral("token"), token}};
    return {{QStringLiteral("token"), token}, {QStringLiteral("join_url"), joinUrl(urlTemplate, domain, room, token)}};
}

// Daily answers errors as {"error": "<type>", "info": "<text>"}.
ActionResult providerFailure(const RestCall::Reply &reply)
{
    if (!reply.hasHttpStatus())
        return ActionResult::failure(ActionResult::Status::NetworkFailed,
                                     {{QStringLiteral("network_error"), {}, {},
                                       QStringLiteral("Daily could not be reached after %1 attempt(s): %2")
                                           .arg(reply.attempts).arg(reply.errorString)}});
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    const QString type = body.value(QStringLiteral("error")).toString();
    const QString info = body.value(QStringLiteral("info")).toString();
    QString message = QStringLiteral("Daily answered HTTP %1").arg(reply.status);
    if (!type.isEmpty())
        message += QStringLiteral(" (%1)").arg(type);
    if (!info.isEmpty())
        message += QStringLiteral(": ") + info;
    if (!reply.errorString.isEmpty()) // a redirect not followed
        message += QStringLiteral("; ") + reply.errorString;
    if (reply.attempts > 1)
        message += QStringLiteral(" after %1 attempts").arg(reply.attempts);
    return ActionResult::failure(ActionResult::Status::ProviderFailed,
                                 {{QStringLiteral("provider_error"), {}, QStringLiteral("http_%1").arg(reply.status), message}});
}

} // namespace

QFuture<ActionResult> DailyProviderPlugin::invoke(const ActionSpec &action, const QJsonObject &inputs,
                                                  const Connection &connection)
{
    if (!connection.hasValue(QStringLiteral("api_key")))
        return QtFuture::makeReadyFuture(configurationError(
            QStringLiteral("api_key"), QStringLiteral("no Daily API key: set DAILY_API_KEY or the connection's api_key")));
    const QString mode = connection.value(QStringLiteral("token_mode"));
    if (mode == QLatin1String("self-signed"))
        return QtFuture::makeReadyFuture(signLocally(action, inputs, connection));
    if (mode == QLatin1String("rest"))
        return requestToken(action, inputs, connection);
    return QtFuture::makeReadyFuture(configurationError(
        QStringLiteral("token_mode"), QStringLiteral("unknown token mode \"%1\"; use rest or self-signed").arg(mode)));
}

DailyProviderPlugin::SigningParameters DailyProviderPlugin::signingParameters(const ActionSpec &action) const
{
    const QJsonObject transport = action.transport();
    const QMutexLocker locker(&m_parametersLock);
    const auto known = m_parameters.constFind(action.id());
    // Copies of one declaration share their data, so this comparison is a pointer check.
    if (known != m_parameters.constEnd() && known->transport == transport)
        return *known;
    const QJsonObject selfSigned = transport.value(QLatin1String("selfSigned")).toObject();
    const SigningParameters parameters{
        transport,
        selfSigned.value(QLatin1String("domainClaim")).toString(),
        selfSigned.value(QLatin1String("issuedAtClaim")).toString(),
        selfSigned.value(QLatin1String("algorithm")).toString() == QLatin1String("HS512") ? Jwt::Algorithm::HS512
                                                                                         : Jwt::Algorithm::HS256,
        transport.value(QLatin1String("joinUrl")).toString()};
    m_parameters.insert(action.id(), parameters);
    return parameters;
}

ActionResult DailyProviderPlugin::signLocally(const ActionSpec &action, const QJsonObject &inputs,
                                              const Connection &connection) const
{
    const QString domainId = connection.value(QStringLiteral("domain_id"));
    if (domainId.isEmpty())
        return configurationError(QStringLiteral("domain_id"),
                                  QStringLiteral("self-signed tokens need the Daily domain id: set DAILY_DOMAIN_ID "
                                                 "(domain_id in the answer of GET /v1/)"));
    const SigningParameters parameters = signingParameters(action);
    ActionErrors unmapped;
    const QByteArray payload = ClaimMapping::toClaimsJson(
        action, inputs,
        {{parameters.domainClaim, domainId}, {parameters.issuedAtClaim, QDateTime::currentSecsSinceEpoch()}}, &unmapped);
    if (!unmapped.isEmpty())
        return ActionResult::failure(ActionResult::Status::InvalidInput, unmapped);
    const QByteArray token = Jwt::signPayload(payload, connection.value(QStringLiteral("api_key")).toUtf8(), parameters.algorithm);
    return ActionResult::success(outputsFor(parameters.joinUrl, inputs, connection, QString::fromLatin1(token)));
}

QFuture<ActionResult> DailyProviderPlugin::requestToken(const ActionSpec &action, const QJsonObject &inputs,
                                                        const Connection &connection)
{
    const QJsonObject rest = action.transport().value(QStringLiteral("rest")).toObject();
    QJsonObject properties;
    for (auto it = inputs.begin(); it != inputs.end(); ++it)
        properties.insert(action.field(it.key()).restName(), it.value());

    RestCall::Request request;
    const ActionErrors problems = RestCall::prepare(&request, connection, connection.value(QStringLiteral("api_base")),
                                                    QStringLiteral("api_base"), rest.value(QStringLiteral("path")).toString());
    if (!problems.isEmpty())
        return QtFuture::makeReadyFuture(ActionResult::failure(ActionResult::Status::ConfigurationError, problems));
    request.method = rest.value(QStringLiteral("method")).toString().toLatin1();
    request.body = QJsonDocument(QJsonObject{{rest.value(QStringLiteral("bodyProperty")).toString(), properties}})
                       .toJson(QJsonDocument::Compact);
    request.headers = {{"Content-Type", "application/json"},
                       {"Authorization", "Bearer " + connection.value(QStringLiteral("api_key")).toUtf8()}};

    const QString tokenProperty = rest.value(QStringLiteral("tokenProperty")).toString();
    return RestCall::start(RestCall::threadNetwork(), request)
        .then([action, inputs, connection, tokenProperty](const RestCall::Reply &reply) {
            if (reply.status != 200)
                return providerFailure(reply);
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(reply.body, &parseError);
            const QString token = document.object().value(tokenProperty).toString();
            if (token.isEmpty())
                return ActionResult::failure(
                    ActionResult::Status::ProviderFailed,
                    {{QStringLiteral("provider_error"), {}, QStringLiteral("malformed_reply"),
                      QStringLiteral("Daily answered HTTP 200 without a \"%1\" string (%2)")
                          .arg(tokenProperty, parseError.error == QJsonParseError::NoError
                                                  ? QStringLiteral("valid JSON")
                                                  : QStringLiteral("not JSON: ") + parseError.errorString())}});
            qCDebug(lcDaily) << "token created in" << reply.attempts << "attempt(s)";
            return ActionResult::success(outputsFor(action.transport().value(QLatin1String("joinUrl")).toString(),
                                                    inputs, connection, token));
        });
}
