#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"
#include "support/storecontents.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/sdk/jwt.h>
#include <actionnode/webhookverifier.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
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

const QByteArray WebhookSecret = "c2VjcmV0LWZvci1zZXJ2ZS10ZXN0cy0xMjM0NTY="; // base64
const QString Knocking = QStringLiteral("daily.waiting_participant_joined");

//! Delivers \a event to the webhook route of the host at \a url, signed with WebhookSecret.
HttpAnswer deliverWebhook(QNetworkAccessManager &network, const QUrl &url, const QByteArray &event)
{
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    return sendRequest(network, "POST", url.resolved(QUrl("/v1/webhooks/daily")), event,
                       {{WebhookVerifier::timestampHeader(), timestamp},
                        {WebhookVerifier::signatureHeader(), WebhookVerifier::sign(WebhookSecret, timestamp, event)}});
}

// Two Daily accounts of the emulator: the first is the emulator's own.
const QByteArray SecondKey = "serve-second-account-key-81c4";
const QString SecondDomain = QStringLiteral("second");
const QString SecondDomainId = QStringLiteral("second-domain-id");

//! The X-ActionNode-Connection header of \a connections, keyed by provider id.
QByteArray connectionHeader(const QJsonObject &connections)
{
    return QJsonDocument(connections).toJson(QJsonDocument::Compact).toBase64();
}

QJsonObject dailyAccount(const QByteArray &key, const QString &domain, const QString &domainId)
{
    return {{"daily", QJsonObject{{"api_key", QString::fromLatin1(key)}, {"domain", domain}, {"domain_id", domainId}}}};
}

/*
    An emulator holding two Daily accounts, and 'actionnode serve --http
    --connections per-request' in front of it, whose environment holds a
    key the calls must never use.
*/
struct SharedHost
{
    explicit SharedHost(const QHash<QString, QString> &environment = {}, const QStringList &arguments = {})
    {
        daily = new DailyEmulator(ProviderKey, &emulator);
        QString error;
        if (!daily->addAccount(SecondKey, SecondDomain, SecondDomainId, &error) || !emulator.listen(0))
            qFatal("the emulator did not start: %s", qPrintable(error + emulator.errorString()));
        QHash<QString, QString> settings{{"DAILY_TOKEN_MODE", "rest"}, {"DAILY_API_BASE", daily->apiBaseUrl()}};
        settings.insert(environment);
        serve = std::make_unique<ServeProcess>(QStringList{"--http", "127.0.0.1:0", "--connections", "per-request"}
                                                   + arguments,
                                               settings);
    }

    //! \a method of the host's \a path with \a header as the caller's connection (none when null).
    HttpAnswer call(const char *method, const QString &path, const QByteArray &body, const QByteArray &header)
    {
        HttpHeaders headers{{"Content-Type", "application/json"}};
        if (!header.isNull())
            headers.append({"X-ActionNode-Connection", header});
        return sendRequest(network, method, serve->url.resolved(QUrl(path)), body, headers);
    }

    HttpAnswer invoke(const QString &action, const QByteArray &inputs, const QByteArray &header)
    {
        return call("POST", "/v1/actions/" + action + "/invoke", inputs, header);
    }

    //! Starts an invocation without waiting for its answer.
    QNetworkReply *post(const QString &action, const QByteArray &inputs, const QByteArray &header)
    {
        QNetworkRequest invoke(serve->url.resolved(QUrl("/v1/actions/" + action + "/invoke")));
        invoke.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        invoke.setRawHeader("X-ActionNode-Connection", header);
        return network.post(invoke, inputs);
    }

    //! The emulator's account listing: each account's rooms and requests, and the domains in arrival order.
    QJsonObject accounts()
    {
        return request(network, emulator.url().resolved(QUrl("/_emulator/daily/accounts"))).json();
    }

    //! The connection headers of the emulator's two accounts.
    const QByteArray firstAccount = connectionHeader(
        dailyAccount(ProviderKey, DailyEmulator::defaultDomainName(), DailyEmulator::defaultDomainId()));
    const QByteArray secondAccount = connectionHeader(dailyAccount(SecondKey, SecondDomain, SecondDomainId));
    EmulatorServer emulator;
    DailyEmulator *daily = nullptr;
    std::unique_ptr<ServeProcess> serve;
    QNetworkAccessManager network;
};

} // namespace

class TestHttpServe : public QObject
{
    Q_OBJECT

    std::unique_ptr<SharedHost> m_sharedHost;

private slots:
    void cleanupTestCase() { m_sharedHost.reset(); }

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
        ServeProcess serve({"--http", "127.0.0.1:0"}, {{"DAILY_WEBHOOK_HMAC", QString::fromLatin1(WebhookSecret)}});
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

