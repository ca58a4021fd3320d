#include <actionnode/metadatarenderer.h>

#include "annotations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringList>

namespace ActionNode {

using namespace Internal;

namespace {

// "Shown when ...." as a sentence of the Markdown page.
QString shownWhenSentence(const ActionSpec &action, const QJsonObject &condition)
{
    QString sentence = action.shownWhenText(condition);
    if (!sentence.isEmpty())
        sentence[0] = sentence.at(0).toUpper();
    return sentence + QLatin1Char('.');
}

// What inputs and outputs have alike.
QJsonObject basicFieldJson(const FieldSpec &field)
{
    return {
        {QStringLiteral("key"), field.key()},
        {QStringLiteral("label"), field.label()},
        {QStringLiteral("type"), field.builderType()},
        {QStringLiteral("description"), field.description()},
        {QStringLiteral("required"), field.isRequired()},
    };
}

// An input field as any host shows it; trigger filters have no conditions.
QJsonObject inputFieldJson(const FieldSpec &field)
{
    QJsonObject json = basicFieldJson(field);
    if (!field.defaultValue().isUndefined())
        json.insert(QStringLiteral("default"), field.defaultValue());
    if (!field.options().isEmpty())
        json.insert(QStringLiteral("options"), field.options());
    const QJsonObject constraints = field.constraints();
    if (!constraints.isEmpty())
        json.insert(QStringLiteral("constraints"), constraints);
    if (!field.optionsFrom().isEmpty())
        json.insert(QStringLiteral("optionsFrom"), field.optionsFrom());
    return json;
}

QJsonObject fieldToJson(const ActionSpec &action, const FieldSpec &field)
{
    QJsonObject json = inputFieldJson(field);
    if (!field.visibleWhen().isEmpty()) {
        json.insert(QStringLiteral("visibleWhen"), field.visibleWhen());
        json.insert(QStringLiteral("visibleWhenText"), action.shownWhenText(field.visibleWhen()));
    }
    return json;
}

QJsonObject outputToJson(const FieldSpec &output)
{
    QJsonObject json = basicFieldJson(output);
    json.insert(QStringLiteral("sensitive"), output.isSensitive());
    if (const QStringList fields = output.sensitiveItemFields(); !fields.isEmpty())
        json.insert(QStringLiteral("sensitiveItemFields"), QJsonArray::fromStringList(fields));
    if (!output.sample().isUndefined())
        json.insert(QStringLiteral("sample"), output.sample());
    return json;
}

QJsonArray noticesToJson(const FieldGroup &group)
{
    QJsonArray notices;
    for (const FieldNotice &notice : group.notices) {
        QJsonObject json{{QStringLiteral("id"), notice.id}, {QStringLiteral("text"), notice.text}};
        if (!notice.after.isEmpty())
            json.insert(QStringLiteral("after"), notice.after);
        notices.append(json);
    }
    return notices;
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

// The seed-style description: help text, then options, limits, the condition
// under which \a action shows it (none without an action), default or "Optional."
QString markdownDescription(const FieldSpec &field, const ActionSpec *action = nullptr)
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
        parts.append(
            QStringLiteral("Max length is %1 characters.").arg(constraints.value(QLatin1String("maxLength")).toInt()));
    if (constraints.contains(Annotation::maxSerializedLength))
        parts.append(QStringLiteral("At most %1 characters as JSON.")
                         .arg(constraints.value(Annotation::maxSerializedLength).toInt()));
    if (constraints.contains(QLatin1String("exclusiveMinimum")))
        parts.append(
            QStringLiteral("More than %1.").arg(valueText(constraints.value(QLatin1String("exclusiveMinimum")))));
    if (constraints.contains(QLatin1String("minimum")))
        parts.append(QStringLiteral("Minimum %1.").arg(valueText(constraints.value(QLatin1String("minimum")))));
    if (constraints.contains(QLatin1String("maximum")))
        parts.append(QStringLiteral("Maximum %1.").arg(valueText(constraints.value(QLatin1String("maximum")))));
    if (!field.optionsFrom().isEmpty())
        parts.append(
            QStringLiteral("Options from %1.").arg(field.optionsFrom().value(QLatin1String("action")).toString()));
    if (action && !field.visibleWhen().isEmpty())
        parts.append(shownWhenSentence(*action, field.visibleWhen()));
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
    QSet<QString> lockedKeys;
    for (const FieldSpec &field : action.lockedFields(license))
        lockedKeys.insert(field.key());
    QJsonArray groups;
    for (const FieldGroup &group : action.groups()) {
        const bool locked = license.locks(group.bundleId);
        QJsonArray fields;
        for (const QString &key : group.fieldKeys) {
            QJsonObject field = fieldToJson(action, action.field(key));
            field.insert(QStringLiteral("locked"), lockedKeys.contains(key));
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
        if (!group.visibleWhen.isEmpty()) {
            json.insert(QStringLiteral("visibleWhen"), group.visibleWhen);
            json.insert(QStringLiteral("visibleWhenText"), action.shownWhenText(group.visibleWhen));
        }
        if (!group.notices.isEmpty())
            json.insert(QStringLiteral("notices"), noticesToJson(group));
        groups.append(json);
    }
    QJsonArray outputs;
    for (const FieldSpec &output : action.outputs())
        outputs.append(outputToJson(output));
    QJsonArray warnings;
    for (const QJsonValue &warning : action.declaration().value(QLatin1String("warnings")).toArray())
        warnings.append(warning);
    QJsonObject json{
        {QStringLiteral("id"), action.id()},
        {QStringLiteral("provider"), action.provider()},
        {QStringLiteral("version"), action.version()},
        {QStringLiteral("kind"), action.kind()},
        {QStringLiteral("hints"), action.hints()},
        {QStringLiteral("title"), action.title()},
        {QStringLiteral("description"), action.description()},
        {QStringLiteral("category"), action.category()},
        {QStringLiteral("groups"), groups},
        {QStringLiteral("outputs"), outputs},
        {QStringLiteral("warnings"), warnings},
    };
    if (!action.locale().isEmpty())
        json.insert(QStringLiteral("locale"), action.locale());
    return json;
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
            if (!license.locks(group.bundleId))
                text += QStringLiteral("> 🔓 Unlocked by your %1 license.\n\n").arg(bundle.title);
            else
                text += QStringLiteral("> 🔐 Bundle plugin only: %1\n\n").arg(bundle.upsell);
        }
        if (!group.visibleWhen.isEmpty())
            text += QStringLiteral("> %1\n\n").arg(shownWhenSentence(action, group.visibleWhen));
        // A notice after a field ends the table there; the rest follows in a new one.
        const auto noticesAfter = [&group](const QString &key) {
            QString notes;
            for (const FieldNotice &notice : group.notices) {
                if (notice.after == key)
                    notes += QStringLiteral("> ℹ️ %1\n\n").arg(cell(notice.text));
            }
            return notes;
        };
        text += noticesAfter({});
        const QString tableHeader = QStringLiteral("| Field | Type | Description |\n|---|---|---|\n");
        text += tableHeader;
        for (qsizetype k = 0; k < group.fieldKeys.size(); ++k) {
            const FieldSpec field = action.field(group.fieldKeys.at(k));
            text += QStringLiteral("| %1 | %2 | %3 |\n")
                        .arg(cell(field.label()), field.builderType(), markdownDescription(field, &action));
            const QString notes = noticesAfter(field.key());
            if (!notes.isEmpty())
                text += QLatin1Char('\n') + notes + (k + 1 < group.fieldKeys.size() ? tableHeader : QString());
        }
        if (!text.endsWith(QLatin1String("\n\n")))
            text += QLatin1Char('\n');
    }
    text += QStringLiteral("### Returned Values\n\n| Value | Type | Description | Sample |\n|---|---|---|---|\n");
    for (const FieldSpec &output : action.outputs()) {
        // A credential's sample is masked: a page is copied around, a token must not look usable.
        const QString sample = output.sample().isUndefined() ? QString()
                               : output.isSensitive()
                                   ? FieldSpec::maskText() + QStringLiteral(" (sensitive)")
                                   : QLatin1Char('`') + cell(valueText(output.masked(output.sample())))
                                         + QLatin1Char('`');
        text += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                    .arg(cell(output.label()), output.builderType(), cell(output.description()), sample);
    }
    const QJsonObject hints = action.hints();
    QStringList behaviour;
    behaviour.append(hints.value(QLatin1String("readOnly")).toBool() ? QStringLiteral("read-only")
                                                                     : QStringLiteral("changes data"));
    if (!hints.value(QLatin1String("readOnly")).toBool())
        behaviour.append(hints.value(QLatin1String("destructive")).toBool()
                             ? QStringLiteral("may delete or overwrite data")
                             : QStringLiteral("deletes nothing"));
    behaviour.append(hints.value(QLatin1String("idempotent")).toBool() ? QStringLiteral("safe to repeat")
                                                                       : QStringLiteral("each run has its own effect"));
    if (hints.value(QLatin1String("openWorld")).toBool())
        behaviour.append(QStringLiteral("calls the provider's service"));
    QString sentence = behaviour.join(QStringLiteral(", "));
    sentence[0] = sentence.at(0).toUpper();
    text += QStringLiteral("\n### Behaviour\n\n%1 (version %2).\n").arg(sentence, action.version());
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
    const bool locked = license.locks(bundle.id);
    QJsonArray filters;
    for (const FieldSpec &filter : trigger.filters()) {
        QJsonObject field = inputFieldJson(filter);
        field.insert(QStringLiteral("locked"), locked);
        filters.append(field);
    }
    const QJsonObject sample = trigger.sample();
    QJsonArray outputs;
    for (const FieldSpec &output : trigger.outputs()) {
        QJsonObject json = outputToJson(output);
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
        if (!license.locks(bundle.id))
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

QJsonObject MetadataRenderer::toolAnnotations(const ActionSpec &action)
{
    const QJsonObject hints = action.hints();
    return {{QStringLiteral("title"), action.title()},
            {QStringLiteral("readOnlyHint"), hints.value(QLatin1String("readOnly"))},
            {QStringLiteral("destructiveHint"), hints.value(QLatin1String("destructive"))},
            {QStringLiteral("idempotentHint"), hints.value(QLatin1String("idempotent"))},
            {QStringLiteral("openWorldHint"), hints.value(QLatin1String("openWorld"))}};
}

QString MetadataRenderer::conditionsText(const ActionSpec &action)
{
    QStringList conditions;
    for (const FieldGroup &group : action.groups()) {
        if (!group.visibleWhen.isEmpty())
            conditions.append(QStringLiteral("the %1 fields (%2) only when %3")
                                  .arg(group.title, group.fieldKeys.join(QStringLiteral(", ")),
                                       action.visibleWhenText(group.visibleWhen)));
        for (const QString &key : group.fieldKeys) {
            const QJsonObject condition = action.field(key).visibleWhen();
            if (!condition.isEmpty())
                conditions.append(QStringLiteral("%1 only when %2").arg(key, action.visibleWhenText(condition)));
        }
    }
    if (conditions.isEmpty())
        return {};
    return QStringLiteral("Conditional fields (refused when their condition does not hold): ")
           + conditions.join(QStringLiteral("; ")) + QLatin1Char('.');
}

} // namespace ActionNode
