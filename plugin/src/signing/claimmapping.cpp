#include <actionnode/sdk/claimmapping.h>

#include "actioninputs_p.h"
#include "actionspec_p.h"
#include "claimplan.h"
#include "invocationplan.h"

#include <QJsonDocument>

namespace ActionNode {

using namespace Internal;

namespace {

QList<ExtraClaim> extraClaimsOf(const QList<QPair<QString, QJsonValue>> &claims)
{
    QList<ExtraClaim> written;
    written.reserve(claims.size());
    for (const auto &[name, value] : claims)
        written.append(ExtraClaim::of(name, value));
    return written;
}

} // namespace

QByteArray ClaimMapping::toClaimsJson(const ActionSpec &action, const ActionInputs &inputs,
                                      const QList<QPair<QString, QJsonValue>> &extraClaims, ActionErrors *unmapped)
{
    return signingPayload(action, inputs, extraClaimsOf(extraClaims), unmapped);
}

QByteArray ClaimMapping::signingPayload(const ActionSpec &action, const ActionInputs &inputs,
                                        const QList<ExtraClaim> &extraClaims, ActionErrors *unmapped)
{
    const ActionInputsData &data = ActionInputsData::of(inputs);
    const std::shared_ptr<const InvocationPlan> &plan = ActionSpecPrivate::invocationPlan(action);
    if (!plan || !plan->owns(data))
        return signingPayload(action, inputs.toJsonObject(), extraClaims, unmapped);
    const ExtraClaims extras(extraClaims);
    std::string &payload = CompactJson::threadBuffer();
    plan->writeClaims(&payload, data, &extras, unmapped);
    // A payload is signed and let go: the next one reuses its bytes.
    return CompactJson::takeReusedText(payload);
}

QByteArray ClaimMapping::toClaimsJson(const ActionSpec &action, const QJsonObject &inputs,
                                      const QList<QPair<QString, QJsonValue>> &extraClaims, ActionErrors *unmapped)
{
    return signingPayload(action, inputs, extraClaimsOf(extraClaims), unmapped);
}

QByteArray ClaimMapping::signingPayload(const ActionSpec &action, const QJsonObject &inputs,
                                        const QList<ExtraClaim> &extraClaims, ActionErrors *unmapped)
{
    const ExtraClaims extras(extraClaims);
    std::string &payload = CompactJson::threadBuffer();
    if (const ClaimPlan *plan = ActionSpecPrivate::claimPlan(action))
        plan->write(&payload, inputs, &extras, unmapped);
    else
        ClaimObjectWriter(&payload, nullptr, &extras).finish();
    return CompactJson::takeText(payload);
}

ExtraClaim ExtraClaim::of(const QString &name, const QJsonValue &value)
{
    return {name.toUtf8(), CompactJson::text(value)};
}

QJsonObject ClaimMapping::toClaims(const ActionSpec &action, const QJsonObject &inputs, ActionErrors *unmapped)
{
    return QJsonDocument::fromJson(toClaimsJson(action, inputs, {}, unmapped)).object();
}

QJsonObject ClaimMapping::fromClaims(const ActionSpec &action, const QJsonObject &claims)
{
    const ClaimPlan *plan = ActionSpecPrivate::claimPlan(action);
    return plan ? plan->decode(claims) : claims;
}

} // namespace ActionNode