    // One host, two accounts: each call reaches the account of the key it sends, and only that one.
    void connectionsPerRequest()
    {
        SharedHost host;
        QVERIFY2(host.serve->url.isValid(), qPrintable(host.serve->errorString()));
        const QByteArray &first = host.firstAccount;
        const QByteArray &second = host.secondAccount;
        QCOMPARE(host.invoke("daily.create_room", R"({"name":"first-room"})", first).status, 200);
        QCOMPARE(host.invoke("daily.create_room", R"({"name":"second-room"})", second).status, 200);
        const auto roomNames = [&](const QByteArray &header) {
            QStringList names;
            const HttpAnswer listed = host.invoke("daily.list_rooms", "{}", header);
            for (const QJsonValue &room : listed.json().value("outputs").toObject().value("data").toArray())
                names.append(room.toObject().value("name").toString());
            return names;
        };
        QCOMPARE(roomNames(first), QStringList{"first-room"});
        QCOMPARE(roomNames(second), QStringList{"second-room"});

        // Daily's token, made by the second account: signed with its key, for its domain, joined at its domain.
        const HttpAnswer token = host.invoke("daily.create_meeting_token", R"({"room_name":"second-room"})", second);
        QCOMPARE(token.status, 200);
        const QJsonObject outputs = token.json().value("outputs").toObject();
        const QByteArray compact = outputs.value("token").toString().toLatin1();
        QVERIFY(Jwt::verify(compact, SecondKey));
        QCOMPARE(Jwt::decode(compact).claims.value("d").toString(), SecondDomainId);
        QVERIFY2(outputs.value("join_url").toString().startsWith("https://second.daily.co/second-room"),
                 qPrintable(outputs.value("join_url").toString()));

        // The connection test and a field's options take the caller's account too.
        const QUrl test = host.serve->url.resolved(QUrl("/v1/connections/daily/test"));
        const HttpAnswer tested = sendRequest(host.network, "POST", test, {},
                                              {{"Content-Type", "application/json"},
                                               {"X-ActionNode-Connection", second}});
        QCOMPARE(tested.status, 200);
        QCOMPARE(tested.json().value("discovered").toObject().value("domain_id").toString(), SecondDomainId);
        const QUrl options = host.serve->url.resolved(
            QUrl("/v1/actions/daily.create_meeting_token/fields/room_name/options"));
        const HttpAnswer listed = sendRequest(host.network, "GET", options, {}, {{"X-ActionNode-Connection", first}});
        QCOMPARE(listed.status, 200);
        QVERIFY2(listed.body.contains("first-room") && !listed.body.contains("second-room"), listed.body.constData());

        // No connection: refused before anything is sent, whatever key the host's environment holds.
        const int requests = host.emulator.requestCount();
        const HttpAnswer refused = host.invoke("daily.create_room", R"({"name":"anyone"})", QByteArray());
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json().value("status").toString(), "connection_required");
        QVERIFY(refused.json().value("errors").toArray().at(0).toObject().value("message").toString().contains(
            "X-ActionNode-Connection"));
        QCOMPARE(sendRequest(host.network, "POST", test, {}, {{"Content-Type", "application/json"}}).status, 400);
        QCOMPARE(sendRequest(host.network, "GET", options).status, 400);
        QCOMPARE(host.emulator.requestCount(), requests);
        QCOMPARE(host.serve->terminate(), 0);
        const QByteArray log = host.serve->process().readAllStandardError();
        QVERIFY2(log.contains("--connections per-request: the host's daily api_key, domain_id are not used"),
                 log.constData());
    }

    /*
        Daily's limits are per domain: one account spending its budget never
        holds up another's calls, and together they send more than one
        account may. Deleting rooms allows a burst of 2, then one every 600
        ms: of five deletes of the first account, the last two wait 1.2 and
        1.8 s, and the second account's two deletes, sent after them, arrive
        at the emulator before them. Were the limit the host's, they would
        queue behind all five.
    */
    void accountsAreLimitedApart()
    {
        SharedHost host;
        QVERIFY2(host.serve->url.isValid(), qPrintable(host.serve->errorString()));
        const QByteArray &first = host.firstAccount;
        const QByteArray &second = host.secondAccount;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 5; ++i)
            replies.append(host.post("daily.delete_room", R"({"room_name":"gone"})", first));
        QVERIFY(QTest::qWaitFor([&] { return host.emulator.requestCount() >= 2; }, 10000));
        for (int i = 0; i < 2; ++i)
            replies.append(host.post("daily.delete_room", R"({"room_name":"gone"})", second));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); });
            },
            20000));
        for (QNetworkReply *reply : std::as_const(replies)) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 502); // Daily's 404
            reply->deleteLater();
        }
        QStringList arrivals;
        for (const QJsonValue &domain : host.accounts().value("arrivals").toArray())
            arrivals.append(domain.toString());
        const QString firstDomain = DailyEmulator::defaultDomainName();
        QCOMPARE(arrivals.size(), 7);
        QCOMPARE(arrivals.count(SecondDomain), 2);
        QCOMPARE(arrivals.mid(5), QStringList({firstDomain, firstDomain}));
        QCOMPARE(host.serve->terminate(), 0);
    }

    /*
        A key sent with a call is in no answer, log line (every category on),
        metric, or anything the store keeps (every column of every SQLite
        table, every Redis key and value): runs, events, subscriptions, used
        or refused.
    */
    void callersKeyNeverShown_data()
    {
        QTest::addColumn<bool>("redis");
        QTest::newRow("sqlite") << false;
        QTest::newRow("redis") << true;
    }
    void callersKeyNeverShown()
    {
        QFETCH(bool, redis);
        RedisServerProcess redisServer;
        QTemporaryDir directory;
        QString store = directory.filePath(QStringLiteral("store.sqlite"));
        if (redis) {
            QVERIFY2(redisServer.start(), qPrintable(redisServer.errorString()));
            store = redisServer.location() + QStringLiteral("/0");
        }
        SharedHost host({{"QT_LOGGING_RULES", "actionnode.*=true"},
                         {"DAILY_WEBHOOK_HMAC", QString::fromLatin1(WebhookSecret)}},
                        QStringList{"--store", store} + bundleLicenseArguments());
        QVERIFY2(host.serve->url.isValid(), qPrintable(host.serve->errorString()));
        const QByteArray canary = "canary-key-5e0f7d2b9a1c";
        QString error;
        QVERIFY(host.daily->addAccount(canary, "canary", "canary-domain-id", &error));
        const QByteArray header = connectionHeader(dailyAccount(canary, "canary", "canary-domain-id"));
        QByteArray answers;
        for (const auto &[action, inputs] : {std::pair{"daily.create_room", R"({"name":"canary-room"})"},
                                             {"daily.list_rooms", "{}"},
                                             {"daily.create_meeting_token", R"({"room_name":"canary-room"})"},
                                             {"daily.get_room", R"({"room_name":"x"})"},
                                             {"daily.create_room", R"({"name":"bad name"})"}})
            answers += host.invoke(QLatin1String(action), inputs, header).body;
        const QByteArray wrongKey = connectionHeader(dailyAccount(canary + "-wrong", "canary", "canary-domain-id"));
        answers += host.invoke("daily.create_room", "{}", wrongKey).body; // Daily's 401
        QJsonObject refused = dailyAccount(canary, "canary", "canary-domain-id");
        refused["daily"] = QJsonObject{{"api_key", QString::fromLatin1(canary)}, {"api_base", "http://127.0.0.1:9"}};
        answers += host.invoke("daily.create_room", "{}", connectionHeader(refused)).body;
        // The account's run history, a subscription of its own, and an event the host received.
        const HttpAnswer runs = host.call("GET", "/v1/runs", {}, header);
        QVERIFY(!runs.json().value("runs").toArray().isEmpty());
        const QString run = QString::number(runs.json().value("runs").toArray().last()["id"].toInteger());
        answers += runs.body + host.call("GET", "/v1/runs/" + run, {}, header).body;
        answers += host.call("POST", "/v1/runs/" + run + "/replay", "{}", header).body;
        const HttpAnswer subscribed = host.call("POST", "/v1/triggers/" + Knocking + "/subscriptions", "{}", header);
        QCOMPARE(subscribed.status, 201);
        answers += subscribed.body + host.call("GET", "/v1/triggers/" + Knocking + "/subscriptions", {}, header).body;
        QCOMPARE(deliverWebhook(host.network, host.serve->url, knockEvent("canary-event", "canary-room")).status, 200);
        answers += request(host.network, host.serve->url.resolved(QUrl("/metrics"))).body;
        QVERIFY(answers.contains("\"status\":\"succeeded\"") && answers.contains("invalid_connection"));
        QCOMPARE(host.serve->terminate(), 0);
        const QByteArray log = host.serve->process().readAllStandardError();
        QVERIFY2(log.contains("actionnode.rest"), log.constData()); // the debug lines were on
        const QByteArray stored =
            (redis ? everyRedisValue(QUrl(store).port(), 0) : everySqliteValue(store)).join('\n').toUtf8();
        // The scan sees the runs, the event and the subscription.
        QVERIFY2(stored.contains("canary-room") && stored.contains("canary-event") && stored.contains("whsec_"),
                 stored.constData());
        for (const QByteArray &secret : {canary, canary.toBase64(), header, wrongKey}) {
            QVERIFY2(!answers.contains(secret), answers.constData());
            QVERIFY2(!log.contains(secret), log.constData());
            QVERIFY2(!stored.contains(secret), stored.constData());
        }
    }

    /*
        A caller reads and replays only its own account's runs; another
        account's run answers 404 as an unknown one does, and a replay runs
        with the caller's account.
    */
    void runsBelongToTheirAccount()
    {
        SharedHost host;
        QVERIFY2(host.serve->url.isValid(), qPrintable(host.serve->errorString()));
        const QByteArray &first = host.firstAccount;
        const QByteArray &second = host.secondAccount;
        QCOMPARE(host.invoke("daily.create_room", R"({"name":"first-run"})", first).status, 200);
        QCOMPARE(host.invoke("daily.create_room", R"({"name":"second-run"})", second).status, 200);
        const auto listed = [&](const QByteArray &header) {
            QHash<QString, QString> idOfRoom;
            const HttpAnswer answer = host.call("GET", "/v1/runs", {}, header);
            for (const QJsonValue &run : answer.json().value("runs").toArray())
                idOfRoom.insert(run["inputs"]["name"].toString(), QString::number(run["id"].toInteger()));
            return idOfRoom;
        };
        const QHash<QString, QString> ofFirst = listed(first);
        const QHash<QString, QString> ofSecond = listed(second);
        QCOMPARE(ofFirst.keys(), QStringList{"first-run"});
        QCOMPARE(ofSecond.keys(), QStringList{"second-run"});
        QVERIFY(listed({}).isEmpty()); // the host has no account of its own

        const QString firstRun = QStringLiteral("/v1/runs/") + ofFirst.value("first-run");
        const QString secondRun = QStringLiteral("/v1/runs/") + ofSecond.value("second-run");
        const HttpAnswer unknown = host.call("GET", "/v1/runs/999999", {}, second);
        QCOMPARE(unknown.status, 404);
        for (const HttpAnswer &answer : {host.call("GET", firstRun, {}, second), host.call("GET", firstRun, {}, {}),
                                         host.call("POST", firstRun + "/replay", "{}", second)}) {
            QCOMPARE(answer.status, 404);
            QCOMPARE(answer.json().value("status"), unknown.json().value("status"));
            QVERIFY2(!answer.body.contains("first-run"), answer.body.constData());
        }
        QCOMPARE(host.call("GET", secondRun, {}, second).json().value("inputs")["name"].toString(), "second-run");
        const HttpAnswer replayed = host.call("POST", secondRun + "/replay", R"({"name":"second-again"})", second);
        QCOMPARE(replayed.status, 200);
        QVERIFY(listed(second).contains("second-again") && !listed(first).contains("second-again"));
        // The replay's room was made in the second account.
        const QJsonArray accounts = host.accounts().value("accounts").toArray();
        QCOMPARE(accounts.at(0)["rooms"].toInt(), 1);
        QCOMPARE(accounts.at(1)["domain"].toString(), SecondDomain);
        QCOMPARE(accounts.at(1)["rooms"].toInt(), 2);
        QCOMPARE(host.serve->terminate(), 0);
    }

    /*
        Events the host's webhook route receives are the host's account's:
        a stream of a caller's own account, live or resumed with
        Last-Event-ID, never gets them, while one of the host's does. With
        --connections per-request, a stream without a connection is refused.
    */
    void eventStreamsCarryTheirAccountOnly()
    {
        ServeProcess serve(QStringList{"--http", "127.0.0.1:0"} + bundleLicenseArguments(),
                           {{"DAILY_WEBHOOK_HMAC", QString::fromLatin1(WebhookSecret)}});
        QVERIFY2(serve.url.isValid(), qPrintable(serve.errorString()));
        QNetworkAccessManager network;
        const QByteArray caller = connectionHeader(dailyAccount("caller-key-1b7e", "caller", "caller-domain-id"));
        std::vector<std::unique_ptr<QNetworkReply>> streams;
        const auto open = [&](const QByteArray &header, const QByteArray &lastEventId, QByteArray *received) {
            QNetworkRequest request(serve.url.resolved(QUrl("/v1/triggers/" + Knocking + "/events")));
            if (!header.isEmpty())
                request.setRawHeader("X-ActionNode-Connection", header);
            if (!lastEventId.isEmpty())
                request.setRawHeader("Last-Event-ID", lastEventId);
            streams.emplace_back(network.get(request));
            QNetworkReply *stream = streams.back().get();
            connect(stream, &QNetworkReply::readyRead, this, [stream, received] { *received += stream->readAll(); });
        };
        QByteArray ofHost, ofCaller;
        open({}, {}, &ofHost);
        open(caller, {}, &ofCaller);
        QTRY_VERIFY(ofHost.contains(": subscribed") && ofCaller.contains(": subscribed"));
        QCOMPARE(deliverWebhook(network, serve.url, knockEvent("host-event", "standup")).status, 200);
        QTRY_VERIFY(ofHost.contains("\"host-event\""));
        QByteArray resumedOfHost, resumedOfCaller;
        open(caller, "0", &resumedOfCaller);
        QTRY_VERIFY(resumedOfCaller.contains(": subscribed"));
        open({}, "0", &resumedOfHost);
        QTRY_VERIFY(resumedOfHost.contains("\"host-event\""));
        QVERIFY2(!ofCaller.contains("host-event") && !resumedOfCaller.contains("host-event"),
                 (ofCaller + resumedOfCaller).constData());
        for (const auto &stream : streams)
            stream->abort();
        QCOMPARE(serve.terminate(), 0);

        SharedHost shared;
        QVERIFY2(shared.serve->url.isValid(), qPrintable(shared.serve->errorString()));
        const HttpAnswer refused = shared.call("GET", "/v1/triggers/" + Knocking + "/events", {}, {});
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json().value("status").toString(), "connection_required");
        QCOMPARE(shared.serve->terminate(), 0);
    }

    // What a caller may not set, or sends broken, is refused naming it, and nothing reaches the provider.
    void refusedConnections_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        const auto with = [](const char *key, const QString &value) {
            QJsonObject account{{"api_key", QString::fromLatin1(SecondKey)}};
            account.insert(QLatin1String(key), value);
            return connectionHeader({{"daily", account}});
        };
        QTest::newRow("api_base") << with("api_base", "http://127.0.0.1:9/v1") << "daily"
                                  << "X-ActionNode-Connection (daily): \"api_base\" is not a setting of the daily "
                                     "account but the operator's";
        QTest::newRow("ca_file") << with("ca_file", "/etc/ssl/certs/x.pem") << "daily"
                                 << "\"ca_file\" is not a setting";
        QTest::newRow("timeout_ms") << with("timeout_ms", "1") << "daily"
                                    << "\"timeout_ms\" is not a setting";
        QTest::newRow("unknown setting") << with("apikey", "x") << "daily"
                                         << "\"apikey\" is not a daily connection setting";
        QTest::newRow("no key") << connectionHeader({{"daily", QJsonObject{{"domain", "second"}}}}) << "api_key"
                                << "X-ActionNode-Connection (daily): not set: it is required";
        QTest::newRow("line break in the key") << with("api_key", "a\r\nX-Injected: 1") << "api_key"
                                               << "holds a control character";
        QTest::newRow("unknown provider") << connectionHeader({{"nodaily", QJsonObject()}}) << "nodaily"
                                          << "no provider \"nodaily\" is loaded";
        QTest::newRow("not base64") << QByteArray("{\"daily\":{}}") << ""
                                    << "not the base64 of a JSON object";
        QTest::newRow("flat settings") << connectionHeader({{"api_key", QString::fromLatin1(SecondKey)}}) << "api_key"
                                       << "no provider \"api_key\" is loaded";
    }
    void refusedConnections()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, field);
        QFETCH(QString, message);
        if (!m_sharedHost)
            m_sharedHost = std::make_unique<SharedHost>(); // one host for every row
        SharedHost *host = m_sharedHost.get();
        QVERIFY2(host->serve->url.isValid(), qPrintable(host->serve->errorString()));
        const int requests = host->emulator.requestCount();
        const HttpAnswer refused = host->invoke("daily.create_room", R"({"name":"refused"})", header);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json().value("status").toString(), "invalid_connection");
        const QJsonObject error = refused.json().value("errors").toArray().at(0).toObject();
        QCOMPARE(error.value("code").toString(), "invalid_connection");
        QCOMPARE(error.value("field").toString(), field);
        QVERIFY2(error.value("message").toString().contains(message), qPrintable(error.value("message").toString()));
        QVERIFY(!refused.body.contains(SecondKey));
        QCOMPARE(host->emulator.requestCount(), requests);
    }
};

QTEST_GUILESS_MAIN(TestHttpServe)
#include "tst_httpserve.moc"
