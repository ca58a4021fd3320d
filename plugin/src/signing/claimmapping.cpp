#include <actionnode/claimmapping.h>

#include "claimplan.h"
#include "compactjson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace ActionNode {

using namespace Internal;

namespace {

const QLatin1String claimKey("x-claim");
const QLatin1String valuesKey("x-claimValues");
const QLatin1String joinKey("x-claimJoin");
const QLatin1String encodingKey("x-claimEncoding");

QJsonValue decode(const QJsonObject &schema, const QJsonValue &value)
{
    if (value.isDouble() && schema.value(encodingKey).toString() == QLatin1String("unixTime"))
        return QDateTime::fromSecsSinceEpoch(value.toInteger(), Qt::UTC).toString(Qt::ISODate);
    const QJsonObject codes = schema.value(valuesKey).toObject();
    if (!codes.isEmpty() && (value.isString() || value.isArray())) {
        QHash<QString, QString> names;
        for (auto it = codes.begin(); it != codes.end(); ++it)
            names.insert(it.value().toString(), it.key());
        const QString separator = schema.value(joinKey).toString();
        QStringList items;
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                items.append(item.toString());
        } else if (!separator.isEmpty()) {
            items = value.toString().split(separator, Qt::SkipEmptyParts);
        } else {
            return names.value(value.toString(), value.toString());
        }
        QJsonArray decoded;
        for (const QString &item : std::as_const(items))
            decoded.append(names.value(item, item));
        return decoded;
    }
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    if (value.isObject() && !properties.isEmpty()) {
        QJsonObject decoded;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            QString name = it.key();
            QJsonObject sub;
            for (auto p = properties.begin(); p != properties.end(); ++p) {
                if (p.value().toObject().value(claimKey).toString() == it.key()) {
                    name = p.key();
                    sub = p.value().toObject();
                    break;
                }
            }
            decoded.insert(name, decode(sub, it.value()));
        }
        return decoded;
    }
    return value;
}

} // namespace

QByteArray ClaimMapping::toClaimsJson(const ActionSpec &action, const QJsonObject &inputs,
                                      const QList<QPair<QString, QJsonValue>> &extraClaims,
                                      ActionErrors *unmapped)
{
    CompactJson::SortedObject claims;
    if (const ClaimPlan *plan = action.claimPlan())
        plan->write(&claims, inputs, nullptr, unmapped);
    for (const auto &[claim, value] : extraClaims) {
        CompactJson::appendValue(claims.beginMember(claim), value);
        claims.endMember();
    }
    std::string payload;
    payload.reserve(256);
    claims.writeTo(&payload);
    return QByteArray(payload.data(), qsizetype(payload.size()));
}

QJsonObject ClaimMapping::toClaims(const ActionSpec &action, const QJsonObject &inputs, ActionErrors *unmapped)
{
    return QJsonDocument::fromJson(toClaimsJson(action, inputs, {}, unmapped)).object();
}

QJsonObject ClaimMapping::fromClaims(const ActionSpec &action, const QJsonObject &claims)
{
    QHash<QString, FieldSpec> byClaim;
    for (const FieldSpec &field : action.fields()) {
        if (!field.claimName().isEmpty())
            byClaim.insert(field.claimName(), field);
    }
    QJsonObject inputs;
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        const auto field = byClaim.constFind(it.key());
        if (field == byClaim.constEnd())
            inputs.insert(it.key(), it.value());
        else
            inputs.insert(field->key(), decode(field->schema(), it.value()));
    }
    return inputs;
}

} // namespace ActionNode
