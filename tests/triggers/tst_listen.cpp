// The command line side of triggers: list and describe show them, and
// "actionnode listen" prints the events the emulator delivers, one JSON line
// each, until SIGINT or until its standard output is closed.

#include "support/futureresult.h"
#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "dailywebhooks.h"
#include "emulatorserver.h"

#include <actionnode/runtime.h>
#include <actionnode/webhookverifier.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

Q_DECLARE_METATYPE(ActionNode::ActionResult::Status)

namespace {

const QByteArray secret = QByteArrayLiteral("bGlzdGVuLXRlc3Qtc2VjcmV0LTRlOWMwMWE3");
const QString knocking = QStringLiteral("daily.waiting_participant_joined");

QStringList licensed(const QStringList &arguments)
{
    return arguments + bundleLicenseArguments();
}

} // namespace

class TestListen : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run actionnode(const QStringList &arguments, const QProcessEnvironment &settings = {})
    {
        const ProcessRun run = runActionnode(arguments, actionnodeEnvironment(settings), {}, 20000);
        return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
    }
    static QProcessEnvironment withSecret()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("DAILY_WEBHOOK_HMAC"), QString::fromLatin1(secret));
        return environment;
    }
    //! Starts listen and returns its webhook URL once it is printed.
    static QString startListening(ServerProcess &listen, const QStringList &arguments, bool secretInEnvironment = true)
    {
        static const QRegularExpression url(QStringLiteral("at (http://\\S+)\n"));
        return listen
            .start(actionnodeExecutable(), licensed(QStringList{QStringLiteral("listen")} + arguments),
                   actionnodeEnvironment(secretInEnvironment ? withSecret() : QProcessEnvironment()), url,
                   QProcess::StandardError, 10000)
            .captured(1);
    }

