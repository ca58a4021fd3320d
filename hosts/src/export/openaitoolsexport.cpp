#include "openaitoolsexport.h"

#include "exportsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <optional>

namespace ActionNode {

namespace {

// Strict mode's rules: https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
// Keywords it takes as they are.
const QStringList KeptKeywords{QStringLiteral("type"),
                               QStringLiteral("enum"),
                               QStringLiteral("const"),
                               QStringLiteral("pattern"),
                               QStringLiteral("minimum"),
                               QStringLiteral("maximum"),
                               QStringLiteral("exclusiveMinimum"),
                               QStringLiteral("exclusiveMaximum"),
                               QStringLiteral("multipleOf"),
                               QStringLiteral("minItems"),
                               QStringLiteral("maxItems"),
                               QStringLiteral("description")};
// Annotations and limits it does not take: the descriptions say them and the host enforces them.
const QStringList DroppedKeywords{QStringLiteral("title"),       QStringLiteral("default"),
                                  QStringLiteral("examples"),    QStringLiteral("$comment"),
                                  QStringLiteral("minLength"),   QStringLiteral("maxLength"),
                                  QStringLiteral("uniqueItems"), QStringLiteral("sensitive"),
                                  QStringLiteral("visibleWhen"), QStringLiteral("optionsFrom")};
// Structure, converted below.
const QStringList StructureKeywords{
    QStringLiteral("properties"), QStringLiteral("required"), QStringLiteral("additionalProperties"),
    QStringLiteral("items"),      QStringLiteral("anyOf"),    QStringLiteral("format")};
const QStringList SupportedFormats{QStringLiteral("date-time"), QStringLiteral("time"),  QStringLiteral("date"),
                                   QStringLiteral("duration"),  QStringLiteral("email"), QStringLiteral("hostname"),
                                   QStringLiteral("ipv4"),      QStringLiteral("ipv6"),  QStringLiteral("uuid")};
// A function's name: letters, digits, '_' and '-', at most 64.
const QRegularExpression ToolNamePattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));

// The schema allowing null as well: how strict mode says "optional".
QJsonObject withNull(QJsonObject schema)
{
    const QJsonValue null(QJsonValue::Null);
    if (schema.contains(QLatin1String("anyOf"))) {
        QJsonArray anyOf = schema.value(QLatin1String("anyOf")).toArray();
        anyOf.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("null")}});
        schema.insert(QStringLiteral("anyOf"), anyOf);
        return schema;
    }
    if (schema.contains(QLatin1String("const")) || !schema.contains(QLatin1String("type"))) {
        // A const, or an enum without a type: one branch more.
        QJsonObject nullable{{QStringLiteral("anyOf"),
                              QJsonArray{schema, QJsonObject{{QStringLiteral("type"), QStringLiteral("null")}}}}};
        return nullable;
    }
    QJsonArray types = schema.value(QLatin1String("type")).isArray() ? schema.value(QLatin1String("type")).toArray()
                                                                     : QJsonArray{schema.value(QLatin1String("type"))};
    if (!types.contains(QStringLiteral("null")))
        types.append(QStringLiteral("null"));
    schema.insert(QStringLiteral("type"), types);
    if (schema.contains(QLatin1String("enum"))) {
        QJsonArray values = schema.value(QLatin1String("enum")).toArray();
        if (!values.contains(null))
            values.append(null);
        schema.insert(QStringLiteral("enum"), values);
    }
    return schema;
}

bool hasType(const QJsonObject &schema, const QString &type)
{
    const QJsonValue value = schema.value(QLatin1String("type"));
    return value.toString() == type || value.toArray().contains(type);
}

std::optional<QJsonObject> strictSchema(const QJsonObject &schema);

// A closed object of these properties, each required, those outside \a required allowing null.
std::optional<QJsonObject> strictObject(const QJsonObject &properties, const QJsonArray &required)
{
    QJsonObject strictProperties;
    QJsonArray keys;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        std::optional<QJsonObject> property = strictSchema(it.value().toObject());
        if (!property)
            return std::nullopt;
        strictProperties.insert(it.key(), required.contains(it.key()) ? *property : withNull(*property));
        keys.append(it.key());
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), strictProperties},
                       {QStringLiteral("required"), keys},
                       {QStringLiteral("additionalProperties"), false}};
}

