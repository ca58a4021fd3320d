#include "zapierexport.h"

#include "exportsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <optional>

namespace ActionNode {

namespace {

// The zapier-platform-core the app is written and tested against.
const QString PlatformVersion = QStringLiteral("19.1.0");
// The Standard Webhooks library that checks the host's signature on each hook delivery.
const QString StandardWebhooksVersion = QStringLiteral("1.3.0");
// Zapier's limits on display texts (zapier-platform-schema's BasicDisplaySchema and PlainInputFieldSchema).
const int MaxLabelLength = 64;
const int MaxTextLength = 1000;

// Zapier's type of a field (or output) of the metadata; a choice list is a list of strings.
QString fieldType(const QJsonObject &field)
{
    const QString builderType = field.value(QLatin1String("type")).toString();
    if (ExportSource::isChoiceList(field))
        return QStringLiteral("string");
    if (builderType == QLatin1String("Number"))
        return QStringLiteral("number");
    if (builderType == QLatin1String("Boolean"))
        return QStringLiteral("boolean");
    if (builderType == QLatin1String("Date/Time"))
        return QStringLiteral("datetime");
    if (builderType == QLatin1String("List") || builderType == QLatin1String("Object"))
        return QStringLiteral("text");
    return QStringLiteral("string");
}

// How the runtime converts a Zapier value before sending it (actionnode.js, inputsOf()).
QString valueKind(const QJsonObject &field)
{
    const QString builderType = field.value(QLatin1String("type")).toString();
    if (ExportSource::isChoiceList(field))
        return QStringLiteral("list");
    if (builderType == QLatin1String("Number"))
        return QStringLiteral("number");
    if (builderType == QLatin1String("Boolean"))
        return QStringLiteral("boolean");
    if (builderType == QLatin1String("List") || builderType == QLatin1String("Object"))
        return QStringLiteral("json");
    return QStringLiteral("text");
}

QString defaultText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 16);
    return value.toString();
}

void collectConditionFields(const QJsonValue &condition, QSet<QString> *fields)
{
    const QJsonObject object = condition.toObject();
    if (object.contains(QLatin1String("field")))
        fields->insert(object.value(QLatin1String("field")).toString());
    for (const char *combination : {"all", "any"}) {
        for (const QJsonValue &part : object.value(QLatin1String(combination)).toArray())
            collectConditionFields(part, fields);
    }
    if (object.contains(QLatin1String("not")))
        collectConditionFields(object.value(QLatin1String("not")), fields);
}

class OperationWriter
{
public:
    QString errorString;

