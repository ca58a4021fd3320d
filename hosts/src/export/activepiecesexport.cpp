#include "activepiecesexport.h"

#include "exportsource.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionNode {

namespace {

// The framework the piece is written and compiled against.
const QString FrameworkVersion = QStringLiteral("0.32.0");
// The Standard Webhooks library that checks the host's signature on each delivery.
const QString StandardWebhooksVersion = QStringLiteral("1.3.0");
// A plain square, so that the piece needs no image from elsewhere.
const QString LogoUrl = QStringLiteral(
    "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiPjxyZWN0IH"
    "dpZHRoPSIxIiBoZWlnaHQ9IjEiLz48L3N2Zz4=");

// One Property.* of a field's metadata, for the action (or trigger) \a id.
QString property(const QJsonObject &field, const QString &id)
{
    const QString type = field.value(QLatin1String("type")).toString();
    QString note = ExportSource::fieldNote(field);
    const bool choiceList = ExportSource::isChoiceList(field);
    if ((type == QLatin1String("List") && !choiceList) || type == QLatin1String("Object"))
        note += QStringLiteral(" JSON.");
    QString common = QStringLiteral("displayName: %1, description: %2, required: %3")
                         .arg(ExportSource::jsonLiteral(field.value(QLatin1String("label"))),
                              ExportSource::jsonLiteral(note),
                              field.value(QLatin1String("required")).toBool() ? QStringLiteral("true")
                                                                              : QStringLiteral("false"));
    const QJsonValue defaultValue = field.value(QLatin1String("default"));
    if (!defaultValue.isUndefined())
        common += QStringLiteral(", defaultValue: ") + ExportSource::jsonLiteral(defaultValue);
    if (field.contains(QLatin1String("optionsFrom")))
        return QStringLiteral("Property.Dropdown({ %1, auth: actionnodeAuth, refreshers: [], options: async ({ auth }) "
                              "=> fieldOptions(auth, accounts, %2, %3) })")
            .arg(common, ExportSource::jsonLiteral(id), ExportSource::jsonLiteral(field.value(QLatin1String("key"))));
    if (const QJsonArray options = field.value(QLatin1String("options")).toArray(); !options.isEmpty()) {
        QStringList choices;
        for (const QJsonValue &option : options)
            choices.append(QStringLiteral("{ label: %1, value: %1 }").arg(ExportSource::jsonLiteral(option)));
        return QStringLiteral("Property.%1({ %2, options: { disabled: false, options: [%3] } })")
            .arg(choiceList ? QStringLiteral("StaticMultiSelectDropdown") : QStringLiteral("StaticDropdown"), common,
                 choices.join(QStringLiteral(", ")));
    }
    if (type == QLatin1String("Number"))
        return QStringLiteral("Property.Number({ %1 })").arg(common);
    if (type == QLatin1String("Boolean"))
        return QStringLiteral("Property.Checkbox({ %1 })").arg(common);
    if (type == QLatin1String("Date/Time"))
        return QStringLiteral("Property.DateTime({ %1 })").arg(common);
    if (type == QLatin1String("List") || type == QLatin1String("Object"))
        return QStringLiteral("Property.Json({ %1 })").arg(common);
    return QStringLiteral("Property.ShortText({ %1 })").arg(common);
}

//! The props of an action's or trigger's metadata, with its fields' defaults in \a defaults.
QString properties(const QJsonObject &metadata, QJsonObject *defaults)
{
    const QString id = metadata.value(QLatin1String("id")).toString();
    QStringList props;
    for (const QJsonValue &groupValue : metadata.value(QLatin1String("groups")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const QJsonObject bundle = group.value(QLatin1String("bundle")).toObject();
        if (!bundle.isEmpty())
            props.append(
                QStringLiteral("    %1: Property.MarkDown({ value: %2 }),")
                    .arg(ExportSource::jsonLiteral(group.value(QLatin1String("id")).toString()
                                                   + QStringLiteral("_bundle")),
                         ExportSource::jsonLiteral(QStringLiteral("**%1** (%2): %3")
                                                       .arg(group.value(QLatin1String("title")).toString(),
                                                            bundle.value(QLatin1String("title")).toString(),
                                                            bundle.value(QLatin1String("upsell")).toString()))));
        const QJsonArray notices = group.value(QLatin1String("notices")).toArray();
        auto addNotices = [&](const QString &after) {
            for (const QJsonValue &notice : notices) {
                if (notice.toObject().value(QLatin1String("after")).toString() == after)
                    props.append(QStringLiteral("    %1: Property.MarkDown({ value: %2 }),")
                                     .arg(ExportSource::jsonLiteral(notice.toObject().value(QLatin1String("id"))),
                                          ExportSource::jsonLiteral(notice.toObject().value(QLatin1String("text")))));
            }
        };
        addNotices({});
        for (const QJsonValue &fieldValue : group.value(QLatin1String("fields")).toArray()) {
            const QJsonObject field = fieldValue.toObject();
            const QString key = field.value(QLatin1String("key")).toString();
            props.append(QStringLiteral("    %1: %2,").arg(ExportSource::jsonLiteral(key), property(field, id)));
            if (field.contains(QLatin1String("default")))
                defaults->insert(key, field.value(QLatin1String("default")));
            addNotices(key);
        }
    }
    return props.join(QLatin1Char('\n'));
}

// The outputs as Activepieces' data selector shows them, each labelled and described; a credential says so.
QJsonObject outputSchema(const QJsonObject &metadata)
{
    QJsonArray fields;
    for (const QJsonValue &outputValue : metadata.value(QLatin1String("outputs")).toArray()) {
        const QJsonObject output = outputValue.toObject();
        QString description = output.value(QLatin1String("description")).toString();
        if (output.value(QLatin1String("sensitive")).toBool())
            description += QStringLiteral("%1 Sensitive: a credential, to keep out of logs and messages.")
                               .arg(description.endsWith(QLatin1Char('.')) ? QString() : QStringLiteral("."));
        fields.append(QJsonObject{{QStringLiteral("key"), output.value(QLatin1String("key"))},
                                  {QStringLiteral("label"), output.value(QLatin1String("label"))},
                                  {QStringLiteral("description"), description}});
    }
    return {{QStringLiteral("fields"), fields}};
}

QJsonObject sampleData(const QJsonObject &metadata)
{
    QJsonObject sample;
    for (const QJsonValue &output : metadata.value(QLatin1String("outputs")).toArray()) {
        if (output.toObject().contains(QLatin1String("sample")))
            sample.insert(output.toObject().value(QLatin1String("key")).toString(),
                          output.toObject().value(QLatin1String("sample")));
    }
    return sample;
}

} // namespace

QString ActivepiecesExport::builder() const
{
    return QStringLiteral("activepieces");
}

bool ActivepiecesExport::write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
                               QString *errorString) const
{
    ExportSource source;
    if (!ExportSource::read(session, options, &source, errorString))
        return false;
    const QString providers = source.providers.join(QStringLiteral(", "));
    QJsonObject accounts;
    QStringList authProps{
        QStringLiteral("    host_url: Property.ShortText({ displayName: 'Host URL', description: 'The address of the "
                       "actionnode HTTP host (actionnode serve --http).', required: true }),"),
        QStringLiteral("    host_api_key: PieceAuth.SecretText({ displayName: 'Host API key', description: 'A key the "
                       "host accepts; empty for a host without keys.', required: false }),"),
        QStringLiteral("    licence: Property.LongText({ displayName: 'Licence', description: 'Your bundle licence, "
                       "its JSON or its base64; without one, fields of a bundle are refused.', required: false }),"),
    };
    for (const QString &provider : std::as_const(source.providers)) {
        QJsonArray settings;
        for (const ExportSource::AccountSetting &setting : source.accountSettings.value(provider)) {
            settings.append(setting.key);
            authProps.append(
                QStringLiteral("    %1: %2({ displayName: %3, description: %4, required: false }),")
                    .arg(provider + QLatin1Char('_') + setting.key,
                         setting.secret ? QStringLiteral("PieceAuth.SecretText") : QStringLiteral("Property.ShortText"),
                         ExportSource::jsonLiteral(QStringLiteral("%1 %2").arg(provider, setting.key)),
                         ExportSource::jsonLiteral(QStringLiteral("Your %1 account's %2, sent with each call and never "
                                                                  "stored by the host; empty to use the host's own.")
                                                       .arg(provider, setting.key))));
        }
        accounts.insert(provider, settings);
    }

    QStringList definitions;
    QStringList actionNames;
    for (const ExportSource::Action &action : std::as_const(source.actions)) {
        QJsonObject defaults;
        const QString props = properties(action.metadata, &defaults);
        const QString name = ExportSource::keyOf(action.spec.id());
        actionNames.append(name);
        definitions.append(QStringLiteral("const %1 = createAction({\n"
                                          "  auth: actionnodeAuth,\n"
                                          "  name: %2,\n"
                                          "  displayName: %3,\n"
                                          "  description: %4,\n"
                                          "  outputSchema: %8,\n"
                                          "  props: {\n%5\n  },\n"
                                          "  async run(context) {\n"
                                          "    return invoke(context.auth, accounts, %6, context.propsValue, %7);\n"
                                          "  },\n"
                                          "});\n")
                               .arg(name, ExportSource::jsonLiteral(name),
                                    ExportSource::jsonLiteral(action.spec.title()),
                                    ExportSource::jsonLiteral(action.spec.description()), props,
                                    ExportSource::jsonLiteral(action.spec.id()), ExportSource::jsonLiteral(defaults),
                                    ExportSource::jsonLiteral(outputSchema(action.metadata))));
    }
    QStringList triggerNames;
    for (const ExportSource::Trigger &trigger : std::as_const(source.triggers)) {
        QJsonObject defaults;
        const QString props = properties(trigger.metadata, &defaults);
        const QString name = ExportSource::keyOf(trigger.spec.id());
        triggerNames.append(name);
        definitions.append(
            QStringLiteral("const %1 = createTrigger({\n"
                           "  auth: actionnodeAuth,\n"
                           "  name: %2,\n"
                           "  displayName: %3,\n"
                           "  description: %4,\n"
                           "  outputSchema: %8,\n"
                           "  props: {\n%5\n  },\n"
                           "  type: TriggerStrategy.WEBHOOK,\n"
                           "  sampleData: %6,\n"
                           "  async onEnable(context) {\n"
                           "    const subscription = await subscribe(context.auth, accounts, %7, context.webhookUrl, "
                           "context.propsValue);\n"
                           "    await context.store.put('subscription', subscription);\n"
                           "  },\n"
                           "  async onDisable(context) {\n"
                           "    const subscription = await context.store.get<Subscription>('subscription');\n"
                           "    if (subscription) await unsubscribe(context.auth, accounts, %7, subscription);\n"
                           "    await context.store.delete('subscription');\n"
                           "  },\n"
                           "  async run(context) {\n"
                           "    return deliveredEvents(await context.store.get<Subscription>('subscription'), "
                           "context.payload);\n"
                           "  },\n"
                           "});\n")
                .arg(name, ExportSource::jsonLiteral(name), ExportSource::jsonLiteral(trigger.spec.title()),
                     ExportSource::jsonLiteral(trigger.spec.description()), props,
                     ExportSource::jsonLiteral(sampleData(trigger.metadata)),
                     ExportSource::jsonLiteral(trigger.spec.id()),
                     ExportSource::jsonLiteral(outputSchema(trigger.metadata))));
    }

    const QString packageName = ExportSource::packageName(options, QStringLiteral("actionnode-piece"));
    const QString index =
        QStringLiteral(
            "// Generated by 'actionnode export activepieces' from the declarations of %1: every action and "
            "trigger\n"
            "// is one call to the actionnode HTTP host (src/actionnode.ts).\n"
            "import { createAction, createPiece, createTrigger, PieceAuth, Property, TriggerStrategy } from "
            "'@activepieces/pieces-framework';\n"
            "import { deliveredEvents, fieldOptions, invoke, subscribe, unsubscribe, validateConnection } from "
            "'./actionnode';\n"
            "import type { Subscription } from './actionnode';\n\n"
            "// Each provider's account settings, kept in the connection as <provider>_<setting>.\n"
            "const accounts = %2;\n\n"
            "export const actionnodeAuth = PieceAuth.CustomAuth({\n"
            "  displayName: 'actionnode host',\n"
            "  description: 'The actionnode HTTP host that runs the actions, and your provider account.',\n"
            "  required: true,\n"
            "  props: {\n%3\n  },\n"
            "  validate: async ({ auth }) => validateConnection(auth, accounts),\n"
            "});\n\n"
            "%4\n"
            "export const piece = createPiece({\n"
            "  displayName: %5,\n"
            "  description: %6,\n"
            "  logoUrl: %7,\n"
            "  authors: [],\n"
            "  auth: actionnodeAuth,\n"
            "  actions: [%8],\n"
            "  triggers: [%9],\n"
            "});\n")
            .arg(providers, ExportSource::jsonLiteral(accounts), authProps.join(QLatin1Char('\n')),
                 definitions.join(QLatin1Char('\n')),
                 ExportSource::jsonLiteral(QStringLiteral("actionnode %1").arg(providers)),
                 ExportSource::jsonLiteral(
                     QStringLiteral("The %1 actions of actionnode, run by its HTTP host.").arg(providers)),
                 ExportSource::jsonLiteral(LogoUrl), actionNames.join(QStringLiteral(", ")),
                 triggerNames.join(QStringLiteral(", ")));
    files->insert(QStringLiteral("src/index.ts"), index.toUtf8());
    files->insert(QStringLiteral("src/actionnode.ts"),
                  ExportSource::resource(QStringLiteral("activepieces/actionnode.ts")));
    files->insert(QStringLiteral("tsconfig.json"),
                  QJsonDocument(QJsonObject{{QStringLiteral("compilerOptions"),
                                             QJsonObject{{QStringLiteral("strict"), true},
                                                         {QStringLiteral("target"), QStringLiteral("ES2022")},
                                                         {QStringLiteral("module"), QStringLiteral("commonjs")},
                                                         {QStringLiteral("rootDir"), QStringLiteral("src")},
                                                         {QStringLiteral("outDir"), QStringLiteral("dist")},
                                                         {QStringLiteral("skipLibCheck"), true}}},
                                            {QStringLiteral("include"), QJsonArray{QStringLiteral("src")}}})
                      .toJson());
    files->insert(QStringLiteral("package.json"),
                  QJsonDocument(
                      QJsonObject{{QStringLiteral("name"), packageName},
                                  {QStringLiteral("version"), QStringLiteral("0.1.0")},
                                  {QStringLiteral("private"), true},
                                  {QStringLiteral("license"), ExportSource::packageLicense()},
                                  {QStringLiteral("main"), QStringLiteral("dist/index.js")},
                                  {QStringLiteral("scripts"),
                                   QJsonObject{{QStringLiteral("build"), QStringLiteral("tsc -p .")}}},
                                  {QStringLiteral("dependencies"),
                                   QJsonObject{{QStringLiteral("@activepieces/pieces-framework"), FrameworkVersion},
                                               {QStringLiteral("standardwebhooks"), StandardWebhooksVersion}}}})
                      .toJson());
    files->insert(QStringLiteral("README.md"),
                  QStringLiteral("# %1\n\n"
                                 "An Activepieces piece generated by `actionnode export activepieces` from the "
                                 "declarations of %2: `npm install`, `npm run build` (TypeScript, strict), then add it "
                                 "to Activepieces as a piece. Each action and trigger is one call to the actionnode "
                                 "HTTP host (`actionnode serve --http`), whose address, key, the licence and the "
                                 "provider account are the piece's connection.\n")
                      .arg(packageName, providers)
                      .toUtf8());
    return true;
}

} // namespace ActionNode
