#include <actionnode/metadatarenderer.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace ActionNode {

namespace {

QJsonObject fieldToJson(const FieldSpec &field)
{
    QJsonObject json{
        {QStringLiteral("key"), field.key()},
        {QStringLiteral("label"), field.label()},
        {QStringLiteral("type"), field.builderType()},
        {QStringLiteral("description"), field.description()},
        {QStringLiteral("required"), field.isRequired()},
    };
    if (!field.defaultValue().isUndefined())
        json.insert(QStringLiteral("default"), field.defaultValue());
    if (!field.options().isEmpty())
        json.insert(QStringLiteral("options"), field.options());
    const QJsonObject constraints = field.constraints();
    if (!constraints.isEmpty())
        json.insert(QStringLiteral("constraints"), constraints);
    return json;
}

QString valueText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
}

// Table cells cannot hold pipes or line breaks.
QString cell(QString text)
{
    return text.replace(QLatin1Char('|'), QLatin1String("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

// The seed-style description: help text, then options, limits, default or "Optional."
QString markdownDescription(const FieldSpec &field)
{
    QStringList parts{field.description()};
    if (!field.options().isEmpty()) {
        QStringList options;
        for (const QJsonValue &option : field.options())
            options.append(valueText(option));
        parts.append(QStringLiteral("Options: %1.").arg(options.join(QStringLiteral(", "))));
    }
    const QJsonObject constraints = field.constraints();
    if (constraints.contains(QLatin1String("maxLength")))
        parts.append(QStringLiteral("Max length is %1 characters.").arg(constraints.value(QLatin1String("maxLength")).toInt()));
    if (constraints.contains(QLatin1String("x-maxSerializedLength")))
        parts.append(QStringLiteral("At most %1 characters as JSON.").arg(constraints.value(QLatin1String("x-maxSerializedLength")).toInt()));
    if (constraints.contains(QLatin1String("exclusiveMinimum")))
        parts.append(QStringLiteral("More than %1.").arg(valueText(constraints.value(QLatin1String("exclusiveMinimum")))));
    if (constraints.contains(QLatin1String("minimum")))
        parts.append(QStringLiteral("Minimum %1.").arg(valueText(constraints.value(QLatin1String("minimum")))));
    if (constraints.contains(QLatin1String("maximum")))
        parts.append(QStringLiteral("Maximum %1.").arg(valueText(constraints.value(QLatin1String("maximum")))));
    if (field.isRequired())
        parts.append(QStringLiteral("Required."));
    else if (!field.defaultValue().isUndefined())
        parts.append(QStringLiteral("Default is %1.").arg(valueText(field.defaultValue())));
    else
        parts.append(QStringLiteral("Optional."));
    return cell(parts.join(QLatin1Char(' ')));
}

} // namespace

QJsonObject MetadataRenderer::toJson(const ActionSpec &action, const License &license)
{
    QJsonArray groups;
    for (const FieldGroup &group : action.groups()) {
        const bool locked = !group.bundleId.isEmpty() && !license.hasBundle(group.bundleId);
        QJsonArray fields;
        for (const QString &key : group.fieldKeys) {
            QJsonObject field = fieldToJson(action.field(key));
            field.insert(QStringLiteral("locked"), locked);
            if (!group.bundleId.isEmpty())
                field.insert(QStringLiteral("bundle"), action.bundle(group.bundleId).toJson());
            fields.append(field);
        }
        QJsonObject json{{QStringLiteral("id"), group.id},
                         {QStringLiteral("title"), group.title},
                         {QStringLiteral("locked"), locked},
                         {QStringLiteral("fields"), fields}};
        if (!group.bundleId.isEmpty())
            json.insert(QStringLiteral("bundle"), action.bundle(group.bundleId).toJson());
        groups.append(json);
    }
    QJsonArray outputs;
    for (const FieldSpec &output : action.outputs())
        outputs.append(fieldToJson(output));
    QJsonArray warnings;
    for (const QJsonValue &warning : action.declaration().value(QLatin1String("warnings")).toArray())
        warnings.append(warning);
    return {
        {QStringLiteral("id"), action.id()},
        {QStringLiteral("provider"), action.provider()},
        {QStringLiteral("version"), action.version()},
        {QStringLiteral("title"), action.title()},
        {QStringLiteral("description"), action.description()},
        {QStringLiteral("category"), action.category()},
        {QStringLiteral("groups"), groups},
        {QStringLiteral("outputs"), outputs},
        {QStringLiteral("warnings"), warnings},
    };
}

QString MetadataRenderer::toMarkdown(const ActionSpec &action, const License &license)
{
    QString text;
    if (!action.category().isEmpty())
        text += QStringLiteral("# %1\n\n").arg(action.category());
    text += QStringLiteral("## %1\n\n%2\n\n### Fields\n\n").arg(action.title(), action.description());
    for (const FieldGroup &group : action.groups()) {
        text += QStringLiteral("#### %1\n\n").arg(group.title);
        if (!group.bundleId.isEmpty()) {
            const BundleSpec bundle = action.bundle(group.bundleId);
            if (license.hasBundle(group.bundleId))
                text += QStringLiteral("> 🔓 Unlocked by your %1 license.\n\n").arg(bundle.title);
            else
                text += QStringLiteral("> 🔐 Bundle plugin only: %1\n\n").arg(bundle.upsell);
        }
        text += QStringLiteral("| Field | Type | Description |\n|---|---|---|\n");
        for (const QString &key : group.fieldKeys) {
            const FieldSpec field = action.field(key);
            text += QStringLiteral("| %1 | %2 | %3 |\n")
                        .arg(cell(field.label()), field.builderType(), markdownDescription(field));
        }
        text += QLatin1Char('\n');
    }
    text += QStringLiteral("### Returned Values\n\n| Value | Type | Description |\n|---|---|---|\n");
    for (const FieldSpec &output : action.outputs())
        text += QStringLiteral("| %1 | %2 | %3 |\n")
                    .arg(cell(output.label()), output.builderType(), cell(output.description()));
    const QJsonArray warnings = action.declaration().value(QLatin1String("warnings")).toArray();
    if (!warnings.isEmpty()) {
        text += QStringLiteral("\n### Warnings\n\n");
        for (const QJsonValue &warning : warnings)
            text += QStringLiteral("- `%1`: %2\n")
                        .arg(warning.toObject().value(QLatin1String("code")).toString(),
                             warning.toObject().value(QLatin1String("message")).toString());
    }
    return text;
}

QJsonObject MetadataRenderer::toJson(const TriggerSpec &trigger, const License &license)
{
    const BundleSpec bundle = trigger.bundle();
    const bool locked = !bundle.isNull() && !license.hasBundle(bundle.id);
    QJsonArray filters;
    for (const FieldSpec &filter : trigger.filters()) {
        QJsonObject field = fieldToJson(filter);
        field.insert(QStringLiteral("locked"), locked);
        filters.append(field);
    }
    const QJsonObject sample = trigger.sample();
    QJsonArray outputs;
    for (const FieldSpec &output : trigger.outputs()) {
        QJsonObject json = fieldToJson(output);
        if (sample.contains(output.key()))
            json.insert(QStringLiteral("sample"), sample.value(output.key()));
        outputs.append(json);
    }
    QJsonObject json{
        {QStringLiteral("id"), trigger.id()},
        {QStringLiteral("kind"), QStringLiteral("trigger")},
        {QStringLiteral("provider"), trigger.provider()},
        {QStringLiteral("version"), trigger.version()},
        {QStringLiteral("title"), trigger.title()},
        {QStringLiteral("description"), trigger.description()},
        {QStringLiteral("category"), trigger.category()},
        {QStringLiteral("eventTypes"), QJsonArray::fromStringList(trigger.eventTypes())},
        {QStringLiteral("locked"), locked},
        {QStringLiteral("groups"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("filters")},
                                                          {QStringLiteral("title"), QStringLiteral("Filters")},
                                                          {QStringLiteral("locked"), locked},
                                                          {QStringLiteral("fields"), filters}}}},
        {QStringLiteral("outputs"), outputs},
    };
    if (!bundle.isNull())
        json.insert(QStringLiteral("bundle"), bundle.toJson());
    return json;
}

