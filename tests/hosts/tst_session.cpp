#include "support/futureresult.h"
#include "support/json.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/session.h>
#include <actionnode/triggersubscription.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

using Status = ActionResult::Status;

const QByteArray ProviderKey = "session-provider-key-41c9";
const char TokenAction[] = "daily.create_meeting_token";
// Outside every bundle, with an expiry: no warning, no licence needed.
const QJsonObject PlainToken{{"room_name", "standup"}, {"exp", 1893456000}};

QStringList codes(const ActionErrors &errors)
{
    QStringList list;
    for (const ActionError &error : errors)
        list.append(error.code);
    return list;
}

// The per-call options that carry one thing each.
InvokeOptions withLicense(const License &license)
{
    InvokeOptions options;
    options.license = license;
    return options;
}

InvokeOptions withConnection(const Connection &connection)
{
    InvokeOptions options;
    options.connections.append(connection);
    return options;
}

} // namespace

Q_DECLARE_METATYPE(ActionNode::InvokeOptions)

/*
    Each operation of Session, with its answers and its errors: the one
    shape (ActionResult) every front end maps.
*/
class TestSession : public QObject
{
    Q_OBJECT

    EmulatorServer m_emulator;
    DailyEmulator *m_daily = nullptr;
    std::unique_ptr<Session> m_session;

    //! Daily's connection to the emulator, signing tokens locally (no request for a token).
    Connection dailyConnection(const QByteArray &key = ProviderKey) const
    {
        Connection connection = m_session->runtime()->connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_key"), QString::fromLatin1(key));
        connection.setValue(QStringLiteral("api_base"), m_daily->apiBaseUrl());
        connection.setValue(QStringLiteral("token_mode"), QStringLiteral("self-signed"));
        connection.setValue(QStringLiteral("domain_id"), DailyEmulator::defaultDomainId());
        connection.setValue(QStringLiteral("max_retries"), QStringLiteral("0"));
        return connection;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_daily = new DailyEmulator(ProviderKey, &m_emulator);
        QVERIFY(m_emulator.listen(0));
        for (const char *name : {"standup", "retro", "standup-2"}) {
            QString error;
            QVERIFY2(m_daily->state().createRoom({{"name", QLatin1String(name)}}, &error), qPrintable(error));
        }
        SessionOptions options;
        options.licensePublicKeyPem = readTestData(QStringLiteral("licenses/test-vendor.pub.pem"));
        m_session = std::make_unique<Session>(options);
        QString error;
        QVERIFY2(m_session->load(&error), qPrintable(error));
        m_session->runtime()->setConnection(dailyConnection());
    }

    void loadFailsWithoutProviders()
    {
        SessionOptions options;
        options.pluginPaths = {QStringLiteral("/nonexistent/plugins")};
        options.declarationPaths = {QStringLiteral("/nonexistent/providers")};
        Session session(options);
        QString error;
        QVERIFY(!session.load(&error));
        QVERIFY2(error.contains(QStringLiteral("no provider plugins found in: /nonexistent/plugins")),
                 qPrintable(error));
    }

    void loadReportsARefusedLicence()
    {
        SessionOptions options;
        options.licenseFile = testDataPath(QStringLiteral("licenses/tampered.json"));
        options.licensePublicKeyPem = readTestData(QStringLiteral("licenses/test-vendor.pub.pem"));
        Session session(options);
        QString error;
        QVERIFY2(session.load(&error), qPrintable(error));
        QVERIFY2(session.licenseProblem().contains(QStringLiteral("tampered.json")),
                 qPrintable(session.licenseProblem()));
        QVERIFY(!session.runtime()->license().isValid());
    }

