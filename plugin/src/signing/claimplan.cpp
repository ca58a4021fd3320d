#include "claimplan.h"

#include "annotations.h"
#include <actionnode/errorcodes.h>

#include "compactjson.h"
#include "rfc3339.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace ActionNode::Internal {


ClaimBinding ClaimBinding::read(const QString &key, const QJsonObject &schema)
{
    ClaimBinding binding;
    binding.name = nameIn(schema);
    binding.utf8Name = binding.name.toUtf8();
    binding.label = schema.value(QLatin1String("title")).toString(key);
    const QJsonObject codes = schema.value(Annotation::claimValues).toObject();
    for (auto code = codes.begin(); code != codes.end(); ++code) {
        binding.codes.insert(code.key(), code.value().toString());
        binding.names.insert(code.value().toString(), code.key());
    }
    binding.separator = schema.value(Annotation::claimJoin).toString();
    binding.unixTime = schema.value(Annotation::claimEncoding).toString() == QLatin1String("unixTime");
    if (!schema.value(QLatin1String("properties")).toObject().isEmpty())
        binding.members = std::make_shared<const ClaimPlan>(schema, false);
    return binding;
}

QString ClaimBinding::nameIn(const QJsonObject &schema)
{
    return schema.value(Annotation::claim).toString();
}

ClaimPlan::ClaimPlan(const QJsonObject &objectSchema, bool topLevel) : m_topLevel(topLevel)
{
    const QJsonObject properties = objectSchema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const ClaimBinding binding = ClaimBinding::read(it.key(), it.value().toObject());
        // Two properties with one claim: the first (in key order) decodes it.
        if (!binding.name.isEmpty() && !m_keyOfClaim.contains(binding.name))
            m_keyOfClaim.insert(binding.name, it.key());
        m_claims.insert(it.key(), binding);
    }
}

const ClaimBinding *ClaimPlan::binding(const QString &key) const
{
    const auto it = m_claims.constFind(key);
    return it == m_claims.constEnd() ? nullptr : &*it;
}

void ClaimPlan::write(CompactJson::SortedObject *claims, const QJsonObject &object, const Location *at,
                      ActionErrors *unmapped) const
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        writeMember(claims, binding(key), it.value(), Location{at, key}, unmapped);
    }
}

void ClaimPlan::writeMember(CompactJson::SortedObject *claims, const ClaimBinding *binding, const QJsonValue &value,
                            const Location &at, ActionErrors *unmapped) const
{
    if (!binding || binding->name.isEmpty()) {
        const QString message =
            m_topLevel && binding
                ? QStringLiteral("\"%1\" has no self-signed token claim; use the REST token mode").arg(binding->label)
                : QStringLiteral("has no self-signed token claim; use the REST token mode");
        unmapped->append({ErrorCodes::name(ErrorCode::NotSelfSignable), at.pointer(), ErrorRule::Claim, message});
        return;
    }
    writeValue(claims->beginMember(QByteArrayView(binding->utf8Name)), *binding, value, at, unmapped);
    claims->endMember();
}

void ClaimPlan::writeString(CompactJson::SortedObject *claims, const ClaimBinding &binding, const QString &text)
{
    writeText(claims->beginMember(QByteArrayView(binding.utf8Name)), binding, text);
    claims->endMember();
}

void ClaimPlan::writeText(std::string *out, const ClaimBinding &claim, const QString &text)
{
    if (claim.unixTime) {
        const QDateTime time = Rfc3339::parse(text);
        if (time.isValid())
            return CompactJson::appendNumber(out, double(time.toSecsSinceEpoch()));
    }
    if (claim.codes.isEmpty())
        return CompactJson::appendString(out, text);
    return CompactJson::appendString(out, claim.codes.value(text, text));
}

void ClaimPlan::writeValue(std::string *out, const ClaimBinding &claim, const QJsonValue &value, const Location &at,
                           ActionErrors *unmapped)
{
    if (value.isString())
        return writeText(out, claim, value.toString());
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

QJsonObject ClaimPlan::decode(const QJsonObject &claims) const
{
    QJsonObject decoded;
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        const auto key = m_keyOfClaim.constFind(it.key());
        if (key == m_keyOfClaim.constEnd())
            decoded.insert(it.key(), it.value());
        else
            decoded.insert(*key, decodeValue(m_claims[*key], it.value()));
    }
    return decoded;
}

QJsonValue ClaimPlan::decodeValue(const ClaimBinding &claim, const QJsonValue &value)
{
    if (value.isDouble() && claim.unixTime)
        return QDateTime::fromSecsSinceEpoch(value.toInteger(), Qt::UTC).toString(Qt::ISODate);
    if (!claim.names.isEmpty() && (value.isString() || value.isArray())) {
        QStringList items;
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                items.append(item.toString());
        } else if (!claim.separator.isEmpty()) {
            items = value.toString().split(claim.separator, Qt::SkipEmptyParts);
        } else {
            return claim.names.value(value.toString(), value.toString());
        }
        QJsonArray decoded;
        for (const QString &item : std::as_const(items))
            decoded.append(claim.names.value(item, item));
        return decoded;
    }
    if (value.isObject() && claim.members)
        return claim.members->decode(value.toObject());
    return value;
}

} // namespace ActionNode::Internal
