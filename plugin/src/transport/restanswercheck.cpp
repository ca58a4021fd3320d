#include "restanswercheck.h"

#include "charactercount.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace ActionNode::Internal {

namespace {

bool hasType(const QJsonValue &value, const QString &type)
{
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("integer"))
        return value.isDouble() && std::isfinite(value.toDouble()) && value.toDouble() == std::floor(value.toDouble());
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    return type == QLatin1String("null") && value.isNull();
}

QString article(const QString &type)
{
    return (type == QLatin1String("integer") || type == QLatin1String("object") || type == QLatin1String("array")
                ? QStringLiteral("an ")
                : QStringLiteral("a "))
           + (type == QLatin1String("string") ? QStringLiteral("text") : type);
}

// What was found, as a message can say it: the kind, and the value unless it may be a secret.
QString describe(const QJsonValue &value, bool sensitive)
{
    constexpr qsizetype maxShown = 40;
    switch (value.type()) {
    case QJsonValue::String: {
        const QString text = value.toString();
        if (text.isEmpty())
            return QStringLiteral("an empty text");
        if (sensitive)
            return QStringLiteral("a text of %1 characters").arg(characterCount(text));
        return QStringLiteral("the text \"%1\"")
            .arg(text.size() <= maxShown ? text : text.left(maxShown) + QStringLiteral("…"));
    }
    case QJsonValue::Double:
        return sensitive ? QStringLiteral("a number") : QStringLiteral("the number %1").arg(value.toDouble());
    case QJsonValue::Bool:
        return sensitive ? QStringLiteral("a boolean")
                         : (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Array: return QStringLiteral("an array");
    default: return QStringLiteral("null");
    }
}

} // namespace

RestAnswerCheck::RestAnswerCheck(const QList<QPair<QString, JsonPointer>> &mapped, const QJsonObject &outputSchema,
                                 const QStringList &alwaysRequired)
{
    const QJsonObject properties = outputSchema.value(QLatin1String("properties")).toObject();
    QStringList required = alwaysRequired;
    for (const QJsonValue &key : outputSchema.value(QLatin1String("required")).toArray())
        required.append(key.toString());
    for (const auto &[key, pointer] : mapped) {
        const QJsonObject schema = properties.value(key).toObject();
        const QJsonValue type = schema.value(QLatin1String("type"));
        QStringList types;
        if (type.isString())
            types.append(type.toString());
        for (const QJsonValue &name : type.toArray())
            types.append(name.toString());
        m_outputs.append({key, pointer, types, schema.value(QLatin1String("minLength")).toInteger(),
                          required.contains(key), schema.value(QLatin1String("sensitive")).toBool()});
    }
}

QString RestAnswerCheck::mismatch(const Output &output, const QJsonValue &value) const
{
    const QString where = output.pointer.isRoot() ? QStringLiteral("a body that is") : output.pointer.toString();
    if (!output.types.isEmpty()
        && std::none_of(output.types.begin(), output.types.end(),
                        [&value](const QString &type) { return hasType(value, type); })) {
        QStringList expected;
        for (const QString &type : output.types)
            expected.append(article(type));
        return QStringLiteral("with %1 %2 where %3 is declared")
            .arg(where, describe(value, output.sensitive), expected.join(QLatin1String(" or ")));
    }
    if (value.isString() && characterCount(value.toString()) < output.minLength)
        return QStringLiteral("with %1 %2 where a text of at least %3 character(s) is declared")
            .arg(where, describe(value, output.sensitive))
            .arg(output.minLength);
    return {};
}

std::optional<QJsonObject> RestAnswerCheck::read(const QByteArray &body, bool noContent, QString *problem) const
{
    if (m_outputs.isEmpty())
        return QJsonObject();
    QJsonValue document;
    if (!noContent || !body.trimmed().isEmpty()) {
        if (body.trimmed().isEmpty()) {
            *problem = QStringLiteral("with an empty body");
            return std::nullopt;
        }
        QJsonParseError parseError{};
        const QJsonDocument parsed = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *problem = QStringLiteral("with a body that is not JSON (%1 at offset %2)")
                           .arg(parseError.errorString())
                           .arg(parseError.offset);
            return std::nullopt;
        }
        document = parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(parsed.object());
    }
    QJsonObject outputs;
    for (const Output &output : m_outputs) {
        const QJsonValue value = output.pointer.resolve(document);
        if (value.isUndefined() || value.isNull()) {
            if (output.required) {
                *problem = output.pointer.isRoot() ? QStringLiteral("without a body")
                                                   : QStringLiteral("without %1").arg(output.pointer.toString());
                return std::nullopt;
            }
            continue;
        }
        if (const QString wrong = mismatch(output, value); !wrong.isEmpty()) {
            *problem = wrong;
            return std::nullopt;
        }
        outputs.insert(output.key, value);
    }
    return outputs;
}

} // namespace ActionNode::Internal
