// 'actionnode serve --http --public-url' manages Daily's webhook for its trigger
// subscriptions, against the emulator (every process on loopback): one webhook
// registered, shared and updated as subscriptions come and go, deleted with the
// last one; registered again after a restart when Daily lost it, re-activated
// when Daily marked it FAILED; and events Daily retried while the host was down
// reach a subscriber that resumes with Last-Event-ID, each once.

#include "support/eventstream.h"
#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray apiKey = "provider-webhooks-key-3b7e";
const QString knocking = QStringLiteral("daily.waiting_participant_joined");
const QString joining = QStringLiteral("daily.participant_joined");

// A loopback port the system handed out and let go: a restarted host listens on it again.
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// 'actionnode serve --http' on \a port, reachable by the emulator at its own address, keeping \a store.
class Host : public ServerProcess
{
public:
    Host(const EmulatorProcess &emulator, quint16 port, const QString &store)
    {
        static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)\n"));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(port);
        url = QUrl(start(actionnodeExecutable(),
                         QStringList{"serve", "--http", address, "--public-url", "http://" + address, "--store", store,
                                     "--access-log", "off"}
                             + bundleLicenseArguments(),
                         dailyEnvironment(emulator.dailyApiBase(), QString::fromLatin1(apiKey)), listening)
                       .captured(1));
    }

    QUrl url;
};

} // namespace

