#include "dailyplugin.h"
#include "selfsigning.h"

#include <actionnode/sdk/claimmapping.h>
#include <actionnode/errorcodes.h>

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
    const QJsonObject transport = action.transport();
    std::shared_ptr<const SelfSigning> signing = std::atomic_load(&m_lastSigning);
    if (!signing || !signing->isFor(transport, connection)) {
        // Only declarations that can be self-signed depend on the token mode.
        if (!SelfSigning::isSelfSignable(transport))
            return ProviderOutcome::declared();
        signing = std::make_shared<const SelfSigning>(transport, connection);
        std::atomic_store(&m_lastSigning, signing);
    }
    if (!signing->signsLocally())
        return ProviderOutcome::declared();
    return ProviderOutcome::finished(signLocally(action, *signing, inputs));
}

ActionResult DailyProviderPlugin::signLocally(const ActionSpec &action, const SelfSigning &signing,
                                              const ActionInputs &inputs) const
{
    if (signing.domainId().isEmpty())
        return configurationError(QStringLiteral("domain_id"),
                                  QStringLiteral("self-signed tokens need the Daily domain id: set DAILY_DOMAIN_ID "
                                                 "(domain_id in the answer of GET /v1/)"));
    ActionErrors unmapped;
    const QByteArray payload = ClaimMapping::signingPayload(action, inputs,
                                                            signing.extraClaims(QDateTime::currentSecsSinceEpoch()),
                                                            &unmapped);
    if (!unmapped.isEmpty())
        return ActionResult::failure(ActionResult::Status::InvalidInput, unmapped);
    const QByteArray token = signing.sign(payload);
    qCDebug(lcDaily) << "token signed locally";
    // Handed over as the signed bytes: no QString and no JSON value is made unless a host asks for one.
    ActionOutputs outputs;
    outputs.insertUtf8(QStringLiteral("token"), token);
    return ActionResult::success(outputs);
}
