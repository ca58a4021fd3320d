#include "support/testdata.h"

#include <actionnode/sdk/jwt.h>
#include <actionnode/sdk/providerplugin.h>
#include <actionnode/runtime.h>

#include <QFile>
#include <QPluginLoader>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// The runtime as a host uses it: discovery, loading errors that leave other
// plugins usable, the checks every invocation goes through, and self-signing.
class TestRuntime : public QObject
{
    Q_OBJECT

private:
    static constexpr const char *apiKey = "runtime-test-key-5f1d2c";
    static const QString action;

    static void selfSigning(Runtime &runtime)
    {
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_key"), QLatin1String(apiKey));
        connection.setValue(QStringLiteral("token_mode"), QStringLiteral("self-signed"));
        connection.setValue(QStringLiteral("domain_id"), QStringLiteral("domain-1234"));
        connection.setValue(QStringLiteral("domain"), QStringLiteral("acme"));
        runtime.setConnection(connection);
    }
    static ActionResult run(Runtime &runtime, const QJsonObject &inputs)
    {
        QFuture<ActionResult> future = runtime.invoke(action, inputs);
        // Self-signing and refusals finish at once; nothing here waits on the network.
        [&] { QVERIFY(future.isFinished()); }();
        return future.result();
    }
    static QStringList codes(const ActionErrors &errors)
    {
        QStringList list;
        for (const ActionError &error : errors)
            list.append(error.code);
        return list;
    }

private slots:
    void discovery()
    {
        Runtime runtime;
        QCOMPARE(runtime.discoverPlugins(), 2);
        const QList<PluginSpec> plugins = runtime.plugins();
        QStringList ids;
        for (const PluginSpec &plugin : plugins) {
            ids.append(plugin.id());
            QCOMPARE(plugin.state(), PluginSpec::State::Read); // metadata only, nothing loaded yet
        }
        ids.sort();
        QCOMPARE(ids, (QStringList{"daily", "signalwire"}));
        QVERIFY(runtime.knownActionIds().contains(action));
        QVERIFY(runtime.knownActionIds().contains(QStringLiteral("signalwire.create_room_token")));
        QVERIFY(!runtime.action(action).hasError());
        for (const PluginSpec &plugin : runtime.plugins())
            QCOMPARE(plugin.state(),
                     plugin.id() == QLatin1String("daily") ? PluginSpec::State::Loaded : PluginSpec::State::Read);
        QCOMPARE(runtime.actions().size(), 28); // Daily's fifteen and SignalWire's thirteen
        QVERIFY(runtime.loadErrors().isEmpty());
        // Discovering again adds nothing twice.
        QCOMPARE(runtime.discoverPlugins(), 0);
    }