class TestProviderWebhooks : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;
    EmulatorProcess m_emulator;
    QTemporaryDir m_directory;

    // Daily's own list, as the host's account sees it.
    QJsonArray dailyWebhooks()
    {
        const HttpAnswer answer = sendRequest(m_network, "GET", QUrl(m_emulator.dailyApiBase() + "/webhooks"), {},
                                              {{"Authorization", "Bearer " + apiKey}});
        return QJsonDocument::fromJson(answer.body).array();
    }
    // The emulator's record of every webhook and its delivery attempts.
    QJsonArray deliveryRecords()
    {
        return sendRequest(m_network, "GET", m_emulator.url().resolved(QUrl("/_emulator/daily/webhooks")))
            .json()
            .value("webhooks")
            .toArray();
    }
    QJsonObject recordOf(const QString &uuid)
    {
        for (const QJsonValue &record : deliveryRecords()) {
            if (record["uuid"].toString() == uuid)
                return record.toObject();
        }
        return {};
    }
    QString subscribe(const QUrl &host, const QString &trigger)
    {
        const HttpAnswer answer = sendRequest(m_network, "POST",
                                              host.resolved(QUrl("/v1/triggers/" + trigger + "/subscriptions")), "{}");
        return answer.status == 201 ? answer.json().value("subscription").toString() : QString();
    }
    int unsubscribe(const QUrl &host, const QString &trigger, const QString &id)
    {
        return sendRequest(m_network, "DELETE", host.resolved(QUrl("/v1/triggers/" + trigger + "/subscriptions/" + id)))
            .status;
    }
    QString knock(const QString &user)
    {
        return sendRequest(m_network, "POST", m_emulator.url().resolved(QUrl("/_emulator/daily/events")),
                           QJsonDocument(QJsonObject{{"type", "waiting-participant.joined"},
                                                     {"room", "standup"},
                                                     {"user_name", user}})
                               .toJson(QJsonDocument::Compact))
            .json()
            .value("event")
            .toObject()
            .value("id")
            .toString();
    }
    // Whether every attempt to deliver \a eventId through \a uuid so far ended as \a statuses says.
    bool attemptsWere(const QString &uuid, const QString &eventId, const QJsonArray &statuses)
    {
        for (const QJsonValue &event : recordOf(uuid)["events"].toArray()) {
            if (event["event"].toString() == eventId)
                return event["statuses"].toArray() == statuses;
        }
        return statuses.isEmpty();
    }
    // Whether \a eventId failed at first, was retried and then delivered through \a uuid once.
    bool deliveredOnceAfterFailing(const QString &uuid, const QString &eventId)
    {
        for (const QJsonValue &event : recordOf(uuid)["events"].toArray()) {
            const QJsonArray statuses = event["statuses"].toArray();
            if (event["event"].toString() == eventId)
                return statuses.size() >= 2 && statuses.first().toInt() == 0 && statuses.last().toInt() == 200
                       && event["delivered"].toInt() == 1;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
        /*
            Daily's exponential retries, 2 s apart at first. Every failed attempt counts
            towards the 5 that make a webhook FAILED: with two events failing, a host
            killed has about 6 s to come back.
        */
        QVERIFY2(m_emulator.start(apiKey, {"--webhook-retry-ms", "2000"}), qPrintable(m_emulator.errorString()));
    }

    void init()
    {
        QCOMPARE(sendRequest(m_network, "POST", m_emulator.url().resolved(QUrl("/_emulator/reset")), "{}").status, 200);
    }

    void subscriptionsShareOneWebhookUntilTheLastGoes()
    {
        const quint16 port = freePort();
        const QString store = m_directory.filePath("lifecycle.sqlite");
        auto host = std::make_unique<Host>(m_emulator, port, store);
        QVERIFY2(host->url.isValid(), qPrintable(host->errorString()));
        QCOMPARE(dailyWebhooks().size(), 0);

        const QString first = subscribe(host->url, knocking);
        QVERIFY(!first.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().size(), 1, 10000);
        QJsonObject webhook = dailyWebhooks().first().toObject();
        const QString uuid = webhook["uuid"].toString();
        QVERIFY2(webhook["url"].toString().startsWith(host->url.toString() + "/v1/webhooks/daily/mwh_"),
                 qPrintable(webhook["url"].toString()));
        QCOMPARE(webhook["eventTypes"].toArray(), QJsonArray{"waiting-participant.joined"});
        QCOMPARE(webhook["retryType"].toString(), "exponential");

        // A second subscription, to another trigger, shares it: its event types grow.
        const QString second = subscribe(host->url, joining);
        QVERIFY(!second.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().first()["eventTypes"].toArray().size(), 2, 10000);
        QCOMPARE(dailyWebhooks().size(), 1);
        QCOMPARE(dailyWebhooks().first()["uuid"].toString(), uuid);

        // Deliveries verify with the webhook's own secret: Daily's first attempt is answered 200.
        EventStream stream(m_network, host->url, knocking);
        QTRY_VERIFY_WITH_TIMEOUT(stream.received().contains(": subscribed"), 10000);
        const QString knocked = knock("Guest");
        QTRY_COMPARE_WITH_TIMEOUT(stream.count(knocked), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(attemptsWere(uuid, knocked, {200}), 10000);

        QCOMPARE(unsubscribe(host->url, joining, second), 200);
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().first()["eventTypes"].toArray(),
                                  QJsonArray{"waiting-participant.joined"}, 10000);

        // Daily lost the webhook while the host was down: the restarted host registers it again.
        QCOMPARE(host->terminate(), 0);
        sendRequest(m_network, "DELETE", QUrl(m_emulator.dailyApiBase() + "/webhooks/" + uuid), {},
                    {{"Authorization", "Bearer " + apiKey}});
        QCOMPARE(dailyWebhooks().size(), 0);
        host = std::make_unique<Host>(m_emulator, port, store);
        QVERIFY2(host->url.isValid(), qPrintable(host->errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().size(), 1, 10000);
        const QString again = dailyWebhooks().first()["uuid"].toString();
        QVERIFY(again != uuid);
        QCOMPARE(dailyWebhooks().first()["eventTypes"].toArray(), QJsonArray{"waiting-participant.joined"});
        const QString afterRestart = knock("Second guest");
        QTRY_VERIFY_WITH_TIMEOUT(attemptsWere(again, afterRestart, {200}), 10000);

        // Daily marked it FAILED: the restarted host updates it, which makes it ACTIVE again.
        QCOMPARE(host->terminate(), 0);
        const HttpAnswer failed = sendRequest(
            m_network, "POST", m_emulator.url().resolved(QUrl("/_emulator/daily/webhooks/" + again + "/fail")), "{}");
        QCOMPARE(failed.json().value("state").toString(), "FAILED");
        host = std::make_unique<Host>(m_emulator, port, store);
        QVERIFY2(host->url.isValid(), qPrintable(host->errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().first()["state"].toString(), "ACTIVE", 10000);
        QCOMPARE(dailyWebhooks().size(), 1);
        QCOMPARE(dailyWebhooks().first()["uuid"].toString(), again);
        const QString afterRepair = knock("Third guest");
        QTRY_VERIFY_WITH_TIMEOUT(attemptsWere(again, afterRepair, {200}), 10000);

        // The last subscription goes, and the webhook with it.
        QCOMPARE(unsubscribe(host->url, knocking, first), 200);
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().size(), 0, 10000);
        QCOMPARE(recordOf(again)["state"].toString(), "DELETED");
        QCOMPARE(deliveryRecords().size(), 2); // the lost one and its successor: never a second one alongside
        QCOMPARE(host->terminate(), 0);
    }

    // Subscriptions another process keeps in the host's store (the subscriptions command) bring the
    // host's account's webhook into step as the host's own routes do.
    void subscriptionsOfTheCommandReachTheWebhook()
    {
        const QString store = m_directory.filePath("command.sqlite");
        auto host = std::make_unique<Host>(m_emulator, freePort(), store);
        QVERIFY2(host->url.isValid(), qPrintable(host->errorString()));
        const QStringList options = QStringList{"--store", store, "--allow-loopback-targets"}
                                    + bundleLicenseArguments();
        const ProcessRun created = runActionnode(
            QStringList{"subscriptions", "create", knocking, "--target-url", "http://127.0.0.1:9/knock"} + options,
            dailyEnvironment(m_emulator.dailyApiBase(), QString::fromLatin1(apiKey)));
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const QString id = QJsonDocument::fromJson(created.out).object().value("subscription").toString();
        QVERIFY2(id.startsWith("sub_"), created.out.constData());
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().size(), 1, 10000);
        QCOMPARE(dailyWebhooks().first()["eventTypes"].toArray(), QJsonArray{"waiting-participant.joined"});

        const ProcessRun deleted = runActionnode(QStringList{"subscriptions", "delete", id} + options,
                                                 dailyEnvironment(m_emulator.dailyApiBase(),
                                                                  QString::fromLatin1(apiKey)));
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().size(), 0, 10000);
    }

    void eventsRetriedWhileTheHostIsDownArriveOnce()
    {
        const quint16 port = freePort();
        const QString store = m_directory.filePath("restart.sqlite");
        auto host = std::make_unique<Host>(m_emulator, port, store);
        QVERIFY2(host->url.isValid(), qPrintable(host->errorString()));
        QVERIFY(!subscribe(host->url, knocking).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(dailyWebhooks().size(), 1, 10000);
        const QString uuid = dailyWebhooks().first()["uuid"].toString();

        auto stream = std::make_unique<EventStream>(m_network, host->url, knocking);
        QTRY_VERIFY_WITH_TIMEOUT(stream->received().contains(": subscribed"), 10000);
        const QString before = knock("Before");
        QTRY_COMPARE_WITH_TIMEOUT(stream->count(before), 1, 10000);
        const QByteArray resumeFrom = stream->lastId();
        stream.reset();

        // Killed: nothing is answered, so Daily retries.
        ::kill(pid_t(host->process().processId()), SIGKILL);
        QVERIFY(host->process().waitForFinished(5000));
        const QString whileDown = knock("While down");
        const QString alsoWhileDown = knock("Also while down");
        QTRY_VERIFY_WITH_TIMEOUT(attemptsWere(uuid, whileDown, {0}) && attemptsWere(uuid, alsoWhileDown, {0}), 10000);

        host = std::make_unique<Host>(m_emulator, port, store);
        QVERIFY2(host->url.isValid(), qPrintable(host->errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(deliveredOnceAfterFailing(uuid, whileDown), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(deliveredOnceAfterFailing(uuid, alsoWhileDown), 15000);
        QVERIFY(recordOf(uuid)["retries"].toInt() >= 2);
        QCOMPARE(dailyWebhooks().first()["state"].toString(), "ACTIVE");

        // The subscriber comes back with the id of the last event it got: the two it missed, once each.
        EventStream resumed(m_network, host->url, knocking, resumeFrom);
        QTRY_VERIFY_WITH_TIMEOUT(resumed.count(whileDown) == 1 && resumed.count(alsoWhileDown) == 1, 10000);
        const QString live = knock("Live");
        QTRY_COMPARE_WITH_TIMEOUT(resumed.count(live), 1, 10000);
        QCOMPARE(resumed.count(before), 0);
        QCOMPARE(resumed.count(whileDown), 1);
        QCOMPARE(resumed.count(alsoWhileDown), 1);
        QCOMPARE(host->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProviderWebhooks)
#include "tst_providerwebhooks.moc"
