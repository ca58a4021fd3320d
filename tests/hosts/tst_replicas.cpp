// Two replicas of 'actionnode serve --http' sharing one Redis store (a
// redis-server of the test's own on a loopback port): a webhook verified by
// one reaches a stream open on the other; a replica killed mid-stream loses
// nothing for a subscriber that resumes on the other with Last-Event-ID; and
// the providers' rate limits hold for both together, per account.

#include "support/eventstream.h"
#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/webhookverifier.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <memory>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray secret = QByteArrayLiteral("cmVwbGljYS10ZXN0LXNlY3JldC0wZDRjOWI3MQ==");
const QString knocking = QStringLiteral("daily.waiting_participant_joined");
const QByteArray firstKey = "replica-first-key-5c1a";
const QByteArray secondKey = "replica-second-key-9e02";

// One replica: 'actionnode serve --http' on a port of its own, on the shared store.
class Replica : public ServerProcess
{
public:
    Replica(const QString &store, const QStringList &arguments = {}, const QProcessEnvironment &settings = {})
    {
        QProcessEnvironment environment = settings;
        environment.insert(QStringLiteral("DAILY_WEBHOOK_HMAC"), QString::fromLatin1(secret));
        static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)\n"));
        url = QUrl(start(actionnodeExecutable(),
                         QStringList{"serve", "--http", "127.0.0.1:0", "--store", store, "--access-log", "off"}
                             + arguments + bundleLicenseArguments(),
                         actionnodeEnvironment(environment), listening)
                       .captured(1));
    }

    QUrl url;
};

// A waiting-participant.joined delivery as Daily signs it.
HttpAnswer deliver(QNetworkAccessManager &network, const QUrl &replica, const QString &eventId, const QString &user)
{
    const QByteArray body = QJsonDocument(
                                QJsonObject{{"version", "1.0.0"},
                                            {"type", "waiting-participant.joined"},
                                            {"id", eventId},
                                            {"payload", QJsonObject{{"room", "standup"}, {"user_name", user}}},
                                            {"event_ts", 1}})
                                .toJson(QJsonDocument::Compact);
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    return sendRequest(network, "POST", replica.resolved(QUrl("/v1/webhooks/daily")), body,
                       {{"X-Webhook-Timestamp", timestamp},
                        {"X-Webhook-Signature", WebhookVerifier::sign(secret, timestamp, body)}},
                       10000);
}

QJsonObject dailyConnection(const QByteArray &key, const QString &domain, const QString &domainId)
{
    return {{"daily", QJsonObject{{"api_key", QString::fromLatin1(key)}, {"domain", domain}, {"domain_id", domainId}}}};
}

/*
    The most of \a times (sorted, ms) found in any window of \a windowMs, past
    what a token bucket of \a burst refilled at \a perSecond may send in it.
*/
int worstExcess(QList<qint64> times, int burst, double perSecond, qint64 windowMs)
{
    std::sort(times.begin(), times.end());
    int worst = std::numeric_limits<int>::min();
    for (qsizetype first = 0; first < times.size(); ++first) {
        qsizetype last = first;
        while (last + 1 < times.size() && times.at(last + 1) - times.at(first) <= windowMs)
            ++last;
        worst = std::max(worst, int(last - first + 1) - burst - int(perSecond * windowMs / 1000));
    }
    return worst;
}

} // namespace

class TestReplicas : public QObject
{
    Q_OBJECT

