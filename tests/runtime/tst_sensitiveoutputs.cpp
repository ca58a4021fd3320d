// Sensitive outputs (the token, the join URL that carries it) reach the host
// intact and appear in no log line, even with every debug category on.

#include "support/processrun.h"
#include "support/serverprocess.h"

#include <actionnode/sdk/jwt.h>
#include <actionnode/runtime.h>

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray apiKey = "tst-sensitive-key-4f9a2c71e0";
const QString domainId = QStringLiteral("0c6d2e8f-1a3b-4c5d-9e7f-2b4a6c8e0d1f");

QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    capturedMessages.append(QString::fromLatin1(context.category) + QLatin1Char(' ') + message);
}

// Every JSON Web Token in \a text.
QStringList tokensIn(const QString &text)
{
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
    QStringList tokens;
    for (auto it = jwt.globalMatch(text); it.hasNext();)
        tokens.append(it.next().captured(0));
    return tokens;
}

} // namespace

class TestSensitiveOutputs : public QObject
{
    Q_OBJECT

private:
    EmulatorProcess m_emulator;

    QProcessEnvironment environment(const QString &mode) const
    {
        QProcessEnvironment environment = dailyEnvironment(m_emulator.dailyApiBase(), QString::fromLatin1(apiKey));
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        environment.insert(QStringLiteral("DAILY_DOMAIN"), QStringLiteral("tst-domain"));
        environment.insert(QStringLiteral("DAILY_DOMAIN_ID"), domainId);
        environment.insert(QStringLiteral("DAILY_TOKEN_MODE"), mode);
        return environment;
    }

private slots:
    void initTestCase() { QVERIFY2(m_emulator.start(apiKey), qPrintable(m_emulator.errorString())); }

    // Through the C++ API, with a message handler that sees every log line.
    void cppApi_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("rest") << "rest";
        QTest::newRow("self-signed") << "self-signed";
    }
    void cppApi()
    {
        QFETCH(QString, mode);
        capturedMessages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
        ActionResult result;
        {
            Runtime runtime;
            runtime.discoverPlugins();
            Connection connection = runtime.connection(QStringLiteral("daily"));
            const QProcessEnvironment settings = environment(mode);
            connection.readEnvironment(settings);
            runtime.setConnection(connection);
            QFutureWatcher<ActionResult> watcher;
            QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
            watcher.setFuture(runtime.invoke(QStringLiteral("daily.create_meeting_token"),
                                             {{"room_name", "standup"}, {"exp", 4102444800LL}}));
            if (!watcher.isFinished())
                QVERIFY(finished.wait(20000));
            result = watcher.result();
        }
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY2(result.isSuccess(), qPrintable(result.errors.value(0).toString()));
        const QString token = result.outputs.value(QStringLiteral("token")).toString();
        const QString joinUrl = result.outputs.value(QStringLiteral("join_url")).toString();
        // Delivered intact: a whole token the host can use.
        QCOMPARE(tokensIn(token), QStringList{token});
        QVERIFY(joinUrl.endsWith(QStringLiteral("?t=") + token));
        if (mode == QLatin1String("self-signed")) {
            QString error;
            QVERIFY2(Jwt::verify(token.toLatin1(), apiKey, &error), qPrintable(error));
        }
        QVERIFY2(!capturedMessages.isEmpty(), "debug logging was not on");
        for (const QString &message : std::as_const(capturedMessages)) {
            QVERIFY2(!message.contains(token), qPrintable(message));
            QVERIFY2(!message.contains(QString::fromLatin1(apiKey)), qPrintable(message));
        }
    }

    // Through every command that returns tokens, at full debug on standard error.
    void commandLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("tokens");
        const QString action = QStringLiteral("daily.create_meeting_token");
        QTest::newRow("run rest") << QStringList{"run", action, "room_name=standup", "exp=4102444800"} << "rest"
                                  << QByteArray() << 1;
        QTest::newRow("run self-signed") << QStringList{"run", action, "room_name=standup", "exp=4102444800"}
                                         << "self-signed" << QByteArray() << 1;
        QTest::newRow("batch rest")
            << QStringList{"batch", action, "--input", "-"} << "rest"
            << QByteArray("{\"room_name\":\"a\",\"exp\":4102444800}\n{\"room_name\":\"b\",\"exp\":4102444800}\n"
                          "{\"room_name\":\"c\",\"exp\":4102444800}\n")
            << 3;
        QTest::newRow("mcp rest")
            << QStringList{"serve", "--stdio"} << "rest"
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                          "\"2025-06-18\"}}\n"
                          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                          "\"daily_create_meeting_token\",\"arguments\":{\"room_name\":\"m\",\"exp\":4102444800}}}\n")
            << 1;
    }
    void commandLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mode);
        QFETCH(QByteArray, input);
        QFETCH(int, tokens);
        const ProcessRun run = runActionnode(arguments, environment(mode), input);
        const QString out = QString::fromUtf8(run.out);
        const QString err = QString::fromUtf8(run.err);
        QCOMPARE(run.exitCode, 0);
        QStringList delivered = tokensIn(out);
        delivered.removeDuplicates(); // a join URL repeats its token; MCP repeats outputs as text
        QVERIFY2(delivered.size() >= tokens, qPrintable(out));
        QVERIFY2(err.contains(QLatin1String("debug")) || err.contains(QLatin1String("actionnode.")),
                 qPrintable(QStringLiteral("no debug output on standard error: ") + err));
        for (const QString &token : std::as_const(delivered))
            QVERIFY2(!err.contains(token), qPrintable(err));
        QVERIFY(tokensIn(err).isEmpty());
        QVERIFY(!err.contains(QString::fromLatin1(apiKey)));
    }
};

QTEST_GUILESS_MAIN(TestSensitiveOutputs)
#include "tst_sensitiveoutputs.moc"
