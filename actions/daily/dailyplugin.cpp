#include "dailyplugin.h"

#include <actionnode/claimmapping.h>
#include <actionnode/errorcodes.h>
#include <actionnode/jwt.h>

#include <QDateTime>
#include <QLoggingCategory>

using namespace ActionNode;

// The plugin's one category (README.md's table lists every category): tokens signed locally.
Q_LOGGING_CATEGORY(lcDaily, "actionnode.daily", QtInfoMsg)

namespace {

ActionResult configurationError(const QString &setting, const QString &message)
{
    return ActionResult::failure(ActionResult::Status::ConfigurationError,
                                 {{ErrorCodes::name(ErrorCode::ConnectionError), setting, {}, message}});
}

} // namespace

ProviderOutcome DailyProviderPlugin::invoke(const ActionSpec &action, const ActionInputs &inputs,
                                            const Connection &connection)
{
    // Only declarations that can be self-signed depend on the token mode.
    const SigningParameters parameters = signingParameters(action);
    if (!parameters.selfSignable)
        return ProviderOutcome::declared();
    // The connection enforces the manifest: token_mode is rest or self-signed, api_key is set.
    if (connection.value(QStringLiteral("token_mode")) == QLatin1String("rest"))
        return ProviderOutcome::declared();
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
    // The meta-schema allows only the algorithms Jwt signs with, and selfSigned only with a tokenHeader.
    const QJsonObject header = transport.value(QLatin1String("tokenHeader")).toObject();
    // Only what differs from Jwt's own header, so that the usual header stays encoded once.
    QJsonObject headerFields = header;
    headerFields.remove(QStringLiteral("alg"));
    if (headerFields.value(QLatin1String("typ")) == QLatin1String("JWT"))
        headerFields.remove(QStringLiteral("typ"));
    const SigningParameters parameters{
        transport,
        !selfSigned.isEmpty(),
        selfSigned.value(QLatin1String("domainClaim")).toString(),
        selfSigned.value(QLatin1String("issuedAtClaim")).toString(),
        Jwt::algorithmNamed(header.value(QLatin1String("alg")).toString()).value_or(Jwt::Algorithm::HS256),
        headerFields};
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
        {{parameters.domainClaim, domainId}, {parameters.issuedAtClaim, QDateTime::currentSecsSinceEpoch()}},
        &unmapped);
    if (!unmapped.isEmpty())
        return ActionResult::failure(ActionResult::Status::InvalidInput, unmapped);
    const QByteArray token = Jwt::signPayload(payload, connection.value(QStringLiteral("api_key")).toUtf8(),
                                              parameters.algorithm, parameters.headerFields);
    qCDebug(lcDaily) << "token signed locally";
    // Handed over as text: no JSON value is built unless a host asks for one.
    ActionOutputs outputs;
    outputs.insertText(QStringLiteral("token"), QString::fromLatin1(token));
    return ActionResult::success(outputs);
}
