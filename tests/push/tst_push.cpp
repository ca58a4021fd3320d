// Trigger subscriptions pushed to target URLs as Standard Webhooks: the store's
// subscriptions, the signatures, the target rules (with an injected resolver:
// no test connects anywhere but loopback), and delivery to a loopback
// receiver that fails, times out, answers 410 or recovers.

#include "support/httpexchange.h"
#include "support/json.h"
#include "support/testdata.h"

#include "targetpolicy.h"
#include "webhooksigner.h"

#include <actionnode/actionapi.h>
#include <actionnode/httphost.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/runtime.h>
#include <actionnode/session.h>
#include <actionnode/store.h>
#include <actionnode/subscriptionapi.h>
#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray dailySecret = QByteArrayLiteral("c2VjcmV0LWZvci10cmlnZ2VyLXRlc3RzLTdmM2E5Yw==");
const QString knocking = QStringLiteral("daily.waiting_participant_joined");

QByteArray expectedSignature(const QString &secret, const QByteArray &id, const QByteArray &timestamp,
                             const QByteArray &body)
{
    // Qt's own HMAC, independent of the OpenSSL one under test.
    const QByteArray key = QByteArray::fromBase64(secret.mid(6).toLatin1());
    return "v1,"
           + QMessageAuthenticationCode::hash(id + '.' + timestamp + '.' + body, key, QCryptographicHash::Sha256)
                 .toBase64();
}

/*
    A webhook receiver on loopback: each request gets the next scripted
    answer (the last one repeats); "hang" never answers. Requests are kept.
*/
class Receiver : public QObject
{
public:
    struct Request
    {
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
        int answeredWith = 0;
    };

    Receiver()
    {
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, &Receiver::accept);
    }

    QList<QByteArray> script{"200"};
    QList<Request> requests;
    int connections = 0;
    QTcpServer server;

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hooks/in").arg(server.serverPort()); }
    //! The webhook-ids answered 2xx, in order.
    QList<QByteArray> accepted() const
    {
        QList<QByteArray> ids;
        for (const Request &request : requests) {
            if (request.answeredWith >= 200 && request.answeredWith < 300)
                ids.append(request.headers.value("webhook-id"));
        }
        return ids;
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            ++connections;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }
    void read(QTcpSocket *socket)
    {
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        socket->setProperty("buffer", buffer);
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        for (const QByteArray &line : buffer.left(end).split('\n').mid(1)) {
            const qsizetype colon = line.indexOf(':');
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        const QByteArray answer = script.value(qMin(qsizetype(requests.size()), script.size() - 1));
        if (answer != "hang") {
            const QList<QByteArray> parts = answer.split(' ');
            request.answeredWith = parts.first().toInt();
            QByteArray head = "HTTP/1.1 " + parts.first() + " X\r\nContent-Length: 0\r\nConnection: close\r\n";
            if (parts.size() > 1)
                head += (parts.first().startsWith('3') ? "Location: " : "Retry-After: ") + parts.at(1) + "\r\n";
            socket->write(head + "\r\n");
            socket->disconnectFromHost();
        }
        requests.append(request);
    }
};

// Retries 50 ms apart, timeouts of 500 ms, loopback targets allowed.
PushOptions fastOptions()
{
    PushOptions options;
    options.retryDelaysMs = {50, 50, 50};
    options.jitter = 0;
    options.allowLoopbackTargets = true;
    options.responseTimeoutMs = 500;
    options.connectTimeoutMs = 500;
    return options;
}

/*
    A session whose hub logs in an in-memory store, with push subscriptions
    served on a loopback host, as 'serve --http' sets them up.
*/
struct PushHost
{
    PushHost()
    {
        SessionOptions options;
        options.webhookSecrets.insert(QStringLiteral("daily"), dailySecret);
        session = std::make_unique<Session>(options);
    }
    ~PushHost()
    {
        session->setPushSubscriptions(nullptr);
        session->triggerHub()->setStore(nullptr);
    }
    bool start(QString *error)
    {
        if (!session->load(error))
            return false;
        session->runtime()->setLicense(bundleLicense());
        session->triggerHub()->setStore(store.get());
        push = std::make_unique<PushSubscriptions>(session->triggerHub(), store.get(), fastOptions());
        if (!push->start(error))
            return false;
        session->setPushSubscriptions(push.get());
        api = std::make_unique<ActionApi>(session.get(), &host);
        new SubscriptionApi(push.get(), session->triggerHub(), api.get(), &host); // owned by the api
        if (!host.listen(error))
            return false;
        base = host.url().toString() + QStringLiteral("/v1/triggers/") + knocking + QStringLiteral("/subscriptions");
        return true;
    }

