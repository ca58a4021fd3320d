#include <actionnode/claimmapping.h>

#include "actioninputs_p.h"
#include "actionspec_p.h"
#include "claimplan.h"
#include "invocationplan.h"
#include "compactjson.h"

#include <QJsonDocument>

namespace ActionNode {

using namespace Internal;

namespace {

QByteArray payloadOf(CompactJson::SortedObject *claims, const QList<QPair<QString, QJsonValue>> &extraClaims)
{
    for (const auto &[claim, value] : extraClaims) {
        CompactJson::appendValue(claims->beginMember(claim), value);
        claims->endMember();
    }
    std::string payload;
    payload.reserve(256);
    claims->writeTo(&payload);
    return QByteArray(payload.data(), qsizetype(payload.size()));
}

} // namespace

QByteArray ClaimMapping::toClaimsJson(const ActionSpec &action, const ActionInputs &inputs,
                                      const QList<QPair<QString, QJsonValue>> &extraClaims, ActionErrors *unmapped)
{
    const ActionInputsData &data = ActionInputsData::of(inputs);
    const std::shared_ptr<const InvocationPlan> &plan = ActionSpecPrivate::invocationPlan(action);
    if (!plan || !plan->owns(data))
        return toClaimsJson(action, inputs.toJsonObject(), extraClaims, unmapped);
    CompactJson::SortedObject claims;
    plan->writeClaims(&claims, data, unmapped);
    return payloadOf(&claims, extraClaims);
}

QByteArray ClaimMapping::toClaimsJson(const ActionSpec &action, const QJsonObject &inputs,
                                      const QList<QPair<QString, QJsonValue>> &extraClaims, ActionErrors *unmapped)
{
    CompactJson::SortedObject claims;
    if (const ClaimPlan *plan = ActionSpecPrivate::claimPlan(action))
        plan->write(&claims, inputs, nullptr, unmapped);
    return payloadOf(&claims, extraClaims);
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
