#include <actionnode/sdk/claimmapping.h>

#include "actioninputs_p.h"
#include "actionspec_p.h"
#include "claimplan.h"
#include "invocationplan.h"

#include <QJsonDocument>

namespace ActionNode {

using namespace Internal;

namespace {

/*
    The buffer a payload is written into: one per thread, kept from token to
    token, so that a token's payload allocates only the QByteArray it is
    copied into (takePayload()). Nothing that writes a payload signs another,
    so one buffer serves a thread.
*/
std::string &payloadBuffer()
{
    thread_local std::string buffer;
    buffer.clear();
    return buffer;
}

QByteArray takePayload(std::string &buffer)
{
    const QByteArray payload(buffer.data(), qsizetype(buffer.size()));
    // A large payload does not keep its size allocated for the life of the thread.
    if (buffer.capacity() > 16 * 1024)
        std::string().swap(buffer);
    return payload;
}

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
    std::string &payload = payloadBuffer();
    plan->writeClaims(&payload, data, &extras, unmapped);
    return takePayload(payload);
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
    std::string &payload = payloadBuffer();
    if (const ClaimPlan *plan = ActionSpecPrivate::claimPlan(action))
        plan->write(&payload, inputs, &extras, unmapped);
    else
        ClaimObjectWriter(&payload, nullptr, &extras).finish();
    return takePayload(payload);
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