    void unknownAction()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const ActionSpec spec = runtime.action(QStringLiteral("daily.nope"));
        QVERIFY(spec.hasError());
        QVERIFY(spec.errorString().contains(QStringLiteral("unknown action \"daily.nope\"")));
        QVERIFY(spec.errorString().contains(action));
        const ActionResult unknown = runtime.invoke(QStringLiteral("daily.nope"), QJsonObject()).result();
        QCOMPARE(unknown.status, ActionResult::Status::ConfigurationError);
        QCOMPARE(unknown.errors.value(0).code, QStringLiteral("unknown_action"));
    }

    void badPluginFiles_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing file") << QStringLiteral("/nonexistent/libNothing.so") << "no such plugin file";
        QTest::newRow("not a plugin") << testDeclarationPath(QStringLiteral("valid-minimal.json")) << "not a Qt plugin";
        QTest::newRow("other interface") << QStringLiteral(TEST_PLUGIN_DIR "/libIncompatibleTestPlugin.so")
                                         << "incompatible plugin";
    }
    void badPluginFiles()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, reason);
        Runtime runtime;
        runtime.discoverPlugins();
        QVERIFY(!runtime.addPlugin(fileName));
        QVERIFY2(runtime.loadErrors().join(QLatin1Char('\n')).contains(reason),
                 qPrintable(runtime.loadErrors().join(QLatin1Char('\n'))));
        // The good plugin is unaffected.
        QVERIFY(!runtime.action(action).hasError());
    }

    void brokenDeclarationSkipped()
    {
        Runtime runtime;
        runtime.setPluginPaths({QStringLiteral(TEST_PLUGIN_DIR)});
        runtime.discoverPlugins();
        QVERIFY(runtime.loadErrors().join(QLatin1Char('\n')).contains(QStringLiteral("incompatible plugin")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("bad\\.json")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("bad\\.json")));
        const ActionSpec good = runtime.action(QStringLiteral("broken.good"));
        QVERIFY2(!good.hasError(), qPrintable(good.errorString()));
        const ActionSpec bad = runtime.action(QStringLiteral("broken.bad"));
        QVERIFY(bad.hasError());
        const QString problem = runtime.loadErrors().join(QLatin1Char('\n'));
        QVERIFY2(problem.contains(QStringLiteral(
                     ":/actionnode/broken/bad.json: /inputs/properties/end: the field is in no /layout group")),
                 qPrintable(problem));
        // The action's error is its own problem, not every plugin's, and stays the same when asked again.
        QVERIFY2(bad.errorString().startsWith(
                     QStringLiteral("action \"broken.bad\" could not be loaded: :/actionnode/broken/bad.json: "
                                    "/inputs/properties/end: the field is in no /layout group")),
                 qPrintable(bad.errorString()));
        QVERIFY2(!bad.errorString().contains(QStringLiteral("incompatible plugin")), qPrintable(bad.errorString()));
        QCOMPARE(runtime.action(QStringLiteral("broken.bad")).errorString(), bad.errorString());
        const ActionResult refused = runtime.invoke(QStringLiteral("broken.bad"), QJsonObject()).result();
        QCOMPARE(refused.status, ActionResult::Status::ConfigurationError);
        QCOMPARE(refused.errors.value(0).message, bad.errorString());
        const ActionResult result =
            runtime.invoke(QStringLiteral("broken.good"), {{"name", "abc"}, {"end", 2}}).result();
        QVERIFY(result.isSuccess());
        QCOMPARE(result.outputs.value(QStringLiteral("value")).toString(), QStringLiteral("ABC"));
    }

    // Start-up reads the manifests alone: a declaration is parsed when its action is first used.
    void declarationsParsedWhenFirstUsed()
    {
        Runtime runtime;
        runtime.setPluginPaths({});
        QVERIFY(runtime.addPlugin(QStringLiteral(TEST_PLUGIN_DIR "/libPartlyBrokenTestPlugin.so")));
        QVERIFY(!runtime.action(QStringLiteral("broken.good")).hasError());
        QVERIFY2(runtime.loadErrors().isEmpty(), qPrintable(runtime.loadErrors().join(QLatin1Char('\n'))));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("bad\\.json")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("bad\\.json")));
        QVERIFY(runtime.action(QStringLiteral("broken.bad")).hasError());
        QCOMPARE(runtime.loadErrors().size(), 1);
        // Listing every action parses the rest, and nothing twice.
        QCOMPARE(runtime.actions().size(), 1);
        QCOMPARE(runtime.loadErrors().size(), 1);
    }

    // A library whose manifest claims the provider interface without
    // implementing it: listed from its metadata, refused when loaded.
    void pluginWithoutTheInterface()
    {
        Runtime runtime;
        runtime.setPluginPaths({});
        const QString fileName = QStringLiteral(TEST_PLUGIN_DIR "/libImpostorTestPlugin.so");
        QVERIFY(runtime.addPlugin(fileName));
        QCOMPARE(runtime.knownActionIds(), QStringList{QStringLiteral("impostor.thing")});
        QCOMPARE(runtime.plugins().value(0).state(), PluginSpec::State::Read);

        const ActionSpec spec = runtime.action(QStringLiteral("impostor.thing"));
        QVERIFY(spec.hasError());
        QCOMPARE(spec.errorString(),
                 QStringLiteral("action \"impostor.thing\" could not be loaded: %1: does not implement %2")
                     .arg(fileName, QLatin1String(ActionNodeProviderPlugin_iid)));
        QCOMPARE(runtime.plugins().value(0).state(), PluginSpec::State::Invalid);
        QCOMPARE(runtime.loadErrors().size(), 1);
        QCOMPARE(runtime.action(QStringLiteral("impostor.thing")).errorString(), spec.errorString());
        QCOMPARE(runtime.invoke(QStringLiteral("impostor.thing"), QJsonObject()).result().status,
                 ActionResult::Status::ConfigurationError);
    }

    void invalidInputReportsEverything()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        const ActionResult result = run(runtime,
                                        {{"room_name", "no spaces"}, {"exp", -1}, {"auto_start_transcription", true}});
        QCOMPARE(result.status, ActionResult::Status::InvalidInput);
        QCOMPARE(codes(result.errors), (QStringList{"invalid_input", "invalid_input", "bundle_required"}));
        QCOMPARE(runtime.check(action, {{"room_name", "no spaces"}}).size(), 1);
    }

    void licenseGate_data()
    {
        QTest::addColumn<QString>("license");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no license") << QString() << false << "no license is installed";
        QTest::newRow("no bundle") << "valid-no-bundle.json" << false << "does not include it";
        QTest::newRow("expired") << "expired.json" << false << "expired";
        QTest::newRow("tampered") << "tampered.json" << false << "altered";
        QTest::newRow("foreign key") << "foreign-key.json" << false << "another key";
        QTest::newRow("bundle") << "valid-bundle.json" << true << QString();
    }
    void licenseGate()
    {
        QFETCH(QString, license);
        QFETCH(bool, allowed);
        QFETCH(QString, reason);
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        if (!license.isEmpty())
            runtime.setLicense(testLicense(license));
        const QJsonObject inputs{{"room_name", "standup"},
                                 {"exp", 1893456000},
                                 {"is_owner", true},
                                 {"auto_start_transcription", true}};
        const ActionResult result = run(runtime, inputs);
        if (allowed) {
            QVERIFY2(result.isSuccess(), qPrintable(result.errors.value(0).toString()));
            const Jwt::Decoded token = Jwt::decode(result.outputs.value(QStringLiteral("token")).toString().toLatin1());
            QCOMPARE(token.claims.value(QStringLiteral("ast")), QJsonValue(true));
            return;
        }
        QCOMPARE(result.status, ActionResult::Status::LicenseRefused);
        QCOMPARE(result.errors.size(), 1);
        const ActionError &error = result.errors.first();
        QCOMPARE(error.code, QStringLiteral("bundle_required"));
        QCOMPARE(error.field, QStringLiteral("/auto_start_transcription"));
        QVERIFY2(error.message.contains(QStringLiteral("Video, Audio & Live Bundle")), qPrintable(error.message));
        QVERIFY2(error.message.contains(reason), qPrintable(error.message));
        // Fields outside the bundle still run without a license.
        QVERIFY(run(runtime, {{"room_name", "standup"}, {"exp", 1893456000}}).isSuccess());
    }

    void warnings_data()
    {
        QTest::addColumn<bool>("strict");
        QTest::newRow("warnings") << false;
        QTest::newRow("warnings as errors") << true;
    }
    void warnings()
    {
        QFETCH(bool, strict);
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        runtime.setWarningsAsErrors(strict);
        const ActionResult result = run(runtime, {{"user_name", "Alice"}});
        QCOMPARE(result.isSuccess(), !strict);
        const ActionErrors &reported = strict ? result.errors : result.warnings;
        QCOMPARE(codes(reported), (QStringList{"no_room_name", "no_expiry"}));
        QCOMPARE(runtime.check(action, {{"user_name", "Alice"}}).size(), strict ? 2 : 0);
    }

    void selfSignedToken()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const ActionResult result = run(runtime, {{"room_name", "standup"},
                                                  {"user_name", "Alice"},
                                                  {"is_owner", true},
                                                  {"exp", qint64(4102444800)},
                                                  {"lang", "fr"},
                                                  {"permissions",
                                                   QJsonObject{{"canSend", QJsonArray{"video", "screenAudio"}}}}});
        QVERIFY2(result.isSuccess(), qPrintable(result.errors.value(0).toString()));
        QVERIFY(result.warnings.isEmpty());
        const QString token = result.outputs.value(QStringLiteral("token")).toString();
        QString error;
        QVERIFY2(Jwt::verify(token.toLatin1(), apiKey, &error), qPrintable(error));
        const Jwt::Decoded decoded = Jwt::decode(token.toLatin1());
        QCOMPARE(decoded.header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
        QJsonObject claims = decoded.claims;
        QVERIFY(claims.value(QStringLiteral("iat")).toInteger() >= before);
        claims.remove(QStringLiteral("iat"));
        QCOMPARE(claims, (QJsonObject{{"r", "standup"},
                                      {"u", "Alice"},
                                      {"o", true},
                                      {"exp", qint64(4102444800)},
                                      {"uil", "fr"},
                                      {"d", "domain-1234"},
                                      {"p", QJsonObject{{"cs", "v,sa"}}}}));
        QCOMPARE(result.outputs.value(QStringLiteral("join_url")).toString(),
                 QStringLiteral("https://acme.daily.co/standup?t=") + token);
    }

    // Inputs filled by slot are the same inputs as the object with those members: same token, same errors.
    void inputsFilledBySlot()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        const QJsonObject object{{"room_name", "standup"},
                                 {"is_owner", true},
                                 {"exp", qint64(4102444800)},
                                 {"permissions", QJsonObject{{"canSend", QJsonArray{"video"}}}}};
        ActionInputs bySlot = runtime.inputsFor(action).value();
        QVERIFY(bySlot.isEmpty());
        for (auto it = object.begin(); it != object.end(); ++it)
            QVERIFY(bySlot.setValue(bySlot.slotOf(it.key()), it.value()));
        QCOMPARE(bySlot.toJsonObject(), object);
        const ActionResult fromObject = run(runtime, object);
        const ActionResult fromSlots = runtime.invoke(action, bySlot).result();
        QVERIFY2(fromSlots.isSuccess(), qPrintable(fromSlots.errors.value(0).toString()));
        // iat may tick between the two: compare the claims without it.
        QJsonObject claims = Jwt::decode(fromSlots.outputs.text(u"token").toLatin1()).claims;
        QJsonObject expected = Jwt::decode(fromObject.outputs.text(u"token").toLatin1()).claims;
        claims.remove(QStringLiteral("iat"));
        expected.remove(QStringLiteral("iat"));
        QCOMPARE(claims, expected);

        // A text set again replaces the old one; an undefined value leaves the field out.
        const int room = bySlot.slotOf(u"room_name");
        QVERIFY(bySlot.setText(room, QStringLiteral("retro")));
        QVERIFY(bySlot.setValue(bySlot.slotOf(u"exp"), QJsonValue(QJsonValue::Undefined)));
        QCOMPARE(bySlot.value(QStringLiteral("room_name")), QJsonValue(QStringLiteral("retro")));
        QVERIFY(!bySlot.contains(QStringLiteral("exp")));
        QVERIFY(!bySlot.toJsonObject().contains(QLatin1String("exp")));
        const ActionResult retro = runtime.invoke(action, bySlot).result();
        QVERIFY2(retro.isSuccess(), qPrintable(retro.errors.value(0).toString()));
        QVERIFY(!Jwt::decode(retro.outputs.text(u"token").toLatin1()).claims.contains(QLatin1String("exp")));

        // A value the declaration refuses is refused as it is in an object, with the same errors.
        QVERIFY(bySlot.setValue(room, 42));
        const ActionResult refused = runtime.invoke(action, bySlot).result();
        QCOMPARE(refused.status, ActionResult::Status::InvalidInput);
        QVERIFY(!refused.errors.isEmpty());
        QCOMPARE(refused.errors, runtime.check(action, bySlot.toJsonObject()));

        // No slot: nothing set, and said so.
        QCOMPARE(bySlot.slotOf(u"no_such_field"), -1);
        QVERIFY(!bySlot.setText(-1, QStringLiteral("x")));
        QVERIFY(!bySlot.setValue(1000, 1));
        QVERIFY(!runtime.inputsFor(QStringLiteral("daily.no_such_action")));
    }

    // A copy of inputs keeps every slot's value, read by slot or from JSON; setting one in either leaves the other.
    void copiedInputsKeepTheirOwnSlots()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const QJsonObject object{{"room_name", "standup"},
                                 {"user_name", "Zoë Example, a name longer than a short string holds"},
                                 {"is_owner", true},
                                 {"exp", qint64(4102444800)},
                                 {"permissions", QJsonObject{{"canSend", QJsonArray{"video", "audio"}}}}};
        ActionInputs bySlot = runtime.inputsFor(action).value();
        for (auto it = object.begin(); it != object.end(); ++it)
            QVERIFY(bySlot.setValue(bySlot.slotOf(it.key()), it.value()));
        const std::optional<ActionInputs> fromJson = runtime.readInputs(action, QJsonDocument(object).toJson(
                                                                                    QJsonDocument::Compact));
        QVERIFY(fromJson);
        for (ActionInputs original : {bySlot, *fromJson}) {
            ActionInputs copy = original;
            QVERIFY(copy.setText(copy.slotOf(u"room_name"), QStringLiteral("retro")));
            QVERIFY(copy.setValue(copy.slotOf(u"permissions"), QJsonObject{{"canAdmin", true}}));
            QCOMPARE(original.toJsonObject(), object);
            QJsonObject changed = object;
            changed.insert(QStringLiteral("room_name"), QStringLiteral("retro"));
            changed.insert(QStringLiteral("permissions"), QJsonObject{{"canAdmin", true}});
            QCOMPARE(copy.toJsonObject(), changed);
            QVERIFY(original.setValue(original.slotOf(u"is_owner"), false));
            QCOMPARE(copy.value(QStringLiteral("is_owner")), QJsonValue(true));
            QCOMPARE(original.value(QStringLiteral("permissions")), object.value(QLatin1String("permissions")));
        }
    }

    /*
        An action is found by its id's characters: a QString over the caller's
        buffer (fromRawData) that holds another id of the same length by the
        next call runs that other action. Both inputs are refused by
        validation, so nothing reaches the network.
    */
    void actionFoundByItsIdNotItsAddress()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const QJsonObject privacy{{"privacy", "secret"}};
        const ActionErrors deleteErrors = runtime.check(QStringLiteral("daily.delete_room"), QJsonObject());
        const ActionErrors createErrors = runtime.check(QStringLiteral("daily.create_room"), privacy);
        QVERIFY(!deleteErrors.isEmpty() && !createErrors.isEmpty() && deleteErrors != createErrors);

        char16_t buffer[] = u"daily.delete_room";
        const qsizetype length = qsizetype(std::size(buffer)) - 1;
        const QString id = QString::fromRawData(reinterpret_cast<const QChar *>(buffer), length);
        const ActionResult deleting = runtime.invoke(id, QJsonObject()).result();
        QCOMPARE(deleting.status, ActionResult::Status::InvalidInput);
        QCOMPARE(deleting.errors, deleteErrors);
        std::copy_n(u"daily.create_room", length, buffer);
        const ActionResult creating = runtime.invoke(id, privacy).result();
        QCOMPARE(creating.status, ActionResult::Status::InvalidInput);
        QCOMPARE(creating.errors, createErrors);
    }

    // actionId() hands out the runtime's own copy of the id invoked last, shared, and a new string for any other.
    void actionIdOfTheLastInvokedIsShared()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const QString other = runtime.actionId(u"daily.delete_room");
        QCOMPARE(other, QStringLiteral("daily.delete_room"));
        QVERIFY(runtime.actionId(u"daily.delete_room").constData() != other.constData());

        char16_t buffer[] = u"daily.delete_room";
        const QString caller = QString::fromRawData(reinterpret_cast<const QChar *>(buffer),
                                                    qsizetype(std::size(buffer)) - 1);
        QCOMPARE(runtime.invoke(caller, QJsonObject()).result().status, ActionResult::Status::InvalidInput);
        const QString kept = runtime.actionId(u"daily.delete_room");
        QCOMPARE(kept, QStringLiteral("daily.delete_room"));
        QVERIFY(kept.constData() != caller.constData()); // the runtime's copy, not the caller's buffer
        QCOMPARE(runtime.actionId(u"daily.delete_room").constData(), kept.constData());
        QCOMPARE(runtime.actionId(u"daily.delete_roo"), QStringLiteral("daily.delete_roo"));
        QCOMPARE(runtime.actionId(u""), QString());
    }

    // The join URL needs both the domain and the room; without either only the token is returned.
    void joinUrl_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("domain and room") << "acme" << QJsonObject{{"room_name", "daily-standup_2"}}
                                         << "https://acme.daily.co/daily-standup_2?t=";
        QTest::newRow("no room") << "acme" << QJsonObject{{"user_name", "Alice"}} << QString();
        QTest::newRow("no domain") << QString() << QJsonObject{{"room_name", "standup"}} << QString();
    }
    void joinUrl()
    {
        QFETCH(QString, domain);
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, prefix);
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("domain"), domain);
        runtime.setConnection(connection);
        const ActionResult result = run(runtime, inputs);
        QVERIFY2(result.isSuccess(), qPrintable(result.errors.value(0).toString()));
        const QString token = result.outputs.value(QStringLiteral("token")).toString();
        QVERIFY(!token.isEmpty());
        if (prefix.isEmpty())
            QVERIFY(!result.outputs.contains(QStringLiteral("join_url")));
        else
            QCOMPARE(result.outputs.value(QStringLiteral("join_url")).toString(), prefix + token);
    }

    void selfSigningRefusals_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("unsetSetting");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::newRow("field without claim") << QJsonObject{{"enable_prejoin_ui", true}} << QString()
                                             << int(ActionResult::Status::InvalidInput) << "not_self_signable"
                                             << "/enable_prejoin_ui";
        QTest::newRow("no api key") << QJsonObject{{"room_name", "a"}} << "api_key"
                                    << int(ActionResult::Status::ConfigurationError) << "connection_error"
                                    << "api_key";
        QTest::newRow("no domain id") << QJsonObject{{"room_name", "a"}} << "domain_id"
                                      << int(ActionResult::Status::ConfigurationError) << "connection_error"
                                      << "domain_id";
    }
    void selfSigningRefusals()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, unsetSetting);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, field);
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        if (!unsetSetting.isEmpty()) {
            Connection connection = runtime.connection(QStringLiteral("daily"));
            connection.setValue(unsetSetting, QString());
            runtime.setConnection(connection);
        }
        const ActionResult result = run(runtime, inputs);
        QCOMPARE(int(result.status), status);
        QCOMPARE(result.errors.value(0).code, code);
        QCOMPARE(result.errors.value(0).field, field);
    }

    // The plugin keeps what it derives from the connection (the domain, a
    // signer keyed with the API key) only while the connection stays the
    // same: every change is followed by the next token, on one Runtime.
    void selfSigningFollowsConnectionChanges_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("verifyKey");
        QTest::addColumn<QString>("domainClaim");
        QTest::addColumn<int>("status");
        QTest::newRow("another API key") << "api_key"
                                         << "rotated-key-90ab" << QByteArray("rotated-key-90ab") << "domain-1234"
                                         << int(ActionResult::Status::Succeeded);
        QTest::newRow("another domain id")
            << "domain_id"
            << "domain-5678" << QByteArray(apiKey) << "domain-5678" << int(ActionResult::Status::Succeeded);
        QTest::newRow("domain id unset") << "domain_id" << QString() << QByteArray() << QString()
                                         << int(ActionResult::Status::ConfigurationError);
    }
    void selfSigningFollowsConnectionChanges()
    {
        QFETCH(QString, setting);
        QFETCH(QString, value);
        QFETCH(QByteArray, verifyKey);
        QFETCH(QString, domainClaim);
        QFETCH(int, status);
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        const QJsonObject inputs{{"room_name", "ok"}, {"exp", 1893456000}};
        // Twice with each connection: the second token comes from what the first one kept.
        for (int round = 0; round < 2; ++round) {
            const ActionResult before = run(runtime, inputs);
            QVERIFY(before.isSuccess());
            QVERIFY(Jwt::verify(before.outputs.value(QLatin1String("token")).toString().toLatin1(), apiKey));
        }
        Connection connection = runtime.connection(QStringLiteral("daily"));
        const quint64 revision = connection.revision();
        connection.setValue(setting, value);
        QVERIFY(connection.revision() != revision);
        QCOMPARE(runtime.connection(QStringLiteral("daily")).revision(), revision); // a copy changed, not the runtime's
        runtime.setConnection(connection);
        for (int round = 0; round < 2; ++round) {
            const ActionResult after = run(runtime, inputs);
            QCOMPARE(int(after.status), status);
            if (status != int(ActionResult::Status::Succeeded))
                continue;
            const QByteArray token = after.outputs.value(QLatin1String("token")).toString().toLatin1();
            QString error;
            QVERIFY2(Jwt::verify(token, verifyKey, &error), qPrintable(error));
            QCOMPARE(Jwt::decode(token).claims.value(QLatin1String("d")).toString(), domainClaim);
        }
    }

    // What the plugin keeps follows the declaration too: two declarations
    // of the action (the header's algorithm and the domain claim differ),
    // alternating on one connection, each sign with their own.
    void selfSigningFollowsDeclarationChanges()
    {
        QFile file(meetingTokenDeclarationPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject declaration = QJsonDocument::fromJson(file.readAll()).object();
        const ActionSpec usual = ActionSpec::fromDeclaration(QJsonDocument(declaration).toJson(),
                                                             QStringLiteral("usual"));
        QJsonObject transport = declaration.value(QStringLiteral("transport")).toObject();
        transport.insert(QStringLiteral("tokenHeader"), QJsonObject{{"alg", "HS512"}, {"typ", "JWT"}});
        transport.insert(QStringLiteral("selfSigned"), QJsonObject{{"domainClaim", "dom"}, {"issuedAtClaim", "iat"}});
        declaration.insert(QStringLiteral("transport"), transport);
        const ActionSpec other = ActionSpec::fromDeclaration(QJsonDocument(declaration).toJson(),
                                                             QStringLiteral("other"));
        QVERIFY2(!usual.hasError() && !other.hasError(), qPrintable(usual.errorString() + other.errorString()));

        Runtime runtime;
        runtime.discoverPlugins();
        QString fileName;
        for (const PluginSpec &spec : runtime.plugins()) {
            if (spec.id() == QLatin1String("daily"))
                fileName = spec.fileName();
        }
        QPluginLoader loader(fileName);
        auto *plugin = qobject_cast<ProviderPlugin *>(loader.instance());
        QVERIFY2(plugin, qPrintable(loader.errorString()));
        Connection connection(QStringLiteral("daily"), {});
        connection.setValue(QStringLiteral("api_key"), QLatin1String(apiKey));
        connection.setValue(QStringLiteral("token_mode"), QStringLiteral("self-signed"));
        connection.setValue(QStringLiteral("domain_id"), QStringLiteral("domain-1234"));
        const ActionInputs inputs(QJsonObject{{"room_name", "ok"}});
        for (const ActionSpec &spec : {usual, other, usual, other}) {
            const ProviderOutcome outcome = plugin->invoke(spec, inputs, connection);
            QCOMPARE(outcome.kind, ProviderOutcome::Kind::Finished);
            const QByteArray token = outcome.result.outputs.value(QLatin1String("token")).toString().toLatin1();
            QVERIFY(Jwt::verify(token, apiKey));
            const Jwt::Decoded decoded = Jwt::decode(token);
            const bool isOther = spec.transport() == other.transport();
            QCOMPARE(decoded.header.value(QLatin1String("alg")).toString(), isOther ? "HS512" : "HS256");
            QCOMPARE(decoded.claims.value(isOther ? QLatin1String("dom") : QLatin1String("d")).toString(),
                     QStringLiteral("domain-1234"));
        }
    }

    void secretsNeverInResults()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        selfSigning(runtime);
        QByteArray everything;
        for (const QJsonObject &inputs :
             {QJsonObject{{"room_name", "ok"}, {"exp", 1893456000}}, QJsonObject{{"room_name", "not ok"}},
              QJsonObject{{"enable_terse_logging", true}}, QJsonObject{{"auto_start_transcription", true}}})
            everything += QJsonDocument(run(runtime, inputs).toJson()).toJson();
        everything += QJsonDocument(runtime.connection(QStringLiteral("daily")).toRedactedJson()).toJson();
        QVERIFY(!everything.contains(apiKey));
        QVERIFY(everything.contains("<set>"));
    }

    // The connection enforces the manifest's "required" and "enum", for every provider alike.
    void connectionConstraints_data()
    {
        QTest::addColumn<QJsonObject>("values");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QStringList>("rules");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("neverShown");
        const QJsonObject valid{{"mode", "fast"}, {"key", "k-1"}, {"secret_mode", "on"}};
        const auto with = [&valid](const char *key, const QString &value) {
            QJsonObject values = valid;
            values.insert(QLatin1String(key), value);
            return values;
        };
        QTest::newRow("valid; region from its default") << valid << QStringList() << QStringList() << ""
                                                        << "";
        QTest::newRow("required, never set")
            << QJsonObject{{"mode", "fast"}} << QStringList{"key"} << QStringList{"required"}
            << "key: not set: it is required; set TST_KEY or the connection's key"
            << "";
        QTest::newRow("required, set empty") << with("region", "") << QStringList{"region"} << QStringList{"required"}
                                             << "region: not set: it is required; set the connection's region"
                                             << "";
        QTest::newRow("outside the enum")
            << with("mode", "slow") << QStringList{"mode"} << QStringList{"enum"}
            << "mode: \"slow\" is not one of fast, safe; set TST_MODE or the connection's mode"
            << "";
        QTest::newRow("a megabyte outside the enum")
            << with("mode", QString(1 << 20, QLatin1Char('z'))) << QStringList{"mode"} << QStringList{"enum"}
            << "mode: the value is not one of fast, safe"
            << "zzz";
        QTest::newRow("a secret outside the enum")
            << with("secret_mode", "hunter2") << QStringList{"secret_mode"} << QStringList{"enum"}
            << "secret_mode: the value is not one of on, off"
            << "hunter2";
        QTest::newRow("a line break outside the enum")
            << with("mode", "fast\nX-Injected: 1") << QStringList{"mode", "mode"} << QStringList{QString(), "enum"}
            << "mode: holds a control character"
            << "X-Injected";
        QTest::newRow("a host of the pattern")
            << with("space", "acme.example.com") << QStringList() << QStringList() << ""
            << "";
        QTest::newRow("another host")
            << with("space", "evil.test/x?") << QStringList{"space"} << QStringList{"pattern"}
            << "space: \"evil.test/x?\" does not match ^[a-z]+\\.example\\.com$; set the connection's space"
            << "";
        QTest::newRow("a secret outside the pattern")
            << with("secret_host", "hunter2") << QStringList{"secret_host"} << QStringList{"pattern"}
            << "secret_host: the value does not match"
            << "hunter2";
    }
    void connectionConstraints()
    {
        QFETCH(QJsonObject, values);
        QFETCH(QStringList, fields);
        QFETCH(QStringList, rules);
        QFETCH(QString, message);
        QFETCH(QString, neverShown);
        const QJsonArray declared = QJsonDocument::fromJson(R"([
            {"key": "mode", "label": "Mode", "env": "TST_MODE", "enum": ["fast", "safe"]},
            {"key": "key", "label": "Key", "env": "TST_KEY", "secret": true, "required": true},
            {"key": "region", "label": "Region", "required": true, "default": "eu"},
            {"key": "secret_mode", "label": "Secret mode", "secret": true, "enum": ["on", "off"]},
            {"key": "space", "label": "Space", "pattern": "^[a-z]+\\.example\\.com$"},
            {"key": "secret_host", "label": "Secret host", "secret": true, "pattern": "^[a-z]+\\.example\\.com$"}
        ])")
                                        .array();
        Connection connection(QStringLiteral("tst"), declared);
        for (auto it = values.begin(); it != values.end(); ++it)
            connection.setValue(it.key(), it.value().toString());
        const ActionErrors problems = connection.problems();
        QStringList problemFields;
        QStringList problemRules;
        QString text;
        for (const ActionError &problem : problems) {
            QCOMPARE(problem.code, QStringLiteral("connection_error"));
            problemFields.append(problem.field);
            problemRules.append(problem.rule);
            text += problem.toString() + QLatin1Char('\n');
        }
        QCOMPARE(problemFields, fields);
        QCOMPARE(problemRules, rules);
        if (message.isEmpty())
            QVERIFY2(text.isEmpty(), qPrintable(text));
        else
            QVERIFY2(text.startsWith(message), qPrintable(text.left(400)));
        QVERIFY2(text.size() < 400, qPrintable(text.left(400)));
        if (!neverShown.isEmpty())
            QVERIFY2(!text.contains(neverShown), qPrintable(text));
    }

    /*
        A caller's account settings replace all of the operator's account
        settings and nothing else; any other key is refused naming it, never
        echoing a value, and a refused object changes nothing.
    */
    void accountSettings_data()
    {
        QTest::addColumn<QJsonObject>("account");
        QTest::addColumn<QString>("error");
        QTest::newRow("key and domain id") << QJsonObject{{"api_key", "caller-key"}, {"domain_id", "caller-id"}} << "";
        QTest::newRow("a number is text") << QJsonObject{{"api_key", "caller-key"}, {"domain_id", 42}} << "";
        QTest::newRow("the base URL") << QJsonObject{{"api_key", "caller-key"}, {"api_base", "http://127.0.0.1:9"}}
                                      << "header: \"api_base\" is not a setting of the daily account but the "
                                         "operator's (the base URL, CA file and timeouts stay the host's); a "
                                         "connection sent with a call may set only: api_key, domain, domain_id";
        QTest::newRow("the CA file") << QJsonObject{{"ca_file", "/etc/passwd"}}
                                     << "header: \"ca_file\" is not a setting";
        QTest::newRow("the token mode") << QJsonObject{{"token_mode", "rest"}} << "header: \"token_mode\" is not a";
        QTest::newRow("no setting") << QJsonObject{{"apikey", "caller-key"}}
                                    << "header: \"apikey\" is not a daily connection setting; known settings are: "
                                       "api_key, api_base, token_mode, domain, domain_id, timeout_ms, max_retries, "
                                       "ca_file";
        QTest::newRow("not text") << QJsonObject{{"api_key", QJsonArray{"caller-key"}}}
                                  << "header: \"api_key\" must be text";
    }
    void accountSettings()
    {
        QFETCH(QJsonObject, account);
        QFETCH(QString, error);
        Runtime runtime;
        runtime.discoverPlugins();
        Connection operatorConnection = runtime.connection(QStringLiteral("daily"));
        for (const auto &[key, value] : {std::pair{"api_key", "operator-key"},
                                         {"domain", "operator"},
                                         {"domain_id", "operator-id"},
                                         {"api_base", "http://127.0.0.1:1/v1"},
                                         {"token_mode", "self-signed"}})
            operatorConnection.setValue(QLatin1String(key), QLatin1String(value));
        QVERIFY(operatorConnection.isAccountSetting(QStringLiteral("api_key")));
        QVERIFY(!operatorConnection.isAccountSetting(QStringLiteral("api_base")));
        Connection connection = operatorConnection;
        QString errorString;
        QCOMPARE(connection.setAccount(account, QStringLiteral("header"), &errorString), error.isEmpty());
        if (!error.isEmpty()) {
            QVERIFY2(errorString.startsWith(error), qPrintable(errorString));
            QVERIFY(!errorString.contains(QLatin1String("caller-key")));
            QCOMPARE(connection.toRedactedJson(), operatorConnection.toRedactedJson());
            QCOMPARE(connection.value(QStringLiteral("api_key")), QStringLiteral("operator-key"));
            return;
        }
        QVERIFY(connection.revision() != operatorConnection.revision());
        QCOMPARE(connection.value(QStringLiteral("api_key")), QStringLiteral("caller-key"));
        QCOMPARE(connection.value(QStringLiteral("domain_id")),
                 account.value(QLatin1String("domain_id")).toVariant().toString());
        QCOMPARE(connection.value(QStringLiteral("domain")), QString()); // never the operator's domain
        QCOMPARE(connection.value(QStringLiteral("api_base")), QStringLiteral("http://127.0.0.1:1/v1"));
        QCOMPARE(connection.value(QStringLiteral("token_mode")), QStringLiteral("self-signed"));
        QCOMPARE(operatorConnection.value(QStringLiteral("api_key")), QStringLiteral("operator-key"));
    }
};

const QString TestRuntime::action = QStringLiteral("daily.create_meeting_token");

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
