#include "claimplan.h"

#include <actionnode/errorcodes.h>

#include "compactjson.h"
#include "rfc3339.h"

#include <QDateTime>
#include <QJsonArray>

namespace ActionNode {

using namespace Internal;

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

void ClaimPlan::write(CompactJson::SortedObject *claims, const QJsonObject &object, const Location *at,
                      ActionErrors *unmapped) const
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const Location location{at, key};
        const auto claim = m_claims.constFind(key);
        if (claim == m_claims.constEnd() || claim->name.isEmpty()) {
            const QString message = m_topLevel && claim != m_claims.constEnd()
                ? QStringLiteral("\"%1\" has no self-signed token claim; use the REST token mode").arg(claim->label)
                : QStringLiteral("has no self-signed token claim; use the REST token mode");
            unmapped->append({ErrorCodes::name(ErrorCode::NotSelfSignable), location.pointer(),
                              ErrorRule::Claim, message});
            continue;
        }
        writeValue(claims->beginMember(QByteArrayView(claim->name)), *claim, it.value(), location, unmapped);
        claims->endMember();
    }
}

void ClaimPlan::writeValue(std::string *out, const Claim &claim, const QJsonValue &value, const Location &at,
                           ActionErrors *unmapped) const
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
        const QJsonArray items = value.toArray();
        const bool joined = !claim.separator.isEmpty();
        out->push_back(joined ? '"' : '[');
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0 && joined)
                CompactJson::appendEscaped(out, claim.separator);
            else if (i > 0)
                out->push_back(',');
            const QString text = items.at(i).toString();
            const QString code = claim.codes.value(text, text);
            if (joined)
                CompactJson::appendEscaped(out, code);
            else
                CompactJson::appendString(out, code);
        }
        out->push_back(joined ? '"' : ']');
        return;
    }
    if (value.isObject() && claim.members) {
        CompactJson::SortedObject members;
        claim.members->write(&members, value.toObject(), &at, unmapped);
        return members.writeTo(out);
    }
    CompactJson::appendValue(out, value);
}

} // namespace ActionNode
