#include <actionnode/claimmapping.h>

#include "nlohmannjson.h"
#include "rfc3339.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <functional>

namespace ActionNode {

namespace {

const QLatin1String claimKey("x-claim");
const QLatin1String valuesKey("x-claimValues");
const QLatin1String joinKey("x-claimJoin");
const QLatin1String encodingKey("x-claimEncoding");

// Claims are built as nlohmann::json, which serializes several times faster
// than QJsonDocument: this runs for every self-signed token.
// \a pointer locates the value for error messages; built only when one is needed.
struct Binding
{
    QJsonObject codes;
    QString separator;
    QString encoding;

    static Binding of(const QJsonObject &schema)
    {
        return {schema.value(valuesKey).toObject(), schema.value(joinKey).toString(),
                schema.value(encodingKey).toString()};
    }
};

nlohmann::json encode(const QJsonObject &schema, const Binding &binding, const QJsonValue &value,
                      const std::function<QString()> &pointer, ActionErrors *unmapped)
{
    // Booleans and numbers go as they are; most fields are such.
    if (value.isBool() || value.isDouble())
        return toNlohmann(value);
    if (value.isString() && binding.encoding == QLatin1String("unixTime")) {
        const QDateTime time = Rfc3339::parse(value.toString());
        if (time.isValid())
            return time.toSecsSinceEpoch();
    }
    const QJsonObject &codes = binding.codes;
    if (value.isString() && !codes.isEmpty())
        return codes.value(value.toString()).toString(value.toString()).toStdString();
    if (value.isString())
        return value.toString().toStdString();
    if (value.isArray() && !codes.isEmpty()) {
        QStringList encoded;
        for (const QJsonValue &item : value.toArray())
            encoded.append(codes.value(item.toString()).toString(item.toString()));
        const QString &separator = binding.separator;
        if (!separator.isEmpty())
            return encoded.join(separator).toStdString();
        nlohmann::json list = nlohmann::json::array();
        for (const QString &item : std::as_const(encoded))
            list.push_back(item.toStdString());
        return list;
    }
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    if (value.isObject() && !properties.isEmpty()) {
        nlohmann::json encoded = nlohmann::json::object();
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonObject sub = properties.value(it.key()).toObject();
            const QString claim = sub.value(claimKey).toString();
            const QString key = it.key();
            const auto subPointer = [&pointer, key] { return pointer() + QLatin1Char('/') + key; };
            if (claim.isEmpty()) {
                unmapped->append({QStringLiteral("not_self_signable"), subPointer(), claimKey,
                                  QStringLiteral("has no self-signed token claim; use the REST token mode")});
                continue;
            }
            encoded[claim.toStdString()] = encode(sub, Binding::of(sub), it.value(), subPointer, unmapped);
        }
        return encoded;
    }
    return toNlohmann(value);
}

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
    nlohmann::json claims = nlohmann::json::object();
    for (auto it = inputs.begin(); it != inputs.end(); ++it) {
        const FieldSpec field = action.field(it.key());
        const QString key = it.key();
        const auto pointer = [key] { return QLatin1Char('/') + key; };
        if (field.claimName().isEmpty()) {
            unmapped->append({QStringLiteral("not_self_signable"), pointer(), claimKey,
                              QStringLiteral("\"%1\" has no self-signed token claim; use the REST token mode")
                                  .arg(field.label())});
            continue;
        }
        const Binding binding{field.claimValues(), field.claimJoin(), field.claimEncoding()};
        claims[field.claimName().toStdString()] = encode(field.schema(), binding, it.value(), pointer, unmapped);
    }
    for (const auto &[claim, value] : extraClaims)
        claims[claim.toStdString()] = toNlohmann(value);
    return QByteArray::fromStdString(claims.dump());
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