    /*!
        An action's or trigger's operation for actionnode.js: its display,
        groups, fields (each the Zapier field, the runtime's kind of value
        and its condition), defaults, sample and output fields.
    */
    std::optional<QJsonObject> write(const QJsonObject &metadata, const QString &key, const QString &type)
    {
        const QString id = metadata.value(QLatin1String("id")).toString();
        QSet<QString> conditionFields;
        for (const QJsonValue &group : metadata.value(QLatin1String("groups")).toArray()) {
            collectConditionFields(group.toObject().value(QLatin1String("visibleWhen")), &conditionFields);
            for (const QJsonValue &field : group.toObject().value(QLatin1String("fields")).toArray())
                collectConditionFields(field.toObject().value(QLatin1String("visibleWhen")), &conditionFields);
        }
        QJsonArray groups;
        QJsonArray fields;
        QJsonObject defaults;
        for (const QJsonValue &groupValue : metadata.value(QLatin1String("groups")).toArray()) {
            const QJsonObject group = groupValue.toObject();
            const QString groupKey = group.value(QLatin1String("id")).toString();
            QString groupLabel = group.value(QLatin1String("title")).toString();
            if (const QJsonObject bundle = group.value(QLatin1String("bundle")).toObject(); !bundle.isEmpty())
                groupLabel += QStringLiteral(" (%1)").arg(bundle.value(QLatin1String("title")).toString());
            groups.append(QJsonObject{{QStringLiteral("key"), groupKey}, {QStringLiteral("label"), groupLabel}});
            const QJsonArray notices = group.value(QLatin1String("notices")).toArray();
            const QJsonArray groupFields = group.value(QLatin1String("fields")).toArray();
            for (qsizetype i = 0; i < groupFields.size(); ++i) {
                const QJsonObject metadataField = groupFields.at(i).toObject();
                const QString fieldKey = metadataField.value(QLatin1String("key")).toString();
                QString help = ExportSource::fieldNote(metadataField);
                const QString kind = valueKind(metadataField);
                if (kind == QLatin1String("json"))
                    help += QStringLiteral(" Written as JSON text.");
                // A notice goes with the field it follows, one at the group's top with its first field.
                for (const QJsonValue &notice : notices) {
                    const QString after = notice.toObject().value(QLatin1String("after")).toString();
                    if (after == fieldKey || (after.isEmpty() && i == 0))
                        help += QStringLiteral(" Note: ") + notice.toObject().value(QLatin1String("text")).toString();
                }
                if (help.size() > MaxTextLength) {
                    errorString = QStringLiteral("%1: the help of field \"%2\" is %3 characters, more than Zapier's "
                                                 "%4")
                                      .arg(id, fieldKey)
                                      .arg(help.size())
                                      .arg(MaxTextLength);
                    return std::nullopt;
                }
                QJsonObject field{{QStringLiteral("key"), fieldKey},
                                  {QStringLiteral("label"), metadataField.value(QLatin1String("label"))},
                                  {QStringLiteral("type"), fieldType(metadataField)},
                                  {QStringLiteral("required"), metadataField.value(QLatin1String("required")).toBool()},
                                  {QStringLiteral("group"), groupKey}};
                if (kind == QLatin1String("list"))
                    field.insert(QStringLiteral("list"), true);
                if (!help.isEmpty())
                    field.insert(QStringLiteral("helpText"), help);
                const QJsonValue defaultValue = metadataField.value(QLatin1String("default"));
                if (!defaultValue.isUndefined() && !defaultValue.isObject() && !defaultValue.isArray()
                    && !defaultText(defaultValue).isEmpty()) {
                    field.insert(QStringLiteral("default"), defaultText(defaultValue));
                    defaults.insert(fieldKey, defaultValue);
                }
                QJsonArray choices;
                for (const QJsonValue &option : metadataField.value(QLatin1String("options")).toArray())
                    choices.append(QJsonObject{{QStringLiteral("value"), defaultText(option)},
                                               {QStringLiteral("label"), defaultText(option)},
                                               {QStringLiteral("sample"), defaultText(option)}});
                if (!choices.isEmpty())
                    field.insert(QStringLiteral("choices"), choices);
                if (metadataField.contains(QLatin1String("optionsFrom"))) {
                    const QString optionsKey = key + QLatin1Char('_') + fieldKey + QStringLiteral("_options");
                    field.insert(QStringLiteral("dynamic"), optionsKey + QStringLiteral(".id.name"));
                    options.append(
                        QJsonObject{{QStringLiteral("key"), optionsKey},
                                    {QStringLiteral("action"), id},
                                    {QStringLiteral("field"), fieldKey},
                                    {QStringLiteral("noun"), metadataField.value(QLatin1String("label"))},
                                    {QStringLiteral("label"),
                                     metadataField.value(QLatin1String("label")).toString().left(MaxLabelLength)},
                                    {QStringLiteral("description"),
                                     QStringLiteral("The choices of \"%1\", from the provider.")
                                         .arg(metadataField.value(QLatin1String("label")).toString())}});
                }
                if (conditionFields.contains(fieldKey))
                    field.insert(QStringLiteral("altersDynamicFields"), true);
                QJsonObject entry{{QStringLiteral("field"), field}, {QStringLiteral("kind"), kind}};
                const QJsonValue fieldCondition = metadataField.value(QLatin1String("visibleWhen"));
                const QJsonValue groupCondition = group.value(QLatin1String("visibleWhen"));
                if (fieldCondition.isObject() && groupCondition.isObject())
                    entry.insert(QStringLiteral("condition"),
                                 QJsonObject{{QStringLiteral("all"), QJsonArray{groupCondition, fieldCondition}}});
                else if (fieldCondition.isObject() || groupCondition.isObject())
                    entry.insert(QStringLiteral("condition"),
                                 fieldCondition.isObject() ? fieldCondition : groupCondition);
                fields.append(entry);
            }
        }
        QJsonObject sample;
        QJsonArray outputFields;
        for (const QJsonValue &outputValue : metadata.value(QLatin1String("outputs")).toArray()) {
            const QJsonObject output = outputValue.toObject();
            const QString outputKey = output.value(QLatin1String("key")).toString();
            if (output.contains(QLatin1String("sample")))
                sample.insert(outputKey, output.value(QLatin1String("sample")));
            QJsonObject outputField{{QStringLiteral("key"), outputKey},
                                    {QStringLiteral("label"), output.value(QLatin1String("label"))}};
            // A credential is Zapier's password type, which Zapier keeps out of view.
            if (output.value(QLatin1String("sensitive")).toBool())
                outputField.insert(QStringLiteral("type"), QStringLiteral("password"));
            else if (valueKind(output) != QLatin1String("json"))
                outputField.insert(QStringLiteral("type"), fieldType(output));
            outputFields.append(outputField);
        }
        const QString title = metadata.value(QLatin1String("title")).toString();
        const QString description = metadata.value(QLatin1String("description")).toString();
        if (title.size() < 2 || title.size() > MaxLabelLength || description.isEmpty()
            || description.size() > MaxTextLength) {
            errorString = QStringLiteral("%1: Zapier wants a title of 2 to %2 characters and a description of 1 to "
                                         "%3")
                              .arg(id)
                              .arg(MaxLabelLength)
                              .arg(MaxTextLength);
            return std::nullopt;
        }
        return QJsonObject{{QStringLiteral("key"), key},
                           {QStringLiteral("type"), type},
                           {QStringLiteral("noun"), metadata.value(QLatin1String("category"))},
                           {QStringLiteral("label"), title},
                           {QStringLiteral("description"), description},
                           {QStringLiteral("groups"), groups},
                           {QStringLiteral("fields"), fields},
                           {QStringLiteral("defaults"), defaults},
                           {QStringLiteral("sample"), sample},
                           {QStringLiteral("outputFields"), outputFields}};
    }

