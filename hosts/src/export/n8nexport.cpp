#include "n8nexport.h"
#include "exportsource.h"
#include "javascriptliteral.h"

#include <actionnode/metadatarenderer.h>
#include <actionnode/optionsloader.h>
#include <actionnode/runtime.h>
#include <actionnode/session.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

// The templates are compiled into ActionNodeHosts, a static library, whose
// resources are registered only when asked for (outside any namespace).
static void registerExportTemplates()
{
    Q_INIT_RESOURCE(actionnode_exports);
}

namespace ActionNode {

namespace {

const QString ProjectHomepage = QStringLiteral("https://example.invalid/actionnode");
const QJsonObject ProjectAuthor{{QStringLiteral("name"), QStringLiteral("actionnode maintainers")},
                                {QStringLiteral("email"), QStringLiteral("maintainers@actionnode.invalid")}};
// What the README shows in place of a sensitive output's sample.
const QString MaskedSample = QStringLiteral("••••••••");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList words(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[^A-Za-z0-9]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

//! "Meeting tokens" → "MeetingTokens", "create_room" → "CreateRoom", "SignalWire" stays.
QString pascalCase(const QString &text)
{
    QString result;
    for (const QString &word : words(text))
        result += word.at(0).toUpper() + word.mid(1);
    return result;
}

QString camelCase(const QString &text)
{
    const QString pascal = pascalCase(text);
    return pascal.isEmpty() ? pascal : pascal.at(0).toLower() + pascal.mid(1);
}

QString capitalized(const QString &text)
{
    return text.isEmpty() ? text : text.at(0).toUpper() + text.mid(1);
}

QString readTemplate(const QString &name)
{
    QFile file(QStringLiteral(":/actionnode/exports/n8n/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the n8n export template %s is not compiled in", qPrintable(name));
    return QString::fromUtf8(file.readAll());
}

QString fill(QString text, const QList<std::pair<QString, QString>> &values)
{
    for (const auto &[name, value] : values)
        text.replace(QLatin1Char('@') + name + QLatin1Char('@'), value);
    return text;
}

// The templates are TypeScript whose type annotations stand in /*TS:...*/
// comments: the TypeScript keeps them, the JavaScript drops them and turns the
// module's imports and exports into CommonJS, which n8n loads.
const QRegularExpression TypeAnnotation(QStringLiteral("/\\*TS:(.*?)\\*/"),
                                        QRegularExpression::DotMatchesEverythingOption);

QString toTypeScript(const QString &source)
{
    QString text = source;
    return text.replace(TypeAnnotation, QStringLiteral("\\1"));
}

QString toJavaScript(const QString &source)
{
    QString text = source;
    text.remove(TypeAnnotation);
    static const QRegularExpression typeImport(QStringLiteral("^import type \\{[^}]*\\} from '[^']+';\\n"),
                                               QRegularExpression::MultilineOption);
    text.remove(typeImport);
    static const QRegularExpression import(QStringLiteral("^import \\{([^}]*)\\} from '([^']+)';"),
                                           QRegularExpression::MultilineOption);
    text.replace(import, QStringLiteral("const {\\1} = require('\\2');"));
    static const QRegularExpression exported(QStringLiteral("^export (?:async )?(?:class|const|function) (\\w+)"),
                                             QRegularExpression::MultilineOption);
    QStringList names;
    for (auto match = exported.globalMatch(text); match.hasNext();)
        names.append(match.next().captured(1));
    static const QRegularExpression exportKeyword(QStringLiteral("^export "), QRegularExpression::MultilineOption);
    text.remove(exportKeyword);
    QString exports;
    for (const QString &name : std::as_const(names))
        exports += QStringLiteral("exports.%1 = %1;\n").arg(name);
    return QStringLiteral("\"use strict\";\n") + text + exports;
}

//! Both forms of one generated module: \a path without extension, under \a sourceDirectory and dist/.
void addModule(ExportedFiles *files, const QString &sourceDirectory, const QString &path, const QString &source)
{
    files->insert(sourceDirectory + path + QStringLiteral(".ts"), toTypeScript(source).toUtf8());
    files->insert(QStringLiteral("dist/") + sourceDirectory + path + QStringLiteral(".js"),
                  toJavaScript(source).toUtf8());
}

//! "1 character", "128 characters".
QString counted(int count, const QString &noun)
{
    return QStringLiteral("%1 %2%3").arg(count).arg(noun, count == 1 ? QString() : QStringLiteral("s"));
}

//! The declaration's limits of a field, said as n8n shows a hint.
QString limitsText(const QJsonObject &constraints)
{
    QStringList limits;
    if (constraints.contains(QStringLiteral("minLength")))
        limits.append(QStringLiteral("at least ")
                      + counted(constraints.value(QStringLiteral("minLength")).toInt(), QStringLiteral("character")));
    if (constraints.contains(QStringLiteral("maxLength")))
        limits.append(QStringLiteral("at most ")
                      + counted(constraints.value(QStringLiteral("maxLength")).toInt(), QStringLiteral("character")));
    if (constraints.contains(QStringLiteral("pattern")))
        limits.append(QStringLiteral("matching %1").arg(constraints.value(QStringLiteral("pattern")).toString()));
    if (constraints.contains(QStringLiteral("format")))
        limits.append(QStringLiteral("a %1").arg(constraints.value(QStringLiteral("format")).toString()));
    if (constraints.contains(QStringLiteral("exclusiveMinimum")))
        limits.append(
            QStringLiteral("more than %1").arg(constraints.value(QStringLiteral("exclusiveMinimum")).toDouble()));
    if (constraints.contains(QStringLiteral("maxItems")))
        limits.append(QStringLiteral("at most ")
                      + counted(constraints.value(QStringLiteral("maxItems")).toInt(), QStringLiteral("item")));
    if (constraints.value(QStringLiteral("uniqueItems")).toBool())
        limits.append(QStringLiteral("no item twice"));
    if (constraints.contains(QStringLiteral("x-maxSerializedLength")))
        limits.append(QStringLiteral("at most %1 bytes as JSON")
                          .arg(constraints.value(QStringLiteral("x-maxSerializedLength")).toInt()));
    return capitalized(limits.join(QStringLiteral("; ")));
}

QString jsonSchemaType(const QString &type)
{
    if (type == QLatin1String("Number"))
        return QStringLiteral("number");
    if (type == QLatin1String("Boolean"))
        return QStringLiteral("boolean");
    if (type == QLatin1String("Object"))
        return QStringLiteral("object");
    if (type == QLatin1String("List"))
        return QStringLiteral("array");
    return QStringLiteral("string");
}

//! n8n's parameter type of a field, and the value it starts with when the declaration gives none.
std::pair<QString, QJsonValue> parameterType(const QJsonObject &field)
{
    const QString type = field.value(QStringLiteral("type")).toString();
    const QJsonObject constraints = field.value(QStringLiteral("constraints")).toObject();
    if (type == QLatin1String("Number"))
        return {QStringLiteral("number"), constraints.value(QStringLiteral("minimum")).toDouble(0)};
    if (type == QLatin1String("Boolean"))
        return {QStringLiteral("boolean"), false};
    if (type == QLatin1String("Enum"))
        return {QStringLiteral("options"), field.value(QStringLiteral("options")).toArray().at(0)};
    if (ExportSource::isChoiceList(field))
        return {QStringLiteral("multiOptions"), QJsonArray()};
    if (type == QLatin1String("Date/Time"))
        return {QStringLiteral("dateTime"), QString()};
    if (type == QLatin1String("Object"))
        return {QStringLiteral("json"), QStringLiteral("{}")};
    if (type == QLatin1String("List"))
        return {QStringLiteral("json"), QStringLiteral("[]")};
    return {QStringLiteral("string"), QString()};
}

bool isJsonField(const QJsonObject &field)
{
    const QString type = field.value(QStringLiteral("type")).toString();
    return type == QLatin1String("Object") || (type == QLatin1String("List") && !ExportSource::isChoiceList(field));
}

/*!
    Where each field of an action stands in the node: at the top level (an
    empty name) or in the collection of that name. A condition names the
    field it depends on as n8n finds it from where the dependent stands: a
    sibling by its name, a top-level field from a collection by "/name".
*/
class FieldLocations
{
public:
    void add(const QString &key, const QString &collection) { m_locations.insert(key, collection); }

    //! \a when as n8n's displayOptions of a field in \a collection; none when n8n cannot say it.
    std::optional<QJsonObject> displayOptions(const QJsonObject &when, const QString &collection) const
    {
        QJsonObject show;
        QJsonObject hide;
        if (!addCondition(when, false, collection, &show, &hide))
            return std::nullopt;
        QJsonObject options;
        if (!show.isEmpty())
            options.insert(QStringLiteral("show"), show);
        if (!hide.isEmpty())
            options.insert(QStringLiteral("hide"), hide);
        return options;
    }

private:
    bool addCondition(const QJsonObject &when, bool negated, const QString &collection, QJsonObject *show,
                      QJsonObject *hide) const
    {
        if (when.contains(QStringLiteral("all")) && !negated) {
            const QJsonArray all = when.value(QStringLiteral("all")).toArray();
            return std::all_of(all.begin(), all.end(), [&](const QJsonValue &part) {
                return addCondition(part.toObject(), false, collection, show, hide);
            });
        }
        if (when.contains(QStringLiteral("not")))
            return addCondition(when.value(QStringLiteral("not")).toObject(), !negated, collection, show, hide);
        const QString field = when.value(QStringLiteral("field")).toString();
        const auto location = m_locations.constFind(field);
        if (location == m_locations.constEnd())
            return false;
        QString name;
        if (*location == collection)
            name = field;
        else if (location->isEmpty())
            name = QLatin1Char('/') + field;
        else
            return false; // in another collection: n8n looks only at siblings and the top level
        QJsonArray values;
        if (when.contains(QStringLiteral("equals")))
            values.append(when.value(QStringLiteral("equals")));
        else if (when.contains(QStringLiteral("oneOf")))
            values = when.value(QStringLiteral("oneOf")).toArray();
        else
            return false; // isSet and any have no displayOptions form
        QJsonObject *target = negated ? hide : show;
        if (target->contains(name))
            return false;
        target->insert(name, values);
        return true;
    }

    QHash<QString, QString> m_locations;
};

//! One loadOptions or listSearch method: its name, and the action and field whose choices it loads.
struct OptionsMethod
{
    QString name;
    QString actionId;
    QString field;
    bool search = false; //!< a listSearch method (a page of matches at a time), else a loadOptions one
};

/*!
    The n8n parameter of \a field of \a spec, in \a collection (empty: the
    top level, showing under \a show). Choices from the provider are a
    dropdown (loadOptions), or a resource locator whose list is searched
    (listSearch) when \a runtime finds the source paged or searching.
*/
QJsonObject fieldParameter(const ActionSpec &spec, const QJsonObject &field, const QString &collection,
                           const QJsonObject &show, const FieldLocations &locations, const QString &operation,
                           QList<OptionsMethod> *methods, Runtime *runtime)
{
    const QString key = field.value(QStringLiteral("key")).toString();
    auto [type, fallback] = parameterType(field);
    QString description = field.value(QStringLiteral("description")).toString();
    QJsonObject parameter{{QStringLiteral("displayName"), field.value(QStringLiteral("label"))},
                          {QStringLiteral("name"), key}};
    QJsonObject typeOptions;
    if (field.contains(QStringLiteral("optionsFrom")) && OptionsLoader::isSearchable(runtime, spec, key)) {
        const QString method = QStringLiteral("search") + pascalCase(operation) + pascalCase(key);
        methods->append({method, spec.id(), key, true});
        type = QStringLiteral("resourceLocator");
        fallback = QJsonObject{{QStringLiteral("mode"), QStringLiteral("list")}, {QStringLiteral("value"), QString()}};
        parameter.insert(QStringLiteral("modes"),
                         QJsonArray{QJsonObject{{QStringLiteral("displayName"), QStringLiteral("From List")},
                                                {QStringLiteral("name"), QStringLiteral("list")},
                                                {QStringLiteral("type"), QStringLiteral("list")},
                                                {QStringLiteral("typeOptions"),
                                                 QJsonObject{{QStringLiteral("searchListMethod"), method},
                                                             {QStringLiteral("searchable"), true}}}},
                                    QJsonObject{{QStringLiteral("displayName"), QStringLiteral("By Value")},
                                                {QStringLiteral("name"), QStringLiteral("id")},
                                                {QStringLiteral("type"), QStringLiteral("string")}}});
    } else if (field.contains(QStringLiteral("optionsFrom"))) {
        const QString method = operation + pascalCase(key);
        methods->append({method, spec.id(), key});
        type = QStringLiteral("options");
        fallback = QString();
        typeOptions.insert(QStringLiteral("loadOptionsMethod"), method);
        description += QStringLiteral(" Choose from the list, or specify a value using an expression.");
    } else if (type == QLatin1String("options") || type == QLatin1String("multiOptions")) {
        QJsonArray options;
        for (const QJsonValue &option : field.value(QStringLiteral("options")).toArray())
            options.append(QJsonObject{{QStringLiteral("name"), option.toVariant().toString()},
                                       {QStringLiteral("value"), option}});
        parameter.insert(QStringLiteral("options"), options);
    }
    const QJsonValue declaredDefault = field.value(QStringLiteral("default"));
    QJsonValue initial = declaredDefault.isUndefined() ? fallback : declaredDefault;
    if (type == QLatin1String("json") && !declaredDefault.isUndefined())
        initial = QString::fromUtf8(QJsonDocument::fromVariant(declaredDefault.toVariant()).toJson());
    parameter.insert(QStringLiteral("type"), type);
    parameter.insert(QStringLiteral("default"), initial);
    const QJsonObject constraints = field.value(QStringLiteral("constraints")).toObject();
    if (type == QLatin1String("number")) {
        if (constraints.contains(QStringLiteral("minimum")))
            typeOptions.insert(QStringLiteral("minValue"), constraints.value(QStringLiteral("minimum")));
        if (constraints.contains(QStringLiteral("maximum")))
            typeOptions.insert(QStringLiteral("maxValue"), constraints.value(QStringLiteral("maximum")));
    }
    if (spec.field(key).isSensitive())
        typeOptions.insert(QStringLiteral("password"), true);
    if (!typeOptions.isEmpty())
        parameter.insert(QStringLiteral("typeOptions"), typeOptions);
    if (const QString limits = limitsText(constraints); !limits.isEmpty())
        parameter.insert(QStringLiteral("hint"), limits);
    const QJsonObject bundle = field.value(QStringLiteral("bundle")).toObject();
    if (!bundle.isEmpty())
        description += QLatin1Char(' ') + bundle.value(QStringLiteral("upsell")).toString();
    QJsonObject displayOptions;
    if (field.contains(QStringLiteral("visibleWhen"))) {
        const std::optional<QJsonObject> condition =
            locations.displayOptions(field.value(QStringLiteral("visibleWhen")).toObject(), collection);
        if (condition)
            displayOptions = *condition;
        else // shown always, and the host refuses a value given while the condition does not hold
            description += QLatin1Char(' ') + capitalized(field.value(QStringLiteral("visibleWhenText")).toString())
                           + QLatin1Char('.');
    }
    if (collection.isEmpty()) {
        QJsonObject shown = displayOptions.value(QStringLiteral("show")).toObject();
        for (auto it = show.begin(); it != show.end(); ++it)
            shown.insert(it.key(), it.value());
        displayOptions.insert(QStringLiteral("show"), shown);
        if (field.value(QStringLiteral("required")).toBool())
            parameter.insert(QStringLiteral("required"), true);
    }
    if (!displayOptions.isEmpty())
        parameter.insert(QStringLiteral("displayOptions"), displayOptions);
    parameter.insert(QStringLiteral("description"), description);
    return parameter;
}

QJsonObject notice(const QString &name, const QString &text, const QJsonObject &show)
{
    return {{QStringLiteral("displayName"), text},
            {QStringLiteral("name"), name},
            {QStringLiteral("type"), QStringLiteral("notice")},
            {QStringLiteral("default"), QString()},
            {QStringLiteral("displayOptions"), QJsonObject{{QStringLiteral("show"), show}}}};
}

//! Names the node's own parameters take; a field of that name could not be told apart.
const QStringList ReservedNames{QStringLiteral("resource"), QStringLiteral("operation"),
                                QStringLiteral("additionalFields"), QStringLiteral("event"), QStringLiteral("filters")};

/*!
    The parameters of one action's operation (required fields at the top
    level, the others in a collection per group, a bundle's notice before
    its group), appended to \a properties; its entry of the operations
    table in \a table. False with \a errorString when a field's name is one
    the node uses itself.
*/
bool addOperation(const ActionSpec &spec, const QJsonObject &metadata, const QString &resource,
                  const QString &operation, QJsonArray *properties, QJsonObject *table, QList<OptionsMethod> *methods,
                  Runtime *runtime, QString *errorString)
{
    const QJsonObject show{{QStringLiteral("resource"), QJsonArray{resource}},
                           {QStringLiteral("operation"), QJsonArray{operation}}};
    const QJsonArray groups = metadata.value(QStringLiteral("groups")).toArray();
    FieldLocations locations;
    QStringList collectionNames;
    for (qsizetype index = 0; index < groups.size(); ++index) {
        const QJsonObject group = groups.at(index).toObject();
        const QString collection = index == 0 ? QStringLiteral("additionalFields")
                                              : camelCase(group.value(QStringLiteral("id")).toString());
        collectionNames.append(collection);
        for (const QJsonValue &value : group.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject field = value.toObject();
            const QString key = field.value(QStringLiteral("key")).toString();
            if (ReservedNames.contains(key) || collectionNames.contains(key)) {
                *errorString =
                    QStringLiteral("%1: the field \"%2\" has a name the n8n node uses itself").arg(spec.id(), key);
                return false;
            }
            locations.add(key, field.value(QStringLiteral("required")).toBool() ? QString() : collection);
        }
    }
    QStringList parameters;
    QStringList collections;
    QStringList jsonFields;
    for (const QJsonValue &group : groups) {
        for (const QJsonValue &value : group.toObject().value(QStringLiteral("fields")).toArray()) {
            const QJsonObject field = value.toObject();
            if (isJsonField(field))
                jsonFields.append(field.value(QStringLiteral("key")).toString());
            if (!field.value(QStringLiteral("required")).toBool())
                continue;
            parameters.append(field.value(QStringLiteral("key")).toString());
            properties->append(fieldParameter(spec, field, {}, show, locations, operation, methods, runtime));
        }
    }
    for (qsizetype index = 0; index < groups.size(); ++index) {
        const QJsonObject group = groups.at(index).toObject();
        const QString collection = collectionNames.at(index);
        const QJsonObject bundle = group.value(QStringLiteral("bundle")).toObject();
        if (!bundle.isEmpty())
            properties->append(
                notice(collection + QStringLiteral("Notice"), bundle.value(QStringLiteral("upsell")).toString(), show));
        QJsonArray options;
        for (const QJsonValue &value : group.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject field = value.toObject();
            if (!field.value(QStringLiteral("required")).toBool())
                options.append(fieldParameter(spec, field, collection, show, locations, operation, methods, runtime));
        }
        if (!options.isEmpty()) {
            collections.append(collection);
            properties->append(
                QJsonObject{{QStringLiteral("displayName"), index == 0
                                                                ? QStringLiteral("Additional Fields")
                                                                : group.value(QStringLiteral("title")).toString()},
                            {QStringLiteral("name"), collection},
                            {QStringLiteral("type"), QStringLiteral("collection")},
                            {QStringLiteral("placeholder"), QStringLiteral("Add Field")},
                            {QStringLiteral("default"), QJsonObject()},
                            {QStringLiteral("displayOptions"), QJsonObject{{QStringLiteral("show"), show}}},
                            {QStringLiteral("options"), options}});
        }
        for (const QJsonValue &value : group.value(QStringLiteral("notices")).toArray()) {
            const QJsonObject text = value.toObject();
            properties->append(notice(camelCase(text.value(QStringLiteral("id")).toString()) + QStringLiteral("Notice"),
                                      text.value(QStringLiteral("text")).toString(), show));
        }
    }
    QJsonObject byOperation = table->value(resource).toObject();
    byOperation.insert(operation, QJsonObject{{QStringLiteral("id"), spec.id()},
                                              {QStringLiteral("parameters"), QJsonArray::fromStringList(parameters)},
                                              {QStringLiteral("collections"), QJsonArray::fromStringList(collections)},
                                              {QStringLiteral("json"), QJsonArray::fromStringList(jsonFields)}});
    table->insert(resource, byOperation);
    return true;
}

//! An options parameter of \a choices ({name, value, ...}), sorted by name as n8n lists them.
QJsonObject choiceParameter(const QString &displayName, const QString &name, QList<QJsonObject> choices,
                            const QJsonObject &displayOptions)
{
    std::sort(choices.begin(), choices.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("name")).toString() < b.value(QStringLiteral("name")).toString();
    });
    QJsonArray options;
    for (const QJsonObject &choice : std::as_const(choices))
        options.append(choice);
    QJsonObject parameter{{QStringLiteral("displayName"), displayName},
                          {QStringLiteral("name"), name},
                          {QStringLiteral("type"), QStringLiteral("options")},
                          {QStringLiteral("noDataExpression"), true},
                          {QStringLiteral("options"), options},
                          {QStringLiteral("default"), choices.first().value(QStringLiteral("value"))}};
    if (!displayOptions.isEmpty())
        parameter.insert(QStringLiteral("displayOptions"), displayOptions);
    return parameter;
}

//! The JSON Schema of \a outputs, each sample an example (sensitive ones masked).
QJsonObject outputSchema(const QJsonArray &outputs)
{
    QJsonObject properties;
    for (const QJsonValue &value : outputs) {
        const QJsonObject output = value.toObject();
        const bool sensitive = output.value(QStringLiteral("sensitive")).toBool();
        QJsonObject property{{QStringLiteral("type"), jsonSchemaType(output.value(QStringLiteral("type")).toString())},
                             {QStringLiteral("description"),
                              output.value(QStringLiteral("description")).toString()
                                  + (sensitive ? QStringLiteral(" Sensitive: keep it out of logs.") : QString())}};
        if (output.contains(QStringLiteral("sample")))
            property.insert(QStringLiteral("examples"),
                            QJsonArray{sensitive ? QJsonValue(MaskedSample) : output.value(QStringLiteral("sample"))});
        properties.insert(output.value(QStringLiteral("key")).toString(), property);
    }
    return {{QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), properties}};
}

QString markdownCell(QString text)
{
    return text.replace(QLatin1Char('|'), QLatin1String("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

QString sampleText(const QJsonObject &output)
{
    if (output.value(QStringLiteral("sensitive")).toBool())
        return MaskedSample;
    const QJsonValue sample = output.value(QStringLiteral("sample"));
    if (sample.isUndefined())
        return {};
    const QByteArray json = QJsonDocument(QJsonArray{sample}).toJson(QJsonDocument::Compact);
    return QLatin1Char('`') + QString::fromUtf8(json.mid(1, json.size() - 2)) + QLatin1Char('`');
}

//! The README's section of one action or trigger: what it does, its fields and its outputs with samples.
QString markdownSection(const QString &heading, const QJsonObject &metadata)
{
    QString text =
        QStringLiteral("### %1\n\n%2\n\n").arg(heading, metadata.value(QStringLiteral("description")).toString());
    const QJsonObject bundle = metadata.value(QStringLiteral("bundle")).toObject();
    if (!bundle.isEmpty())
        text += QStringLiteral("> %1\n\n").arg(bundle.value(QStringLiteral("upsell")).toString());
    QString fields;
    for (const QJsonValue &group : metadata.value(QStringLiteral("groups")).toArray()) {
        for (const QJsonValue &value : group.toObject().value(QStringLiteral("fields")).toArray()) {
            const QJsonObject field = value.toObject();
            fields += QStringLiteral("| %1 | `%2` | %3 | %4 |\n")
                          .arg(markdownCell(field.value(QStringLiteral("label")).toString()),
                               field.value(QStringLiteral("key")).toString(),
                               field.value(QStringLiteral("required")).toBool() ? s("yes") : s("no"),
                               markdownCell(field.value(QStringLiteral("description")).toString()));
        }
    }
    if (!fields.isEmpty())
        text += QStringLiteral("| field | key | required | description |\n|---|---|---|---|\n") + fields
                + QLatin1Char('\n');
    QString outputs;
    for (const QJsonValue &value : metadata.value(QStringLiteral("outputs")).toArray()) {
        const QJsonObject output = value.toObject();
        outputs += QStringLiteral("| `%1` | %2 | %3 |\n")
                       .arg(output.value(QStringLiteral("key")).toString(),
                            markdownCell(output.value(QStringLiteral("description")).toString()),
                            markdownCell(sampleText(output)));
    }
    if (!outputs.isEmpty())
        text += QStringLiteral("Output:\n\n| key | description | sample |\n|---|---|---|\n") + outputs
                + QLatin1Char('\n');
    return text;
}

/*!
    One generated package: the names derived from the provider, and the
    files written so far. Each write...() adds its part; the manifest and
    README come last, as they list the others.
*/
class PackageWriter
{
public:
    PackageWriter(Runtime *runtime, const PluginSpec &plugin, const QString &packageName, ExportedFiles *files)
        : m_runtime(runtime),
          m_plugin(plugin),
          m_files(files),
          m_providerId(plugin.id()),
          m_providerName(plugin.name().isEmpty() ? plugin.id() : plugin.name()),
          m_pascalName(QStringLiteral("Actionnode") + pascalCase(m_providerName)),
          m_nodeName(camelCase(m_pascalName)),
          m_credentialClass(m_pascalName + QStringLiteral("Api")),
          m_credentialName(m_nodeName + QStringLiteral("Api")),
          m_packageName(packageName.isEmpty() ? QStringLiteral("n8n-nodes-actionnode-") + m_providerId : packageName),
          m_iconFile(m_nodeName),
          m_nodeDirectory(QStringLiteral("nodes/") + m_pascalName + QLatin1Char('/'))
    {}

    //! The action node: a resource per category, an operation per action.
    bool writeActionNode(QString *errorString);
    //! The trigger node, when the provider declares triggers: an event per trigger, each with its filters.
    void writeTriggerNode();
    //! The credential: the host, its key, the licence and the provider's account.
    void writeCredential();
    //! A light and a dark variant, so that the icon reads on both of n8n's themes.
    void writeIcons();
    void writeManifestAndReadme();

private:
    QString description() const
    {
        return QStringLiteral("%1 through an actionnode host: %2")
            .arg(m_providerName, m_plugin.manifest().value(QStringLiteral("description")).toString());
    }
    //! The template values every node and the credential share.
    QList<std::pair<QString, QString>> commonValues() const
    {
        return {{QStringLiteral("CREDENTIAL_NAME"), JavaScriptLiteral::string(m_credentialName)},
                {QStringLiteral("ICON"),
                 JavaScriptLiteral::write(
                     QJsonObject{{QStringLiteral("light"), QStringLiteral("file:%1.svg").arg(m_iconFile)},
                                 {QStringLiteral("dark"), QStringLiteral("file:%1.dark.svg").arg(m_iconFile)}},
                     2)}};
    }

    Runtime *m_runtime;
    const PluginSpec &m_plugin;
    ExportedFiles *m_files;
    const QString m_providerId;
    const QString m_providerName;
    const QString m_pascalName;
    const QString m_nodeName;
    const QString m_credentialClass;
    const QString m_credentialName;
    const QString m_packageName;
    const QString m_iconFile; // with .svg and .dark.svg
    const QString m_nodeDirectory;
    const License m_noLicense; // bundle fields appear locked, with their bundle's notice
    QStringList m_nodes;
    QString m_actionsReadme;
    QString m_triggersReadme;
};

bool PackageWriter::writeActionNode(QString *errorString)
{
    QJsonArray properties;
    QJsonObject table;
    QList<OptionsMethod> methods;
    QList<QJsonObject> resources;
    QHash<QString, QList<QJsonObject>> operations;
    for (const ActionSpec &spec : m_runtime->actions()) {
        if (spec.hasError() || spec.provider() != m_providerId)
            continue;
        const QJsonObject metadata = MetadataRenderer::toJson(spec, m_noLicense);
        const QString category = spec.category().isEmpty() ? m_providerName : spec.category();
        const QString resource = camelCase(category);
        if (!operations.contains(resource))
            resources.append({{QStringLiteral("name"), category}, {QStringLiteral("value"), resource}});
        const QString operation = camelCase(spec.id().mid(m_providerId.size() + 1));
        operations[resource].append({{QStringLiteral("name"), spec.title()},
                                     {QStringLiteral("value"), operation},
                                     {QStringLiteral("action"), spec.title()},
                                     {QStringLiteral("description"), spec.description()}});
        if (!addOperation(spec, metadata, resource, operation, &properties, &table, &methods, m_runtime, errorString))
            return false;
        m_files->insert(QStringLiteral("dist/") + m_nodeDirectory
                            + QStringLiteral("__schema__/v1.0.0/%1/%2.json").arg(resource, operation),
                        QJsonDocument(outputSchema(metadata.value(QStringLiteral("outputs")).toArray())).toJson());
        m_actionsReadme += markdownSection(QStringLiteral("%1: %2 (`%3`)").arg(category, spec.title(), spec.id()),
                                           metadata);
    }
    if (resources.isEmpty()) {
        *errorString = QStringLiteral("provider: %1 declares no action").arg(m_providerId);
        return false;
    }
    QJsonArray layout{choiceParameter(QStringLiteral("Resource"), QStringLiteral("resource"), resources, {})};
    for (const QJsonObject &resource : std::as_const(resources)) {
        const QString value = resource.value(QStringLiteral("value")).toString();
        layout.append(
            choiceParameter(QStringLiteral("Operation"), QStringLiteral("operation"), operations.value(value),
                            {{QStringLiteral("show"), QJsonObject{{QStringLiteral("resource"), QJsonArray{value}}}}}));
    }
    for (const QJsonValue &property : std::as_const(properties))
        layout.append(property);
    QString loadOptions;
    QString listSearch;
    for (const OptionsMethod &method : std::as_const(methods)) {
        const QString action = JavaScriptLiteral::string(method.actionId);
        const QString field = JavaScriptLiteral::string(method.field);
        if (method.search)
            listSearch += QStringLiteral("\n\t\t\tasync %1(\n\t\t\t\t/*TS:this: ILoadOptionsFunctions,*/\n"
                                         "\t\t\t\tfilter/*TS:?: string*/,\n\t\t\t\tpaginationToken/*TS:?: string*/,\n"
                                         "\t\t\t)/*TS:: Promise<INodeListSearchResult>*/ {\n"
                                         "\t\t\t\treturn await searchFieldOptions(this, %2, %3, filter, "
                                         "paginationToken);\n\t\t\t},")
                              .arg(method.name, action, field);
        else
            loadOptions +=
                QStringLiteral(
                    "\n\t\t\tasync %1(/*TS:this: ILoadOptionsFunctions*/)/*TS:: Promise<INodePropertyOptions[]>*/ {\n"
                    "\t\t\t\treturn await loadFieldOptions(this, %2, %3);\n\t\t\t},")
                    .arg(method.name, action, field);
    }
    if (!loadOptions.isEmpty())
        loadOptions += QStringLiteral("\n\t\t");
    if (!listSearch.isEmpty())
        listSearch += QStringLiteral("\n\t\t");
    addModule(m_files, {}, m_nodeDirectory + m_pascalName + QStringLiteral(".node"),
              fill(readTemplate(QStringLiteral("Node.node.ts")),
                   commonValues()
                       + QList<std::pair<QString, QString>>{
                           {QStringLiteral("ACTIONS"), JavaScriptLiteral::write(table)},
                           {QStringLiteral("CLASS"), m_pascalName},
                           {QStringLiteral("NAME"), JavaScriptLiteral::string(m_nodeName)},
                           {QStringLiteral("DISPLAY_NAME"), JavaScriptLiteral::string(m_providerName)},
                           {QStringLiteral("DESCRIPTION"), JavaScriptLiteral::string(description())},
                           {QStringLiteral("PROPERTIES"), JavaScriptLiteral::write(layout, 2)},
                           {QStringLiteral("LOAD_OPTIONS"), loadOptions},
                           {QStringLiteral("LIST_SEARCH"), listSearch}}));
    addModule(m_files, {}, m_nodeDirectory + QStringLiteral("ActionnodeHost"),
              fill(readTemplate(QStringLiteral("ActionnodeHost.ts")),
                   {{QStringLiteral("CREDENTIAL"), m_credentialName}}));
    m_nodes.append(QStringLiteral("dist/") + m_nodeDirectory + m_pascalName + QStringLiteral(".node.js"));
    return true;
}

void PackageWriter::writeTriggerNode()
{
    QList<QJsonObject> events;
    QJsonArray triggerProperties;
    for (const TriggerSpec &spec : m_runtime->triggers()) {
        if (spec.hasError() || spec.provider() != m_providerId)
            continue;
        const QJsonObject metadata = MetadataRenderer::toJson(spec, m_noLicense);
        events.append({{QStringLiteral("name"), spec.title()},
                       {QStringLiteral("value"), spec.id()},
                       {QStringLiteral("description"), metadata.value(QStringLiteral("description"))}});
        const QJsonObject show{{QStringLiteral("event"), QJsonArray{spec.id()}}};
        const QJsonObject bundle = metadata.value(QStringLiteral("bundle")).toObject();
        if (!bundle.isEmpty())
            triggerProperties.append(
                notice(QStringLiteral("bundleNotice"), bundle.value(QStringLiteral("upsell")).toString(), show));
        QJsonArray filters;
        FieldLocations locations;
        QList<OptionsMethod> noMethods;
        for (const QJsonValue &group : metadata.value(QStringLiteral("groups")).toArray()) {
            for (const QJsonValue &value : group.toObject().value(QStringLiteral("fields")).toArray()) {
                QJsonObject field = value.toObject();
                field.remove(QStringLiteral("bundle"));      // the trigger's notice says it once
                field.remove(QStringLiteral("optionsFrom")); // a filter's choices come from no action
                locations.add(field.value(QStringLiteral("key")).toString(), QStringLiteral("filters"));
                filters.append(fieldParameter(ActionSpec(), field, QStringLiteral("filters"), show, locations, {},
                                              &noMethods, m_runtime));
            }
        }
        if (!filters.isEmpty())
            triggerProperties.append(
                QJsonObject{{QStringLiteral("displayName"), QStringLiteral("Filters")},
                            {QStringLiteral("name"), QStringLiteral("filters")},
                            {QStringLiteral("type"), QStringLiteral("collection")},
                            {QStringLiteral("placeholder"), QStringLiteral("Add Filter")},
                            {QStringLiteral("default"), QJsonObject()},
                            {QStringLiteral("displayOptions"), QJsonObject{{QStringLiteral("show"), show}}},
                            {QStringLiteral("options"), filters}});
        m_triggersReadme += markdownSection(QStringLiteral("%1 (`%2`)").arg(spec.title(), spec.id()), metadata);
    }
    if (!events.isEmpty()) {
        QJsonArray triggerLayout{choiceParameter(QStringLiteral("Event"), QStringLiteral("event"), events, {})};
        for (const QJsonValue &property : std::as_const(triggerProperties))
            triggerLayout.append(property);
        const QString triggerClass = m_pascalName + QStringLiteral("Trigger");
        addModule(m_files, {}, m_nodeDirectory + triggerClass + QStringLiteral(".node"),
                  fill(readTemplate(QStringLiteral("Trigger.node.ts")),
                       commonValues()
                           + QList<std::pair<QString, QString>>{
                               {QStringLiteral("CLASS"), triggerClass},
                               {QStringLiteral("NAME"),
                                JavaScriptLiteral::string(m_nodeName + QStringLiteral("Trigger"))},
                               {QStringLiteral("DISPLAY_NAME"),
                                JavaScriptLiteral::string(m_providerName + QStringLiteral(" Trigger"))},
                               {QStringLiteral("DESCRIPTION"),
                                JavaScriptLiteral::string(
                                    QStringLiteral("Starts the workflow on %1 events, received by an actionnode host")
                                        .arg(m_providerName))},
                               {QStringLiteral("PROPERTIES"), JavaScriptLiteral::write(triggerLayout, 2)}}));
        m_nodes.append(QStringLiteral("dist/") + m_nodeDirectory + triggerClass + QStringLiteral(".node.js"));
    }
}

void PackageWriter::writeCredential()
{
    QJsonArray credentialProperties{
        QJsonObject{{QStringLiteral("displayName"), QStringLiteral("Host URL")},
                    {QStringLiteral("name"), QStringLiteral("hostUrl")},
                    {QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("default"), QStringLiteral("http://localhost:8080")},
                    {QStringLiteral("required"), true},
                    {QStringLiteral("description"), QStringLiteral("The base URL of 'actionnode serve --http'.")}},
        QJsonObject{{QStringLiteral("displayName"), QStringLiteral("Host API Key")},
                    {QStringLiteral("name"), QStringLiteral("apiKey")},
                    {QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("typeOptions"), QJsonObject{{QStringLiteral("password"), true}}},
                    {QStringLiteral("default"), QString()},
                    {QStringLiteral("description"),
                     QStringLiteral(
                         "One of the host's --api-keys, sent as a bearer key; empty for a host without keys.")}},
        QJsonObject{{QStringLiteral("displayName"), QStringLiteral("Licence")},
                    {QStringLiteral("name"), QStringLiteral("license")},
                    {QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("typeOptions"), QJsonObject{{QStringLiteral("rows"), 4}}},
                    {QStringLiteral("default"), QString()},
                    {QStringLiteral("description"),
                     QStringLiteral(
                         "A bundle licence document (JSON), sent with every call; empty: the host's own.")}}};
    QJsonObject accountSettings;
    for (const QJsonValue &value : m_plugin.manifest().value(QStringLiteral("connection")).toArray()) {
        const QJsonObject setting = value.toObject();
        if (!setting.value(QStringLiteral("account")).toBool())
            continue;
        const QString key = setting.value(QStringLiteral("key")).toString();
        const QString property = camelCase(m_providerId + QLatin1Char('_') + key);
        accountSettings.insert(property, key);
        QJsonObject parameter{
            {QStringLiteral("displayName"),
             QStringLiteral("%1 %2").arg(m_providerName,
                                         capitalized(setting.value(QStringLiteral("label")).toString()))},
            {QStringLiteral("name"), property},
            {QStringLiteral("type"), QStringLiteral("string")},
            {QStringLiteral("default"), QString()},
            {QStringLiteral("description"), setting.value(QStringLiteral("description")).toString()
                                                + QStringLiteral(" Sent with each call; empty: the host's own.")}};
        if (setting.value(QStringLiteral("secret")).toBool())
            parameter.insert(QStringLiteral("typeOptions"), QJsonObject{{QStringLiteral("password"), true}});
        credentialProperties.append(parameter);
    }
    addModule(m_files, {}, QStringLiteral("credentials/") + m_credentialClass + QStringLiteral(".credentials"),
              fill(readTemplate(QStringLiteral("Credentials.credentials.ts")),
                   commonValues()
                       + QList<std::pair<QString, QString>>{
                           {QStringLiteral("CLASS"), m_credentialClass},
                           {QStringLiteral("NAME"), JavaScriptLiteral::string(m_credentialName)},
                           {QStringLiteral("DISPLAY_NAME"),
                            JavaScriptLiteral::string(m_providerName + QStringLiteral(" (actionnode) API"))},
                           {QStringLiteral("DOCUMENTATION_URL"), JavaScriptLiteral::string(ProjectHomepage)},
                           {QStringLiteral("ACCOUNT_SETTINGS"), JavaScriptLiteral::write(accountSettings)},
                           {QStringLiteral("PROVIDER_KEY"), JavaScriptLiteral::string(m_providerId)},
                           {QStringLiteral("TEST_PATH"),
                            JavaScriptLiteral::string(QStringLiteral("/v1/connections/%1/test").arg(m_providerId))},
                           {QStringLiteral("PROPERTIES"), JavaScriptLiteral::write(credentialProperties, 1)}}));
}

void PackageWriter::writeIcons()
{
    const QString initial = m_providerName.left(1).toUpper();
    const QByteArray lightIcon = fill(readTemplate(QStringLiteral("icon.svg")),
                                      {{QStringLiteral("INITIAL"), initial},
                                       {QStringLiteral("BACKGROUND"), QStringLiteral("#1f6feb")},
                                       {QStringLiteral("FOREGROUND"), QStringLiteral("#ffffff")}})
                                     .toUtf8();
    const QByteArray darkIcon = fill(readTemplate(QStringLiteral("icon.svg")),
                                     {{QStringLiteral("INITIAL"), initial},
                                      {QStringLiteral("BACKGROUND"), QStringLiteral("#79b8ff")},
                                      {QStringLiteral("FOREGROUND"), QStringLiteral("#0d1117")}})
                                    .toUtf8();
    for (const QString &directory : {m_nodeDirectory, QStringLiteral("credentials/")}) {
        for (const QString &root : {QString(), QStringLiteral("dist/")}) {
            m_files->insert(root + directory + m_iconFile + QStringLiteral(".svg"), lightIcon);
            m_files->insert(root + directory + m_iconFile + QStringLiteral(".dark.svg"), darkIcon);
        }
    }
}

void PackageWriter::writeManifestAndReadme()
{
    QJsonObject package{
        {QStringLiteral("name"), m_packageName},
        {QStringLiteral("version"), m_plugin.version()},
        {QStringLiteral("description"), description()},
        {QStringLiteral("keywords"),
         QJsonArray{QStringLiteral("n8n-community-node-package"), QStringLiteral("actionnode"), m_providerId}},
        {QStringLiteral("license"), ExportSource::packageLicense()},
        {QStringLiteral("homepage"), ProjectHomepage},
        {QStringLiteral("author"), ProjectAuthor},
        {QStringLiteral("files"), QJsonArray{QStringLiteral("dist")}},
        {QStringLiteral("n8n"),
         QJsonObject{{QStringLiteral("n8nNodesApiVersion"), 1},
                     {QStringLiteral("strict"), true},
                     {QStringLiteral("credentials"), QJsonArray{QStringLiteral("dist/credentials/") + m_credentialClass
                                                                + QStringLiteral(".credentials.js")}},
                     {QStringLiteral("nodes"), QJsonArray::fromStringList(m_nodes)}}},
        {QStringLiteral("peerDependencies"), QJsonObject{{QStringLiteral("n8n-workflow"), QStringLiteral("*")}}}};
    m_files->insert(QStringLiteral("package.json"), QJsonDocument(package).toJson());
    m_files->insert(QStringLiteral("README.md"),
                    fill(readTemplate(QStringLiteral("README.md")),
                         {{QStringLiteral("PACKAGE"), m_packageName},
                          {QStringLiteral("PROVIDER"), m_providerName},
                          {QStringLiteral("PROVIDER_ID"), m_providerId},
                          {QStringLiteral("NODE"), m_nodeName},
                          {QStringLiteral("ACTIONS"), m_actionsReadme},
                          {QStringLiteral("TRIGGERS"),
                           m_triggersReadme.isEmpty() ? QStringLiteral("None.\n\n") : m_triggersReadme}})
                        .toUtf8());
}

} // namespace

bool N8nExport::write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
                      QString *errorString) const
{
    registerExportTemplates();
    Runtime *runtime = session.runtime();
    QList<PluginSpec> plugins = runtime->plugins();
    plugins.erase(std::remove_if(plugins.begin(), plugins.end(), [](const PluginSpec &p) { return p.hasError(); }),
                  plugins.end());
    std::sort(plugins.begin(), plugins.end(), [](const PluginSpec &a, const PluginSpec &b) { return a.id() < b.id(); });
    const QString providerId = options.provider.isEmpty() && !plugins.isEmpty() ? plugins.first().id()
                                                                                : options.provider;
    const auto plugin = std::find_if(plugins.cbegin(), plugins.cend(),
                                     [&](const PluginSpec &p) { return p.id() == providerId; });
    if (plugin == plugins.cend()) {
        *errorString = QStringLiteral("provider: no provider \"%1\" is loaded").arg(providerId);
        return false;
    }
    PackageWriter writer(runtime, *plugin, options.packageName, files);
    if (!writer.writeActionNode(errorString))
        return false;
    writer.writeTriggerNode();
    writer.writeCredential();
    writer.writeIcons();
    writer.writeManifestAndReadme();
    return true;
}

} // namespace ActionNode