QString MetadataRenderer::toMarkdown(const TriggerSpec &trigger, const License &license)
{
    QString text;
    if (!trigger.category().isEmpty())
        text += QStringLiteral("# %1\n\n").arg(trigger.category());
    text += QStringLiteral("## %1 (trigger)\n\n%2\n\nFires on: %3\n\n")
                .arg(trigger.title(), trigger.description(), trigger.eventTypes().join(QStringLiteral(", ")));
    const BundleSpec bundle = trigger.bundle();
    if (!bundle.isNull()) {
        if (license.hasBundle(bundle.id))
            text += QStringLiteral("> 🔓 Unlocked by your %1 license.\n\n").arg(bundle.title);
        else
            text += QStringLiteral("> 🔐 Bundle plugin only: %1\n\n").arg(bundle.upsell);
    }
    if (!trigger.filters().isEmpty()) {
        text += QStringLiteral("### Filters\n\n| Field | Type | Description |\n|---|---|---|\n");
        for (const FieldSpec &filter : trigger.filters())
            text += QStringLiteral("| %1 | %2 | %3 |\n")
                        .arg(cell(filter.label()), filter.builderType(), markdownDescription(filter));
        text += QLatin1Char('\n');
    }
    const QJsonObject sample = trigger.sample();
    text += QStringLiteral("### Returned Values\n\n| Value | Type | Description | Sample |\n|---|---|---|---|\n");
    for (const FieldSpec &output : trigger.outputs())
        text += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                    .arg(cell(output.label()), output.builderType(), cell(output.description()),
                         sample.contains(output.key()) ? cell(valueText(sample.value(output.key()))) : QString());
    return text;
}

} // namespace ActionNode