    //! The hidden triggers of the dynamic dropdowns written so far.
    QJsonArray options;
};

QJsonObject authenticationField(const QString &key, const QString &label, const QString &type, const QString &help)
{
    return {{QStringLiteral("key"), key},
            {QStringLiteral("label"), label},
            {QStringLiteral("type"), type},
            {QStringLiteral("required"), key == QLatin1String("host_url")},
            {QStringLiteral("helpText"), help}};
}

} // namespace

QString ZapierExport::builder() const
{
    return QStringLiteral("zapier");
}

bool ZapierExport::write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
                         QString *errorString) const
{
    ExportSource source;
    if (!ExportSource::read(session, options, &source, errorString))
        return false;
    OperationWriter writer;
    QJsonArray actions;
    for (const ExportSource::Action &action : std::as_const(source.actions)) {
        const bool readOnly =
            action.metadata.value(QLatin1String("hints")).toObject().value(QLatin1String("readOnly")).toBool();
        std::optional<QJsonObject> operation = writer.write(action.metadata, ExportSource::keyOf(action.spec.id()),
                                                            readOnly ? QStringLiteral("search")
                                                                     : QStringLiteral("create"));
        if (!operation) {
            *errorString = writer.errorString;
            return false;
        }
        operation->insert(QStringLiteral("action"), action.spec.id());
        actions.append(*operation);
    }
    QJsonArray triggers;
    for (const ExportSource::Trigger &trigger : std::as_const(source.triggers)) {
        std::optional<QJsonObject> operation = writer.write(trigger.metadata, ExportSource::keyOf(trigger.spec.id()),
                                                            QStringLiteral("hook"));
        if (!operation) {
            *errorString = writer.errorString;
            return false;
        }
        operation->insert(QStringLiteral("trigger"), trigger.spec.id());
        triggers.append(*operation);
    }

    QJsonArray authenticationFields{
        authenticationField(QStringLiteral("host_url"), QStringLiteral("Host URL"), QStringLiteral("string"),
                            QStringLiteral("The address of the actionnode HTTP host ('actionnode serve --http'), "
                                           "such as https://actionnode.example.com.")),
        authenticationField(QStringLiteral("host_api_key"), QStringLiteral("Host API key"), QStringLiteral("password"),
                            QStringLiteral("A key the host accepts (--api-keys); empty for a host without keys.")),
        authenticationField(QStringLiteral("licence"), QStringLiteral("Licence"), QStringLiteral("text"),
                            QStringLiteral("Your bundle licence, its JSON or its base64; empty without one: "
                                           "fields of a bundle are then refused.")),
    };
    QJsonObject accounts;
    for (const QString &provider : std::as_const(source.providers)) {
        QJsonArray settings;
        for (const ExportSource::AccountSetting &setting : source.accountSettings.value(provider)) {
            settings.append(setting.key);
            authenticationFields.append(authenticationField(
                provider + QLatin1Char('_') + setting.key, QStringLiteral("%1 %2").arg(provider, setting.key),
                setting.secret ? QStringLiteral("password") : QStringLiteral("string"),
                QStringLiteral("Your %1 account's %2, sent with each call and never stored by the host; empty to use "
                               "the host's own account.")
                    .arg(provider, setting.key)));
        }
        accounts.insert(provider, settings);
    }

    const QJsonObject definitions{{QStringLiteral("platformVersion"), PlatformVersion},
                                  {QStringLiteral("accounts"), accounts},
                                  {QStringLiteral("authenticationFields"), authenticationFields},
                                  {QStringLiteral("actions"), actions},
                                  {QStringLiteral("options"), writer.options},
                                  {QStringLiteral("triggers"), triggers}};
    const QString providers = source.providers.join(QStringLiteral(", "));
    const QString packageName = ExportSource::packageName(options, QStringLiteral("actionnode-zapier"));
    files->insert(QStringLiteral("definitions.json"), QJsonDocument(definitions).toJson());
    files->insert(QStringLiteral("lib/actionnode.js"), ExportSource::resource(QStringLiteral("zapier/actionnode.js")));
    files->insert(QStringLiteral("index.js"),
                  QByteArrayLiteral(
                      "// Generated by 'actionnode export zapier': the app is built from definitions.json.\n"
                      "module.exports = require('./lib/actionnode')(require('./definitions.json'), "
                      "require('./package.json'));\n"));
    files->insert(QStringLiteral("package.json"),
                  QJsonDocument(
                      QJsonObject{{QStringLiteral("name"), packageName},
                                  {QStringLiteral("version"), QStringLiteral("1.0.0")},
                                  {QStringLiteral("private"), true},
                                  {QStringLiteral("license"), ExportSource::packageLicense()},
                                  {QStringLiteral("main"), QStringLiteral("index.js")},
                                  {QStringLiteral("description"),
                                   QStringLiteral("Zapier app of the %1 actions, run by the actionnode HTTP host")
                                       .arg(providers)},
                                  {QStringLiteral("dependencies"),
                                   QJsonObject{{QStringLiteral("standardwebhooks"), StandardWebhooksVersion},
                                               {QStringLiteral("zapier-platform-core"), PlatformVersion}}}})
                      .toJson());
    files->insert(QStringLiteral("README.md"),
                  QStringLiteral("# %1\n\n"
                                 "A Zapier app generated by `actionnode export zapier` from the declarations of %2: "
                                 "`npm install`, then `zapier-platform push`. Each create, search and trigger is one "
                                 "call to the actionnode HTTP host (`actionnode serve --http`), whose address, key, "
                                 "the licence and the provider account are the app's connection fields. "
                                 "`definitions.json` holds everything declared; `lib/actionnode.js` runs it.\n")
                      .arg(packageName, providers)
                      .toUtf8());
    return true;
}

} // namespace ActionNode
