#include "dailyplugin.h"

#include <actionnode/claimmapping.h>
#include <actionnode/jwt.h>

#include <QDateTime>
#include <QLoggingCategory>

using namespace ActionNode;

Q_LOGGING_CATEGORY(lcDaily, "actionnode.daily", QtInfoMsg)

namespace {

ActionResult configurationError(const QString &setting, const QString &message)
{
    return ActionResult::failure(ActionResult::Status::ConfigurationError,
                                 {{QStringLiteral("connection_error"), setting, {}, message}});
}

} // namespace

ProviderOutcome DailyProviderPlugin::invoke(const ActionSpec &action, const ActionInputs &inputs,
                                                                 const Connection &connection)
{
    // Only declarations that can be self-signed depend on the token mode.
    const SigningParameters parameters = signingParameters(action);
    if (!parameters.selfSignable)
        return ProviderOutcome::declared();
    const QString mode = connection.value(QStringLiteral("token_mode"));
    if (mode == QLatin1String("rest"))
        return ProviderOutcome::declared();
    if (mode != QLatin1String("self-signed"))
        return ProviderOutcome::finished(configurationError(
            QStringLiteral("token_mode"), QStringLiteral("unknown token mode \"%1\"; use rest or self-signed").arg(mode)));
    if (!connection.hasValue(QStringLiteral("api_key")))
        return ProviderOutcome::finished(configurationError(
            QStringLiteral("api_key"), QStringLiteral("no Daily API key: set DAILY_API_KEY or the connection's api_key")));
    return ProviderOutcome::finished(signLocally(action, parameters, inputs, connection));
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
        !selfSigned.isEmpty(),
        selfSigned.value(QLatin1String("domainClaim")).toString(),
        selfSigned.value(QLatin1String("issuedAtClaim")).toString(),
        selfSigned.value(QLatin1String("algorithm")).toString() == QLatin1String("HS512") ? Jwt::Algorithm::HS512
                                                                                         : Jwt::Algorithm::HS256};
    m_parameters.insert(action.id(), parameters);
    return parameters;
}

ActionResult DailyProviderPlugin::signLocally(const ActionSpec &action, const SigningParameters &parameters,
                                              const ActionInputs &inputs, const Connection &connection) const
{
    const QString domainId = connection.value(QStringLiteral("domain_id"));
    if (domainId.isEmpty())
        return configurationError(QStringLiteral("domain_id"),
                                  QStringLiteral("self-signed tokens need the Daily domain id: set DAILY_DOMAIN_ID "
                                                 "(domain_id in the answer of GET /v1/)"));
    ActionErrors unmapped;
    const QByteArray payload = ClaimMapping::toClaimsJson(
        action, inputs,
        {{parameters.domainClaim, domainId}, {parameters.issuedAtClaim, QDateTime::currentSecsSinceEpoch()}}, &unmapped);
    if (!unmapped.isEmpty())
        return ActionResult::failure(ActionResult::Status::InvalidInput, unmapped);
    const QByteArray token = Jwt::signPayload(payload, connection.value(QStringLiteral("api_key")).toUtf8(), parameters.algorithm);
    qCDebug(lcDaily) << "token signed locally";
    return ActionResult::success({{QStringLiteral("token"), QString::fromLatin1(token)}});
}