private Q_SLOTS:
    void listShowsTriggers()
    {
        const Run run = actionnode({QStringLiteral("list")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QRegularExpression(
                     QStringLiteral("daily\\.waiting_participant_joined\\s+trigger\\s+Participant knocking"))),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QRegularExpression(QStringLiteral("daily\\.create_meeting_token\\s+action"))));
        const Run json = actionnode({QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
        int triggers = 0;
        for (const QJsonValue &node : QJsonDocument::fromJson(json.out.toUtf8()).array())
            triggers += node.toObject().value(QLatin1String("kind")).toString() == QLatin1String("trigger");
        QCOMPARE(triggers, 9); // seven webhook triggers and two polled ones
    }

    void describeTrigger()
    {
        const Run json = actionnode(
            {QStringLiteral("describe"), knocking, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject metadata = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(metadata.value(QLatin1String("kind")).toString(), QStringLiteral("trigger"));
        QCOMPARE(metadata.value(QLatin1String("locked")).toBool(), true); // no license given
        QCOMPARE(metadata.value(QLatin1String("eventTypes")).toArray().first().toString(),
                 QStringLiteral("waiting-participant.joined"));
        bool roomHasSample = false;
        for (const QJsonValue &output : metadata.value(QLatin1String("outputs")).toArray())
            roomHasSample |= output.toObject().value(QLatin1String("key")).toString() == QLatin1String("room")
                             && output.toObject().value(QLatin1String("sample")).toString() == QLatin1String("standup");
        QVERIFY(roomHasSample);
        const Run markdown = actionnode(licensed({QStringLiteral("describe"), knocking}));
        QCOMPARE(markdown.exitCode, 0);
        QVERIFY(markdown.out.contains(QStringLiteral("## Participant knocking (trigger)")));
        QVERIFY(markdown.out.contains(QStringLiteral("Unlocked by your Video, Audio & Live Bundle license")));
    }

    void listenRefuses_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("withLicense");
        QTest::addColumn<bool>("withSecret");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no trigger") << QStringList{} << true << true << 2 << "name a trigger";
        QTest::newRow("unknown trigger") << QStringList{"daily.nothing"} << true << true << 1 << "unknown trigger";
        QTest::newRow("no secret") << QStringList{knocking} << true << false << 1 << "DAILY_WEBHOOK_HMAC";
        QTest::newRow("no license") << QStringList{knocking} << false << true << 4 << "Video, Audio & Live Bundle";
        QTest::newRow("bad filter") << QStringList{knocking, "room=two words"} << true << true << 3 << "/room";
        QTest::newRow("unknown filter") << QStringList{knocking, "colour=red"} << true << true << 3 << "colour";
        QTest::newRow("not an assignment") << QStringList{knocking, "standup"} << true << true << 2 << "key=value";
        QTest::newRow("no replay window") << QStringList{knocking, "--replay-window", "0"} << true << true << 2
                                          << "--replay-window must be from 1 to 86400 seconds";
        QTest::newRow("replay window over a day") << QStringList{knocking, "--replay-window", "86401"} << true << true
                                                  << 2 << "--replay-window must be from 1 to 86400 seconds";
        QTest::newRow("missing hmac file") << QStringList{knocking, "--hmac-file", "/nonexistent/hmac"} << true << false
                                           << 1 << "/nonexistent/hmac: cannot be read";
    }
    void listenRefuses()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, withLicense);
        QFETCH(bool, withSecret);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        arguments.prepend(QStringLiteral("listen"));
        const Run run = actionnode(withLicense ? licensed(arguments) : arguments,
                                   withSecret ? TestListen::withSecret() : QProcessEnvironment());
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(!run.err.contains(QString::fromLatin1(secret)));
        QVERIFY(run.out.isEmpty());
    }

    void knockReachesListen()
    {
        EmulatorServer emulator;
        auto *daily = new DailyEmulator("listen-test-key", &emulator);
        QVERIFY(emulator.listen());
        ServerProcess listen;
        const QString url = startListening(listen, {knocking, QStringLiteral("room=standup")});
        QVERIFY2(!url.isEmpty(), qPrintable(listen.errorString()));

        // Registering the webhook (the declared action, run in this process) makes the
        // emulator check the endpoint, which listen answers.
        Runtime runtime;
        runtime.discoverPlugins();
        runtime.setLicense(bundleLicense());
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_base"), daily->apiBaseUrl());
        connection.setValue(QStringLiteral("api_key"), QStringLiteral("listen-test-key"));
        runtime.setConnection(connection);
        const auto invoke = [&](const QString &action, const QJsonObject &inputs) {
            return resultOf(runtime.invoke(action, inputs), 20000);
        };
        const ActionResult created = invoke(QStringLiteral("daily.create_webhook"),
                                            {{"url", url},
                                             {"hmac", QString::fromLatin1(secret)},
                                             {"event_types", QJsonArray{"waiting-participant.joined"}}});
        QVERIFY2(created.isSuccess(),
                 qPrintable(created.errors.isEmpty() ? QString() : created.errors.first().toString()));
        QCOMPARE(created.outputs.value(QLatin1String("state")).toString(), QStringLiteral("ACTIVE"));
        // Daily answers with the webhook's secret: a sensitive output, delivered intact.
        QCOMPARE(created.outputs.value(QLatin1String("hmac")).toString(), QString::fromLatin1(secret));
        // An endpoint that does not answer Daily's check is refused.
        const ActionResult refused = invoke(QStringLiteral("daily.create_webhook"),
                                            {{"url", "http://127.0.0.1:9/nothing"}});
        QCOMPARE(refused.status, ActionResult::Status::ProviderFailed);
        QVERIFY(!refused.errors.isEmpty());
        QVERIFY2(refused.errors.first().message.contains(QStringLiteral("did not answer the check with 200")),
                 qPrintable(refused.errors.first().toString()));

        QString error;
        QVERIFY(!daily->webhooks()
                     ->raise(QStringLiteral("waiting-participant.joined"),
                             {{"room", "boardroom"}, {"user_name", "Elsewhere"}}, &error)
                     .isEmpty());
        const QJsonObject knock = daily->webhooks()->raise(QStringLiteral("waiting-participant.joined"),
                                                           {{"room", "standup"}, {"user_name", "Grace"}}, &error);
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += listen.process().readAllStandardOutput()).contains('\n'), 10000);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1); // the boardroom knock was filtered out
        const QJsonObject event = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(event.value(QLatin1String("trigger")).toString(), knocking);
        QCOMPARE(event.value(QLatin1String("event_id")).toString(), knock.value(QLatin1String("id")).toString());
        const QJsonObject outputs = event.value(QLatin1String("outputs")).toObject();
        QCOMPARE(outputs.value(QLatin1String("room")).toString(), QStringLiteral("standup"));
        QCOMPARE(outputs.value(QLatin1String("user_name")).toString(), QStringLiteral("Grace"));
        QCOMPARE(outputs.value(QLatin1String("is_owner")).toBool(true), false);

        const QString uuid = created.outputs.value(QLatin1String("uuid")).toString();
        QVERIFY(invoke(QStringLiteral("daily.delete_webhook"), {{"uuid", uuid}}).isSuccess());
        QCOMPARE(invoke(QStringLiteral("daily.delete_webhook"), {{"uuid", uuid}}).status,
                 ActionResult::Status::ProviderFailed);

        ::kill(pid_t(listen.process().processId()), SIGINT);
        QVERIFY(listen.process().waitForFinished(5000));
        QCOMPARE(listen.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(listen.process().exitCode(), 0);
    }

    /*
        serve --http killed and started again on the same store: an event the
        emulator delivered before, and one it retried until the host was back,
        reach a stream that resumes with Last-Event-ID, each once.
    */
    void serveLosesNothingAcrossARestart()
    {
        EmulatorServer emulator;
        auto *daily = new DailyEmulator("restart-test-key", &emulator);
        daily->webhooks()->setRetryDelayMs(300);
        QVERIFY(emulator.listen());
        QTemporaryDir directory;
        const QString store = directory.filePath(QStringLiteral("store.sqlite"));
        const auto serve = [&](ServerProcess &process, const QString &endpoint) {
            static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)\n"));
            return QUrl(process
                            .start(actionnodeExecutable(),
                                   licensed({QStringLiteral("serve"), QStringLiteral("--http"), endpoint,
                                             QStringLiteral("--store"), store, QStringLiteral("--access-log"),
                                             QStringLiteral("off")}),
                                   actionnodeEnvironment(withSecret()), listening)
                            .captured(1));
        };
        ServerProcess first;
        const QUrl base = serve(first, QStringLiteral("127.0.0.1:0"));
        QVERIFY2(base.isValid() && base.port() > 0, qPrintable(first.errorString()));

        Runtime runtime;
        runtime.discoverPlugins();
        runtime.setLicense(bundleLicense());
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_base"), daily->apiBaseUrl());
        connection.setValue(QStringLiteral("api_key"), QStringLiteral("restart-test-key"));
        runtime.setConnection(connection);
        const ActionResult created =
            resultOf(runtime.invoke(QStringLiteral("daily.create_webhook"),
                                    {{"url", base.toString() + QStringLiteral("/v1/webhooks/daily")},
                                     {"hmac", QString::fromLatin1(secret)},
                                     {"event_types", QJsonArray{"waiting-participant.joined"}},
                                     {"retry_type", "exponential"}}),
                     20000);
        QVERIFY2(created.isSuccess(),
                 qPrintable(created.errors.isEmpty() ? QString() : created.errors.first().toString()));
        QHash<QString, int> delivered; // event id -> attempts answered 200
        connect(daily->webhooks(), &DailyWebhooks::deliveryAttempted, this,
                [&delivered](const QString &, const QString &eventId, int, int status) {
                    delivered[eventId] += status == 200;
                });

        QNetworkAccessManager network;
        const auto open = [&](const QUrl &host, const QByteArray &lastEventId, QByteArray *received) {
            QUrl events = host;
            events.setPath(QStringLiteral("/v1/triggers/%1/events").arg(knocking));
            QNetworkRequest request(events);
            if (!lastEventId.isEmpty())
                request.setRawHeader("Last-Event-ID", lastEventId);
            QNetworkReply *stream = network.get(request);
            connect(stream, &QNetworkReply::readyRead, this, [stream, received] { *received += stream->readAll(); });
            return stream;
        };
        const auto count = [](const QByteArray &received, const QString &eventId) {
            return int(received.count("data: {\"event_id\":\"" + eventId.toUtf8() + '"'));
        };
        QByteArray before;
        QNetworkReply *stream = open(base, {}, &before);
        QTRY_VERIFY_WITH_TIMEOUT(before.contains(": subscribed"), 10000);
        QString error;
        const QString firstId = daily->webhooks()
                                    ->raise(QStringLiteral("waiting-participant.joined"),
                                            {{"room", "standup"}, {"user_name", "Ada"}}, &error)
                                    .value(QLatin1String("id"))
                                    .toString();
        QTRY_COMPARE_WITH_TIMEOUT(count(before, firstId), 1, 10000);
        const qsizetype idAt = before.lastIndexOf("id: ") + 4;
        const QByteArray lastEventId = before.mid(idAt, before.indexOf('\n', idAt) - idAt);
        stream->abort();
        stream->deleteLater();

        ::kill(pid_t(first.process().processId()), SIGKILL);
        QVERIFY(first.process().waitForFinished(5000));
        const QString whileDown = daily->webhooks()
                                      ->raise(QStringLiteral("waiting-participant.joined"),
                                              {{"room", "standup"}, {"user_name", "Grace"}}, &error)
                                      .value(QLatin1String("id"))
                                      .toString();
        QVERIFY2(!whileDown.isEmpty(), qPrintable(error));
        ServerProcess second;
        const QUrl again = serve(second, QStringLiteral("127.0.0.1:%1").arg(base.port()));
        QVERIFY2(again.port() == base.port(), qPrintable(second.errorString()));
        // The emulator's retry reaches the new process.
        QTRY_COMPARE_WITH_TIMEOUT(delivered.value(whileDown), 1, 15000);

        QByteArray after;
        stream = open(again, lastEventId, &after);
        QTRY_COMPARE_WITH_TIMEOUT(count(after, whileDown), 1, 10000);
        const QString live = daily->webhooks()
                                 ->raise(QStringLiteral("waiting-participant.joined"),
                                         {{"room", "standup"}, {"user_name", "Linus"}}, &error)
                                 .value(QLatin1String("id"))
                                 .toString();
        QTRY_COMPARE_WITH_TIMEOUT(count(after, live), 1, 10000);
        QCOMPARE(count(after, firstId), 0);
        QCOMPARE(count(after, whileDown), 1);
        stream->abort();
        stream->deleteLater();
        QCOMPARE(second.terminate(), 0);
    }

    // listen is meant to be reachable from the internet: it serves webhooks and nothing else.
    void listenServesWebhooksOnly()
    {
        ServerProcess listen;
        const QString url = startListening(listen, {knocking});
        QVERIFY2(!url.isEmpty(), qPrintable(listen.errorString()));
        const QUrl webhook(url);
        QNetworkAccessManager network;
        for (const QString &trigger : {knocking, QStringLiteral("daily.participant_joined")}) {
            QUrl events = webhook;
            events.setPath(QStringLiteral("/v1/triggers/%1/events").arg(trigger));
            QCOMPARE(sendRequest(network, "GET", events, {}, {}, 5000).status, 404);
        }
        // A delivery through a tunnel names the tunnel's host: its signature is what counts.
        const QByteArray body = compactJson(QJsonObject{{"version", "1.0.0"},
                                                        {"type", "waiting-participant.joined"},
                                                        {"id", "tunnelled"},
                                                        {"payload", QJsonObject{{"room", "standup"}}},
                                                        {"event_ts", 1}});
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        QCOMPARE(sendRequest(network, "POST", webhook, body,
                             {{"Host", "hooks.example.com"},
                              {"X-Webhook-Timestamp", timestamp},
                              {"X-Webhook-Signature", WebhookVerifier::sign(secret, timestamp, body)}},
                             5000)
                     .status,
                 200);
        ::kill(pid_t(listen.process().processId()), SIGINT);
        QVERIFY(listen.process().waitForFinished(5000));
    }

    // A body over the limit is refused from its declared length, or its running chunk count, before it is read.
    void listenRefusesLargeBodiesAtOnce_data()
    {
        QTest::addColumn<QByteArray>("framing");
        QTest::newRow("declared length") << QByteArray("Content-Length: 314572800\r\n\r\n{\"id\":");
        QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked\r\n\r\n12c00000\r\n{\"id\":");
    }
    void listenRefusesLargeBodiesAtOnce()
    {
        QFETCH(QByteArray, framing);
        ServerProcess listen;
        const QString url = startListening(listen, {knocking});
        QVERIFY2(!url.isEmpty(), qPrintable(listen.errorString()));
        const QUrl webhook(url);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(webhook.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST " + webhook.path().toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing);
        QVERIFY(socket.waitForBytesWritten(5000));
        QByteArray answer;
        for (int i = 0; i < 50 && !answer.contains("\r\n\r\n"); ++i) {
            socket.waitForReadyRead(100);
            answer += socket.readAll();
        }
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.constData());
        QVERIFY(answer.contains("body_too_large"));
        ::kill(pid_t(listen.process().processId()), SIGINT);
        QVERIFY(listen.process().waitForFinished(5000));
    }

    // The MCP server's webhook port is an HttpHost as listen's: the same size limit, and the same head timeout option.
    void webhookPortHasTheHostLimits()
    {
        ServerProcess server;
        static const QRegularExpression port(QStringLiteral("127\\.0\\.0\\.1:(\\d+)/"));
        const QRegularExpressionMatch announced =
            server.start(actionnodeExecutable(),
                         {QStringLiteral("serve"), QStringLiteral("--stdio"), QStringLiteral("--webhook-port"),
                          QStringLiteral("0"), QStringLiteral("--header-timeout-ms"), QStringLiteral("300")},
                         actionnodeEnvironment(withSecret()), port, QProcess::StandardError, 10000);
        QVERIFY2(announced.hasMatch(), qPrintable(server.errorString()));
        const auto answerTo = [&announced](const QByteArray &request) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, quint16(announced.captured(1).toUInt()));
            socket.waitForConnected(5000);
            socket.write(request);
            socket.waitForBytesWritten(5000);
            QByteArray answer;
            for (int i = 0; i < 50 && !answer.contains("\r\n\r\n"); ++i) {
                socket.waitForReadyRead(100);
                answer += socket.readAll();
            }
            return answer;
        };
        const QByteArray large = answerTo("POST /v1/webhooks/daily HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Content-Length: 314572800\r\n\r\n{\"id\":");
        QVERIFY2(large.startsWith("HTTP/1.1 413 ") && large.contains("body_too_large"), large.constData());
        // A head that never ends is cut at the --header-timeout-ms given.
        const QByteArray slow = answerTo("POST /v1/webhooks/daily HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QVERIFY2(slow.startsWith("HTTP/1.1 408 ") && slow.contains("request_timeout"), slow.constData());
        server.process().closeWriteChannel();
        QVERIFY(server.process().waitForFinished(5000));
    }

    void listenRefusesBadLimits()
    {
        const Run run = actionnode(licensed({QStringLiteral("listen"), knocking, QStringLiteral("--header-timeout-ms"),
                                             QStringLiteral("0")}),
                                   withSecret());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("--header-timeout-ms must be from 1 to 3600000")),
                 qPrintable(run.err));
    }

    void mcpTriggerResources_data()
    {
        QTest::addColumn<bool>("withLicense");
        QTest::newRow("licensed") << true;
        QTest::newRow("no license") << false;
    }
    void mcpTriggerResources()
    {
        QFETCH(bool, withLicense);
        const QStringList arguments{QStringLiteral("serve"), QStringLiteral("--stdio"),
                                    QStringLiteral("--webhook-port"), QStringLiteral("0")};
        ServerProcess server;
        static const QRegularExpression port(QStringLiteral("127\\.0\\.0\\.1:(\\d+)/"));
        const QRegularExpressionMatch announced = server.start(actionnodeExecutable(),
                                                               withLicense ? licensed(arguments) : arguments,
                                                               actionnodeEnvironment(withSecret()), port,
                                                               QProcess::StandardError, 10000);
        QVERIFY2(announced.hasMatch(), qPrintable(server.errorString()));
        QProcess &serve = server.process();
        const QString webhookUrl = QStringLiteral("http://127.0.0.1:%1/v1/webhooks/daily").arg(announced.captured(1));
        {
            // The webhook port serves webhooks only: triggers are read through MCP.
            QNetworkAccessManager network;
            QCOMPARE(sendRequest(network, "GET",
                                 QUrl(QStringLiteral("http://127.0.0.1:%1/v1/triggers/%2/events")
                                          .arg(announced.captured(1), knocking)),
                                 {}, {}, 5000)
                         .status,
                     404);
        }
        QNetworkAccessManager network;
        const auto deliver = [&](const char *id) {
            const QByteArray body = compactJson(
                QJsonObject{{"version", "1.0.0"},
                            {"type", "waiting-participant.joined"},
                            {"id", id},
                            {"payload", QJsonObject{{"room", "standup"}, {"user_name", "Linus"}}},
                            {"event_ts", 1}});
            const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
            return sendRequest(network, "POST", QUrl(webhookUrl), body,
                               {{"X-Webhook-Timestamp", timestamp},
                                {"X-Webhook-Signature", WebhookVerifier::sign(secret, timestamp, body)}},
                               5000)
                .status;
        };
        QByteArray out;
        const auto request = [&](int id, const QString &method, const QJsonObject &params) {
            serve.write(compactJson(QJsonObject{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}})
                        + '\n');
            const QByteArray marker = "\"id\":" + QByteArray::number(id) + ',';
            for (int i = 0; i < 100 && !out.contains(marker); ++i) {
                serve.waitForReadyRead(100);
                out += serve.readAllStandardOutput();
            }
            for (const QByteArray &line : out.split('\n')) {
                if (line.contains(marker))
                    return QJsonDocument::fromJson(line).object();
            }
            return QJsonObject();
        };
        const QJsonObject initialized = request(1, QStringLiteral("initialize"), {{"protocolVersion", "2025-06-18"}});
        QVERIFY(initialized.value(QLatin1String("result"))
                    .toObject()
                    .value(QLatin1String("capabilities"))
                    .toObject()
                    .value(QLatin1String("resources"))
                    .toObject()
                    .value(QLatin1String("subscribe"))
                    .toBool());
        const QJsonArray resources = request(2, QStringLiteral("resources/list"), {})
                                         .value(QLatin1String("result"))
                                         .toObject()
                                         .value(QLatin1String("resources"))
                                         .toArray();
        QCOMPARE(resources.size(), 9); // one per trigger
        const QString uri = QStringLiteral("actionnode://triggers/") + knocking;
        const QJsonObject subscribed = request(3, QStringLiteral("resources/subscribe"), {{"uri", uri}});
        if (!withLicense) {
            QCOMPARE(subscribed.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(), -32602);
            QVERIFY(subscribed.value(QLatin1String("error"))
                        .toObject()
                        .value(QLatin1String("message"))
                        .toString()
                        .contains(QStringLiteral("Video, Audio & Live Bundle")));
        } else {
            QVERIFY(subscribed.contains(QLatin1String("result")));
            QCOMPARE(deliver("mcp-1"), 200);
            for (int i = 0; i < 100 && !out.contains("notifications/resources/updated"); ++i) {
                serve.waitForReadyRead(100);
                out += serve.readAllStandardOutput();
            }
            QVERIFY2(out.contains("\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\""
                                  + uri.toUtf8()),
                     out.constData());
        }
        // What resources/read answers for the trigger, with \a meta as the request's _meta.
        const auto readContents = [&](int id, const QJsonObject &meta) {
            const QJsonObject read = request(id, QStringLiteral("resources/read"), {{"uri", uri}, {"_meta", meta}});
            return QJsonDocument::fromJson(read.value(QLatin1String("result"))
                                               .toObject()
                                               .value(QLatin1String("contents"))
                                               .toArray()
                                               .first()
                                               .toObject()
                                               .value(QLatin1String("text"))
                                               .toString()
                                               .toUtf8())
                .object();
        };
        const QJsonObject contents = readContents(4, {});
        QCOMPARE(contents.value(QLatin1String("subscribed")).toBool(), withLicense);
        const QJsonArray events = contents.value(QLatin1String("events")).toArray();
        QCOMPARE(events.size(), withLicense ? 1 : 0);
        if (withLicense)
            QCOMPARE(events.first()
                         .toObject()
                         .value(QLatin1String("outputs"))
                         .toObject()
                         .value(QLatin1String("user_name"))
                         .toString(),
                     QStringLiteral("Linus"));
        if (withLicense) {
            // A caller of another account reads the host account's subscription as none; subscribed with
            // its own, it gets none of the events the host's webhook route receives.
            const QJsonObject meta{
                {"actionnode/connection", QJsonObject{{"daily", QJsonObject{{"api_key", "mcp-caller-key-4d1a"}}}}}};
            QCOMPARE(readContents(6, meta).value(QLatin1String("subscribed")).toBool(), false);
            QVERIFY(request(7, QStringLiteral("resources/subscribe"), {{"uri", uri}, {"_meta", meta}})
                        .contains(QLatin1String("result")));
            QCOMPARE(deliver("mcp-2"), 200);
            const QJsonObject ofCaller = readContents(8, meta);
            QCOMPARE(ofCaller.value(QLatin1String("subscribed")).toBool(), true);
            QCOMPARE(ofCaller.value(QLatin1String("events")).toArray().size(), 0);
        }
        QCOMPARE(request(5, QStringLiteral("resources/read"), {{"uri", "actionnode://triggers/daily.nothing"}})
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("code"))
                     .toInt(),
                 -32002);
        serve.closeWriteChannel();
        QVERIFY(serve.waitForFinished(5000));
        QCOMPARE(serve.exitCode(), 0);
    }

    // The secret can come from --hmac-file alone, and --replay-window bounds the timestamps accepted.
    void listenTakesWebhookOptions()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        QFile hmacFile(directory.filePath(QStringLiteral("hmac")));
        QVERIFY(hmacFile.open(QIODevice::WriteOnly));
        hmacFile.write(secret + "\n");
        hmacFile.close();
        ServerProcess listen;
        const QString url = startListening(listen,
                                           {knocking, QStringLiteral("--hmac-file"), hmacFile.fileName(),
                                            QStringLiteral("--replay-window"), QStringLiteral("60")},
                                           false);
        QVERIFY2(!url.isEmpty(), qPrintable(listen.errorString()));

        QNetworkAccessManager network;
        const auto deliver = [&](const QString &id, qint64 ageSeconds) {
            const QByteArray body = compactJson(QJsonObject{{"version", "1.0.0"},
                                                            {"type", "waiting-participant.joined"},
                                                            {"id", id},
                                                            {"payload", QJsonObject{{"room", "standup"}}},
                                                            {"event_ts", 1}});
            const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch() - ageSeconds);
            return sendRequest(network, "POST", QUrl(url), body,
                               {{"X-Webhook-Timestamp", timestamp},
                                {"X-Webhook-Signature", WebhookVerifier::sign(secret, timestamp, body)}},
                               5000)
                .status;
        };
        QCOMPARE(deliver(QStringLiteral("too-old"), 120), 401);
        QCOMPARE(deliver(QStringLiteral("fresh"), 0), 200);
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += listen.process().readAllStandardOutput()).contains('\n'), 10000);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value(QLatin1String("event_id")).toString(),
                 QStringLiteral("fresh"));
        ::kill(pid_t(listen.process().processId()), SIGINT);
        QVERIFY(listen.process().waitForFinished(5000));
        QCOMPARE(listen.process().exitCode(), 0);
    }

    // listen --since prints the logged events after that log id before the live ones, each once.
    void listenResumesSince()
    {
        QTemporaryDir directory;
        const QString store = directory.filePath(QStringLiteral("store.sqlite"));
        QNetworkAccessManager network;
        const auto deliver = [&](const QString &url, const QString &id) {
            const QByteArray body = compactJson(QJsonObject{{"version", "1.0.0"},
                                                            {"type", "waiting-participant.joined"},
                                                            {"id", id},
                                                            {"payload", QJsonObject{{"room", "standup"}}},
                                                            {"event_ts", 1}});
            const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
            return sendRequest(network, "POST", QUrl(url), body,
                               {{"X-Webhook-Timestamp", timestamp},
                                {"X-Webhook-Signature", WebhookVerifier::sign(secret, timestamp, body)}},
                               5000)
                .status;
        };
        const auto readLines = [](ServerProcess &listen, int count) {
            QByteArray out;
            const bool enough = QTest::qWaitFor(
                [&] {
                    out += listen.process().readAllStandardOutput();
                    return out.count('\n') >= count;
                },
                10000);
            QList<QJsonObject> events;
            if (!enough)
                return events;
            for (const QByteArray &line : out.trimmed().split('\n'))
                events.append(QJsonDocument::fromJson(line).object());
            return events;
        };
        qint64 firstLogId = 0;
        {
            ServerProcess listen;
            const QString url = startListening(listen, {knocking, QStringLiteral("--store"), store});
            QVERIFY2(!url.isEmpty(), qPrintable(listen.errorString()));
            QCOMPARE(deliver(url, QStringLiteral("since-1")), 200);
            QCOMPARE(deliver(url, QStringLiteral("since-2")), 200);
            const QList<QJsonObject> events = readLines(listen, 2);
            QCOMPARE(events.size(), 2);
            firstLogId = events.first().value(QLatin1String("log_id")).toInteger();
            QVERIFY(firstLogId > 0);
            ::kill(pid_t(listen.process().processId()), SIGINT);
            QVERIFY(listen.process().waitForFinished(5000));
        }
        ServerProcess listen;
        const QString url = startListening(listen, {knocking, QStringLiteral("--store"), store,
                                                    QStringLiteral("--since"), QString::number(firstLogId)});
        QVERIFY2(!url.isEmpty(), qPrintable(listen.errorString()));
        QCOMPARE(deliver(url, QStringLiteral("since-2")), 200); // a retry: known already
        QCOMPARE(deliver(url, QStringLiteral("since-3")), 200);
        const QList<QJsonObject> events = readLines(listen, 2);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).value(QLatin1String("event_id")).toString(), QStringLiteral("since-2"));
        QCOMPARE(events.at(1).value(QLatin1String("event_id")).toString(), QStringLiteral("since-3"));
        ::kill(pid_t(listen.process().processId()), SIGINT);
        QVERIFY(listen.process().waitForFinished(5000));
        QCOMPARE(listen.process().readAllStandardOutput(), QByteArray());
        const Run refused = actionnode(licensed({QStringLiteral("listen"), knocking, QStringLiteral("--since"),
                                                 QStringLiteral("-1")}),
                                       withSecret());
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("--since a log id")), qPrintable(refused.err));
    }

    void listenEndsWhenStdoutCloses()
    {
        // The reader of listen's standard output goes away after a second; listen must follow.
        QElapsedTimer timer;
        timer.start();
        const ProcessRun shell = runProcess(
            QStringLiteral("bash"),
            QStringList{QStringLiteral("-c"), QStringLiteral("\"$0\" \"$@\" | { sleep 1; }; exit ${PIPESTATUS[0]}"),
                        actionnodeExecutable()}
                + licensed({QStringLiteral("listen"), knocking}),
            actionnodeEnvironment(withSecret()), {}, 10000);
        QCOMPARE(shell.exitCode, 0);
        QVERIFY2(shell.err.contains("receiving daily webhooks"), "listen did not start");
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestListen)
#include "tst_listen.moc"