    RedisServerProcess m_redis;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString())); }

    void eventsReachEveryReplica()
    {
        const QString store = m_redis.location() + "/1";
        Replica a(store);
        Replica b(store);
        QVERIFY2(a.url.isValid() && b.url.isValid(), qPrintable(a.errorString() + b.errorString()));
        QNetworkAccessManager network;
        EventStream onA(network, a.url, knocking);
        EventStream onB(network, b.url, knocking);
        QTRY_VERIFY_WITH_TIMEOUT(onA.received().contains(": subscribed") && onB.received().contains(": subscribed"),
                                 10000);

        // Verified and logged by A, passed on by B too.
        const HttpAnswer first = deliver(network, a.url, "replica-e1", "Ada");
        QCOMPARE(first.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(onB.count("replica-e1"), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(onA.count("replica-e1"), 1, 5000);
        // The provider's retry to the other replica is known there as a duplicate.
        const HttpAnswer retried = deliver(network, b.url, "replica-e1", "Ada");
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.json().value("status").toString(), "duplicate");

        // A dies mid-stream; events keep arriving at B; the subscriber of A resumes on B.
        QCOMPARE(deliver(network, b.url, "replica-e2", "Grace").status, 200);
        ::kill(pid_t(a.process().processId()), SIGKILL);
        QVERIFY(a.process().waitForFinished(5000));
        QCOMPARE(deliver(network, b.url, "replica-e3", "Linus").status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(onA.isFinished(), 5000);
        const QByteArray lastSeen = onA.lastId();
        QVERIFY2(!lastSeen.isEmpty(), onA.received().constData());
        EventStream resumed(network, b.url, knocking, lastSeen);
        QTRY_COMPARE_WITH_TIMEOUT(resumed.count("replica-e3"), 1, 5000);
        QCOMPARE(deliver(network, b.url, "replica-e4", "Barbara").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(resumed.count("replica-e4"), 1, 5000);
        for (const char *id : {"replica-e1", "replica-e2", "replica-e3", "replica-e4"})
            QVERIFY2(onA.count(id) + resumed.count(id) == 1,
                     qPrintable(QStringLiteral("%1 reached the subscriber %2 times:\n%3\n---\n%4")
                                    .arg(id)
                                    .arg(onA.count(id) + resumed.count(id))
                                    .arg(QString::fromUtf8(onA.received()), QString::fromUtf8(resumed.received()))));
        // B's own stream had every one, in the order of the log.
        QTRY_COMPARE_WITH_TIMEOUT(onB.count("replica-e4"), 1, 5000);
        QVERIFY(onB.received().indexOf("replica-e1") < onB.received().indexOf("replica-e2"));
        QVERIFY(onB.received().indexOf("replica-e3") < onB.received().indexOf("replica-e4"));
        QCOMPARE(b.terminate(), 0);
    }

    /*
        40 listings of recordings for two accounts, spread over two replicas:
        Daily allows each account (domain) 2 such requests at once, then 50
        per 30 seconds. At the emulator no window of either account's
        requests holds more than that allows (within 1 request, for the time
        a request takes from its slot to the emulator), although each replica
        alone would have sent twice as many at first. The accounts do not
        wait for each other: together they go faster than one may. A limit
        this slow keeps the test about the limit, not about how fast the
        host serves.
    */
    void rateLimitsHoldAcrossReplicas()
    {
        EmulatorServer emulator;
        auto *daily = new DailyEmulator(firstKey, &emulator);
        QString error;
        QVERIFY2(daily->addAccount(secondKey, "second", "second-domain-id", &error), qPrintable(error));
        QVERIFY(emulator.listen(0));
        const QString store = m_redis.location() + "/2";
        QProcessEnvironment settings;
        settings.insert("DAILY_API_BASE", daily->apiBaseUrl());
        Replica a(store, {"--connections", "per-request"}, settings);
        Replica b(store, {"--connections", "per-request"}, settings);
        QVERIFY2(a.url.isValid() && b.url.isValid(), qPrintable(a.errorString() + b.errorString()));

        const QByteArray accounts[] = {QJsonDocument(dailyConnection(firstKey, DailyEmulator::defaultDomainName(),
                                                                     DailyEmulator::defaultDomainId()))
                                           .toJson(QJsonDocument::Compact)
                                           .toBase64(),
                                       QJsonDocument(dailyConnection(secondKey, "second", "second-domain-id"))
                                           .toJson(QJsonDocument::Compact)
                                           .toBase64()};
        // A client per account, as two tenants would be: one client's six connections per
        // host, held by calls its limit keeps waiting, would hold back the other's too.
        QNetworkAccessManager clients[2];
        QList<QNetworkReply *> replies;
        constexpr int perAccount = 20;
        constexpr int burst = 2;
        constexpr double perSecond = 50.0 / 30;
        for (int i = 0; i < 2 * perAccount; ++i) {
            QNetworkRequest invoke(
                (i % 4 < 2 ? a.url : b.url).resolved(QUrl("/v1/actions/daily.list_recordings/invoke")));
            invoke.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            invoke.setRawHeader("X-ActionNode-Connection", accounts[i % 2]);
            replies.append(clients[i % 2].post(invoke, QByteArrayLiteral("{}")));
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); });
            },
            60000));
        for (QNetworkReply *reply : std::as_const(replies)) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
        const QJsonObject listed =
            sendRequest(clients[0], "GET", emulator.url().resolved(QUrl("/_emulator/daily/accounts"))).json();
        QList<qint64> together;
        for (const QJsonValue &account : listed.value("accounts").toArray()) {
            QList<qint64> times;
            for (const QJsonValue &time : account.toObject().value("arrival_ms").toArray())
                times.append(time.toInteger());
            QCOMPARE(times.size(), perAccount);
            for (const qint64 windowMs : {250, 1000, 2000, 5000}) {
                const int excess = worstExcess(times, burst, perSecond, windowMs);
                QVERIFY2(excess <= 1, qPrintable(QStringLiteral("%1: %2 requests too many within %3 ms")
                                                     .arg(account.toObject().value("domain").toString())
                                                     .arg(excess)
                                                     .arg(windowMs)));
            }
            // 18 requests past the first 2 take 10.8 s at one each 0.6 s.
            const qint64 spanMs = *std::max_element(times.cbegin(), times.cend())
                                  - *std::min_element(times.cbegin(), times.cend());
            QVERIFY2(spanMs >= 10000, qPrintable(QString::number(spanMs)));
            together += times;
        }
        // One account's limit would allow 10 in 5 s; the two together sent more.
        QVERIFY2(worstExcess(together, burst, perSecond, 5000) > 4,
                 qPrintable(QString::number(worstExcess(together, burst, perSecond, 5000))));
        QCOMPARE(a.terminate(), 0);
        QCOMPARE(b.terminate(), 0);
    }

    // Redis gone: calls still go, spaced by the replica's own limits, and its log says so once.
    void rateLimitsFallBackWhenRedisFails()
    {
        RedisServerProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        EmulatorServer emulator;
        auto *daily = new DailyEmulator(firstKey, &emulator);
        QVERIFY(emulator.listen(0));
        QProcessEnvironment settings;
        settings.insert("DAILY_API_BASE", daily->apiBaseUrl());
        settings.insert("DAILY_API_KEY", QString::fromLatin1(firstKey));
        settings.insert("DAILY_TOKEN_MODE", "rest");
        Replica a(redis.location(), {}, settings);
        QVERIFY2(a.url.isValid(), qPrintable(a.errorString()));
        QNetworkAccessManager network;
        const QUrl invoke = a.url.resolved(QUrl("/v1/actions/daily.get_presence/invoke"));
        const HttpHeaders json{{"Content-Type", "application/json"}};
        QCOMPARE(sendRequest(network, "POST", invoke, "{}", json).status, 200);
        QCOMPARE(redis.terminate(), 0);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(sendRequest(network, "POST", invoke, "{}", json).status, 200);
        QCOMPARE(a.terminate(), 0);
        const QByteArray log = a.process().readAllStandardError();
        QCOMPARE(log.count("the shared rate limits at " + redis.location().toUtf8() + " cannot be reached"), 1);
        QVERIFY2(log.contains("requests are spaced by this process's own limits"), log.constData());
    }
};

QTEST_GUILESS_MAIN(TestReplicas)
#include "tst_replicas.moc"
