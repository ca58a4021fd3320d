#include <actionnode/fieldspec.h>

#include <actionnode/errorcodes.h>

#include "annotations.h"
#include "claimplan.h"
#include "strictjson.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace ActionNode {

using namespace Internal;

namespace {
// Schema keywords that a builder needs to constrain its editor.
const char *const constraintKeywords[] = {
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    Annotation::maxSerializedLength.data(),
};

QString deriveBuilderType(const QJsonObject &schema)
{
    const QString declared = schema.value(Annotation::builderType).toString();
    if (!declared.isEmpty())
        return declared;
    const QString type = schema.value(QLatin1String("type")).toString();
    if (type == QLatin1String("boolean"))
        return QStringLiteral("Boolean");
    if (type == QLatin1String("number") || type == QLatin1String("integer"))
        return QStringLiteral("Number");
    if (type == QLatin1String("array"))
        return QStringLiteral("List");
    if (type == QLatin1String("object"))
        return QStringLiteral("Object");
    if (schema.contains(QLatin1String("enum")))
        return QStringLiteral("Enum");
    const QString format = schema.value(QLatin1String("format")).toString();
    if (format == QLatin1String("date-time") || format == QLatin1String("date"))
        return QStringLiteral("Date/Time");
    return QStringLiteral("Text");
}
} // namespace

class FieldSpecData : public QSharedData
{
public:
    QString key;
    QJsonObject schema;
    // Read once from the schema: they are looked up for every invocation.
    QString label;
    QString builderType;
    QString restName;
    QString claimName;
    QString groupId;
    QString bundleId;
    bool required = false;
};

FieldSpec::FieldSpec() : d(new FieldSpecData) {}

FieldSpec::FieldSpec(const QString &key, const QJsonObject &schema, bool required, const QString &groupId,
                     const QString &bundleId)
    : d(new FieldSpecData)
{
    d->key = key;
    d->schema = schema;
    d->label = schema.value(QLatin1String("title")).toString();
    d->builderType = deriveBuilderType(schema);
    const QJsonValue rest = schema.value(Annotation::rest);
    d->restName = rest.isObject() ? rest.toObject().value(QLatin1String("name")).toString(key) : rest.toString(key);
    d->claimName = ClaimBinding::nameIn(schema);
    d->required = required;
    d->groupId = groupId;
    d->bundleId = bundleId;
}

FieldSpec::FieldSpec(const FieldSpec &other) = default;
FieldSpec &FieldSpec::operator=(const FieldSpec &other) = default;
FieldSpec::~FieldSpec() = default;

QString FieldSpec::key() const
{
    return d->key;
}
QString FieldSpec::label() const
{
    return d->label;
}
QString FieldSpec::description() const
{
    return d->schema.value(QLatin1String("description")).toString();
}
QString FieldSpec::builderType() const
{
    return d->builderType;
}
QJsonValue FieldSpec::defaultValue() const
{
    return d->schema.value(QLatin1String("default"));
}
bool FieldSpec::isRequired() const
{
    return d->required;
}
QJsonArray FieldSpec::options() const
{
    if (d->schema.contains(QLatin1String("enum")))
        return d->schema.value(QLatin1String("enum")).toArray();
    // A list of enumerated values offers the values of its items.
    return d->schema.value(QLatin1String("items")).toObject().value(QLatin1String("enum")).toArray();
}

QJsonObject FieldSpec::constraints() const
{
    QJsonObject constraints;
    for (const char *keyword : constraintKeywords) {
        const QJsonValue value = d->schema.value(QLatin1String(keyword));
        if (!value.isUndefined())
            constraints.insert(QLatin1String(keyword), value);
    }
    return constraints;
}