    void list()
    {
        const ActionResult listed = m_session->list();
        QVERIFY(listed.isSuccess());
        const QJsonArray actions = listed.outputs.value(QStringLiteral("actions")).toArray();
        const QJsonArray triggers = listed.outputs.value(QStringLiteral("triggers")).toArray();
        const auto find = [](const QJsonArray &nodes, const QString &id) {
            for (const QJsonValue &node : nodes) {
                if (node.toObject().value(QStringLiteral("id")).toString() == id)
                    return node.toObject();
            }
            return QJsonObject();
        };
        const QJsonObject token = find(actions, QLatin1String(TokenAction));
        QCOMPARE(token.value(QStringLiteral("kind")).toString(), QStringLiteral("action"));
        QCOMPARE(token.value(QStringLiteral("provider")).toString(), QStringLiteral("daily"));
        QVERIFY(!token.value(QStringLiteral("title")).toString().isEmpty());
        QCOMPARE(find(triggers, QStringLiteral("daily.participant_joined")).value(QStringLiteral("kind")).toString(),
                 QStringLiteral("trigger"));
    }

    void describe_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<bool>("licensed");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("locked");
        const int ok = int(Status::Succeeded);
        QTest::newRow("action") << TokenAction << "" << false << ok << ""
                                << "action" << true;
        QTest::newRow("action, the call's licence") << TokenAction << "" << true << ok << ""
                                                    << "action" << false;
        QTest::newRow("action in German") << TokenAction << "de" << false << ok << ""
                                          << "action" << true;
        QTest::newRow("trigger") << "daily.participant_joined"
                                 << "" << false << ok << ""
                                 << "trigger" << true;
        QTest::newRow("trigger, the call's licence") << "daily.participant_joined"
                                                     << "" << true << ok << ""
                                                     << "trigger" << false;
        QTest::newRow("unknown") << "daily.nope"
                                 << "" << false << int(Status::ConfigurationError) << "unknown_action"
                                 << "" << false;
        QTest::newRow("bad locale") << TokenAction << "../de" << false << int(Status::InvalidInput) << "invalid_locale"
                                    << "" << false;
    }
    void describe()
    {
        QFETCH(QString, id);
        QFETCH(QString, locale);
        QFETCH(bool, licensed);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, kind);
        QFETCH(bool, locked);
        const ActionResult described = m_session->describe(id, locale,
                                                           licensed ? withLicense(bundleLicense()) : InvokeOptions());
        QCOMPARE(int(described.status), status);
        if (!code.isEmpty()) {
            QCOMPARE(codes(described.errors), QStringList{code});
            return;
        }
        const QJsonObject metadata = described.outputs.toJsonObject();
        QCOMPARE(metadata.value(QStringLiteral("kind")).toString(), kind);
        if (!locale.isEmpty())
            QCOMPARE(metadata.value(QStringLiteral("locale")).toString(), locale);
        // Some group is in a bundle: locked unless the call's licence holds it.
        bool anyLocked = false;
        for (const QJsonValue &group : metadata.value(QStringLiteral("groups")).toArray())
            anyLocked = anyLocked || group.toObject().value(QStringLiteral("locked")).toBool();
        QCOMPARE(anyLocked, locked);
    }

    void describeMarkdown()
    {
        const ActionResult page = m_session->describe(QLatin1String(TokenAction), {}, {}, Session::Format::Markdown);
        QVERIFY(page.isSuccess());
        QVERIFY(page.outputs.text(QStringLiteral("markdown")).contains(QStringLiteral("### Fields")));
    }

    void invoke_data()
    {
        QTest::addColumn<QString>("actionId");
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<InvokeOptions>("options");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("errorCodes");
        QTest::addColumn<QStringList>("warningCodes");
        QTest::addColumn<bool>("token");

        const QJsonObject bundled{{"room_name", "standup"}, {"exp", 1893456000}, {"auto_start_transcription", true}};
        const QJsonObject noExpiry{{"room_name", "standup"}};
        InvokeOptions strict;
        strict.strict = true;
        InvokeOptions dryRun;
        dryRun.dryRun = true;
        InvokeOptions saved;
        saved.savedVersion = QStringLiteral("1.0.0");
        InvokeOptions unknownVersion;
        unknownVersion.savedVersion = QStringLiteral("0.1.0");
        // Daily's settings, none of them given: the key is missing.
        Connection keyless;
        for (const PluginSpec &plugin : m_session->runtime()->plugins()) {
            if (plugin.id() == QLatin1String("daily"))
                keyless = Connection(plugin.id(), plugin.connectionSettings());
        }
        const int ok = int(Status::Succeeded);
        const QStringList none;

        QTest::newRow("succeeds") << TokenAction << PlainToken << InvokeOptions() << ok << none << none << true;
        QTest::newRow("invalid input") << TokenAction << QJsonObject{{"room_name", "no spaces"}} << InvokeOptions()
                                       << int(Status::InvalidInput) << QStringList{"invalid_input"} << none << false;
        QTest::newRow("bundle without licence")
            << TokenAction << bundled << InvokeOptions() << int(Status::LicenseRefused)
            << QStringList{"bundle_required"} << none << false;
        QTest::newRow("bundle, the call's licence")
            << TokenAction << bundled << withLicense(bundleLicense()) << ok << none << none << true;
        QTest::newRow("bundle, a refused licence")
            << TokenAction << bundled << withLicense(testLicense(QStringLiteral("tampered.json")))
            << int(Status::LicenseRefused) << QStringList{"bundle_required"} << none << false;
        QTest::newRow("warning") << TokenAction << noExpiry << InvokeOptions() << ok << none << QStringList{"no_expiry"}
                                 << true;
        QTest::newRow("warning, strict") << TokenAction << noExpiry << strict << int(Status::InvalidInput)
                                         << QStringList{"no_expiry"} << none << false;
        QTest::newRow("dry run") << TokenAction << noExpiry << dryRun << ok << none << QStringList{"no_expiry"}
                                 << false;
        QTest::newRow("dry run, invalid") << TokenAction << QJsonObject{{"exp", -1}} << dryRun
                                          << int(Status::InvalidInput) << QStringList{"invalid_input"} << none << false;
        QTest::newRow("saved version migrated")
            << TokenAction
            << QJsonObject{{"room_name", "standup"}, {"exp", 1893456000}, {"enable_recording", "rtp-tracks"}} << saved
            << ok << none << QStringList{"migrated"} << true;
        QTest::newRow("saved version unknown")
            << TokenAction << PlainToken << unknownVersion << int(Status::InvalidInput) << QStringList{"invalid_input"}
            << none << false;
        QTest::newRow("the call's connection, without a key")
            << TokenAction << PlainToken << withConnection(keyless) << int(Status::ConfigurationError)
            << QStringList{"connection_error"} << none << false;
        QTest::newRow("unknown action") << "daily.nope" << PlainToken << InvokeOptions()
                                        << int(Status::ConfigurationError) << QStringList{"unknown_action"} << none
                                        << false;
    }
    void invoke()
    {
        QFETCH(QString, actionId);
        QFETCH(QJsonObject, inputs);
        QFETCH(InvokeOptions, options);
        QFETCH(int, status);
        QFETCH(QStringList, errorCodes);
        QFETCH(QStringList, warningCodes);
        QFETCH(bool, token);
        // The object and its text take the same way through the runtime.
        const ActionResult fromObject = resultOf(m_session->invoke(actionId, inputs, options));
        const ActionResult fromText = resultOf(m_session->invokeJson(actionId, compactJson(inputs), options));
        for (const ActionResult &result : {fromObject, fromText}) {
            QVERIFY2(int(result.status) == status, compactJson(result.toJson()).constData());
            QCOMPARE(codes(result.errors), errorCodes);
            QCOMPARE(codes(result.warnings), warningCodes);
            QCOMPARE(result.outputs.contains(QStringLiteral("token")), token);
        }
    }

    // Runs are held back and written in groups: within runGroupMs, at once when
    // runGroupSize are held or a reader asks, and when the Session goes.
    void runsAreWrittenInGroups()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        SessionOptions options;
        options.storeLocation = directory.filePath(QStringLiteral("store.sqlite"));
        auto session = std::make_unique<Session>(options);
        QString error;
        QVERIFY2(session->load(&error), qPrintable(error));
        const QString actionId = QStringLiteral("daily.create_meeting_token");
        const QJsonObject inputs{{"room_name", "standup"}};
        const ActionResult result = ActionResult::success(QJsonObject{{"token", "t"}});
        const auto record = [&](int count) {
            for (int i = 0; i < count; ++i)
                session->recordRun(actionId, inputs, result, QStringLiteral("http"), 1.0, {});
        };
        record(2);
        QCOMPARE(session->store()->runCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(session->store()->runCount(), 2, 5000);
        record(Session::runGroupSize);
        QCOMPARE(session->store()->runCount(), 2 + Session::runGroupSize);
        record(1);
        session->writeRecordedRuns();
        QCOMPARE(session->store()->runCount(), 3 + Session::runGroupSize);
        record(1);
        session.reset();
        const std::unique_ptr<Store> reopened = Store::open(options.storeLocation, &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(reopened->runCount(), 4 + Session::runGroupSize);
    }

    void invokeJsonRefusesText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not JSON") << QByteArray("{\"room_name\": ") << "not valid JSON";
        QTest::newRow("an array") << QByteArray("[1, 2]") << "it is not an object";
        // RFC 8259 forbids them; Qt's reader would take them (as batch lines and --input files refuse them).
        QTest::newRow("a raw control character") << QByteArray("{\"room_name\": \"a\x01b\"}") << "control character";
    }
    void invokeJsonRefusesText()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        const ActionResult result = resultOf(m_session->invokeJson(QLatin1String(TokenAction), text));
        QCOMPARE(result.status, Status::InvalidInput);
        QCOMPARE(codes(result.errors), QStringList{"invalid_json"});
        QVERIFY2(result.errors.first().message.contains(reason), qPrintable(result.errors.first().message));
    }

    // The licence a call brings is for that call alone.
    void callLicenceLeavesTheSessionAlone()
    {
        const QJsonObject bundled{{"room_name", "standup"}, {"exp", 1893456000}, {"auto_start_transcription", true}};
        QVERIFY(
            resultOf(m_session->invoke(QLatin1String(TokenAction), bundled, withLicense(bundleLicense()))).isSuccess());
        QVERIFY(m_session->runtime()->license().isNull());
        QCOMPARE(resultOf(m_session->invoke(QLatin1String(TokenAction), bundled)).status, Status::LicenseRefused);
    }

    void fieldOptions_data()
    {
        QTest::addColumn<QString>("actionId");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("search");
        QTest::addColumn<InvokeOptions>("options");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<bool>("freeText");
        const int ok = int(Status::Succeeded);
        const QStringList rooms{"retro", "standup", "standup-2"};
        QTest::newRow("from the provider") << TokenAction << "room_name"
                                           << "" << InvokeOptions() << ok << "" << rooms << false;
        QTest::newRow("searched") << TokenAction << "room_name"
                                  << "STAND" << InvokeOptions() << ok << "" << QStringList{"standup", "standup-2"}
                                  << false;
        QTest::newRow("the call's connection, a wrong key")
            << TokenAction << "room_name"
            << "" << withConnection(dailyConnection("wrong-key")) << ok << "" << QStringList() << true;
        QTest::newRow("declared") << "daily.create_room"
                                  << "privacy"
                                  << "" << InvokeOptions() << ok << "" << QStringList{"public", "private"} << false;
        QTest::newRow("free text") << TokenAction << "user_name"
                                   << "" << InvokeOptions() << ok << "" << QStringList() << true;
        QTest::newRow("no such field") << TokenAction << "nope"
                                       << "" << InvokeOptions() << int(Status::ConfigurationError) << "not_found"
                                       << QStringList() << false;
        QTest::newRow("unknown action") << "daily.nope"
                                        << "room_name"
                                        << "" << InvokeOptions() << int(Status::ConfigurationError) << "unknown_action"
                                        << QStringList() << false;
    }
    void fieldOptions()
    {
        QFETCH(QString, actionId);
        QFETCH(QString, field);
        QFETCH(QString, search);
        QFETCH(InvokeOptions, options);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QStringList, values);
        QFETCH(bool, freeText);
        const ActionResult result = resultOf(m_session->fieldOptions(actionId, field, search, {}, options));
        QVERIFY2(int(result.status) == status, compactJson(result.toJson()).constData());
        if (!code.isEmpty()) {
            QCOMPARE(codes(result.errors), QStringList{code});
            return;
        }
        QStringList got;
        for (const QJsonValue &option : result.outputs.value(QStringLiteral("options")).toArray())
            got.append(option.toObject().value(QStringLiteral("value")).toString());
        got.sort();
        QStringList expected = values;
        expected.sort();
        QCOMPARE(got, expected);
        QCOMPARE(result.outputs.value(QStringLiteral("freeText")).toBool(), freeText);
    }

    // A full page of choices names the cursor of the next one, which gives the rest.
    void fieldOptionsPages()
    {
        for (int i = 0; i < 100; ++i) {
            QString error;
            QVERIFY2(m_daily->state().createRoom({{"name", QStringLiteral("paged-%1").arg(i, 3, 10, QLatin1Char('0'))}},
                                                 &error),
                     qPrintable(error));
        }
        const ActionResult first = resultOf(m_session->fieldOptions(QLatin1String(TokenAction), "room_name"));
        QVERIFY2(first.isSuccess(), compactJson(first.toJson()).constData());
        QCOMPARE(first.outputs.value(QStringLiteral("options")).toArray().size(), 100);
        const QString cursor = first.outputs.value(QStringLiteral("nextCursor")).toString();
        QVERIFY(!cursor.isEmpty());
        const ActionResult second = resultOf(
            m_session->fieldOptions(QLatin1String(TokenAction), "room_name", {}, cursor));
        QVERIFY2(second.isSuccess(), compactJson(second.toJson()).constData());
        QCOMPARE(second.outputs.value(QStringLiteral("options")).toArray().size(), 3);
        QVERIFY(!second.outputs.contains(QStringLiteral("nextCursor")));
        for (int i = 0; i < 100; ++i)
            m_daily->state().deleteRoom(QStringLiteral("paged-%1").arg(i, 3, 10, QLatin1Char('0')));
    }

    void migrate_data()
    {
        QTest::addColumn<QString>("actionId");
        QTest::addColumn<QString>("from");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("changes");
        QTest::newRow("from 1.0.0") << TokenAction << "1.0.0" << int(Status::Succeeded) << "" << 1;
        QTest::newRow("unknown version") << TokenAction << "0.1.0" << int(Status::InvalidInput) << "invalid_input" << 0;
        QTest::newRow("unknown action") << "daily.nope"
                                        << "1.0.0" << int(Status::ConfigurationError) << "unknown_action" << 0;
    }
    void migrate()
    {
        QFETCH(QString, actionId);
        QFETCH(QString, from);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(int, changes);
        const ActionResult result = m_session->migrate(actionId, from,
                                                       {{"room_name", "standup"}, {"enable_recording", "rtp-tracks"}});
        QVERIFY2(int(result.status) == status, compactJson(result.toJson()).constData());
        if (!code.isEmpty()) {
            QCOMPARE(codes(result.errors), QStringList{code});
            return;
        }
        QCOMPARE(result.outputs.value(QStringLiteral("from")).toString(), from);
        QCOMPARE(result.outputs.value(QStringLiteral("changes")).toArray().size(), changes);
        QCOMPARE(result.outputs.value(QStringLiteral("inputs")).toObject(), (QJsonObject{{"room_name", "standup"}}));
    }

    void testConnection_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("the session's connection") << "daily" << QByteArray() << int(Status::Succeeded) << "";
        QTest::newRow("the call's connection") << "daily" << ProviderKey << int(Status::Succeeded) << "";
        QTest::newRow("the call's connection, a wrong key")
            << "daily" << QByteArray("wrong-key") << int(Status::ProviderFailed) << "provider_error";
        QTest::newRow("unknown provider") << "nope" << QByteArray() << int(Status::ConfigurationError) << "not_found";
    }
    void testConnection()
    {
        QFETCH(QString, provider);
        QFETCH(QByteArray, key);
        QFETCH(int, status);
        QFETCH(QString, code);
        const ActionResult result = resultOf(
            m_session->testConnection(provider,
                                      key.isEmpty() ? InvokeOptions() : withConnection(dailyConnection(key))));
        QVERIFY2(int(result.status) == status, compactJson(result.toJson()).constData());
        if (!code.isEmpty()) {
            QCOMPARE(codes(result.errors), QStringList{code});
            QVERIFY(!result.errors.first().message.contains(QLatin1String(key)) || key.isEmpty());
            return;
        }
        const QJsonObject discovered = result.outputs.value(QStringLiteral("discovered")).toObject();
        QCOMPARE(discovered.value(QStringLiteral("domain_id")).toString(), DailyEmulator::defaultDomainId());
        QCOMPARE(discovered.value(QStringLiteral("domain")).toString(), m_daily->domainName());
    }

    void exportPackageRefusesAnUnknownBuilder()
    {
        const ActionResult result = m_session->exportPackage(QStringLiteral("lego"));
        QCOMPARE(result.status, Status::ConfigurationError);
        QCOMPARE(codes(result.errors), QStringList{"not_found"});
        QVERIFY2(result.errors.first().message.startsWith(QLatin1String("unknown builder \"lego\"; known builders:")),
                 qPrintable(result.errors.first().message));
    }

    void subscribe_data()
    {
        QTest::addColumn<QString>("trigger");
        QTest::addColumn<QJsonObject>("filters");
        QTest::addColumn<bool>("licensed");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("the call's licence")
            << "daily.participant_joined" << QJsonObject{{"room", "standup"}} << true << int(Status::Succeeded) << "";
        QTest::newRow("without a licence")
            << "daily.participant_joined" << QJsonObject() << false << int(Status::LicenseRefused) << "bundle_required";
        QTest::newRow("bad filter") << "daily.participant_joined" << QJsonObject{{"room", 5}} << true
                                    << int(Status::InvalidInput) << "invalid_input";
        QTest::newRow("unknown trigger") << "daily.nope" << QJsonObject() << true << int(Status::ConfigurationError)
                                         << "unknown_trigger";
    }
    void subscribe()
    {
        QFETCH(QString, trigger);
        QFETCH(QJsonObject, filters);
        QFETCH(bool, licensed);
        QFETCH(int, status);
        QFETCH(QString, code);
        const ActionResult result = m_session->subscribe(trigger, filters,
                                                         licensed ? withLicense(bundleLicense()) : InvokeOptions());
        QVERIFY2(int(result.status) == status, compactJson(result.toJson()).constData());
        if (!code.isEmpty()) {
            QCOMPARE(codes(result.errors).value(0), code);
            return;
        }
        const QString id = result.outputs.text(QStringLiteral("subscription"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(result.outputs.value(QStringLiteral("filters")).toObject(), filters);
        TriggerSubscription *subscription = m_session->subscription(id);
        QVERIFY(subscription);
        QCOMPARE(subscription->trigger().id(), trigger);
        QVERIFY(m_session->unsubscribe(id).isSuccess());
        QVERIFY(!m_session->subscription(id));
        const ActionResult again = m_session->unsubscribe(id);
        QCOMPARE(again.status, Status::ConfigurationError);
        QCOMPARE(codes(again.errors), QStringList{"not_found"});
    }

    void openApiDocument()
    {
        const QJsonObject document = m_session->openApiDocument();
        QCOMPARE(document.value(QStringLiteral("openapi")).toString().left(3), QStringLiteral("3.1"));
        const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();
        QVERIFY(paths.contains(QStringLiteral("/v1/actions/daily.create_meeting_token/invoke")));
        QVERIFY(paths.contains(QStringLiteral("/v1/actions/{id}/fields/{field}/options")));
        QVERIFY(paths.contains(QStringLiteral("/v1/actions/{id}/migrate")));
        QVERIFY(paths.contains(QStringLiteral("/v1/connections/{provider}/test")));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
