#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/sdk/jwt.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray ProviderKey = "serve-provider-key-2d9e";

/*
    'actionnode serve --http' in a process of its own, self-signing Daily's
    tokens, with the address it printed on its first line.
*/
class ServeProcess : public ServerProcess
{
public:
    explicit ServeProcess(const QStringList &arguments, const QHash<QString, QString> &environment = {})
    {
        QProcessEnvironment settings;
        settings.insert(QStringLiteral("DAILY_API_KEY"), QString::fromLatin1(ProviderKey));
        settings.insert(QStringLiteral("DAILY_TOKEN_MODE"), QStringLiteral("self-signed"));
        settings.insert(QStringLiteral("DAILY_DOMAIN_ID"), QStringLiteral("serve-domain"));
        for (auto it = environment.cbegin(); it != environment.cend(); ++it)
            settings.insert(it.key(), it.value());
        static const QRegularExpression listening(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:([0-9]+))\n"));
        const QRegularExpressionMatch match = start(actionnodeExecutable(), QStringList{"serve"} + arguments,
                                                    actionnodeEnvironment(settings), listening);
        if (match.hasMatch() && match.captured(2).toInt() > 0)
            url = QUrl(match.captured(1));
    }

    QUrl url;
};

HttpAnswer request(QNetworkAccessManager &network, const QUrl &url, const QByteArray &body = {})
{
    return sendRequest(network, body.isNull() ? "GET" : "POST", url, body);
}

} // namespace

class TestHttpServe : public QObject
{
    Q_OBJECT

private slots:
    void listeningLine()
    {
        ServeProcess serve({"--http", "127.0.0.1:0"});
        QVERIFY2(serve.url.isValid(), qPrintable(serve.errorString()));
        QNetworkAccessManager network;
        QCOMPARE(request(network, serve.url.resolved(QUrl("/healthz"))).status, 200);
        QCOMPARE(serve.terminate(), 0);
    }

    void webhookRoute()
    {
        // Without a secret deliveries are refused as unconfigured; with one, an unsigned delivery as forged.
        QNetworkAccessManager network;
        const QByteArray delivery = R"({"type":"waiting-participant.joined","id":"w1"})";
        ServeProcess unconfigured({"--http", "127.0.0.1:0"}, {{"DAILY_WEBHOOK_HMAC", QString()}});
        QVERIFY2(unconfigured.url.isValid(), qPrintable(unconfigured.errorString()));
        QCOMPARE(request(network, unconfigured.url.resolved(QUrl("/v1/webhooks/daily")), delivery).status, 503);
        ServeProcess serve({"--http", "127.0.0.1:0"},
                           {{"DAILY_WEBHOOK_HMAC", "c2VjcmV0LWZvci1zZXJ2ZS10ZXN0cy0xMjM0NTY="}});
        QVERIFY2(serve.url.isValid(), qPrintable(serve.errorString()));
        QCOMPARE(request(network, serve.url.resolved(QUrl("/v1/webhooks/daily")), delivery).status, 401);
        QCOMPARE(serve.terminate(), 0);
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no port") << QStringList{"--http", "127.0.0.1"} << 2 << "--http needs ADDRESS:PORT";
        QTest::newRow("port too large") << QStringList{"--http", "127.0.0.1:70000"} << 2 << "--http needs ADDRESS:PORT";
        QTest::newRow("host name") << QStringList{"--http", "example.invalid:80"} << 2 << "numeric address";
        QTest::newRow("no concurrency") << QStringList{"--http", "127.0.0.1:0", "--max-concurrent", "0"} << 2
                                        << "--max-concurrent";
        QTest::newRow("tiny body limit") << QStringList{"--http", "127.0.0.1:0", "--max-body-bytes", "10"} << 2
                                         << "--max-body-bytes";
        QTest::newRow("open without keys") << QStringList{"--http", "0.0.0.0:0"} << 1 << "needs API keys";
        QTest::newRow("missing keys file")
            << QStringList{"--http", "127.0.0.1:0", "--api-keys", "/nonexistent/keys"} << 1 << "cannot be read";
        QTest::newRow("no replay window")
            << QStringList{"--http", "127.0.0.1:0", "--replay-window", "0"} << 2 << "--replay-window";
        QTest::newRow("missing hmac file")
            << QStringList{"--http", "127.0.0.1:0", "--hmac-file", "/nonexistent/hmac"} << 1 << "cannot be read";
        QTest::newRow("certificate without key")
            << QStringList{"--http", "127.0.0.1:0", "--tls-cert", "/nonexistent/cert.pem"} << 1
            << "both a certificate and a private key";
    }

