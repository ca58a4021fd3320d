#include "claimplan.h"

#include "compactjson.h"
#include "rfc3339.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace ActionNode {

ClaimPlan::ClaimPlan(const QJsonObject &objectSchema, bool topLevel) : m_topLevel(topLevel)
{
    const QJsonObject properties = objectSchema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonObject schema = it.value().toObject();
        Claim claim;
        claim.name = schema.value(QLatin1String("x-claim")).toString().toUtf8();
        claim.label = schema.value(QLatin1String("title")).toString(it.key());
        const QJsonObject codes = schema.value(QLatin1String("x-claimValues")).toObject();
        for (auto code = codes.begin(); code != codes.end(); ++code)
            claim.codes.insert(code.key(), code.value().toString());
        claim.separator = schema.value(QLatin1String("x-claimJoin")).toString();
        claim.unixTime = schema.value(QLatin1String("x-claimEncoding")).toString() == QLatin1String("unixTime");
        if (!schema.value(QLatin1String("properties")).toObject().isEmpty())
            claim.members = std::make_shared<const ClaimPlan>(schema, false);
        m_claims.insert(it.key(), claim);
    }
}

void ClaimPlan::write(CompactJson::SortedObject *claims, const QJsonObject &object, const QString &pointer,
                      ActionErrors *unmapped) const
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const auto claim = m_claims.constFind(key);
        if (claim == m_claims.constEnd() || claim->name.isEmpty()) {
            const QString message = m_topLevel && claim != m_claims.constEnd()
                ? QStringLiteral("\"%1\" has no self-signed token claim; use the REST token mode").arg(claim->label)
                : QStringLiteral("has no self-signed token claim; use the REST token mode");
            unmapped->append({QStringLiteral("not_self_signable"), pointer + QLatin1Char('/') + key,
                              QStringLiteral("x-claim"), message});
            continue;
        }
        writeValue(claims->beginMember(claim->name), *claim, it.value(), pointer, key, unmapped);
        claims->endMember();
    }
}

void ClaimPlan::writeValue(std::string *out, const Claim &claim, const QJsonValue &value, const QString &parentPointer,
                           const QString &key, ActionErrors *unmapped) const
{
    if (value.isString()) {
        const QString text = value.toString();
        if (claim.unixTime) {
            const QDateTime time = Rfc3339::parse(text);
            if (time.isValid())
                return CompactJson::appendNumber(out, double(time.toSecsSinceEpoch()));
        }
        return CompactJson::appendString(out, claim.codes.value(text, text));
    }
    if (value.isArray() && !claim.codes.isEmpty()) {
        QStringList encoded;
        for (const QJsonValue &item : value.toArray())
            encoded.append(claim.codes.value(item.toString(), item.toString()));
        if (!claim.separator.isEmpty())
            return CompactJson::appendString(out, encoded.join(claim.separator));
        return CompactJson::appendValue(out, QJsonArray::fromStringList(encoded));
    }
    if (value.isObject() && claim.members) {
        CompactJson::SortedObject members;
        claim.members->write(&members, value.toObject(), parentPointer + QLatin1Char('/') + key, unmapped);
        return members.writeTo(out);
    }
    CompactJson::appendValue(out, value);
}

} // namespace ActionNode
