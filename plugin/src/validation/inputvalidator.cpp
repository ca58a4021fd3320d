#include "inputvalidator.h"

#include "annotations.h"
#include <actionnode/errorcodes.h>

#include "charactercount.h"
#include "jsonpointer.h"
#include "rfc3339.h"

#include <QJsonDocument>
#include <QStringList>

namespace ActionNode::Internal {

namespace {

const QString invalidInput = ErrorCodes::name(ErrorCode::InvalidInput);

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return value.toDouble() == static_cast<double>(value.toInteger()) ? QStringLiteral("an integer")
                                                                          : QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("a list");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

QString schemaTypeName(const QJsonValue &type)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("string"), QStringLiteral("text")},
        {QStringLiteral("boolean"), QStringLiteral("true or false")},
        {QStringLiteral("integer"), QStringLiteral("a whole number")},
        {QStringLiteral("number"), QStringLiteral("a number")},
        {QStringLiteral("object"), QStringLiteral("an object")},
        {QStringLiteral("array"), QStringLiteral("a list")},
    };
    return names.value(type.toString(), type.toString());
}

// A short, printable rendering of a value for messages.
QString excerpt(const QJsonValue &value)
{
    QString text;
    if (value.isString())
        text = QLatin1Char('"') + value.toString() + QLatin1Char('"');
    else if (value.isDouble())
        text = QString::number(value.toDouble(), 'g', 17);
    else if (value.isBool())
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (value.isNull())
        text = QStringLiteral("null");
    else
        text = QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
    constexpr int limit = 60;
    if (text.size() <= limit)
        return text;
    // Never cut a character made of two UTF-16 units in half.
    const int cut = text.at(limit - 1).isHighSurrogate() ? limit - 1 : limit;
    return text.left(cut) + QStringLiteral("…");
}


QStringList pointerTokens(const QString &pointer)
{
    QStringList tokens = pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (QString &token : tokens)
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
    return tokens;
}

QJsonValue valueAt(const QJsonValue &root, const QString &pointer)
{
    QJsonValue value = root;
    for (const QString &token : pointerTokens(pointer)) {
        if (value.isObject())
            value = value.toObject().value(token);
        else if (value.isArray())
            value = value.toArray().at(token.toInt());
        else
            return QJsonValue(QJsonValue::Undefined);
    }
    return value;
}

QJsonObject schemaAt(const QJsonObject &root, const QString &pointer)
{
    QJsonObject schema = root;
    for (const QString &token : pointerTokens(pointer)) {
        if (schema.contains(QLatin1String("properties")))
            schema = schema.value(QLatin1String("properties")).toObject().value(token).toObject();
        else if (schema.contains(QLatin1String("items")))
            schema = schema.value(QLatin1String("items")).toObject();
        else
            return {};
    }
    return schema;
}

QString joinOptions(const QJsonArray &options)
{
    QStringList names;
    for (const QJsonValue &option : options)
        names.append(option.isString() ? option.toString() : excerpt(option));
    return names.join(QStringLiteral(", "));
}

// Numbers compare as numbers; strings as RFC 3339 dates (a date alone is midnight UTC).
std::optional<double> comparable(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        const QDateTime time = Rfc3339::parse(value.toString());
        if (time.isValid())
            return static_cast<double>(time.toMSecsSinceEpoch());
    }
    return std::nullopt;
}

} // namespace

bool InputValidator::compile(const QJsonObject &inputSchema, const QJsonArray &rules, QString *errorString,
                             JsonSchema::Origin origin)
{
    m_inputSchema = inputSchema;
    const QJsonObject properties = inputSchema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonValue limit = it.value().toObject().value(Annotation::maxSerializedLength);
        if (!limit.isUndefined())
            m_sizeLimits.append({it.key(), limit.toInt()});
    }
    for (const QJsonValue &value : rules) {
        const QJsonObject rule = value.toObject();
        // The meta-schema admits only these two kinds.
        const Rule::Kind kind = rule.value(QLatin1String("kind")).toString() == QLatin1String("absentWhen")
                                    ? Rule::Kind::AbsentWhen
                                    : Rule::Kind::GreaterThan;
        m_rules.append({kind, rule.value(QLatin1String("id")).toString(), rule.value(QLatin1String("field")).toString(),
                        rule.value(QLatin1String("other")).toString(), rule.value(QLatin1String("value")),
                        rule.value(QLatin1String("message")).toString()});
    }
    return m_schema.compile(inputSchema, errorString, origin);
}