/*
    The strict form of \a schema, or nothing when strict mode cannot say it:
    an object without properties or with open ones (a map), an array
    without one item schema, a value of any type, or a keyword outside the
    subset (allOf, not, if, $ref, ...).
*/
std::optional<QJsonObject> strictSchema(const QJsonObject &schema)
{
    QJsonObject strict;
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (it.key().startsWith(QLatin1String("x-")) || DroppedKeywords.contains(it.key()))
            continue;
        if (KeptKeywords.contains(it.key()))
            strict.insert(it.key(), it.value());
        else if (it.key() == QLatin1String("format") && SupportedFormats.contains(it.value().toString()))
            strict.insert(it.key(), it.value());
        else if (!StructureKeywords.contains(it.key()))
            return std::nullopt;
    }
    if (schema.contains(QLatin1String("anyOf"))) {
        QJsonArray branches;
        for (const QJsonValue &branch : schema.value(QLatin1String("anyOf")).toArray()) {
            const std::optional<QJsonObject> strictBranch = strictSchema(branch.toObject());
            if (!strictBranch)
                return std::nullopt;
            branches.append(*strictBranch);
        }
        strict.insert(QStringLiteral("anyOf"), branches);
    }
    if (hasType(schema, QStringLiteral("object"))) {
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        if (!schema.contains(QLatin1String("properties")) || additional.isObject() || additional == QJsonValue(true))
            return std::nullopt;
        const std::optional<QJsonObject> object = strictObject(schema.value(QLatin1String("properties")).toObject(),
                                                               schema.value(QLatin1String("required")).toArray());
        if (!object)
            return std::nullopt;
        for (auto it = object->begin(); it != object->end(); ++it)
            strict.insert(it.key(), it.value());
    }
    if (hasType(schema, QStringLiteral("array"))) {
        if (!schema.value(QLatin1String("items")).isObject())
            return std::nullopt;
        const std::optional<QJsonObject> items = strictSchema(schema.value(QLatin1String("items")).toObject());
        if (!items)
            return std::nullopt;
        strict.insert(QStringLiteral("items"), *items);
    }
    if (!strict.contains(QLatin1String("type")) && !strict.contains(QLatin1String("enum"))
        && !strict.contains(QLatin1String("const")) && !strict.contains(QLatin1String("anyOf")))
        return std::nullopt; // any value at all
    return strict;
}

QString hintsText(const QJsonObject &hints)
{
    if (hints.value(QLatin1String("readOnly")).toBool())
        return QStringLiteral("Reads only; changes nothing.");
    if (hints.value(QLatin1String("destructive")).toBool())
        return QStringLiteral("Destructive: it removes or overwrites what it names.");
    return {};
}

QByteArray jsonText(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson() : QJsonDocument(value.toObject()).toJson();
}

} // namespace

QString OpenAiToolsExport::builder() const
{
    return QStringLiteral("openai-tools");
}

