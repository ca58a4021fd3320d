#include "claimplan.h"

#include "annotations.h"
#include <actionnode/errorcodes.h>

#include "compactjson.h"
#include "nlohmannjson.h"
#include "rfc3339.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>
#include <QVarLengthArray>

#include <algorithm>

namespace ActionNode::Internal {

ClaimBinding ClaimBinding::read(const QString &key, const QJsonObject &schema)
{
    ClaimBinding binding;
    binding.name = nameIn(schema);
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

ExtraClaims::ExtraClaims(const QList<ExtraClaim> &claims)
{
    m_claims.reserve(claims.size());
    for (const ExtraClaim &claim : claims) {
        m_claims.append({std::string_view(claim.name.constData(), size_t(claim.name.size())),
                         std::string_view(claim.json.constData(), size_t(claim.json.size())), m_claims.size()});
    }
    CompactJson::sortKeepingLast(
        m_claims, [](const Claim &claim) { return claim.name; },
        [](const Claim &a, const Claim &b) { return a.order < b.order; });
}

ClaimPlan::ClaimPlan(const QJsonObject &objectSchema, bool topLevel) : m_topLevel(topLevel)
{
    const QJsonObject properties = objectSchema.value(QLatin1String("properties")).toObject();
    std::vector<std::pair<QString, ClaimBinding>> bindings;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        ClaimBinding binding = ClaimBinding::read(it.key(), it.value().toObject());
        if (!binding.name.isEmpty()) {
            // Two properties with one claim: the first (in key order) decodes it.
            if (!m_keyOfClaim.contains(binding.name))
                m_keyOfClaim.insert(binding.name, it.key());
            m_claimNames.push_back(binding.name.toStdString());
        }
        bindings.emplace_back(it.key(), std::move(binding));
    }
    // std::string orders by unsigned bytes, as nlohmann::json's object keys are ordered.
    std::sort(m_claimNames.begin(), m_claimNames.end());
    m_claimNames.erase(std::unique(m_claimNames.begin(), m_claimNames.end()), m_claimNames.end());
    for (const std::string &name : m_claimNames) {
        std::string key;
        CompactJson::appendString(&key, QByteArrayView(name.data(), qsizetype(name.size())));
        key.push_back(':');
        m_memberKeys.push_back(std::move(key));
    }
    for (auto &[key, binding] : bindings) {
        if (!binding.name.isEmpty()) {
            const std::string name = binding.name.toStdString();
            binding.position = int(std::lower_bound(m_claimNames.begin(), m_claimNames.end(), name)
                                   - m_claimNames.begin());
        }
        m_claims.insert(key, std::move(binding));
    }
}

const ClaimBinding *ClaimPlan::binding(QStringView key) const
{
    return m_claims.find(key);
}

void ClaimPlan::write(std::string *out, const QJsonObject &object, const ExtraClaims *extras,
                      ActionErrors *unmapped) const
{
    if (!writeMembers(out, PackedJson::of(object).root(), extras))
        reportUnmapped(object, nullptr, unmapped);
}

bool ClaimPlan::writeMembers(std::string *out, const PackedJson::Value &object, const ExtraClaims *extras) const
{
    // The member each claim is written from: the last in key order binds it, as when a later member overwrote it.
    struct Source
    {
        PackedJson::Value value;
        const ClaimBinding *claim = nullptr;
    };
    QVarLengthArray<Source, 32> sources(m_claimNames.size());
    bool allClaimed = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const ClaimBinding *claim = m_claims.find(it.key());
        if (!claim || claim->position < 0) {
            allClaimed = false;
            continue;
        }
        // A member written over is not checked below: the caller's walk says whether it holds anything unclaimed.
        if (sources[claim->position].value.isValid())
            allClaimed = false;
        sources[claim->position] = {*it, claim};
    }
    ClaimObjectWriter writer(out, this, extras);
    for (int position = 0; position < int(sources.size()); ++position) {
        const Source &source = sources[position];
        if (source.value.isValid())
            allClaimed = writeValue(writer.member(position), *source.claim, source.value) && allClaimed;
    }
    writer.finish();
    return allClaimed;
}

