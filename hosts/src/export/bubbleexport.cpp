#include "bubbleexport.h"

#include "exportsource.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionNode {

namespace {

const QString HostUrlKey = QStringLiteral("Host URL");
const QString HostApiKeyKey = QStringLiteral("Host API key");
const QString LicenceKey = QStringLiteral("Licence");

/*
    Bubble names every field, return value and key with a short id unique in
    its file ("AAQ"): these count up in an order that is also their sorted
    order, so that a file reads in rank order.
*/
class BubbleIds
{
public:
    QString next()
    {
        static const QLatin1String letters("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
        const int count = m_count++;
        return QStringLiteral("A") + letters.at(count / letters.size()) + letters.at(count % letters.size());
    }

private:
    int m_count = 0;
};

// How a value of our builder type travels through Bubble: its Bubble type and how server.js converts it.
struct BubbleType
{
    QString value; //!< Bubble's: text, number, boolean, date
    QString kind;  //!< server.js's: as value, "json" (JSON text), "date" (RFC 3339) or "list" (a Bubble list)
};

BubbleType bubbleType(const QString &builderType)
{
    if (builderType == QLatin1String("Number"))
        return {QStringLiteral("number"), QStringLiteral("number")};
    if (builderType == QLatin1String("Boolean"))
        return {QStringLiteral("boolean"), QStringLiteral("boolean")};
    if (builderType == QLatin1String("Date/Time"))
        return {QStringLiteral("date"), QStringLiteral("date")};
    if (builderType == QLatin1String("List") || builderType == QLatin1String("Object"))
        return {QStringLiteral("text"), QStringLiteral("json")};
    return {QStringLiteral("text"), QStringLiteral("text")};
}

QJsonObject label(const QString &caption, const QString &name, int rank)
{
    return {{QStringLiteral("caption"), caption},
            {QStringLiteral("editor"), QStringLiteral("Label")},
            {QStringLiteral("name"), name},
            {QStringLiteral("rank"), rank}};
}

// A static dropdown's options are one comma-separated text: only options without a comma fit.
QString dropdownOptions(const QJsonArray &options)
{
    QStringList texts;
    for (const QJsonValue &option : options) {
        if (!option.isString() || option.toString().contains(QLatin1Char(',')))
            return {};
        texts.append(option.toString());
    }
    return texts.join(QLatin1Char(','));
}

QJsonObject field(const QJsonObject &metadata, int rank, QString *kind)
{
    // A choice list is a Bubble list of texts, its choices named in the field's note.
    const bool choiceList = ExportSource::isChoiceList(metadata);
    const BubbleType type = choiceList ? BubbleType{QStringLiteral("text"), QStringLiteral("list")}
                                       : bubbleType(metadata.value(QLatin1String("type")).toString());
    *kind = type.kind;
    QString doc = ExportSource::fieldNote(metadata);
    if (type.kind == QLatin1String("json"))
        doc += QStringLiteral(" Written as JSON text.");
    if (choiceList) {
        QStringList choices;
        for (const QJsonValue &option : metadata.value(QLatin1String("options")).toArray())
            choices.append(option.toVariant().toString());
        doc += QStringLiteral(" A list of: %1.").arg(choices.join(QStringLiteral(", ")));
    }
    QJsonObject field{{QStringLiteral("caption"), metadata.value(QLatin1String("label"))},
                      {QStringLiteral("doc"), doc},
                      {QStringLiteral("editor"), QStringLiteral("DynamicValue")},
                      {QStringLiteral("name"), metadata.value(QLatin1String("key"))},
                      {QStringLiteral("optional"), !metadata.value(QLatin1String("required")).toBool()},
                      {QStringLiteral("rank"), rank},
                      {QStringLiteral("value"), type.value}};
    if (choiceList) {
        field.insert(QStringLiteral("is_list"), true);
    } else if (const QString options = dropdownOptions(metadata.value(QLatin1String("options")).toArray());
               !options.isEmpty()) {
        field.insert(QStringLiteral("editor"), QStringLiteral("Dropdown"));
        field.insert(QStringLiteral("options"), options);
    }
    const QJsonValue defaultValue = metadata.value(QLatin1String("default"));
    if (defaultValue.isString() || defaultValue.isDouble() || defaultValue.isBool())
        field.insert(QStringLiteral("default_val"), defaultValue);
    return field;
}

QString groupCaption(const QJsonObject &group)
{
    QString caption = group.value(QLatin1String("title")).toString();
    if (const QString shown = group.value(QLatin1String("visibleWhenText")).toString(); !shown.isEmpty())
        caption += QStringLiteral(" (%1)").arg(shown);
    return caption;
}

QByteArray jsonText(const QJsonObject &object, QJsonDocument::JsonFormat format = QJsonDocument::Indented)
{
    return QJsonDocument(object).toJson(format);
}

struct Plugin
{
    bool withBundles;
    QString folder;
};

//! One action's params.json and server.js in \a plugin, or nothing when a bundle gates the whole action there.
void writeAction(const ExportSource::Action &action, const Plugin &plugin, const QJsonObject &accountKeys,
                 ExportedFiles *files)
{
    QJsonObject fields;
    QJsonObject fieldKinds;
    BubbleIds ids;
    int rank = 0;
    for (const QJsonValue &groupValue : action.metadata.value(QLatin1String("groups")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const QJsonObject bundle = group.value(QLatin1String("bundle")).toObject();
        if (!bundle.isEmpty() && !plugin.withBundles)
            continue;
        const QString groupId = group.value(QLatin1String("id")).toString();
        fields.insert(ids.next(), label(groupCaption(group), groupId, rank++));
        if (!bundle.isEmpty())
            fields.insert(ids.next(),
                          label(QStringLiteral("%1: %2").arg(bundle.value(QLatin1String("title")).toString(),
                                                             bundle.value(QLatin1String("upsell")).toString()),
                                groupId + QStringLiteral("_bundle"), rank++));
        const QJsonArray notices = group.value(QLatin1String("notices")).toArray();
        auto addNotices = [&](const QString &after) {
            for (const QJsonValue &notice : notices) {
                if (notice.toObject().value(QLatin1String("after")).toString() == after)
                    fields.insert(ids.next(), label(notice.toObject().value(QLatin1String("text")).toString(),
                                                    notice.toObject().value(QLatin1String("id")).toString(), rank++));
            }
        };
        addNotices({});
        for (const QJsonValue &fieldValue : group.value(QLatin1String("fields")).toArray()) {
            const QJsonObject metadata = fieldValue.toObject();
            QString kind;
            fields.insert(ids.next(), field(metadata, rank++, &kind));
            fieldKinds.insert(metadata.value(QLatin1String("key")).toString(), kind);
            addNotices(metadata.value(QLatin1String("key")).toString());
        }
    }

    QJsonObject returnValues;
    QJsonObject outputKinds;
    int outputRank = 0;
    auto addReturnValue = [&](const QString &caption, const QString &name, const QString &value) {
        returnValues.insert(ids.next(), QJsonObject{{QStringLiteral("caption"), caption},
                                                    {QStringLiteral("name"), name},
                                                    {QStringLiteral("rank"), outputRank++},
                                                    {QStringLiteral("value"), value}});
    };
    for (const QJsonValue &outputValue : action.metadata.value(QLatin1String("outputs")).toArray()) {
        const QJsonObject output = outputValue.toObject();
        const BubbleType type = bubbleType(output.value(QLatin1String("type")).toString());
        // Bubble has no secret type: the caption says that a credential is one.
        QString caption = output.value(QLatin1String("label")).toString();
        if (output.value(QLatin1String("sensitive")).toBool())
            caption += QStringLiteral(" (sensitive)");
        addReturnValue(caption, output.value(QLatin1String("key")).toString(), type.value);
        outputKinds.insert(output.value(QLatin1String("key")).toString(), type.kind);
    }
    addReturnValue(QStringLiteral("error"), QStringLiteral("error"), QStringLiteral("boolean"));
    addReturnValue(QStringLiteral("error message"), QStringLiteral("error_message"), QStringLiteral("text"));
    addReturnValue(QStringLiteral("error status"), QStringLiteral("error_status"), QStringLiteral("text"));

    QString provider = action.spec.provider();
    provider[0] = provider.at(0).toUpper();
    const QJsonObject params{
        {QStringLiteral("category"), QStringLiteral("plugins")},
        {QStringLiteral("display"), QStringLiteral("%1 - %2").arg(provider, action.spec.title())},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("return_value"), returnValues},
        {QStringLiteral("type"), QStringLiteral("server_side")},
        {QStringLiteral("use_packages"), false},
    };
    QByteArray server = ExportSource::resource(QStringLiteral("bubble/server.js"));
    server.replace("__ACTION__", ExportSource::jsonLiteral(action.spec.id()).toUtf8());
    server.replace("__FIELDS__", jsonText(fieldKinds, QJsonDocument::Compact));
    server.replace("__OUTPUTS__", jsonText(outputKinds, QJsonDocument::Compact));
    server.replace("__ACCOUNT_KEYS__", jsonText(accountKeys, QJsonDocument::Compact));
    const QString folder = QStringLiteral("%1/actions/%2/").arg(plugin.folder, action.spec.id());
    files->insert(folder + QStringLiteral("params.json"), jsonText(params));
    files->insert(folder + QStringLiteral("server.js"), server);
}

} // namespace

QString BubbleExport::builder() const
{
    return QStringLiteral("bubble");
}

bool BubbleExport::write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
                         QString *errorString) const
{
    ExportSource source;
    if (!ExportSource::read(session, options, &source, errorString))
        return false;
    const QString providers = source.providers.join(QStringLiteral(", "));
    const QString name = options.packageName.isEmpty() ? QStringLiteral("actionnode %1").arg(providers)
                                                       : options.packageName;

    // The provider's account settings, each one of the plugin's keys ("daily api_key").
    QJsonObject accountKeys;
    QStringList accountCaptions;
    for (const QString &provider : std::as_const(source.providers)) {
        QJsonObject settings;
        for (const ExportSource::AccountSetting &setting : source.accountSettings.value(provider)) {
            const QString caption = QStringLiteral("%1 %2").arg(provider, setting.key);
            settings.insert(setting.key, caption);
            accountCaptions.append(caption);
        }
        accountKeys.insert(provider, settings);
    }

    for (const Plugin &plugin :
         {Plugin{true, QStringLiteral("with-bundles")}, Plugin{false, QStringLiteral("without-bundles")}}) {
        BubbleIds ids;
        QJsonObject sharedKeys;
        QStringList captions{HostUrlKey, HostApiKeyKey};
        if (plugin.withBundles)
            captions.append(LicenceKey);
        captions += accountCaptions;
        for (const QString &caption : std::as_const(captions))
            sharedKeys.insert(ids.next(), QJsonObject{{QStringLiteral("caption"), caption},
                                                      {QStringLiteral("type"), QStringLiteral("secure")}});
        files->insert(plugin.folder + QStringLiteral("/shared_tech_params.json"),
                      jsonText({{QStringLiteral("dependencies"),
                                 QJsonObject{{QStringLiteral("plugin_api_version"), QStringLiteral("4")}}},
                                {QStringLiteral("shared_keys"), sharedKeys}}));
        const QString instructions =
            QStringLiteral(
                "Runs on an actionnode HTTP host ('actionnode serve --http'). In the plugin's keys: \"%1\" is the "
                "host's "
                "address (https://...), \"%2\" a key the host accepts (empty for a host without keys), %3and %4 your "
                "provider account, sent with each call and never stored by the host. Every action returns \"error\", "
                "\"error message\" and \"error status\": check \"error\" in the next step.")
                .arg(HostUrlKey, HostApiKeyKey,
                     plugin.withBundles ? QStringLiteral("\"%1\" your bundle licence "
                                                         "(its JSON or base64), ")
                                              .arg(LicenceKey)
                                        : QString(),
                     accountCaptions.join(QStringLiteral(", ")));
        files->insert(plugin.folder + QStringLiteral("/meta_data.json"),
                      jsonText(
                          {{QStringLiteral("description"),
                            QStringLiteral("The %1 actions of actionnode, run by its HTTP host%2.")
                                .arg(providers,
                                     plugin.withBundles ? QString() : QStringLiteral(", without the bundle fields"))},
                           {QStringLiteral("license"), QStringLiteral("private")},
                           {QStringLiteral("name"), plugin.withBundles ? name : name + QStringLiteral(" (basic)")},
                           {QStringLiteral("plugin_instructions"), instructions}}));
        for (const ExportSource::Action &action : std::as_const(source.actions)) {
            if (plugin.withBundles || !action.metadata.contains(QLatin1String("bundle")))
                writeAction(action, plugin, accountKeys, files);
        }
    }
    files->insert(QStringLiteral("README.md"),
                  QStringLiteral("# %1\n\n"
                                 "Bubble plugins generated by `actionnode export bubble` from the declarations of %2, "
                                 "in the layout of Bubble's GitHub sync: connect a plugin's repository to one of the "
                                 "two folders.\n\n"
                                 "- `with-bundles/`: every action and field; bundle-gated fields are marked and need "
                                 "the \"%3\" key to hold a licence with their bundle.\n"
                                 "- `without-bundles/`: the same without the fields, actions and key a bundle "
                                 "gates.\n\n"
                                 "Each action is one call to the actionnode HTTP host (`actionnode serve --http`), "
                                 "which validates, gates and calls the provider; it returns the action's outputs plus "
                                 "`error`, `error_message` and `error_status`.\n")
                      .arg(name, providers, LicenceKey)
                      .toUtf8());
    return true;
}

} // namespace ActionNode
