#include "support/testdata.h"

#include <actionnode/actionspec.h>
#include <actionnode/sdk/claimmapping.h>
#include <actionnode/license.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/runtime.h>
#include <actionnode/triggerspec.h>

#include "builtinschema.h"
#include "checkeddeclarations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::Internal;
using namespace ActionNode::TestSupport;

namespace {

// A copy of the provider "claims" in \a directory, its declaration given a member
// the action schema refuses but the reader ignores; returns that declaration.
QByteArray copyClaimsOutsideTheSchema(const QTemporaryDir &directory)
{
    const QDir source(testDataPath(QStringLiteral("claim-order/claims")));
    QDir(directory.path()).mkdir(QStringLiteral("claims"));
    const QDir target(directory.filePath(QStringLiteral("claims")));
    QFile::copy(source.filePath(QStringLiteral("provider.json")), target.filePath(QStringLiteral("provider.json")));
    QFile original(source.filePath(QStringLiteral("token.json")));
    if (!original.open(QIODevice::ReadOnly))
        return {};
    QJsonObject declaration = QJsonDocument::fromJson(original.readAll()).object();
    declaration.insert(QStringLiteral("x-outside-the-schema"), true);
    const QByteArray text = QJsonDocument(declaration).toJson();
    QFile copy(target.filePath(QStringLiteral("token.json")));
    if (!copy.open(QIODevice::WriteOnly) || copy.write(text) != text.size())
        return {};
    return text;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(text), text.size());
}

ActionSpec loadClaims(const QTemporaryDir &directory)
{
    Runtime runtime;
    runtime.setPluginPaths({});
    runtime.setDeclarationPaths({directory.path()});
    runtime.discoverPlugins();
    return runtime.action(QStringLiteral("claims.token"));
}

} // namespace

// Reading declarations: the Daily declaration as the seed page describes it,
// malformed declarations refused with file, pointer and reason, and a new
// field appearing everywhere with no code change.
class TestActionSpec : public QObject
{
    Q_OBJECT

private slots:
    void dailyDeclarationLoads()
    {
        const ActionSpec spec = ActionSpec::fromFile(meetingTokenDeclarationPath());
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QCOMPARE(spec.id(), QStringLiteral("daily.create_meeting_token"));
        QCOMPARE(spec.provider(), QStringLiteral("daily"));
        QCOMPARE(spec.title(), QStringLiteral("Create meeting token"));

        QStringList groupTitles;
        for (const FieldGroup &group : spec.groups())
            groupTitles.append(group.title);
        QCOMPARE(groupTitles, (QStringList{"General", "Transcription", "Advanced"}));
        QCOMPARE(spec.groups().at(1).bundleId, QStringLiteral("video_audio_live"));
        QVERIFY(spec.groups().at(0).bundleId.isEmpty());
        QCOMPARE(spec.bundle(QStringLiteral("video_audio_live")).title, QStringLiteral("Video, Audio & Live Bundle"));

        QCOMPARE(spec.outputs().first().key(), QStringLiteral("token"));
        QCOMPARE(spec.outputs().first().label(), QStringLiteral("Token"));
        QCOMPARE(spec.outputs().first().builderType(), QStringLiteral("Text"));
    }