void ClaimPlan::reportUnmapped(const QJsonObject &object, const Location *at, ActionErrors *unmapped) const
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const Location here{at, key};
        const ClaimBinding *claim = binding(key);
        if (!claim || claim->name.isEmpty()) {
            const QString message =
                m_topLevel && claim
                    ? QStringLiteral("\"%1\" has no self-signed token claim; use the REST token mode").arg(claim->label)
                    : QStringLiteral("has no self-signed token claim; use the REST token mode");
            unmapped->append({ErrorCodes::name(ErrorCode::NotSelfSignable), here.pointer(), ErrorRule::Claim, message});
        } else if (claim->members && it.value().isObject()) {
            claim->members->reportUnmapped(it.value().toObject(), &here, unmapped);
        }
    }
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
    return CompactJson::appendString(out, claim.codeOf(text));
}

void ClaimPlan::writeUtf8(std::string *out, const ClaimBinding &claim, std::string_view text)
{
    if (claim.unixTime) {
        const QDateTime time = Rfc3339::parse(utf8Text(text));
        if (time.isValid())
            return CompactJson::appendNumber(out, double(time.toSecsSinceEpoch()));
    }
    if (const QString *code = claim.codes.find(text))
        return CompactJson::appendString(out, *code);
    CompactJson::appendString(out, QByteArrayView(text.data(), qsizetype(text.size())));
}

bool ClaimPlan::writeValue(std::string *out, const ClaimBinding &claim, const PackedJson::Value &value)
{
    if (value.isString()) {
        writeUtf8(out, claim, value.text());
        return true;
    }
    if (value.isArray() && !claim.codes.isEmpty()) {
        const bool joined = !claim.separator.isEmpty();
        out->push_back(joined ? '"' : '[');
        for (auto item = value.begin(); item != value.end(); ++item) {
            if (item != value.begin() && joined)
                CompactJson::appendEscaped(out, claim.separator);
            else if (item != value.begin())
                out->push_back(',');
            // An item that is not a text stands for the empty text, as QJsonValue::toString() reads it.
            const PackedJson::Value read = *item;
            const std::string_view text = read.isString() ? read.text() : std::string_view();
            const QString *code = claim.codes.find(text);
            const QByteArrayView utf8(text.data(), qsizetype(text.size()));
            if (joined)
                code ? CompactJson::appendEscaped(out, *code) : CompactJson::appendEscaped(out, utf8);
            else
                code ? CompactJson::appendString(out, *code) : CompactJson::appendString(out, utf8);
        }
        out->push_back(joined ? '"' : ']');
        return true;
    }
    if (value.isObject() && claim.members)
        return claim.members->writeMembers(out, value, nullptr);
    CompactJson::appendValue(out, value);
    return true;
}

ClaimObjectWriter::ClaimObjectWriter(std::string *out, const ClaimPlan *plan, const ExtraClaims *extras)
    : m_out(out), m_plan(plan), m_extras(extras)
{
    m_out->push_back('{');
}

std::string *ClaimObjectWriter::member(int position)
{
    const std::string_view name = m_plan->claimName(position);
    bool replaced = false;
    while (m_extras && m_nextExtra < m_extras->size() && m_extras->name(m_nextExtra) <= name) {
        replaced = replaced || m_extras->name(m_nextExtra) == name;
        writeExtra();
    }
    if (replaced) {
        m_replaced.clear();
        return &m_replaced;
    }
    separate();
    m_out->append(m_plan->memberKey(position));
    return m_out;
}

void ClaimObjectWriter::finish()
{
    while (m_extras && m_nextExtra < m_extras->size())
        writeExtra();
    m_out->push_back('}');
}

void ClaimObjectWriter::writeExtra()
{
    separate();
    CompactJson::appendMember(m_out, m_extras->name(m_nextExtra), m_extras->json(m_nextExtra));
    ++m_nextExtra;
}

void ClaimObjectWriter::separate()
{
    if (!m_empty)
        m_out->push_back(',');
    m_empty = false;
}

QJsonObject ClaimPlan::decode(const QJsonObject &claims) const
{
    QJsonObject decoded;
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        const auto key = m_keyOfClaim.constFind(it.key());
        if (key == m_keyOfClaim.constEnd())
            decoded.insert(it.key(), it.value());
        else
            decoded.insert(*key, decodeValue(*m_claims.find(*key), it.value()));
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