bool OpenAiToolsExport::write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
                              QString *errorString) const
{
    ExportSource source;
    if (!ExportSource::read(session, options, &source, errorString))
        return false;
    QJsonArray tools;
    QJsonObject routes;
    QStringList toolRows;
    for (const ExportSource::Action &action : source.actions) {
        const QString name = ExportSource::keyOf(action.spec.id());
        if (!ToolNamePattern.match(name).hasMatch()) {
            *errorString = QStringLiteral("action \"%1\": its tool name \"%2\" is not 1 to 64 letters, digits, '_' "
                                          "or '-', as OpenAI wants")
                               .arg(action.spec.id(), name);
            return false;
        }
        const QJsonObject inputs = action.spec.inputSchema();
        const QJsonObject declared = inputs.value(QLatin1String("properties")).toObject();
        const QJsonArray required = inputs.value(QLatin1String("required")).toArray();
        QJsonObject properties;
        QJsonArray keys;
        QJsonArray sentAsText;
        for (const QJsonObject &field : ExportSource::fields(action.metadata)) {
            const QString key = field.value(QLatin1String("key")).toString();
            const bool isRequired = required.contains(key);
            std::optional<QJsonObject> property = strictSchema(declared.value(key).toObject());
            QString description = ExportSource::fieldNote(field);
            if (!property) {
                property = QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}};
                description += QStringLiteral(" Written as JSON text.");
                sentAsText.append(key);
            }
            if (!isRequired) {
                property = withNull(*property);
                description += QStringLiteral(" Null leaves it unset.");
            }
            property->insert(QStringLiteral("description"), description.trimmed());
            properties.insert(key, *property);
            keys.append(key);
        }
        QStringList description{action.spec.title() + QStringLiteral(". ") + action.spec.description()};
        if (const QString hints = hintsText(action.metadata.value(QLatin1String("hints")).toObject()); !hints.isEmpty())
            description.append(hints);
        if (const QString rules = ExportSource::rulesText(action); !rules.isEmpty())
            description.append(rules);
        const QJsonObject parameters{{QStringLiteral("type"), QStringLiteral("object")},
                                     {QStringLiteral("properties"), properties},
                                     {QStringLiteral("required"), keys},
                                     {QStringLiteral("additionalProperties"), false}};
        tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                 {QStringLiteral("function"),
                                  QJsonObject{{QStringLiteral("name"), name},
                                              {QStringLiteral("description"), description.join(QStringLiteral("\n\n"))},
                                              {QStringLiteral("parameters"), parameters},
                                              {QStringLiteral("strict"), true}}}});
        routes.insert(name, QJsonObject{{QStringLiteral("action"), action.spec.id()},
                                        {QStringLiteral("jsonText"), sentAsText}});
        toolRows.append(QStringLiteral("| `%1` | `%2` | %3 |").arg(name, action.spec.id(), action.spec.title()));
    }

    const QString packageName = ExportSource::packageName(options, QStringLiteral("actionnode-openai-tools"));
    files->insert(QStringLiteral("tools.json"), jsonText(tools));
    files->insert(QStringLiteral("dispatch.json"), jsonText(routes));
    files->insert(QStringLiteral("dispatch.mjs"), ExportSource::resource(QStringLiteral("openai-tools/dispatch.mjs")));
    files->insert(
        QStringLiteral("package.json"),
        jsonText(QJsonObject{{QStringLiteral("name"), packageName},
                             {QStringLiteral("version"), QStringLiteral("1.0.0")},
                             {QStringLiteral("private"), true},
                             {QStringLiteral("license"), ExportSource::packageLicense()},
                             {QStringLiteral("type"), QStringLiteral("module")},
                             {QStringLiteral("main"), QStringLiteral("dispatch.mjs")},
                             {QStringLiteral("engines"), QJsonObject{{QStringLiteral("node"), QStringLiteral(">=18")}}},
                             {QStringLiteral("description"),
                              QStringLiteral("OpenAI function tools of the %1 actions, run by the actionnode HTTP host")
                                  .arg(source.providers.join(QStringLiteral(", ")))}}));
    const QString readme =
        QStringLiteral(
            "# %1\n\n"
            "OpenAI function tools (strict mode) generated by `actionnode export openai-tools` from the declarations "
            "of "
            "%2. Each tool runs one action on the actionnode HTTP host (`actionnode serve --http`), which validates "
            "the "
            "arguments, refuses bundle-gated fields without a licence and calls the provider.\n\n"
            "- `tools.json`: the `tools` of a Chat Completions request (for the Responses API, lift each `function` "
            "object one level up).\n"
            "- `dispatch.mjs`: `runToolCall(toolCall, {url, apiKey, license, connection})` sends one tool call to the "
            "host and answers its result document; give it back to the model as the tool's output. `null` arguments "
            "mean \"not set\" and are left out; fields marked \"Written as JSON text\" are parsed first.\n"
            "- `dispatch.json`: each tool's action.\n\n"
            "The provider's account travels with each call in `X-ActionNode-Connection` (`connection`, keyed by "
            "provider id, e.g. `{\"daily\": {\"api_key\": \"...\"}}`), the licence in `X-ActionNode-License`.\n\n"
            "| tool | action | title |\n|---|---|---|\n%3\n")
            .arg(packageName, source.providers.join(QStringLiteral(", ")), toolRows.join(QLatin1Char('\n')));
    files->insert(QStringLiteral("README.md"), readme.toUtf8());
    return true;
}

} // namespace ActionNode