ActionErrors InputValidator::validate(const QJsonObject &inputs) const
{
    ActionErrors errors;
    QStringList objectsWithUnknownFields;
    const QList<JsonSchema::Violation> violations = m_schema.validate(inputs);
    for (const JsonSchema::Violation &violation : violations) {
        // Only the summary of a failed anyOf is worth showing: its branches
        // fail by construction. Of nested anyOfs at one place, the outermost
        // (valijson lists it last) stands for all.
        const bool insideFailedAnyOf =
            std::any_of(violations.begin(), violations.end(), [&violation](const JsonSchema::Violation &other) {
                if (other.keyword != QLatin1String("anyOf") || &other == &violation)
                    return false;
                if (violation.pointer == other.pointer)
                    return violation.keyword != QLatin1String("anyOf") || &violation < &other;
                return violation.pointer.startsWith(other.pointer + QLatin1Char('/'));
            });
        // A value of the wrong type fails its other keywords too; say only that.
        const bool besideTypeError =
            violation.keyword != QLatin1String("type") && violation.keyword != QLatin1String("anyOf")
            && std::any_of(violations.begin(), violations.end(), [&violation](const JsonSchema::Violation &other) {
                   return other.keyword == QLatin1String("type") && other.pointer == violation.pointer;
               });
        if (insideFailedAnyOf || besideTypeError)
            continue;
        if (violation.keyword == QLatin1String("additionalProperties")) {
            // valijson names one unknown field per object; every one is reported.
            if (!objectsWithUnknownFields.contains(violation.pointer)) {
                objectsWithUnknownFields.append(violation.pointer);
                errors += describeUnknownFields(violation, inputs);
            }
            continue;
        }
        errors.append(describe(violation, inputs));
    }
    checkSerializedLengths(inputs, &errors);
    checkRules(inputs, &errors);
    return errors;
}

ActionError InputValidator::describe(const JsonSchema::Violation &violation, const QJsonObject &inputs) const
{
    ActionError error{invalidInput, violation.pointer, violation.keyword, violation.detail};
    const QJsonValue value = valueAt(inputs, violation.pointer);
    const QJsonObject schema = schemaAt(m_inputSchema, violation.pointer);
    const QString &keyword = violation.keyword;

    if (keyword == QLatin1String("required")) {
        error.field = violation.pointer + QLatin1Char('/') + JsonPointer::escapeToken(violation.property);
        error.message = QStringLiteral("is required");
    } else if (keyword == QLatin1String("type")) {
        error.message = QStringLiteral("must be %1, not %2 (%3)")
                            .arg(schemaTypeName(schema.value(QLatin1String("type"))), jsonTypeName(value),
                                 excerpt(value));
    } else if (keyword == QLatin1String("maxLength")) {
        error.message = QStringLiteral("is %1 characters long; at most %2 are allowed")
                            .arg(characterCount(value.toString()))
                            .arg(schema.value(keyword).toInt());
    } else if (keyword == QLatin1String("minLength")) {
        error.message = QStringLiteral("is %1 characters long; at least %2 are needed")
                            .arg(characterCount(value.toString()))
                            .arg(schema.value(keyword).toInt());
    } else if (keyword == QLatin1String("pattern")) {
        const QString hint = schema.value(Annotation::patternMessage).toString();
        error.message = QStringLiteral("%1 is not allowed: %2")
                            .arg(excerpt(value),
                                 hint.isEmpty() ? QStringLiteral("it must match ") + schema.value(keyword).toString()
                                                : hint);
    } else if (keyword == QLatin1String("enum")) {
        error.message = QStringLiteral("%1 is not one of the allowed values: %2")
                            .arg(excerpt(value), joinOptions(schema.value(keyword).toArray()));
    } else if (keyword == QLatin1String("minimum") || keyword == QLatin1String("maximum")
               || keyword == QLatin1String("exclusiveMinimum") || keyword == QLatin1String("exclusiveMaximum")) {
        static const QHash<QString, QString> bounds{
            {QStringLiteral("minimum"), QStringLiteral("at least")},
            {QStringLiteral("maximum"), QStringLiteral("at most")},
            {QStringLiteral("exclusiveMinimum"), QStringLiteral("more than")},
            {QStringLiteral("exclusiveMaximum"), QStringLiteral("less than")},
        };
        error.message = QStringLiteral("must be %1 %2, not %3")
                            .arg(bounds.value(keyword), excerpt(schema.value(keyword)), excerpt(value));
    } else if (keyword == QLatin1String("format")) {
        const QString format = schema.value(QLatin1String("format")).toString();
        error.message = QStringLiteral("%1 is not a valid %2").arg(excerpt(value), format);
    } else if (keyword == QLatin1String("anyOf")) {
        error.message = QStringLiteral("%1 has none of the allowed forms: %2")
                            .arg(excerpt(value), schema.value(QLatin1String("description")).toString());
    } else if (keyword == QLatin1String("uniqueItems")) {
        error.message = QStringLiteral("lists the same value more than once: %1").arg(excerpt(value));
    } else if (keyword == QLatin1String("maxItems")) {
        error.message = QStringLiteral("has %1 items; at most %2 are allowed")
                            .arg(value.toArray().size())
                            .arg(schema.value(keyword).toInt());
    }
    if (error.field.isEmpty())
        error.field = QStringLiteral("/");
    return error;
}

