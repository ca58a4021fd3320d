#include <actionnode/claimmapping.h>

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

#include <functional>

namespace ActionNode {

namespace {

const QLatin1String claimKey("x-claim");
const QLatin1String valuesKey("x-claimValues");
const QLatin1String joinKey("x-claimJoin");
const QLatin1String encodingKey("x-claimEncoding");

// RFC 3339, or a date alone meaning midnight UTC.
QDateTime parseTime(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid())
        return time;
    const QDate date = QDate::fromString(text, Qt::ISODate);
    return date.isValid() ? date.startOfDay(Qt::UTC) : QDateTime();
}

// \a pointer locates the value for error messages; built only when one is needed.
QJsonValue encode(const QJsonObject &schema, const QJsonValue &value, const std::function<QString()> &pointer,
                  ActionErrors *unmapped)
{
    // Booleans and numbers go as they are; most fields are such.
    if (value.isBool() || value.isDouble())
        return value;
    if (value.isString() && schema.value(encodingKey).toString() == QLatin1String("unixTime")) {
        const QDateTime time = parseTime(value.toString());
        if (time.isValid())
            return time.toSecsSinceEpoch();
    }
    const QJsonObject codes = schema.value(valuesKey).toObject();
    if (value.isString() && !codes.isEmpty())
        return codes.value(value.toString()).toString(value.toString());
    if (value.isArray() && !codes.isEmpty()) {
        QJsonArray encoded;
        for (const QJsonValue &item : value.toArray())
            encoded.append(codes.value(item.toString()).toString(item.toString()));
        const QString separator = schema.value(joinKey).toString();
        if (separator.isEmpty())
            return encoded;
        QStringList parts;
        for (const QJsonValue &item : std::as_const(encoded))
            parts.append(item.toString());
        return parts.join(separator);
    }
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    if (value.isObject() && !properties.isEmpty()) {
        QJsonObject encoded;
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
            encoded.insert(claim, encode(sub, it.value(), subPointer, unmapped));
        }
        return encoded;
    }
    return value;
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

QJsonObject ClaimMapping::toClaims(const ActionSpec &action, const QJsonObject &inputs,
                                   ActionErrors *unmapped)
{
    QJsonObject claims;
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
        claims.insert(field.claimName(), encode(field.schema(), it.value(), pointer, unmapped));
    }
    return claims;
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
