// The declared connection test ("test connection" button): Daily's GET /
// against the emulator, answered ok with the domain, 401, or not at all.

#include "support/processrun.h"
#include "support/serverprocess.h"

#include "dailyemulator.h"
#include "emulatorserver.h"
#include "fault.h"

#include <actionnode/connectiontest.h>
#include <actionnode/runtime.h>

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

Q_DECLARE_METATYPE(ActionNode::ConnectionTest::Result::Status)

namespace {
const QByteArray apiKey = "tst-connection-key-91d2e7b3a5";
const QString domainName = QStringLiteral("tst-connection");
const QString domainId = QStringLiteral("7e3c1a9b-5d2f-4b8e-a6c0-3f1d9e7b5a2c");
} // namespace

class TestConnectionTest : public QObject
{
    Q_OBJECT

private:
    EmulatorServer m_server;
    DailyEmulator *m_daily = nullptr;
    Runtime m_runtime;
    QJsonObject m_manifest;
    quint16 m_closedPort = 0;
    EmulatorProcess m_emulator;

    static ProcessRun actionnode(const QStringList &arguments, const QString &key, const QString &apiBase)
    {
        return runActionnode(arguments, dailyEnvironment(apiBase, key));
    }

private slots:
    void initTestCase()
    {
        m_daily = new DailyEmulator(apiKey, &m_server);
        m_daily->setDomainName(domainName);
        m_daily->setDomainId(domainId);
        QVERIFY2(m_server.listen(0), qPrintable(m_server.errorString()));
        QVERIFY(m_runtime.discoverPlugins() > 0);
        for (const PluginSpec &plugin : m_runtime.plugins()) {
            if (!plugin.hasError() && plugin.id() == QLatin1String("daily"))
                m_manifest = plugin.manifest();
        }
        QVERIFY(m_manifest.contains(QStringLiteral("connectionTest")));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        m_closedPort = closed.serverPort();
        closed.close();

        QVERIFY2(m_emulator.start(apiKey,
                                  {QStringLiteral("--domain"), domainName, QStringLiteral("--domain-id"), domainId}),
                 qPrintable(m_emulator.errorString()));
    }