    // Every field of the seed page, in its group and order, with its label and type.
    void seedFields_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("type");
        const struct
        {
            const char *group;
            const char *key;
            const char *label;
            const char *type;
        } seed[] = {
            {"general", "room_name", "Room Name", "Text"},
            {"general", "user_name", "Username", "Text"},
            {"general", "is_owner", "Is Owner", "Boolean"},
            {"general", "start_cloud_recording", "Start Cloud Recording", "Boolean"},
            {"general", "enable_recording", "Enable Recording", "Enum"},
            {"general", "user_id", "User ID", "Text"},
            {"general", "start_video_off", "Start Video Off", "Boolean"},
            {"general", "start_audio_off", "Start Audio Off", "Boolean"},
            {"general", "knocking", "Knocking", "Boolean"},
            {"general", "lang", "Language", "Enum"},
            {"general", "eject_at_token_exp", "Eject at Token Expiry", "Boolean"},
            {"general", "eject_after_elapsed", "Eject After Elapsed", "Number"},
            {"general", "nbf", "Not Before (Unix Timestamp)", "Number"},
            {"general", "exp", "Expires (Unix Timestamp)", "Number"},
            {"transcription", "auto_start_transcription", "Auto start", "Boolean"},
            {"transcription", "enable_live_captions_ui", "Live captions UI", "Boolean"},
        };
        QHash<QString, int> positions;
        for (const auto &row : seed) {
            const QString group = QLatin1String(row.group);
            QTest::newRow(row.key) << group << positions[group]++ << QString::fromLatin1(row.key)
                                   << QString::fromLatin1(row.label) << QString::fromLatin1(row.type);
        }
    }
    void seedFields()
    {
        QFETCH(QString, group);
        QFETCH(int, position);
        QFETCH(QString, key);
        QFETCH(QString, label);
        QFETCH(QString, type);
        const ActionSpec spec = ActionSpec::fromFile(meetingTokenDeclarationPath());
        const auto groups = spec.groups();
        const auto it = std::find_if(groups.begin(), groups.end(), [&](const FieldGroup &g) { return g.id == group; });
        QVERIFY(it != groups.end());
        QCOMPARE(it->fieldKeys.value(position), key);
        const FieldSpec field = spec.field(key);
        QCOMPARE(field.label(), label);
        QCOMPARE(field.builderType(), type);
        QVERIFY(!field.description().isEmpty());
        QCOMPARE(field.bundleId(),
                 group == QLatin1String("transcription") ? QStringLiteral("video_audio_live") : QString());
    }

    void seedConstraints()
    {
        const ActionSpec spec = ActionSpec::fromFile(meetingTokenDeclarationPath());
        QCOMPARE(spec.field(QStringLiteral("user_id")).constraints().value(QStringLiteral("maxLength")).toInt(), 36);
        const QJsonArray recording = spec.field(QStringLiteral("enable_recording")).options();
        QCOMPARE(recording, (QJsonArray{"cloud", "cloud-audio-only", "local", "raw-tracks"}));
        QVERIFY(spec.field(QStringLiteral("lang")).options().contains(QStringLiteral("da")));
        QCOMPARE(spec.field(QStringLiteral("lang")).defaultValue(), QJsonValue(QStringLiteral("en")));
        QCOMPARE(
            spec.field(QStringLiteral("eject_after_elapsed")).constraints().value(QStringLiteral("minimum")).toInt(),
            0);
        QCOMPARE(spec.field(QStringLiteral("is_owner")).defaultValue(), QJsonValue(false));
        QCOMPARE(spec.field(QStringLiteral("room_name")).claimName(), QStringLiteral("r"));
        QCOMPARE(spec.field(QStringLiteral("room_name")).restName(), QStringLiteral("room_name"));
    }

    void refusedDeclarations_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("reason");
        QTest::newRow("syntax") << "wrong-syntax.json"
                                << "line 4"
                                << "not valid JSON";
        QTest::newRow("not an object") << "wrong-not-object.json"
                                       << ""
                                       << "must be a JSON object";
        QTest::newRow("missing id") << "wrong-missing-id.json"
                                    << "/id"
                                    << "required";
        QTest::newRow("id pattern") << "wrong-id-pattern.json"
                                    << "/id"
                                    << "pattern";
        QTest::newRow("version") << "wrong-version.json"
                                 << "/version"
                                 << "pattern";
        QTest::newRow("unknown key") << "wrong-unknown-key.json"
                                     << "/colour"
                                     << "additionalProperties";
        QTest::newRow("open inputs") << "wrong-additional-properties.json"
                                     << "/inputs/additionalProperties"
                                     << "const";
        QTest::newRow("field without title") << "wrong-field-without-title.json"
                                             << "/inputs/properties/name/title"
                                             << "required";
        QTest::newRow("unknown layout field") << "wrong-layout-unknown-field.json"
                                              << "/layout/0/fields/3"
                                              << "\"ghost\" is not a property of /inputs";
        QTest::newRow("field in no group") << "wrong-field-in-no-group.json"
                                           << "/inputs/properties/end"
                                           << "in no /layout group";
        QTest::newRow("field in two groups") << "wrong-field-in-two-groups.json"
                                             << "/layout/1/fields/0"
                                             << "already placed in another group";
        QTest::newRow("field twice in a group") << "wrong-field-twice-in-group.json"
                                                << "/layout/0/fields/3"
                                                << "\"name\" is already placed in this group";
        QTest::newRow("undeclared bundle") << "wrong-undeclared-bundle.json"
                                           << "/layout/0/bundle"
                                           << "bundle \"gold\" is not declared";
        QTest::newRow("rule field") << "wrong-rule-unknown-field.json"
                                    << "/rules/0/other"
                                    << "\"begin\" is not a property";
        QTest::newRow("warning field") << "wrong-warning-unknown-field.json"
                                       << "/warnings/0/whenAbsent"
                                       << "\"finish\" is not a property";
        QTest::newRow("unusable schema") << "wrong-unusable-schema.json"
                                         << "/inputs"
                                         << "not a usable JSON Schema";
        // valijson would recurse through each of these until the stack overflows.
        QTest::newRow("reference to the root") << "wrong-reference-to-root.json"
                                               << "/inputs"
                                               << "/$ref leads back to /, which applies to the same value: a "
                                                  "reference cycle";
        QTest::newRow("references to each other") << "wrong-reference-cycle.json"
                                                  << "/inputs"
                                                  << "/definitions/b/$ref leads back to /definitions/a";
        QTest::newRow("allOf of itself") << "wrong-reference-allof-self.json"
                                         << "/inputs"
                                         << "/properties/name/allOf/0/$ref leads back to /properties/name";
        QTest::newRow("REST path parameter") << "wrong-rest-path-parameter.json"
                                             << "/transport/rest/path"
                                             << "{thing} is not a property of /inputs";
        QTest::newRow("REST output") << "wrong-rest-output.json"
                                     << "/transport/rest/outputs/ghost"
                                     << "\"ghost\" is not a property of /outputs";
        QTest::newRow("REST pointer") << "wrong-rest-pointer.json"
                                      << "/transport/rest/outputs/value"
                                      << "pattern";
        QTest::newRow("REST body on GET") << "wrong-rest-body-on-get.json"
                                          << "/inputs/properties/name/x-rest"
                                          << "a GET request has no body";
        QTest::newRow("REST placement") << "wrong-rest-placement.json"
                                        << "/inputs/properties/name/x-rest"
                                        << "(type) and 2 more problem(s)";
        QTest::newRow("REST error code") << "wrong-rest-error-code.json"
                                         << "/transport/rest/errors/1/code"
                                         << "\"already_there\" is not an error code of a result";
        QTest::newRow("REST pagination items") << "wrong-rest-pagination-items.json"
                                               << "/transport/rest/pagination/items"
                                               << "no output";
        // The signing algorithm is stated once, as the token header's alg.
        QTest::newRow("token header algorithm") << "wrong-token-header-alg.json"
                                                << "/transport/tokenHeader/alg"
                                                << "enum";
        QTest::newRow("self-signed without a header") << "wrong-self-signed-without-header.json"
                                                      << "/transport"
                                                      << "tokenHeader";
        QTest::newRow("algorithm stated twice") << "wrong-self-signed-algorithm.json"
                                                << "/transport/selfSigned"
                                                << "algorithm";
        QTest::newRow("output template") << "wrong-output-template.json"
                                         << "/transport/outputTemplates/value"
                                         << "{connection.x}, {inputs.x} or {outputs.x}";
        // Conditions, notices, hints and option sources.
        QTest::newRow("condition on an unknown field") << "wrong-condition-unknown-field.json"
                                                       << "/inputs/properties/detail/visibleWhen/field"
                                                       << "\"ghost\" is not a property of /inputs";
        QTest::newRow("nested condition on an unknown field") << "wrong-condition-nested-unknown.json"
                                                              << "/inputs/properties/tuning/visibleWhen/all/1/not/field"
                                                              << "\"phantom\" is not a property of /inputs";
        QTest::newRow("condition with two operators") << "wrong-condition-malformed.json"
                                                      << "/inputs/properties/detail/visibleWhen: "
                                                      << "not a condition: use {field, equals}";
        QTest::newRow("condition with an empty all") << "wrong-condition-empty-all.json"
                                                     << "/inputs/properties/detail/visibleWhen: "
                                                     << "(lists of conditions, not empty)";
        QTest::newRow("condition on itself") << "wrong-condition-self.json"
                                             << "/inputs/properties/detail/visibleWhen/field"
                                             << "a field cannot depend on itself";
        QTest::newRow("group condition on its own field") << "wrong-group-condition-own-field.json"
                                                          << "/layout/1/visibleWhen"
                                                          << "depends on its own field \"extra\"";
        QTest::newRow("notice after a foreign field") << "wrong-notice-after-unknown.json"
                                                      << "/layout/0/notices/1/after"
                                                      << "\"extra\" is not a field of group \"general\"";
        QTest::newRow("notice id twice") << "wrong-notice-duplicate-id.json"
                                         << "/layout/0/notices/1/id"
                                         << "\"top_note\" names another notice";
        // A trigger is a TriggerSpec of its own schema, never an action saying so.
        QTest::newRow("action of kind trigger") << "wrong-kind-trigger.json"
                                                << "/kind"
                                                << "must be \"action\" or left out: a trigger is declared apart";
        QTest::newRow("misspelt transport member") << "wrong-transport-unknown-key.json"
                                                   << "/transport/signingKeySettings"
                                                   << "additionalProperties";
        QTest::newRow("hint not a boolean") << "wrong-hints.json"
                                            << "/hints/readOnly"
                                            << "type";
        QTest::newRow("options of another provider")
            << "wrong-options-foreign-action.json"
            << "/inputs/properties/label/optionsFrom/action"
            << "\"other.list_labels\" is not another action of provider \"test\"";
        QTest::newRow("options without items") << "wrong-options-incomplete.json"
                                               << "/inputs/properties/label/optionsFrom"
                                               << "required";
        // Migrations.
        QTest::newRow("migration of an unknown field") << "wrong-migration-unknown-field.json"
                                                       << "/migrations/1/steps/0/mapValue"
                                                       << "\"modus\" is not a field of version 2.0.0";
        QTest::newRow("rename to an unknown field") << "wrong-migration-rename-target.json"
                                                    << "/migrations/0/steps/1/to"
                                                    << "\"style\" is not a field of version 1.1.0";
        QTest::newRow("broken migration chain") << "wrong-migration-chain.json"
                                                << "/migrations/0/to"
                                                << "1.1.0 does not lead to 1.2.0 (the next migration's from)";
        QTest::newRow("migrations end elsewhere") << "wrong-migration-last-version.json"
                                                  << "/migrations/1/to"
                                                  << "1.9.0 does not lead to 2.0.0 (the declaration's version)";
        QTest::newRow("drop of a current field") << "wrong-migration-drop-current.json"
                                                 << "/migrations/1/steps/1/drop"
                                                 << "\"extra\" is still a field after it is dropped";
        QTest::newRow("rename without target") << "wrong-migration-step.json"
                                               << "/migrations/1/steps/4: "
                                               << "not a migration step: use {rename, to}";
    }
    void refusedDeclarations()
    {
        QFETCH(QString, file);
        QFETCH(QString, pointer);
        QFETCH(QString, reason);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(file)));
        const ActionSpec spec = ActionSpec::fromFile(testDeclarationPath(file));
        QVERIFY(spec.hasError());
        const QString error = spec.errorString();
        QVERIFY2(error.startsWith(testDeclarationPath(file) + QLatin1Char(':')), qPrintable(error));
        QVERIFY2(error.contains(pointer), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(spec.validate({}).value(0).code == QLatin1String("invalid_declaration"));
    }

    // Every declaration the project ships or tests with loads against the meta-schema, which
    // refuses what it does not know (a misspelt transport member): one left behind shows here.
    void everyShippedDeclarationLoads()
    {
        int actions = 0;
        int triggers = 0;
        for (const QString &root : {sourcePath(QStringLiteral("schemas")), testDataPath({})}) {
            QDirIterator files(root, {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                const QFileInfo file(files.next());
                const QString path = file.filePath();
                // Manifests, meta-schemas, translations (name.de.json) and the fixtures meant to fail.
                if (file.fileName() == QLatin1String("provider.json") || file.completeBaseName().contains('.')
                    || file.fileName().startsWith(QLatin1String("wrong-")) || path.contains(QLatin1String("/broken")))
                    continue;
                QFile text(path);
                QVERIFY(text.open(QIODevice::ReadOnly));
                const QJsonObject declaration = QJsonDocument::fromJson(text.readAll()).object();
                // Licences, saved inputs: not declarations.
                if (!declaration.contains(QLatin1String("id")) || !declaration.contains(QLatin1String("provider")))
                    continue;
                const NodeSpec spec = file.dir().dirName() == QLatin1String("triggers")
                                          ? NodeSpec(TriggerSpec::fromFile(path))
                                          : NodeSpec(ActionSpec::fromFile(path));
                QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
                ++(spec.kind() == QLatin1String("trigger") ? triggers : actions);
            }
        }
        // The 27 actions and 9 triggers shipped, and the test data's.
        QVERIFY2(actions >= 30, qPrintable(QString::number(actions)));
        QVERIFY2(triggers >= 9, qPrintable(QString::number(triggers)));
    }

    // Actions and triggers share one base: a host lists them together and each still
    // answers as what it is.
    void actionsAndTriggersAreNodes()
    {
        const ActionSpec action = ActionSpec::fromFile(meetingTokenDeclarationPath());
        const TriggerSpec trigger = TriggerSpec::fromFile(
            sourcePath(QStringLiteral("schemas/daily/triggers/meeting-started.json")));
        QVERIFY2(!trigger.hasError(), qPrintable(trigger.errorString()));
        const QList<NodeSpec> nodes{action, trigger};
        QCOMPARE(nodes.at(0).kind(), QStringLiteral("action"));
        QCOMPARE(nodes.at(1).kind(), QStringLiteral("trigger"));
        QCOMPARE(nodes.at(0).id(), QStringLiteral("daily.create_meeting_token"));
        QCOMPARE(nodes.at(1).id(), trigger.id());
        QCOMPARE(nodes.at(1).provider(), QStringLiteral("daily"));
        QCOMPARE(nodes.at(0).outputs().first().key(), QStringLiteral("token"));
        QCOMPARE(nodes.at(1).outputSchema(), trigger.declaration().value(QStringLiteral("outputs")).toObject());
        QCOMPARE(nodes.at(0).declaration(), action.declaration());

        const NodeSpec missing = ActionSpec::fromFile(testDeclarationPath(QStringLiteral("no-such-file.json")));
        QVERIFY(missing.hasError());
        QVERIFY2(missing.errorString().contains(QLatin1String("no-such-file.json")), qPrintable(missing.errorString()));
        QCOMPARE(ActionSpec().errorString(), QStringLiteral("no declaration was read"));
        QCOMPARE(TriggerSpec().kind(), QStringLiteral("trigger"));
    }

    // The field bound is checked before anything else; a declaration at the bound loads.
    void fieldBound()
    {
        const auto declaration = [](int inputs) {
            QJsonObject properties;
            QJsonArray keys;
            for (int i = 0; i < inputs; ++i) {
                const QString key = QStringLiteral("f%1").arg(i);
                properties.insert(key, QJsonObject{{"type", "string"}, {"title", key}, {"description", "A field."}});
                keys.append(key);
            }
            const QJsonObject output{{"type", "string"}, {"title", "Value"}, {"description", "The value."}};
            return QJsonDocument(
                       QJsonObject{{"id", "test.wide"},
                                   {"provider", "test"},
                                   {"version", "1.0.0"},
                                   {"title", "Wide"},
                                   {"description", "Many fields."},
                                   {"inputs", QJsonObject{{"type", "object"},
                                                          {"additionalProperties", false},
                                                          {"properties", properties}}},
                                   {"layout",
                                    QJsonArray{QJsonObject{{"id", "general"}, {"title", "General"}, {"fields", keys}}}},
                                   {"outputs",
                                    QJsonObject{{"type", "object"}, {"properties", QJsonObject{{"value", output}}}}}})
                .toJson(QJsonDocument::Compact);
        };
        const ActionSpec atBound = ActionSpec::fromDeclaration(declaration(ActionSpec::maxFields - 1), "wide.json");
        QVERIFY2(!atBound.hasError(), qPrintable(atBound.errorString()));
        QCOMPARE(atBound.fields().size(), ActionSpec::maxFields - 1);

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("wide.json"));
        const ActionSpec over = ActionSpec::fromDeclaration(declaration(ActionSpec::maxFields), "wide.json");
        QVERIFY(over.hasError());
        QCOMPARE(over.errorString(),
                 QStringLiteral("wide.json: /inputs/properties: 10001 fields (inputs and outputs), more than the "
                                "10000 a declaration may have"));
    }

    // key=value text typed by the field, the one rule every command and host follows.
    void valueFromText_data()
    {
        QTest::addColumn<QJsonObject>("schema");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonValue>("value"); // undefined when refused
        QTest::addColumn<QString>("problem");
        const QJsonObject boolean{{"type", "boolean"}};
        const QJsonObject number{{"type", "number"}};
        const QJsonObject integer{{"type", "integer"}};
        const QJsonObject list{{"type", "array"}, {"items", QJsonObject{{"type", "string"}}}};
        const QJsonObject object{{"type", "object"}};
        const QJsonObject anyOf{{"anyOf", QJsonArray{QJsonObject{{"type", "boolean"}}, list}}};
        const QJsonObject text{{"type", "string"}};
        const QJsonValue refused(QJsonValue::Undefined);
        QTest::newRow("true") << boolean << "true" << QJsonValue(true) << "";
        QTest::newRow("false") << boolean << "false" << QJsonValue(false) << "";
        QTest::newRow("yes is no boolean") << boolean << "yes" << refused << "must be true or false, not \"yes\"";
        QTest::newRow("1 is no boolean") << boolean << "1" << refused << "must be true or false, not \"1\"";
        QTest::newRow("True is no boolean") << boolean << "True" << refused << "must be true or false, not \"True\"";
        QTest::newRow("number") << number << "2.5" << QJsonValue(2.5) << "";
        QTest::newRow("exponent") << integer << "1e3" << QJsonValue(1000) << "";
        QTest::newRow("not a number") << number << "ten" << refused << "must be a number, not \"ten\"";
        QTest::newRow("nan") << number << "nan" << refused << "must be a number, not \"nan\"";
        QTest::newRow("inf") << integer << "inf" << refused << "must be a number, not \"inf\"";
        QTest::newRow("list") << list << "a,,b" << QJsonValue(QJsonArray{"a", "b"}) << "";
        QTest::newRow("object") << object << "{\"canSend\":[\"video\"]}"
                                << QJsonValue(QJsonObject{{"canSend", QJsonArray{"video"}}}) << "";
        QTest::newRow("object not JSON") << object << "video" << refused << "must be a JSON object, not \"video\"";
        QTest::newRow("object with a raw control character")
            << object << "{\"a\":\"\t\"}" << refused << "must be a JSON object, not \"{\"a\":\"\t\"}\"";
        QTest::newRow("anyOf boolean") << anyOf << "true" << QJsonValue(true) << "";
        QTest::newRow("anyOf list") << anyOf << "video,audio" << QJsonValue(QJsonArray{"video", "audio"}) << "";
        QTest::newRow("anyOf JSON") << anyOf << "[\"video\"]" << QJsonValue(QJsonArray{"video"}) << "";
        QTest::newRow("text as it is") << text << " yes, 1 " << QJsonValue(" yes, 1 ") << "";
        QTest::newRow("long text quoted shortly")
            << boolean << QString(100, 'x') << refused
            << QStringLiteral("must be true or false, not \"%1\"").arg(QString(64, 'x'));
    }
    void valueFromText()
    {
        QFETCH(QJsonObject, schema);
        QFETCH(QString, text);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        const FieldSpec field(QStringLiteral("field"), schema, false, {}, {});
        QString error;
        QCOMPARE(field.valueFromText(text, &error), value);
        QCOMPARE(error, problem);

        // A whole set: the refused text is left out and named by its field's pointer.
        ActionErrors errors;
        const QJsonObject values = FieldSpec::valuesFromText(
            {field}, {{QStringLiteral("field"), text}, {QStringLiteral("other"), text}}, &errors);
        QCOMPARE(values.value(QStringLiteral("field")), value);
        QCOMPARE(values.value(QStringLiteral("other")), QJsonValue(text)); // unknown keys stay text
        if (problem.isEmpty()) {
            QVERIFY(errors.isEmpty());
        } else {
            QCOMPARE(errors.size(), 1);
            QCOMPARE(errors.first().toString(), QStringLiteral("/field: ") + problem);
            QCOMPARE(errors.first().code, QStringLiteral("invalid_input"));
        }
    }

    void validMinimalDeclaration()
    {
        const ActionSpec spec = ActionSpec::fromFile(testDeclarationPath(QStringLiteral("valid-minimal.json")));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QCOMPARE(spec.fields().size(), 3);
        QVERIFY(spec.validate({{"name", "ok"}, {"start", 1}, {"end", 2}}).isEmpty());
        QCOMPARE(spec.validate({{"start", 2}, {"end", 1}}).value(0).rule, QStringLiteral("endAfterStart"));
        QCOMPARE(spec.warningsFor({}).value(0).code, QStringLiteral("no_end"));
    }

    void unreadableFile()
    {
        const ActionSpec spec = ActionSpec::fromFile(testDeclarationPath(QStringLiteral("does-not-exist.json")));
        QVERIFY(spec.hasError());
        QVERIFY(spec.errorString().contains(QStringLiteral("cannot be read")));
    }

    // A plain field added to the declaration shows up in metadata, validation
    // and the self-signed claims without any code change.
    void newFieldNeedsNoCode()
    {
        QFile file(meetingTokenDeclarationPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject declaration = QJsonDocument::fromJson(file.readAll()).object();
        QJsonObject inputs = declaration.value(QStringLiteral("inputs")).toObject();
        QJsonObject properties = inputs.value(QStringLiteral("properties")).toObject();
        properties.insert(QStringLiteral("enable_foo"), QJsonObject{{"type", "boolean"},
                                                                    {"title", "Enable Foo"},
                                                                    {"description", "Turns foo on."},
                                                                    {"x-claim", "foo"}});
        inputs.insert(QStringLiteral("properties"), properties);
        declaration.insert(QStringLiteral("inputs"), inputs);
        QJsonArray layout = declaration.value(QStringLiteral("layout")).toArray();
        QJsonObject general = layout.at(0).toObject();
        QJsonArray fields = general.value(QStringLiteral("fields")).toArray();
        fields.append(QStringLiteral("enable_foo"));
        general.insert(QStringLiteral("fields"), fields);
        layout.replace(0, general);
        declaration.insert(QStringLiteral("layout"), layout);

        const ActionSpec spec = ActionSpec::fromDeclaration(QJsonDocument(declaration).toJson(),
                                                            QStringLiteral("in-memory"));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        // Placed where the layout puts it: last of General, before the Transcription fields.
        QStringList keys;
        for (const FieldSpec &field : spec.fields())
            keys.append(field.key());
        QCOMPARE(keys.indexOf(QStringLiteral("enable_foo")), keys.indexOf(QStringLiteral("exp")) + 1);
        const FieldSpec foo = spec.field(QStringLiteral("enable_foo"));
        QCOMPARE(foo.label(), QStringLiteral("Enable Foo"));
        QCOMPARE(foo.builderType(), QStringLiteral("Boolean"));
        QCOMPARE(foo.groupId(), QStringLiteral("general"));
        QCOMPARE(foo.claimName(), QStringLiteral("foo"));

        const QJsonObject metadata = MetadataRenderer::toJson(spec, License());
        const QJsonArray generalFields = metadata.value(QStringLiteral("groups"))
                                             .toArray()
                                             .at(0)
                                             .toObject()
                                             .value(QStringLiteral("fields"))
                                             .toArray();
        const QJsonObject fooEntry = generalFields.last().toObject();
        QCOMPARE(fooEntry.value(QStringLiteral("key")).toString(), QStringLiteral("enable_foo"));
        QCOMPARE(fooEntry.value(QStringLiteral("label")).toString(), QStringLiteral("Enable Foo"));
        QCOMPARE(fooEntry.value(QStringLiteral("type")).toString(), QStringLiteral("Boolean"));
        QCOMPARE(fooEntry.value(QStringLiteral("description")).toString(), QStringLiteral("Turns foo on."));
        QCOMPARE(fooEntry.value(QStringLiteral("locked")).toBool(), false);
        QVERIFY(MetadataRenderer::toMarkdown(spec, License())
                    .contains(QStringLiteral("| Enable Foo | Boolean | Turns foo on. Optional. |")));

        QVERIFY(spec.validate({{"enable_foo", true}}).isEmpty());
        const ActionErrors errors = spec.validate({{"enable_foo", "yes"}});
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, QStringLiteral("/enable_foo"));
        QCOMPARE(errors.first().rule, QStringLiteral("type"));

        ActionErrors unmapped;
        const QJsonObject claims = ClaimMapping::toClaims(spec, {{"enable_foo", true}, {"room_name", "r1"}}, &unmapped);
        QVERIFY(unmapped.isEmpty());
        QCOMPARE(claims, (QJsonObject{{"foo", true}, {"r", "r1"}}));
    }

    // The payload a self-signed token carries, byte for byte: compact, keys
    // sorted at every level, JSON escapes as RFC 8259 asks (UTF-8 kept as
    // is), and codes and joins applied in nested objects.
    void claimsPayload_data()
    {
        QTest::addColumn<QByteArray>("inputs");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("unmapped");
        QTest::newRow("sorted")
            << QByteArray(R"({"user_name":"Alice","room_name":"r","is_owner":true,"exp":1893456000})")
            << QByteArray(R"({"d":"dom","exp":1893456000,"iat":1700000000,"o":true,"r":"r","u":"Alice"})") << 0;
        // (Ordinary literals: moc does not read raw ones with escapes inside.)
        QTest::newRow("escapes") << QByteArray(
            "{\"user_name\":\"a\\\"b\\\\c\\n\\t\\u0001\\u001f/\\u00e9\\ud83d\\ude00\"}")
                                 << QByteArray("{\"d\":\"dom\",\"iat\":1700000000,\"u\":"
                                               "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f/\xc3\xa9\xf0\x9f\x98\x80\"}")
                                 << 0;
        QTest::newRow("nested claims sorted, codes joined")
            << QByteArray(
                   R"({"permissions":{"hasPresence":false,"canSend":["screenVideo","audio"],"canReceive":{"base":{"video":false}}}})")
            << QByteArray(R"({"d":"dom","iat":1700000000,"p":{"cr":{"b":{"video":false}},"cs":"sv,a","hp":false}})")
            << 0;
        QTest::newRow("knocking is k, Danish is uil da")
            << QByteArray(R"({"knocking":true,"lang":"da","room_name":"r"})")
            << QByteArray(R"({"d":"dom","iat":1700000000,"k":true,"r":"r","uil":"da"})") << 0;
        QTest::newRow("canReceive by user and by participant")
            << QByteArray(
                   R"({"permissions":{"canReceive":{"base":false,"byUserId":{"u1":true},"byParticipantId":{"p9":{"video":true}}}}})")
            << QByteArray(
                   R"({"d":"dom","iat":1700000000,"p":{"cr":{"b":false,"p":{"p9":{"video":true}},"u":{"u1":true}}}})")
            << 0;
        QTest::newRow("deep link redirect") << QByteArray("{\"redirect_on_meeting_exit\":\"myapp:/"
                                                          "/call-ended\"}")
                                            << QByteArray("{\"d\":\"dom\",\"iat\":1700000000,\"rome\":\"myapp:/"
                                                          "/call-ended\"}")
                                            << 0;
        QTest::newRow("numbers")
            << QByteArray(
                   R"({"eject_after_elapsed":1.5,"nbf":0,"start_cloud_recording_opts":{"z":1e21,"a":[2.25,null,-3]}})")
            << QByteArray(R"({"d":"dom","eje":1.5,"iat":1700000000,"nbf":0,"sro":{"a":[2.25,null,-3],"z":1e+21}})")
            << 0;
        QTest::newRow("no claim: reported, not written")
            << QByteArray(R"({"enable_prejoin_ui":true,"permissions":{"canAdmin":["participants"]},"room_name":"r"})")
            << QByteArray(R"({"d":"dom","iat":1700000000,"p":{},"r":"r"})") << 2;
    }
    void claimsPayload()
    {
        QFETCH(QByteArray, inputs);
        QFETCH(QByteArray, payload);
        QFETCH(int, unmapped);
        const ActionSpec spec = ActionSpec::fromFile(meetingTokenDeclarationPath());
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        ActionErrors errors;
        const QByteArray written = ClaimMapping::toClaimsJson(spec, QJsonDocument::fromJson(inputs).object(),
                                                              {{QStringLiteral("iat"), 1700000000},
                                                               {QStringLiteral("d"), QStringLiteral("dom")}},
                                                              &errors);
        QCOMPARE(written, payload);
        QCOMPARE(errors.size(), unmapped);
    }

    // Claim names are sorted once per declaration, byte-wise on UTF-8 (as
    // nlohmann::json orders keys), and the claims written in that order from
    // the object and from the slots alike: U+FB01 comes before U+1F600 though
    // it comes after it in UTF-16, extra claims go in between declared ones
    // and replace a declared one of the same name, and of two properties
    // with one claim the later key wins.
    void claimOrder_data()
    {
        QTest::addColumn<QByteArray>("inputs");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QStringList>("unmapped");
        QTest::newRow("every claim") << QByteArray(
            R"({"fi":"x","grin":"y","upper":"u","dd":"e","room":"r1","room_alias":"r2",)"
            R"("issued":"2000-01-01T00:00:00Z","nested":{"b":1,"a":2,"c":3}})")
                                     << QByteArray(
                                            "{\"Z\":\"u\",\"d\":\"dom\",\"dd\":\"e\",\"iat\":1700000000,"
                                            "\"n\":{\"A\":3,\"\xef\xac\x81\":1,\"\xf0\x9f\x98\x80\":2},\"r\":\"r2\","
                                            "\"\xef\xac\x81\":\"x\",\"\xf0\x9f\x98\x80\":\"y\"}")
                                     << QStringList();
        QTest::newRow("one of two properties with one claim")
            << QByteArray(R"({"room":"r1","grin":"y"})")
            << QByteArray("{\"d\":\"dom\",\"iat\":1700000000,\"r\":\"r1\",\"\xf0\x9f\x98\x80\":\"y\"}")
            << QStringList();
        QTest::newRow("a property written over: its unclaimed members still reported")
            << QByteArray(R"({"nested":{"a":2,"z":0},"nested_alias":"x"})")
            << QByteArray(R"({"d":"dom","iat":1700000000,"n":"x"})") << QStringList{"/nested/z"};
        QTest::newRow("nothing") << QByteArray("{}") << QByteArray(R"({"d":"dom","iat":1700000000})") << QStringList();
        QTest::newRow("no claim: reported in key order, left out")
            << QByteArray(R"({"upper":"u","free":"f","nested":{"a":2,"z":0}})")
            << QByteArray("{\"Z\":\"u\",\"d\":\"dom\",\"iat\":1700000000,\"n\":{\"\xf0\x9f\x98\x80\":2}}")
            << QStringList{"/free", "/nested/z"};
    }
    void claimOrder()
    {
        QFETCH(QByteArray, inputs);
        QFETCH(QByteArray, payload);
        QFETCH(QStringList, unmapped);
        Runtime runtime;
        runtime.setPluginPaths({});
        runtime.setDeclarationPaths({testDataPath(QStringLiteral("claim-order"))});
        QCOMPARE(runtime.discoverPlugins(), 1);
        const ActionSpec spec = runtime.action(QStringLiteral("claims.token"));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const std::optional<ActionInputs> read = runtime.readInputs(spec.id(), inputs);
        QVERIFY(read);
        const QList<QPair<QString, QJsonValue>> extras{{QStringLiteral("iat"), 1700000000},
                                                       {QStringLiteral("d"), QStringLiteral("dom")}};

        ActionErrors fromSlots;
        QCOMPARE(ClaimMapping::toClaimsJson(spec, *read, extras, &fromSlots), payload);
        ActionErrors fromObject;
        QCOMPARE(ClaimMapping::toClaimsJson(spec, QJsonDocument::fromJson(inputs).object(), extras, &fromObject),
                 payload);
        // The extra claims written as JSON once, as a plugin signing many tokens keeps them: the same payload.
        const QList<ExtraClaim> written{ExtraClaim::of(QStringLiteral("iat"), 1700000000),
                                        ExtraClaim::of(QStringLiteral("d"), QStringLiteral("dom"))};
        QCOMPARE(written.at(1).json, QByteArray("\"dom\""));
        ActionErrors fromWrittenSlots;
        QCOMPARE(ClaimMapping::signingPayload(spec, *read, written, &fromWrittenSlots), payload);
        ActionErrors fromWrittenObject;
        QCOMPARE(ClaimMapping::signingPayload(spec, QJsonDocument::fromJson(inputs).object(), written,
                                              &fromWrittenObject),
                 payload);
        // An extra claim given twice: the later value is written, once.
        const QList<ExtraClaim> repeated{ExtraClaim::of(QStringLiteral("iat"), 1), written.at(1), written.at(0)};
        ActionErrors fromRepeated;
        QCOMPARE(ClaimMapping::signingPayload(spec, *read, repeated, &fromRepeated), payload);
        // A payload held is not written over by the next; one let go lends its bytes to the next.
        const std::optional<ActionInputs> none = runtime.readInputs(spec.id(), "{}");
        QVERIFY(none);
        ActionErrors ignored;
        const QByteArray held = ClaimMapping::signingPayload(spec, *read, written, &ignored);
        QCOMPARE(ClaimMapping::signingPayload(spec, *none, written, &ignored),
                 QByteArray(R"({"d":"dom","iat":1700000000})"));
        QCOMPARE(held, payload);
        const void *letGo = nullptr;
        {
            const QByteArray once = ClaimMapping::signingPayload(spec, *read, written, &ignored);
            letGo = once.constData();
        }
        const QByteArray next = ClaimMapping::signingPayload(spec, *read, written, &ignored);
        QCOMPARE(next, payload);
        QCOMPARE(static_cast<const void *>(next.constData()), letGo);
        QVERIFY(!next.isDetached()); // shared with the bytes the thread keeps for the next payload
        for (const ActionErrors &errors : {fromSlots, fromObject, fromWrittenSlots, fromWrittenObject, fromRepeated}) {
            QStringList fields;
            for (const ActionError &error : errors)
                fields.append(error.field);
            QCOMPARE(fields, unmapped);
        }
    }

    // Every declaration shipped, in a plugin or beside its manifest, is in its
    // provider's list, so that no start-up checks a shipped one again.
    void shippedDeclarationsAreListedAsChecked()
    {
        Runtime runtime;
        QVERIFY(runtime.discoverPlugins() >= 2);
        QVERIFY(runtime.loadErrors().isEmpty());
        runtime.actions(); // loads every provider, and so the resources of the plugins
        int listed = 0;
        for (const PluginSpec &provider : runtime.plugins()) {
            const CheckedDeclarations checked = CheckedDeclarations::read(
                provider.declarationSource(CheckedDeclarations::fileName()));
            const auto expectListed = [&](const QString &file, const QString &schema) {
                QFile declaration(provider.declarationSource(file));
                QVERIFY2(declaration.open(QIODevice::ReadOnly), qPrintable(declaration.fileName()));
                QVERIFY2(checked.contains(schema, declaration.readAll()), qPrintable(declaration.fileName()));
                ++listed;
            };
            for (const QString &file : provider.declarationFiles())
                expectListed(file, actionSchemaResource());
            for (const QString &file : provider.triggerDeclarationFiles())
                expectListed(file, triggerSchemaResource());
        }
        QVERIFY2(listed >= 36, qPrintable(QString::number(listed)));
    }

    // The list the build writes spares a declaration the schema check, and only the
    // declaration it names byte for byte: one edited since is checked as ever.
    void checkedDeclarationsSkipOnlyTheSchemaCheck()
    {
        QTemporaryDir directory;
        const QByteArray declaration = copyClaimsOutsideTheSchema(directory);
        QVERIFY(!declaration.isEmpty());
        const QString list = directory.filePath(QStringLiteral("claims/") + CheckedDeclarations::fileName());

        const ActionSpec unlisted = loadClaims(directory);
        QVERIFY(unlisted.hasError());
        QVERIFY2(unlisted.errorString().contains(QLatin1String("x-outside-the-schema")),
                 qPrintable(unlisted.errorString()));

        writeFile(list, CheckedDeclarations::line(actionSchemaResource(), declaration, QStringLiteral("token.json")));
        const ActionSpec listed = loadClaims(directory);
        QVERIFY2(!listed.hasError(), qPrintable(listed.errorString()));
        QCOMPARE(listed.id(), QStringLiteral("claims.token"));

        QByteArray edited = declaration;
        edited.append('\n');
        writeFile(list, CheckedDeclarations::line(actionSchemaResource(), edited, QStringLiteral("token.json")));
        QVERIFY(loadClaims(directory).hasError());
        writeFile(list, CheckedDeclarations::line(triggerSchemaResource(), declaration, QStringLiteral("token.json")));
        QVERIFY(loadClaims(directory).hasError());
    }

    // The build's check: a declaration the schema refuses stops it, naming the file
    // and the member; a good provider gets the list the runtime reads.
    void buildCheckRefusesWhatTheRuntimeWould()
    {
        QTemporaryDir directory;
        const QByteArray declaration = copyClaimsOutsideTheSchema(directory);
        QVERIFY(!declaration.isEmpty());
        const QString provider = directory.filePath(QStringLiteral("claims"));
        const QString list = directory.filePath(QStringLiteral("checked-declarations"));
        QProcess check;
        check.start(QStringLiteral(ACTIONNODE_CHECK_DECLARATIONS), {provider, list});
        QVERIFY(check.waitForFinished(60000));
        QCOMPARE(check.exitCode(), 1);
        const QString problem = QString::fromUtf8(check.readAllStandardError());
        QVERIFY2(problem.contains(QLatin1String("token.json"))
                     && problem.contains(QLatin1String("x-outside-the-schema")),
                 qPrintable(problem));
        QVERIFY(!QFile::exists(list));

        QFile original(testDataPath(QStringLiteral("claim-order/claims/token.json")));
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray good = original.readAll();
        writeFile(directory.filePath(QStringLiteral("claims/token.json")), good);
        check.start(QStringLiteral(ACTIONNODE_CHECK_DECLARATIONS), {provider, list});
        QVERIFY(check.waitForFinished(60000));
        QCOMPARE(check.exitCode(), 0);
        QFile written(list);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(),
                 CheckedDeclarations::line(actionSchemaResource(), good, QStringLiteral("token.json")));
    }
};

QTEST_GUILESS_MAIN(TestActionSpec)
#include "tst_actionspec.moc"
