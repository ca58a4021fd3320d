#include "support/processrun.h"
#include "support/serverprocess.h"

#include <actionnode/optionsloader.h>
#include <actionnode/runtime.h>

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Field options loaded from a sibling action (optionsFrom), searched, capped,
// and free text with a reason when they cannot be loaded.
class TestOptions : public QObject
{
    Q_OBJECT

private:
    static constexpr char apiKey[] = "tst-options-key";
    EmulatorProcess m_emulator;

    static QStringList labels(const QJsonArray &options)
    {
        QStringList labels;
        for (const QJsonValue &option : options)
            labels.append(option.toObject().value(QStringLiteral("label")).toString());
        return labels;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_emulator.start(apiKey), qPrintable(m_emulator.errorString()));
        // Rooms made through the declared REST action, so that listing them is the emulator's state.
        for (const char *room : {"standup", "retro", "standup-late"}) {
            const ProcessRun run = runActionnode({QStringLiteral("run"), QStringLiteral("daily.create_room"),
                                                  QStringLiteral("name=") + QLatin1String(room)},
                                                 dailyEnvironment(m_emulator.dailyApiBase(),
                                                                  QString::fromLatin1(apiKey)));
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
    }
    void load_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("search");
        QTest::addColumn<QString>("key");   // the connection's API key
        QTest::addColumn<QString>("state"); // "up" or "down"
        QTest::addColumn<QStringList>("firstLabels");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("truncated");
        QTest::addColumn<QString>("reason"); // set: free text, with this reason
        QTest::newRow("all, capped") << "label"
                                     << ""
                                     << "k"
                                     << "up" << QStringList{"Alpha", "Beta", "Alpine"} << 100 << true << "";
        QTest::newRow("search at the provider") << "label"
                                                << "alp"
                                                << "k"
                                                << "up" << QStringList{"Alpha", "Alpine"} << 2 << false << "";
        QTest::newRow("search in the labels") << "tag"
                                              << "pin"
                                              << "k"
                                              << "up" << QStringList{"Alpine"} << 1 << false << "";
        QTest::newRow("search narrows below the cap")
            << "tag"
            << "bulk 11"
            << "k"
            << "up" << QStringList{"Bulk 11", "Bulk 110"} << 11 << false << "";
        QTest::newRow("nothing matches") << "label"
                                         << "zz"
                                         << "k"
                                         << "up" << QStringList() << 0 << false << "";
        QTest::newRow("declared enum") << "colour"
                                       << ""
                                       << ""
                                       << "up" << QStringList{"red", "green", "blue"} << 3 << false << "";
        QTest::newRow("declared enum searched") << "colour"
                                                << "RE"
                                                << ""
                                                << "up" << QStringList{"red", "green"} << 2 << false << "";
        QTest::newRow("no key") << "label"
                                << ""
                                << ""
                                << "up" << QStringList() << 0 << false
                                << "labels.list failed (configuration_error): api_key: no Labels API key";
        QTest::newRow("provider down") << "label"
                                       << ""
                                       << "k"
                                       << "down" << QStringList() << 0 << false
                                       << "labels.list failed (network_failed): Labels could not be reached";
        QTest::newRow("plain text field") << "note"
                                          << ""
                                          << "k"
                                          << "up" << QStringList() << 0 << false << "\"note\" takes free text";
        QTest::newRow("unknown field") << "ghost"
                                       << ""
                                       << "k"
                                       << "up" << QStringList() << 0 << false
                                       << "\"ghost\" is not a field of labels.pick";
    }
    void load()
    {
        QFETCH(QString, field);
        QFETCH(QString, search);
        QFETCH(QString, key);
        QFETCH(QString, state);
        QFETCH(QStringList, firstLabels);
        QFETCH(int, count);
        QFETCH(bool, truncated);
        QFETCH(QString, reason);
        Runtime runtime;
        runtime.setPluginPaths({QStringLiteral(OPTIONS_TEST_PLUGIN_DIR)});
        runtime.setDeclarationPaths({});
        QCOMPARE(runtime.discoverPlugins(), 1);
        Connection connection = runtime.connection(QStringLiteral("labels"));
        connection.setValue(QStringLiteral("api_key"), key);
        connection.setValue(QStringLiteral("state"), state);
        runtime.setConnection(connection);
        const ActionSpec pick = runtime.action(QStringLiteral("labels.pick"));
        QVERIFY2(!pick.hasError(), qPrintable(pick.errorString()));
        QFutureWatcher<OptionsLoader::Options> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(OptionsLoader::load(&runtime, pick, field, search));
        if (!watcher.isFinished())
            QVERIFY(finished.wait(10000));
        const OptionsLoader::Options options = watcher.result();
        QCOMPARE(options.freeText, !reason.isEmpty());
        QCOMPARE(options.reason, reason);
        QCOMPARE(options.options.size(), count);
        QCOMPARE(labels(options.options).mid(0, firstLabels.size()), firstLabels);
        QCOMPARE(options.truncated, truncated);
        // An item without a value is never offered; every value is the item's id.
        QVERIFY(!labels(options.options).contains(QStringLiteral("Without an id")));
        if (field == QLatin1String("label") && count > 0)
            QCOMPARE(options.options.first().toObject().value(QStringLiteral("value")).toString(),
                     QStringLiteral("l1"));
    }

    void command_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("state");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stdoutHas");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("search") << QStringList{"options", "labels.pick", "label", "--search", "be"} << "up" << 0
                                << "\"value\": \"l2\""
                                << "";
        QTest::newRow("down: free text") << QStringList{"options", "labels.pick", "label"} << "down" << 0
                                         << "\"freeText\": true"
                                         << "free text: labels.list failed (network_failed)";
        QTest::newRow("unknown field") << QStringList{"options", "labels.pick", "ghost"} << "up" << 1 << "\"not_found\""
                                       << "\"ghost\" is not a field of labels.pick";
        QTest::newRow("no field") << QStringList{"options", "labels.pick"} << "up" << 2 << ""
                                  << "name an action and one of its fields";
    }
    void command()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, state);
        QFETCH(int, exitCode);
        QFETCH(QString, stdoutHas);
        QFETCH(QString, stderrHas);
        QProcessEnvironment settings;
        settings.insert(QStringLiteral("LABELS_API_KEY"), QStringLiteral("k"));
        settings.insert(QStringLiteral("LABELS_STATE"), state);
        const ProcessRun run = runActionnode(arguments + QStringList{"--plugin-path", OPTIONS_TEST_PLUGIN_DIR},
                                             actionnodeEnvironment(settings));
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.out).contains(stdoutHas), run.out.constData());
        QVERIFY2(QString::fromUtf8(run.err).contains(stderrHas), run.err.constData());
    }

    // Daily's room names come from daily.list_rooms, against the emulator's rooms.
    void dailyRooms_data()
    {
        QTest::addColumn<QStringList>("search");
        QTest::addColumn<bool>("reachable");
        QTest::addColumn<QStringList>("rooms");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("every room") << QStringList() << true << QStringList{"standup", "retro", "standup-late"} << "";
        QTest::newRow("searched") << QStringList{"--search", "STAND"} << true << QStringList{"standup", "standup-late"}
                                  << "";
        QTest::newRow("emulator down: free text")
            << QStringList() << false << QStringList()
            << "free text: daily.list_rooms failed (network_failed): Daily could not be reached";
    }
    void dailyRooms()
    {
        QFETCH(QStringList, search);
        QFETCH(bool, reachable);
        QFETCH(QStringList, rooms);
        QFETCH(QString, stderrHas);
        QString apiBase = m_emulator.dailyApiBase();
        if (!reachable) {
            QTcpServer closed; // a port nobody listens on once the server is gone
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            apiBase = QStringLiteral("http://127.0.0.1:%1/v1").arg(closed.serverPort());
        }
        const ProcessRun run = runActionnode(QStringList{QStringLiteral("options"),
                                                         QStringLiteral("daily.create_meeting_token"),
                                                         QStringLiteral("room_name")}
                                                 + search,
                                             dailyEnvironment(apiBase, QString::fromLatin1(apiKey)));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject answer = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(answer.value(QStringLiteral("freeText")).toBool(), !reachable);
        QStringList listed = labels(answer.value(QStringLiteral("options")).toArray());
        listed.sort();
        rooms.sort();
        QCOMPARE(listed, rooms);
        QVERIFY2(QString::fromUtf8(run.err).contains(stderrHas), run.err.constData());
        QVERIFY(!run.out.contains(apiKey) && !run.err.contains(apiKey));
    }
};

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"