ActionErrors InputValidator::describeUnknownFields(const JsonSchema::Violation &violation,
                                                   const QJsonObject &inputs) const
{
    const QJsonObject known = schemaAt(m_inputSchema, violation.pointer).value(QLatin1String("properties")).toObject();
    const QString message =
        QStringLiteral("unknown field; known fields are: %1").arg(known.keys().join(QStringLiteral(", ")));
    const QJsonObject object = valueAt(inputs, violation.pointer).toObject();
    ActionErrors errors;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            errors.append({invalidInput, violation.pointer + QLatin1Char('/') + JsonPointer::escapeToken(it.key()),
                           violation.keyword, message});
    }
    return errors;
}

ActionErrors InputValidator::validateBesideSchema(const ActionInputs &inputs) const
{
    ActionErrors errors;
    checkSerializedLengths(inputs, &errors);
    checkRules(inputs, &errors);
    return errors;
}

template<typename Inputs>
void InputValidator::checkSerializedLengths(const Inputs &inputs, ActionErrors *errors) const
{
    for (const SizeLimit &limit : m_sizeLimits) {
        const QJsonValue value = inputs.value(limit.key);
        if (!value.isObject() && !value.isArray())
            continue;
        const QByteArray compact = value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                                    : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
        const qsizetype length = characterCount(QString::fromUtf8(compact));
        if (length > limit.maxLength)
            errors->append(
                {invalidInput, QLatin1Char('/') + limit.key, Annotation::maxSerializedLength,
                 QStringLiteral("is %1 characters as JSON; at most %2 are allowed").arg(length).arg(limit.maxLength)});
    }
}

template<typename Inputs>
void InputValidator::checkRules(const Inputs &inputs, ActionErrors *errors) const
{
    for (const Rule &rule : m_rules) {
        const QJsonValue fieldValue = inputs.value(rule.field);
        const QJsonValue otherValue = inputs.value(rule.other);
        if (fieldValue.isUndefined() || otherValue.isUndefined())
            continue;
        if (rule.kind == Rule::Kind::AbsentWhen) {
            if (otherValue == rule.value)
                errors->append({invalidInput, QLatin1Char('/') + rule.field, rule.id,
                                QStringLiteral("%1 (%2 is %3)").arg(rule.message, rule.other, excerpt(otherValue))});
            continue;
        }
        const auto value = comparable(fieldValue);
        const auto bound = comparable(otherValue);
        if (!value || !bound || *value > *bound)
            continue;
        errors->append({invalidInput, QLatin1Char('/') + rule.field, rule.id,
                        QStringLiteral("%1 (%2 is not later than %3)")
                            .arg(rule.message, excerpt(fieldValue), excerpt(otherValue))});
    }
}

} // namespace ActionNode::Internal