QString FieldSpec::groupId() const
{
    return d->groupId;
}
QString FieldSpec::bundleId() const
{
    return d->bundleId;
}
QString FieldSpec::restName() const
{
    return d->restName;
}
QString FieldSpec::claimName() const
{
    return d->claimName;
}
QJsonObject FieldSpec::schema() const
{
    return d->schema;
}
QJsonObject FieldSpec::visibleWhen() const
{
    return d->schema.value(QLatin1String("visibleWhen")).toObject();
}
QJsonObject FieldSpec::optionsFrom() const
{
    return d->schema.value(QLatin1String("optionsFrom")).toObject();
}
QJsonValue FieldSpec::sample() const
{
    return d->schema.value(QLatin1String("examples")).toArray().at(0);
}
bool FieldSpec::isSensitive() const
{
    return d->schema.value(QLatin1String("sensitive")).toBool();
}
QStringList FieldSpec::sensitiveItemFields() const
{
    QStringList fields;
    const QJsonObject itemProperties =
        d->schema.value(QLatin1String("items")).toObject().value(QLatin1String("properties")).toObject();
    for (auto it = itemProperties.begin(); it != itemProperties.end(); ++it) {
        if (it.value().toObject().value(QLatin1String("sensitive")).toBool())
            fields.append(it.key());
    }
    return fields;
}
QJsonValue FieldSpec::masked(const QJsonValue &value) const
{
    if (isSensitive())
        return maskText();
    const QStringList fields = sensitiveItemFields();
    if (fields.isEmpty() || !value.isArray())
        return value;
    QJsonArray items = value.toArray();
    for (auto item = items.begin(); item != items.end(); ++item) {
        if (!item->isObject())
            continue;
        QJsonObject object = item->toObject();
        for (const QString &field : fields) {
            if (object.contains(field))
                object.insert(field, maskText());
        }
        *item = object;
    }
    return items;
}
QString FieldSpec::maskText()
{
    return QStringLiteral("••••••••");
}

namespace {

// Texts are quoted in problems up to this length, so that a long one does not flood a terminal.
constexpr qsizetype quotedTextLength = 64;

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text.left(quotedTextLength) + QLatin1Char('"');
}

// \a text as a JSON object or array, or undefined when it is neither (or not strict JSON).
QJsonValue jsonContainer(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    if (!strictJsonProblem(bytes).isEmpty())
        return QJsonValue::Undefined;
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (document.isObject())
        return document.object();
    if (document.isArray())
        return document.array();
    return QJsonValue::Undefined;
}

QJsonArray commaSeparated(const QString &text)
{
    return QJsonArray::fromStringList(text.split(QLatin1Char(','), Qt::SkipEmptyParts));
}

} // namespace

QJsonValue FieldSpec::valueFromText(const QString &text, QString *problem) const
{
    const QString type = d->schema.value(QLatin1String("type")).toString();
    const bool isBoolean = text == QLatin1String("true") || text == QLatin1String("false");
    if (type == QLatin1String("boolean")) {
        if (isBoolean)
            return text == QLatin1String("true");
        *problem = QStringLiteral("must be true or false, not %1").arg(quoted(text));
        return QJsonValue::Undefined;
    }
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (ok && std::isfinite(number))
            return number;
        *problem = QStringLiteral("must be a number, not %1").arg(quoted(text));
        return QJsonValue::Undefined;
    }
    if (type == QLatin1String("array"))
        return commaSeparated(text);
    if (type == QLatin1String("object")) {
        const QJsonValue object = jsonContainer(text);
        if (object.isObject())
            return object;
        *problem = QStringLiteral("must be a JSON object, not %1").arg(quoted(text));
        return QJsonValue::Undefined;
    }
    if (type.isEmpty()) {
        const QJsonValue container = jsonContainer(text);
        if (!container.isUndefined())
            return container;
        return isBoolean ? QJsonValue(text == QLatin1String("true")) : QJsonValue(commaSeparated(text));
    }
    return text;
}

QJsonObject FieldSpec::valuesFromText(const QList<FieldSpec> &fields, const QList<std::pair<QString, QString>> &texts,
                                      ActionErrors *errors)
{
    QJsonObject values;
    for (const auto &[key, text] : texts) {
        const auto field = std::find_if(fields.cbegin(), fields.cend(),
                                        [&key = key](const FieldSpec &candidate) { return candidate.key() == key; });
        if (field == fields.cend()) {
            values.insert(key, text);
            continue;
        }
        QString problem;
        const QJsonValue value = field->valueFromText(text, &problem);
        if (value.isUndefined())
            errors->append(
                {ErrorCodes::name(ErrorCode::InvalidInput), QLatin1Char('/') + key, QStringLiteral("type"), problem});
        else
            values.insert(key, value);
    }
    return values;
}

} // namespace ActionNode