    void badOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const ProcessRun run = runActionnode(QStringList{"serve"} + arguments, actionnodeEnvironment(), {}, 15000);
        QCOMPARE(run.exitCode, exitCode);
        const QString error = QString::fromUtf8(run.err);
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(run.out.isEmpty());
    }

    void sigtermFinishesCallsInFlight()
    {
        EmulatorServer emulator;
        auto *daily = new DailyEmulator(ProviderKey, &emulator);
        QVERIFY(emulator.listen(0));
        Fault slow;
        slow.delayMs = 1500;
        QVERIFY(emulator.faultPlan().schedule(slow));
        ServeProcess serve({"--http", "127.0.0.1:0", "--grace-ms", "8000"},
                           {{"DAILY_TOKEN_MODE", "rest"}, {"DAILY_API_BASE", daily->apiBaseUrl()}});
        QVERIFY2(serve.url.isValid(), qPrintable(serve.errorString()));
        QNetworkAccessManager network;
        QNetworkRequest invoke(serve.url.resolved(QUrl("/v1/actions/daily.create_meeting_token/invoke")));
        invoke.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *inFlight = network.post(invoke, R"({"room_name":"draining","exp":1893456000})");
        QVERIFY(QTest::qWaitFor([&] { return emulator.requestCount() == 1; }, 10000));
        serve.process().terminate();
        // No new connection is accepted once the signal is handled...
        QVERIFY(QTest::qWaitFor(
            [&] {
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, quint16(serve.url.port()));
                return !probe.waitForConnected(200);
            },
            5000));
        // ...and the call in flight still gets its token.
        QVERIFY(QTest::qWaitFor([&] { return inFlight->isFinished(); }, 10000));
        QCOMPARE(inFlight->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(QJsonDocument::fromJson(inFlight->readAll()).object().value("outputs").toObject().contains("token"));
        QVERIFY(QTest::qWaitFor([&] { return serve.process().state() == QProcess::NotRunning; }, 10000));
        QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.process().exitCode(), 0);
        const QByteArray log = serve.process().readAllStandardError();
        QVERIFY2(log.contains("\"status\":200") && !log.contains(ProviderKey), log.constData());
        inFlight->deleteLater();
    }

    void twoInstancesServeTheSameResults()
    {
        // Stateless replicas: any of them answers any request the same way.
        ServeProcess first({"--http", "127.0.0.1:0"});
        ServeProcess second({"--http", "127.0.0.1:0"});
        QVERIFY2(first.url.isValid() && second.url.isValid(), qPrintable(first.errorString() + second.errorString()));
        QVERIFY(first.url.port() != second.url.port());
        QNetworkAccessManager network;
        for (const char *path : {"/v1/actions", "/v1/actions/daily.create_meeting_token", "/openapi.json", "/readyz"}) {
            const HttpAnswer one = request(network, first.url.resolved(QUrl(path)));
            const HttpAnswer two = request(network, second.url.resolved(QUrl(path)));
            QCOMPARE(one.status, 200);
            QCOMPARE(two.status, 200);
            QCOMPARE(one.body, two.body);
        }
        const QByteArray inputs = R"({"room_name":"replicas","user_name":"Ann","nbf":1700000000,"exp":1893456000})";
        const QString path = QStringLiteral("/v1/actions/daily.create_meeting_token/invoke");
        const HttpAnswer one = request(network, first.url.resolved(QUrl(path)), inputs);
        const HttpAnswer two = request(network, second.url.resolved(QUrl(path)), inputs);
        QCOMPARE(one.status, 200);
        QCOMPARE(two.status, 200);
        const QByteArray tokenOne =
            QJsonDocument::fromJson(one.body).object().value("outputs").toObject().value("token").toString().toLatin1();
        const QByteArray tokenTwo =
            QJsonDocument::fromJson(two.body).object().value("outputs").toObject().value("token").toString().toLatin1();
        QVERIFY(Jwt::verify(tokenOne, ProviderKey));
        QVERIFY(Jwt::verify(tokenTwo, ProviderKey));
        // The same claims, but for the issue time.
        QJsonObject claimsOne = Jwt::decode(tokenOne).claims;
        QJsonObject claimsTwo = Jwt::decode(tokenTwo).claims;
        claimsOne.remove("iat");
        claimsTwo.remove("iat");
        QCOMPARE(claimsOne, claimsTwo);
        QCOMPARE(claimsOne.value("r").toString(), QStringLiteral("replicas"));
        const HttpAnswer invalidOne = request(network, first.url.resolved(QUrl(path)), R"({"exp":"x"})");
        const HttpAnswer invalidTwo = request(network, second.url.resolved(QUrl(path)), R"({"exp":"x"})");
        QCOMPARE(invalidOne.status, 422);
        QCOMPARE(invalidOne.body, invalidTwo.body);
        QCOMPARE(first.terminate(), 0);
        QCOMPARE(second.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpServe)
#include "tst_httpserve.moc"