    void cppApi_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("apiBase"); // "emulator", "closed" or a URL
        QTest::addColumn<QJsonObject>("fault");
        QTest::addColumn<ConnectionTest::Result::Status>("status");
        QTest::addColumn<QString>("message");
        using Status = ConnectionTest::Result::Status;
        QTest::newRow("ok") << QString::fromLatin1(apiKey) << "emulator" << QJsonObject() << Status::Ok
                            << "Daily accepted the key";
        QTest::newRow("401") << "tst-not-the-key"
                             << "emulator" << QJsonObject() << Status::InvalidCredentials
                             << "Daily answered HTTP 401 (authentication-error): API key is not valid";
        QTest::newRow("unreachable") << QString::fromLatin1(apiKey) << "closed" << QJsonObject() << Status::Unreachable
                                     << "Daily could not be reached after 1 attempt(s)";
        QTest::newRow("server error") << QString::fromLatin1(apiKey) << "emulator"
                                      << QJsonObject{{"status", 500}, {"count", 1}} << Status::ProviderError
                                      << "Daily answered HTTP 500";
        QTest::newRow("no key") << QString() << "emulator" << QJsonObject() << Status::NotConfigured
                                << "api_key: not set: it is required; set DAILY_API_KEY or the connection's api_key";
        QTest::newRow("key with a line break")
            << QString::fromLatin1(apiKey) + QStringLiteral("\r\nX-Injected: 1") << "emulator" << QJsonObject()
            << Status::NotConfigured << "api_key: holds a control character such as a line break (value not shown)";
        QTest::newRow("base URL not http")
            << QString::fromLatin1(apiKey) << "ftp://127.0.0.1/v1" << QJsonObject() << Status::NotConfigured
            << "api_base: \"ftp://127.0.0.1/v1\" is not an http(s) URL";
    }
    void cppApi()
    {
        QFETCH(QString, key);
        QFETCH(QString, apiBase);
        QFETCH(QJsonObject, fault);
        QFETCH(ConnectionTest::Result::Status, status);
        QFETCH(QString, message);
        m_server.reset();
        if (!fault.isEmpty()) {
            QString error;
            const std::optional<Fault> parsed = Fault::fromJson(fault, &error);
            QVERIFY2(parsed && m_server.faultPlan().schedule(*parsed, &error), qPrintable(error));
        }
        Connection connection(QStringLiteral("daily"), m_manifest.value(QStringLiteral("connection")).toArray());
        if (!key.isEmpty())
            connection.setValue(QStringLiteral("api_key"), key);
        connection.setValue(QStringLiteral("api_base"), apiBase == QLatin1String("emulator") ? m_daily->apiBaseUrl()
                                                        : apiBase == QLatin1String("closed")
                                                            ? QStringLiteral("http://127.0.0.1:%1/v1").arg(m_closedPort)
                                                            : apiBase);
        connection.setValue(QStringLiteral("max_retries"), QStringLiteral("0"));
        QFutureWatcher<ConnectionTest::Result> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(ConnectionTest::run(m_manifest, connection));
        if (!watcher.isFinished())
            QVERIFY(finished.wait(20000));
        const ConnectionTest::Result result = watcher.result();
        QCOMPARE(result.status, status);
        QVERIFY2(result.message.startsWith(message), qPrintable(result.message));
        QVERIFY(!result.message.contains(QString::fromLatin1(apiKey)));
        if (status == ConnectionTest::Result::Status::Ok)
            QCOMPARE(result.discovered, (QJsonObject{{"domain", domainName}, {"domain_id", domainId}}));
        else
            QVERIFY(result.discovered.isEmpty());
    }

    // The command: report, exit code, and the discovered settings saved beside what the file held.
    void commandLine_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("reachable");
        QTest::addColumn<QByteArray>("fileBefore");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QJsonObject>("fileAfter");
        const QString key = QString::fromLatin1(apiKey);
        QTest::newRow("ok, new file") << key << true << QByteArray() << 0 << "ok"
                                      << QJsonObject{
                                             {"daily", QJsonObject{{"domain", domainName}, {"domain_id", domainId}}}};
        QTest::newRow("ok, file by provider")
            << key << true
            << QByteArray("{\"daily\": {\"token_mode\": \"self-signed\"}, \"signalwire\": {\"space\": \"x\"}}") << 0
            << "ok"
            << QJsonObject{{"daily", QJsonObject{{"token_mode", "self-signed"},
                                                 {"domain", domainName},
                                                 {"domain_id", domainId}}},
                           {"signalwire", QJsonObject{{"space", "x"}}}};
        QTest::newRow("ok, flat file") << key << true << QByteArray("{\"token_mode\": \"rest\", \"domain\": \"old\"}")
                                       << 0 << "ok"
                                       << QJsonObject{{"token_mode", "rest"},
                                                      {"domain", domainName},
                                                      {"domain_id", domainId}};
        // The file is read as any JSON the command takes: a raw control character makes it no JSON.
        QTest::newRow("ok, file with a control character: left unchanged")
            << key << true
            << QByteArray("{\"daily\": {\"domain\": \"a\x01"
                          "b\"}}")
            << 1 << "ok" << QJsonObject{{"daily", QJsonObject{{"domain", QStringLiteral("a\u0001b")}}}};
        QTest::newRow("401 saves nothing") << QStringLiteral("tst-wrong") << true << QByteArray("{\"daily\": {}}") << 5
                                           << "invalid_credentials" << QJsonObject{{"daily", QJsonObject()}};
        QTest::newRow("unreachable saves nothing")
            << key << false << QByteArray() << 6 << "unreachable" << QJsonObject();
    }
    void commandLine()
    {
        QFETCH(QString, key);
        QFETCH(bool, reachable);
        QFETCH(QByteArray, fileBefore);
        QFETCH(int, exitCode);
        QFETCH(QString, status);
        QFETCH(QJsonObject, fileAfter);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString fileName = directory.filePath(QStringLiteral("connection.json"));
        if (!fileBefore.isEmpty()) {
            QFile file(fileName);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(fileBefore);
        }
        const ProcessRun run = actionnode({"connection", "test", "daily", "--save", fileName}, key,
                                          reachable ? m_emulator.dailyApiBase()
                                                    : QStringLiteral("http://127.0.0.1:%1/v1").arg(m_closedPort));
        QCOMPARE(run.exitCode, exitCode);
        // Success prints the test's answer; a failure the error document, the test's status as its rule.
        const QJsonObject printed = QJsonDocument::fromJson(run.out).object();
        const QJsonArray errors = printed.value(QStringLiteral("errors")).toArray();
        QCOMPARE(errors.isEmpty() ? printed.value(QStringLiteral("status")).toString()
                                  : errors.at(0).toObject().value(QStringLiteral("rule")).toString(),
                 status);
        QVERIFY(!run.out.contains(apiKey) && !run.err.contains(apiKey));
        QFile file(fileName);
        if (fileAfter.isEmpty()) {
            QVERIFY(!file.exists());
            return;
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object(), fileAfter);
        if (fileBefore.isEmpty())
            QVERIFY(!(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
    }
};

QTEST_GUILESS_MAIN(TestConnectionTest)
#include "tst_connectiontest.moc"