    std::unique_ptr<Store> store = Store::open(Store::inMemory(), nullptr);
    std::unique_ptr<Session> session;
    std::unique_ptr<PushSubscriptions> push;
    HttpHost host{HttpHostOptions()};
    std::unique_ptr<ActionApi> api;
    QString base; //!< the knocking trigger's subscriptions
};

} // namespace

class TestPush : public QObject
{
    Q_OBJECT

private:
    Runtime m_runtime;

    std::unique_ptr<TriggerHub> makeHub(Store *store)
    {
        auto hub = std::make_unique<TriggerHub>(&m_runtime);
        QString error;
        hub->setWebhookSecret(QStringLiteral("daily"), dailySecret, &error);
        hub->setStore(store);
        return hub;
    }
    static void deliver(TriggerHub &hub, const QString &id, const QString &room = QStringLiteral("standup"))
    {
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        const QByteArray body = knockEvent(id, room);
        QCOMPARE(hub.receiveWebhook(QStringLiteral("daily"), timestamp,
                                    WebhookVerifier::sign(dailySecret, timestamp, body), body)
                     .status,
                 200);
    }
    static QString created(const ActionResult &result, QString *secret = nullptr)
    {
        if (!result.isSuccess())
            qWarning() << result.toJson();
        const QJsonObject answer = result.outputs.toJsonObject();
        if (secret)
            *secret = answer.value(QLatin1String("secret")).toString();
        return answer.value(QLatin1String("subscription")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_runtime.discoverPlugins();
        m_runtime.setLicense(bundleLicense());
        QVERIFY2(m_runtime.license().isValid(), qPrintable(m_runtime.license().errorString()));
    }

    void secretsAndSignatures()
    {
        const QString secret = WebhookSigner::generateSecret();
        QVERIFY(secret.startsWith(QLatin1String("whsec_")));
        QCOMPARE(QByteArray::fromBase64(secret.mid(6).toLatin1()).size(), 32);
        QVERIFY(WebhookSigner::isSecret(secret));
        QVERIFY(secret != WebhookSigner::generateSecret());
        const QByteArray body = R"({"trigger":"x","log_id":7})";
        QCOMPARE(WebhookSigner::signatureHeader({secret}, "msg_1", 1893456000, body),
                 expectedSignature(secret, "msg_1", "1893456000", body));
        // During a rotation's overlap: the new secret's signature, then the old one's.
        const QString previous = WebhookSigner::generateSecret();
        QCOMPARE(WebhookSigner::signatureHeader({secret, previous}, "msg_1", 1893456000, body),
                 expectedSignature(secret, "msg_1", "1893456000", body) + ' '
                     + expectedSignature(previous, "msg_1", "1893456000", body));
    }

    void targetRules_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("resolved");
        QTest::addColumn<bool>("allowLoopback");
        QTest::addColumn<bool>("allowPrivate");
        QTest::addColumn<QString>("refusal"); // empty: allowed
        const QStringList none;
        QTest::newRow("public") << "https://hooks.example/in" << QStringList{"93.184.216.34"} << false << false << "";
        QTest::newRow("metadata") << "https://169.254.169.254/latest" << none << false << false << "metadata";
        QTest::newRow("10/8") << "https://10.0.0.1/" << none << false << false << "private";
        QTest::newRow("192.168/16") << "https://192.168.1.1/" << none << false << false << "private";
        QTest::newRow("172.16/12") << "https://172.16.5.4/" << none << false << false << "private";
        QTest::newRow("unique local") << "https://[fd00::1]/" << none << false << false << "private";
        QTest::newRow("link-local v6") << "https://[fe80::1]/" << none << false << false << "private";
        QTest::newRow("mapped v4") << "https://[::ffff:10.0.0.1]/" << none << false << false << "private";
        QTest::newRow("name to private") << "https://internal.example/" << QStringList{"10.1.2.3"} << false << false
                                         << "10.1.2.3 is a private";
        QTest::newRow("one private answer of two")
            << "https://mixed.example/" << QStringList{"93.184.216.34", "192.168.0.9"} << false << false << "private";
        QTest::newRow("name to metadata")
            << "https://meta.example/" << QStringList{"169.254.169.254"} << false << false << "metadata";
        QTest::newRow("private allowed") << "https://10.0.0.1/" << none << false << true << "";
        QTest::newRow("loopback, flag off") << "https://127.0.0.1:8443/" << none << false << false << "loopback";
        QTest::newRow("localhost, flag off") << "https://localhost/" << none << false << false << "loopback";
        QTest::newRow("name to loopback, flag off")
            << "https://hook.example/" << QStringList{"127.0.0.1"} << false << false << "loopback";
        QTest::newRow("http loopback, flag on") << "http://127.0.0.1:9/" << none << true << false << "";
        QTest::newRow("http public") << "http://hooks.example/" << QStringList{"93.184.216.34"} << true << false
                                     << "https";
        QTest::newRow("http, flag off") << "http://127.0.0.1:9/" << none << false << false << "https";
        QTest::newRow("user info") << "https://u:p@hooks.example/" << none << false << false << "user";
        QTest::newRow("unspecified") << "https://0.0.0.0/" << none << false << false << "not an address";
        QTest::newRow("relative") << "/hooks" << none << false << false << "absolute";
    }
    void targetRules()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, resolved);
        QFETCH(bool, allowLoopback);
        QFETCH(bool, allowPrivate);
        QFETCH(QString, refusal);
        QStringList looked;
        TargetPolicy policy({allowLoopback, allowPrivate},
                            [&](const QString &host, QObject *, const TargetPolicy::Done &done) {
                                looked.append(host);
                                QList<QHostAddress> addresses;
                                for (const QString &address : resolved)
                                    addresses.append(QHostAddress(address));
                                if (addresses.isEmpty())
                                    addresses.append(QHostAddress(QUrl(url).host()));
                                done(addresses, {});
                            });
        bool called = false;
        TargetPolicy::Checked checked;
        policy.check(QUrl(url), this, [&](const TargetPolicy::Checked &result) {
            called = true;
            checked = result;
        });
        QVERIFY(called);
        if (refusal.isEmpty()) {
            QVERIFY2(checked.error.isEmpty(), qPrintable(checked.error));
            QVERIFY(!checked.address.isNull());
        } else {
            QVERIFY2(checked.error.contains(refusal), qPrintable(checked.error));
            QVERIFY(checked.address.isNull());
        }
    }

    void deliversSignedEventsInOrder()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        PushSubscriptions push(hub.get(), store.get(), fastOptions());
        QVERIFY(push.start(nullptr));
        deliver(*hub, QStringLiteral("before")); // logged before the subscription: not its business
        QString secret;
        const QString id = created(push.create(knocking, {{QStringLiteral("room"), QStringLiteral("standup")}},
                                               receiver.url()),
                                   &secret);
        QVERIFY(id.startsWith(QLatin1String("sub_")));
        deliver(*hub, QStringLiteral("k1"));
        deliver(*hub, QStringLiteral("elsewhere"), QStringLiteral("boardroom")); // filtered out
        deliver(*hub, QStringLiteral("k2"));
        deliver(*hub, QStringLiteral("k3"));
        QTRY_COMPARE(receiver.requests.size(), 3);
        QList<QByteArray> eventIds;
        for (const Receiver::Request &request : receiver.requests) {
            QCOMPARE(request.headers.value("content-type"), "application/json");
            const QByteArray webhookId = request.headers.value("webhook-id");
            const QByteArray timestamp = request.headers.value("webhook-timestamp");
            QVERIFY(qAbs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
            QCOMPARE(request.headers.value("webhook-signature"),
                     expectedSignature(secret, webhookId, timestamp, request.body));
            const QJsonObject event = QJsonDocument::fromJson(request.body).object();
            QCOMPARE(event.value("trigger").toString(), knocking);
            QVERIFY(webhookId.endsWith("_" + QByteArray::number(event.value("log_id").toInteger())));
            eventIds.append(event.value("event_id").toString().toUtf8());
        }
        QCOMPARE(eventIds, (QList<QByteArray>{"k1", "k2", "k3"}));
        const QJsonArray log = push.deliveries(knocking, id, 10).outputs.toJsonObject().value("deliveries").toArray();
        QCOMPARE(log.size(), 3);
        QCOMPARE(log.first()["status"].toInt(), 200);
        QVERIFY(log.first()["succeeded"].toBool());
        QVERIFY(!QJsonDocument(push.list(knocking).outputs.toJsonObject()).toJson().contains(secret.toLatin1()));
    }

    void retriesUntilTheReceiverRecovers_data()
    {
        QTest::addColumn<QList<QByteArray>>("script");
        QTest::newRow("500") << QList<QByteArray>{"500", "503", "200"};
        QTest::newRow("timeout") << QList<QByteArray>{"hang", "200"};
        // Never followed, so the private address it names is never connected to: the event is retried at the target.
        QTest::newRow("redirect to a private address")
            << QList<QByteArray>{"307 http://10.0.0.1/latest/meta-data", "200"};
    }
    void retriesUntilTheReceiverRecovers()
    {
        QFETCH(QList<QByteArray>, script);
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        receiver.script = script;
        PushSubscriptions push(hub.get(), store.get(), fastOptions());
        QVERIFY(push.start(nullptr));
        const QString id = created(push.create(knocking, {}, receiver.url()));
        deliver(*hub, QStringLiteral("r1"));
        deliver(*hub, QStringLiteral("r2"));
        QTRY_COMPARE(receiver.accepted().size(), 2);
        const QList<QByteArray> accepted = receiver.accepted();
        QVERIFY(accepted.first() != accepted.last());
        // The failed attempts carried the first event's id: it was retried, not skipped.
        for (const Receiver::Request &request : receiver.requests.mid(0, script.size()))
            QCOMPARE(request.headers.value("webhook-id"), accepted.first());
        QCOMPARE(QJsonDocument::fromJson(receiver.requests.last().body).object()["event_id"].toString(), "r2");
        const QJsonArray log = push.deliveries(knocking, id, 10).outputs.toJsonObject()["deliveries"].toArray();
        QCOMPARE(log.size(), script.size() + 1);
        QCOMPARE(log.last()["attempt"].toInt(), 1);
        QVERIFY(!log.last()["succeeded"].toBool());
        QVERIFY(!log.last()["error"].toString().isEmpty());
    }

    // Order is kept per subscription: a failing target holds back its own later events, nobody else's.
    void aFailingTargetHoldsUpOnlyItsSubscription()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver failing;
        failing.script = {"500"};
        Receiver healthy;
        PushOptions options = fastOptions();
        options.retryDelaysMs = {60000};
        PushSubscriptions push(hub.get(), store.get(), options);
        QVERIFY(push.start(nullptr));
        created(push.create(knocking, {}, failing.url()));
        created(push.create(knocking, {}, healthy.url()));
        for (const char *id : {"o1", "o2", "o3"})
            deliver(*hub, QLatin1String(id));
        QTRY_COMPARE(healthy.accepted().size(), 3);
        QStringList order;
        for (const Receiver::Request &request : std::as_const(healthy.requests))
            order.append(QJsonDocument::fromJson(request.body).object()["event_id"].toString());
        QCOMPARE(order, (QStringList{"o1", "o2", "o3"}));
        QTest::qWait(200);
        QCOMPARE(failing.requests.size(), 1); // o1, waiting for its retry; o2 and o3 wait behind it
        QCOMPARE(QJsonDocument::fromJson(failing.requests.first().body).object()["event_id"].toString(), "o1");
    }

    void retryAfterIsHonoured()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        receiver.script = {"429 1", "200"};
        PushSubscriptions push(hub.get(), store.get(), fastOptions());
        QVERIFY(push.start(nullptr));
        created(push.create(knocking, {}, receiver.url()));
        QElapsedTimer clock;
        clock.start();
        deliver(*hub, QStringLiteral("slow"));
        QTRY_COMPARE(receiver.accepted().size(), 1);
        QVERIFY2(clock.elapsed() >= 950, qPrintable(QString::number(clock.elapsed()))); // not the 50 ms schedule
    }

    void goneEndsTheSubscription()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        receiver.script = {"410"};
        PushSubscriptions push(hub.get(), store.get(), fastOptions());
        QVERIFY(push.start(nullptr));
        QSignalSpy disabled(&push, &PushSubscriptions::subscriptionDisabled);
        const QString id = created(push.create(knocking, {}, receiver.url()));
        deliver(*hub, QStringLiteral("g1"));
        QTRY_COMPARE(disabled.size(), 1);
        QVERIFY(disabled.first().at(1).toString().contains(QLatin1String("410")));
        deliver(*hub, QStringLiteral("g2"));
        QTest::qWait(200);
        QCOMPARE(receiver.requests.size(), 1);
        const QJsonObject listed =
            push.list(knocking).outputs.toJsonObject()["subscriptions"].toArray().first().toObject();
        QCOMPARE(listed["state"].toString(), "disabled");
        // Redelivering enables it again and sends from where it stopped.
        receiver.script = {"410", "200"};
        QVERIFY(push.redeliver(knocking, id).isSuccess());
        QTRY_COMPARE(receiver.accepted().size(), 2);
    }

    void keepsFailingThenDisabled()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        receiver.script = {"500"};
        PushSubscriptions push(hub.get(), store.get(), fastOptions());
        QVERIFY(push.start(nullptr));
        QSignalSpy disabled(&push, &PushSubscriptions::subscriptionDisabled);
        created(push.create(knocking, {}, receiver.url()));
        deliver(*hub, QStringLiteral("f1"));
        QTRY_COMPARE(disabled.size(), 1);
        QCOMPARE(receiver.requests.size(), 4); // the first attempt and three retries
        QVERIFY(disabled.first().at(1).toString().contains(QLatin1String("4 attempts")));
    }

    void restartedHostLosesNothing()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("store.sqlite")), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        receiver.script = {"500"};
        // Long enough that a restart under a sanitizer on a busy machine stays well inside the
        // first retry's wait (the jitter may shorten it to 2.4 s).
        PushOptions slow = fastOptions();
        slow.retryDelaysMs = {3000, 3000};
        {
            PushSubscriptions push(hub.get(), store.get(), slow);
            QVERIFY(push.start(nullptr));
            const QString id = created(push.create(knocking, {}, receiver.url()));
            deliver(*hub, QStringLiteral("d1"));
            deliver(*hub, QStringLiteral("d2"));
            QTRY_COMPARE(receiver.requests.size(), 1);
            // The host has read the 500 and kept the retry time: the attempt is logged as the time is saved. A
            // host stopped before it read the answer rightly sends again at once.
            QTRY_VERIFY(!push.deliveries(knocking, id, 10).outputs.toJsonObject()["deliveries"].toArray().isEmpty());
        }
        // Down: the host stops while the first event waits 3 s for its retry.
        hub.reset();
        store.reset();
        receiver.script = {"200"};
        store = Store::open(dir.filePath(QStringLiteral("store.sqlite")), nullptr);
        hub = makeHub(store.get());
        PushSubscriptions restarted(hub.get(), store.get(), fastOptions());
        QVERIFY(restarted.start(nullptr));
        QTest::qWait(300);
        QCOMPARE(receiver.requests.size(), 1); // the kept retry time holds
        // Then the restarted host retries, as the first would have.
        QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted().size(), 2, 10000);
        QCOMPARE(QJsonDocument::fromJson(receiver.requests.at(1).body).object()["event_id"].toString(), "d1");
        QCOMPARE(QJsonDocument::fromJson(receiver.requests.at(2).body).object()["event_id"].toString(), "d2");
    }

    // The subscriptions command on the host's store: what it makes, rotates and removes, the running host
    // takes up at its next read of the store.
    void anotherProcessManagesTheSubscriptions()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("store.sqlite"));
        auto hostStore = Store::open(location, nullptr);
        auto hostHub = makeHub(hostStore.get());
        PushOptions hostOptions = fastOptions();
        hostOptions.followIntervalMs = 50;
        PushSubscriptions host(hostHub.get(), hostStore.get(), hostOptions);
        QVERIFY(host.start(nullptr));
        auto commandStore = Store::open(location, nullptr);
        auto commandHub = makeHub(commandStore.get());
        PushOptions commandOptions = fastOptions();
        commandOptions.delivers = false;
        Receiver receiver;

        PushSubscriptions command(commandHub.get(), commandStore.get(), commandOptions);
        QVERIFY(command.start(nullptr));
        QString secret;
        const QString id = created(command.create(knocking, {}, receiver.url()), &secret);
        QTRY_COMPARE(host.list(knocking).outputs.toJsonObject()["subscriptions"].toArray().size(), 1);
        deliver(*hostHub, QStringLiteral("m1"));
        QTRY_COMPARE(receiver.accepted().size(), 1);
        const Receiver::Request first = receiver.requests.first();
        QCOMPARE(first.headers.value("webhook-signature"),
                 expectedSignature(secret, first.headers.value("webhook-id"), first.headers.value("webhook-timestamp"),
                                   first.body));

        const QString rotated = command.rotateSecret({}, id).outputs.toJsonObject()["secret"].toString();
        QVERIFY(rotated.startsWith(QLatin1String("whsec_")));
        QTest::qWait(200); // the host reads the store again
        deliver(*hostHub, QStringLiteral("m2"));
        QTRY_COMPARE(receiver.accepted().size(), 2);
        const Receiver::Request second = receiver.requests.last();
        const QByteArray signedWith = expectedSignature(rotated, second.headers.value("webhook-id"),
                                                        second.headers.value("webhook-timestamp"), second.body);
        QVERIFY(second.headers.value("webhook-signature").startsWith(signedWith + ' '));
        // The host's cursor, written after that delivery, kept the command's secret.
        QCOMPARE(commandStore->subscriptions(nullptr)->first().secret, rotated);

        QVERIFY(command.remove({}, id).isSuccess());
        QTRY_COMPARE(host.list(knocking).outputs.toJsonObject()["subscriptions"].toArray().size(), 0);
        deliver(*hostHub, QStringLiteral("m3"));
        QTest::qWait(300);
        QCOMPARE(receiver.requests.size(), 2);
    }

    void loopbackTargetRefusedWithoutTheFlag()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        Receiver receiver;
        PushOptions options = fastOptions();
        options.allowLoopbackTargets = false;
        options.resolver = [](const QString &, QObject *, const PushOptions::ResolverDone &done) {
            done({QHostAddress(QHostAddress::LocalHost)}, {});
        };
        PushSubscriptions push(hub.get(), store.get(), options);
        QVERIFY(push.start(nullptr));
        const ActionResult refused = push.create(knocking, {}, receiver.url());
        QVERIFY(!refused.isSuccess());
        QCOMPARE(refused.errors.first().code, "invalid_input");
        QCOMPARE(refused.errors.first().field, "target_url");
        // A name that resolves to loopback passes the URL check and is refused after resolution.
        const QString id = created(
            push.create(knocking, {}, QStringLiteral("https://hook.example:%1/in").arg(receiver.server.serverPort())));
        deliver(*hub, QStringLiteral("l1"));
        QTRY_VERIFY(!push.deliveries(knocking, id, 10).outputs.toJsonObject()["deliveries"].toArray().isEmpty());
        const QJsonObject attempt =
            push.deliveries(knocking, id, 10).outputs.toJsonObject()["deliveries"].toArray().first().toObject();
        QVERIFY2(attempt["error"].toString().contains(QLatin1String("loopback")),
                 qPrintable(attempt["error"].toString()));
        QTest::qWait(200);
        QCOMPARE(receiver.connections, 0);
    }

    void httpRoutes()
    {
        PushHost served;
        QString error;
        QVERIFY2(served.start(&error), qPrintable(error));
        QNetworkAccessManager network;
        const QString &base = served.base;
        Receiver receiver;

        HttpAnswer answer = sendRequest(network, "POST", QUrl(base),
                                        compactJson(QJsonObject{{"target_url", receiver.url()},
                                                                {"filters", QJsonObject{{"room", "standup"}}}}));
        QCOMPARE(answer.status, 201);
        const QString id = answer.json()["subscription"].toString();
        const QString secret = answer.json()["secret"].toString();
        QVERIFY(WebhookSigner::isSecret(secret));
        QCOMPARE(answer.json()["target_url"].toString(), receiver.url());

        answer = sendRequest(network, "GET", QUrl(base));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json()["subscriptions"].toArray().size(), 1);
        QVERIFY(!answer.body.contains(secret.toLatin1()));

        answer = sendRequest(network, "POST", QUrl(base), compactJson(QJsonObject{{"target_url", "http://10.0.0.1/"}}));
        QCOMPARE(answer.status, 422);
        answer = sendRequest(network, "POST", QUrl(base),
                             compactJson(QJsonObject{{"filters", QJsonObject{{"nope", 1}}}}));
        QVERIFY2(answer.status == 400 || answer.status == 422, answer.body.constData());
        answer = sendRequest(network, "POST", QUrl(base), compactJson(QJsonObject{{"target", "x"}}));
        QCOMPARE(answer.status, 422);
        answer = sendRequest(network, "GET",
                             QUrl(served.host.url().toString() + "/v1/triggers/daily.nothing/subscriptions"));
        QCOMPARE(answer.status, 404);

        answer = sendRequest(network, "POST", QUrl(base + "/" + id + "/rotate-secret"), "");
        QCOMPARE(answer.status, 200);
        const QString rotated = answer.json()["secret"].toString();
        QVERIFY(rotated != secret && WebhookSigner::isSecret(rotated));
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        const QByteArray body = knockEvent(QStringLiteral("h1"), QStringLiteral("standup"));
        QCOMPARE(served.session->triggerHub()
                     ->receiveWebhook("daily", timestamp, WebhookVerifier::sign(dailySecret, timestamp, body), body)
                     .status,
                 200);
        QTRY_COMPARE(receiver.requests.size(), 1);
        const Receiver::Request &request = receiver.requests.first();
        const QByteArray webhookId = request.headers.value("webhook-id");
        const QByteArray sentAt = request.headers.value("webhook-timestamp");
        QCOMPARE(request.headers.value("webhook-signature"),
                 expectedSignature(rotated, webhookId, sentAt, request.body) + ' '
                     + expectedSignature(secret, webhookId, sentAt, request.body));

        // The attempt is logged once the receiver's answer is read, which may follow its receipt.
        const QUrl deliveries(base + "/" + id + "/deliveries?limit=5");
        QTRY_COMPARE(sendRequest(network, "GET", deliveries).json()["deliveries"].toArray().size(), 1);
        answer = sendRequest(network, "GET", deliveries);
        QCOMPARE(answer.status, 200);
        answer = sendRequest(network, "POST", QUrl(base + "/" + id + "/redeliver"),
                             compactJson(QJsonObject{{"after_log_id", 0}}));
        QCOMPARE(answer.status, 200);
        QTRY_COMPARE(receiver.requests.size(), 2);
        QCOMPARE(receiver.requests.at(1).headers.value("webhook-id"), webhookId);

        answer = sendRequest(network, "GET", QUrl(served.host.url().toString() + "/openapi.json"));
        const QJsonObject paths = QJsonDocument::fromJson(answer.body).object()["paths"].toObject();
        for (const char *path :
             {"/v1/triggers/{trigger}/subscriptions", "/v1/triggers/{trigger}/subscriptions/{subscription}",
              "/v1/triggers/{trigger}/subscriptions/{subscription}/rotate-secret",
              "/v1/triggers/{trigger}/subscriptions/{subscription}/deliveries",
              "/v1/triggers/{trigger}/subscriptions/{subscription}/redeliver"})
            QVERIFY2(paths.contains(QLatin1String(path)), path);

        answer = sendRequest(network, "DELETE", QUrl(base + "/" + id));
        QCOMPARE(answer.status, 200);
        answer = sendRequest(network, "DELETE", QUrl(base + "/" + id));
        QCOMPARE(answer.status, 404);
    }

    void subscriptionsBelongToTheAccountThatMadeThem()
    {
        PushHost served;
        QString error;
        QVERIFY2(served.start(&error), qPrintable(error));
        QNetworkAccessManager network;
        const QString &base = served.base;
        const auto account = [](const char *key) {
            const QJsonObject daily{{"api_key", key}, {"domain", "acme"}, {"domain_id", "d-1"}};
            return HttpHeaders{{"X-ActionNode-Connection", compactJson(QJsonObject{{"daily", daily}}).toBase64()}};
        };
        const QByteArray target = compactJson(QJsonObject{{"target_url", "https://hooks.example/in"}});
        HttpAnswer answer = sendRequest(network, "POST", QUrl(base), target, account("key-of-a"));
        QCOMPARE(answer.status, 201);
        const QString ofA = answer.json()["subscription"].toString();
        QCOMPARE(sendRequest(network, "POST", QUrl(base), target).status, 201); // the host's own account

        const auto listed = [&](const HttpHeaders &headers) {
            return sendRequest(network, "GET", QUrl(base), {}, headers).json()["subscriptions"].toArray();
        };
        QCOMPARE(listed(account("key-of-a")).size(), 1);
        QCOMPARE(listed(account("key-of-a")).first()["subscription"].toString(), ofA);
        QCOMPARE(listed(account("key-of-b")).size(), 0);
        QCOMPARE(listed({}).size(), 1);
        QVERIFY(listed({}).first()["subscription"].toString() != ofA);
        // Another account, or none, cannot see, rotate, redeliver or delete A's: 404, as if it did not exist.
        for (const HttpHeaders &other : {account("key-of-b"), HttpHeaders()}) {
            QCOMPARE(sendRequest(network, "GET", QUrl(base + "/" + ofA + "/deliveries"), {}, other).status, 404);
            QCOMPARE(sendRequest(network, "POST", QUrl(base + "/" + ofA + "/rotate-secret"), "", other).status, 404);
            QCOMPARE(sendRequest(network, "POST", QUrl(base + "/" + ofA + "/redeliver"), "", other).status, 404);
            QCOMPARE(sendRequest(network, "DELETE", QUrl(base + "/" + ofA), {}, other).status, 404);
        }
        QCOMPARE(sendRequest(network, "DELETE", QUrl(base + "/" + ofA), {}, account("key-of-a")).status, 200);
        // The store keeps a digest of the account, never its key.
        const std::optional<QList<StoredSubscription>> kept = served.store->subscriptions(&error);
        QVERIFY(kept && kept->size() == 1);
        for (const StoredSubscription &subscription : *kept)
            QVERIFY(!QJsonDocument(subscription.toJson()).toJson().contains("key-of")
                    && !subscription.owner.contains("key-of"));
    }

    void refusedSubscriptions()
    {
        auto store = Store::open(Store::inMemory(), nullptr);
        auto hub = makeHub(store.get());
        PushOptions options = fastOptions();
        options.maxSubscriptions = 1;
        PushSubscriptions push(hub.get(), store.get(), options);
        QVERIFY(push.start(nullptr));
        const auto codeOf = [](const ActionResult &result) { return result.errors.value(0).code; };
        QCOMPARE(codeOf(push.create(QStringLiteral("daily.nothing"), {}, {})), "unknown_trigger");
        QCOMPARE(codeOf(push.create(knocking, {{QStringLiteral("nope"), 1}}, {})), "invalid_input");
        QCOMPARE(codeOf(push.create(knocking, {}, QStringLiteral("https://hooks.example/") + QString(2048, 'a'))),
                 "invalid_input");
        QVERIFY(push.create(knocking, {}, {}).isSuccess());
        QCOMPARE(codeOf(push.create(knocking, {}, {})), "too_many_streams");
        QCOMPARE(push.list(knocking).outputs.toJsonObject()["subscriptions"].toArray().size(), 1);
        QCOMPARE(store->subscriptions(nullptr)->size(), 1);
    }

    void sessionSubscribesTargets()
    {
        Session bare;
        QString error;
        QVERIFY(bare.load(&error));
        QCOMPARE(bare.subscribeTarget(knocking, {}, QStringLiteral("https://hooks.example/")).errors.first().code,
                 "not_configured");
        PushHost served;
        QVERIFY2(served.start(&error), qPrintable(error));
        Session &session = *served.session;
        const QString id = created(session.subscribeTarget(knocking, {}, QStringLiteral("https://hooks.example/")));
        QCOMPARE(session.subscriptions(knocking).outputs.toJsonObject()["subscriptions"].toArray().size(), 1);
        QVERIFY(session.unsubscribe(id).isSuccess());
        QCOMPARE(session.unsubscribe(id).errors.first().code, "not_found");
    }
};

QTEST_MAIN(TestPush)
#include "tst_push.moc"
