// Trigger nodes: declarations, Daily's webhook signatures, deduplication,
// filters, fan-out with bounded queues, the bundle gate, the HTTP routes and
// the emulator's webhooks, in-process.

#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "dailywebhooks.h"
#include "emulatorserver.h"

#include <actionnode/errorcodes.h>
#include <actionnode/httpexchange.h>
#include <actionnode/httphost.h>
#include <actionnode/license.h>
#include <actionnode/runtime.h>
#include <actionnode/store.h>
#include <actionnode/triggerhttproutes.h>
#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QFile>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

Q_DECLARE_METATYPE(ActionNode::WebhookVerifier::Verdict)

namespace {

const QByteArray secret = QByteArrayLiteral("c2VjcmV0LWZvci10cmlnZ2VyLXRlc3RzLTdmM2E5Yw=="); // base64
const QByteArray otherSecret = QByteArrayLiteral("b3RoZXItc2VjcmV0LTEyMzQ1Njc4OTA=");
constexpr qint64 fixedNow = 1893456000;
const QString knocking = QStringLiteral("daily.waiting_participant_joined");

QByteArray now()
{
    return QByteArray::number(QDateTime::currentSecsSinceEpoch());
}

//! The hub's routes on a loopback HttpHost of their own.
struct HubServer
{
    explicit HubServer(TriggerHub *hub, TriggerHttpRoutes::Routes served = TriggerHttpRoutes::Routes::WebhooksAndEvents)
        : routes(hub)
    {
        routes.addTo(&host, served);
        QString error;
        port = host.listen(&error) ? quint16(host.url().port()) : 0;
    }
    HttpHost host{HttpHostOptions()};
    TriggerHttpRoutes routes;
    quint16 port = 0;
};

} // namespace

class TestTriggers : public QObject
{
    Q_OBJECT

private:
    Runtime m_runtime;

    std::unique_ptr<TriggerHub> makeHub()
    {
        auto hub = std::make_unique<TriggerHub>(&m_runtime);
        QString error;
        hub->setWebhookSecret(QStringLiteral("daily"), secret, &error);
        return hub;
    }
    TriggerHub::Receipt deliver(TriggerHub &hub, const QByteArray &body)
    {
        const QByteArray timestamp = now();
        return hub.receiveWebhook(QStringLiteral("daily"), timestamp, WebhookVerifier::sign(secret, timestamp, body),
                                  body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_runtime.discoverPlugins();
        m_runtime.setLicense(bundleLicense());
        QVERIFY2(m_runtime.license().isValid(), qPrintable(m_runtime.license().errorString()));
    }

    void declarations_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("eventType");
        QTest::newRow("knocking") << knocking << "waiting-participant.joined";
        QTest::newRow("joined") << "daily.participant_joined"
                                << "participant.joined";
        QTest::newRow("left") << "daily.participant_left"
                              << "participant.left";
        QTest::newRow("meeting started") << "daily.meeting_started"
                                         << "meeting.started";
        QTest::newRow("meeting ended") << "daily.meeting_ended"
                                       << "meeting.ended";
        QTest::newRow("recording") << "daily.recording_ready_to_download"
                                   << "recording.ready-to-download";
        QTest::newRow("transcript") << "daily.transcript_ready_to_download"
                                    << "transcript.ready-to-download";
    }
    void declarations()
    {
        QFETCH(QString, id);
        QFETCH(QString, eventType);
        QVERIFY(m_runtime.knownTriggerIds().contains(id));
        const TriggerSpec trigger = m_runtime.trigger(id);
        QVERIFY2(!trigger.hasError(), qPrintable(trigger.errorString()));
        QCOMPARE(trigger.eventTypes(), QStringList{eventType});
        QCOMPARE(trigger.bundle().id, QStringLiteral("video_audio_live"));
        QCOMPARE(trigger.bundle().title, QStringLiteral("Video, Audio & Live Bundle"));
        QCOMPARE(trigger.sampleEvent().value(QLatin1String("type")).toString(), eventType);
        // The sample is what the trigger reads from Daily's documented event...
        QCOMPARE(trigger.outputsFor(trigger.sampleEvent()), trigger.sample());
        // ...and it matches the declared output schema.
        const ActionErrors violations = trigger.validateOutputs(trigger.sample());
        QVERIFY2(violations.isEmpty(), qPrintable(violations.isEmpty() ? QString() : violations.first().toString()));
        // The check can fail: a sample of the wrong type is refused.
        QJsonObject wrong = trigger.sample();
        wrong.insert(QStringLiteral("room"), 42);
        QVERIFY(!trigger.validateOutputs(wrong).isEmpty());
        for (const FieldSpec &output : trigger.outputs())
            QVERIFY2(!output.label().isEmpty() && trigger.sample().contains(output.key()), qPrintable(output.key()));
    }

    void brokenDeclarations_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no event types") << R"({"eventTypes": []})"
                                        << "/eventTypes";
        QTest::newRow("not a trigger") << R"({"kind": "action"})"
                                       << "/kind";
        QTest::newRow("output without pointer")
            << R"({"outputs": {"type": "object", "properties": {"room": {"type": "string", "title": "Room", "description": "d"}}}})"
            << "/outputs/properties/room";
        QTest::newRow("filter on unknown output")
            << R"({"filters": {"type": "object", "additionalProperties": false, "properties": {"room": {"type": "string", "title": "R", "description": "d", "x-matches": "nowhere"}}}})"
            << "/filters/properties/room/x-matches";
    }
    void brokenDeclarations()
    {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        QJsonObject declaration = m_runtime.trigger(knocking).declaration();
        const QJsonObject patch = QJsonDocument::fromJson(change.toUtf8()).object();
        for (auto it = patch.begin(); it != patch.end(); ++it)
            declaration.insert(it.key(), it.value());
        const TriggerSpec broken = TriggerSpec::fromDeclaration(QJsonDocument(declaration).toJson(),
                                                                QStringLiteral("broken.json"));
        QVERIFY(broken.hasError());
        QVERIFY2(broken.errorString().startsWith(QStringLiteral("broken.json: ") + expected),
                 qPrintable(broken.errorString()));
    }

    void signature_data()
    {
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<WebhookVerifier::Verdict>("verdict");
        const QByteArray body = knockEvent(QStringLiteral("e1"), QStringLiteral("standup"));
        const QByteArray ts = QByteArray::number(fixedNow);
        const QByteArray good = WebhookVerifier::sign(secret, ts, body);
        using V = WebhookVerifier::Verdict;
        QTest::newRow("valid") << ts << good << body << V::Valid;
        QTest::newRow("valid, 299 s old")
            << QByteArray::number(fixedNow - 299)
            << WebhookVerifier::sign(secret, QByteArray::number(fixedNow - 299), body) << body << V::Valid;
        QTest::newRow("wrong secret") << ts << WebhookVerifier::sign(otherSecret, ts, body) << body << V::BadSignature;
        QTest::newRow("tampered body") << ts << good << knockEvent(QStringLiteral("e1"), QStringLiteral("boardroom"))
                                       << V::BadSignature;
        QTest::newRow("timestamp changed") << QByteArray::number(fixedNow - 1) << good << body << V::BadSignature;
        QTest::newRow("signature not base64") << ts << QByteArray("!!not-base64!!") << body << V::BadSignature;
        QTest::newRow("signature truncated") << ts << good.left(20) << body << V::BadSignature;
        QTest::newRow("stale") << QByteArray::number(fixedNow - 301)
                               << WebhookVerifier::sign(secret, QByteArray::number(fixedNow - 301), body) << body
                               << V::StaleTimestamp;
        QTest::newRow("future") << QByteArray::number(fixedNow + 301)
                                << WebhookVerifier::sign(secret, QByteArray::number(fixedNow + 301), body) << body
                                << V::FutureTimestamp;
        // Daily does not say seconds or milliseconds: both hold, within the same window.
        const auto signedAtMs = [&](qint64 ms) {
            return std::pair{QByteArray::number(ms), WebhookVerifier::sign(secret, QByteArray::number(ms), body)};
        };
        const auto [msNow, msNowSignature] = signedAtMs(fixedNow * 1000 + 999);
        QTest::newRow("milliseconds") << msNow << msNowSignature << body << V::Valid;
        const auto [ms299, ms299Signature] = signedAtMs((fixedNow - 299) * 1000);
        QTest::newRow("milliseconds, 299 s old") << ms299 << ms299Signature << body << V::Valid;
        const auto [ms301, ms301Signature] = signedAtMs((fixedNow - 301) * 1000);
        QTest::newRow("milliseconds, stale") << ms301 << ms301Signature << body << V::StaleTimestamp;
        const auto [msAhead, msAheadSignature] = signedAtMs((fixedNow + 301) * 1000);
        QTest::newRow("milliseconds, future") << msAhead << msAheadSignature << body << V::FutureTimestamp;
        QTest::newRow("milliseconds, signed as seconds") << msNow << good << body << V::BadSignature;
        QTest::newRow("missing timestamp") << QByteArray() << good << body << V::MissingHeaders;
        QTest::newRow("missing signature") << ts << QByteArray() << body << V::MissingHeaders;
        QTest::newRow("timestamp in words") << QByteArray("yesterday") << good << body << V::MalformedTimestamp;
        QTest::newRow("timestamp too long") << QByteArray(40, '9') << good << body << V::MalformedTimestamp;
    }
    void signature()
    {
        QFETCH(QByteArray, timestamp);
        QFETCH(QByteArray, signature);
        QFETCH(QByteArray, body);
        QFETCH(WebhookVerifier::Verdict, verdict);
        WebhookVerifier verifier;
        QString error;
        QVERIFY(verifier.setSecret(secret, &error));
        verifier.setClock([] { return fixedNow; });
        const WebhookVerifier::Result result = verifier.verify(timestamp, signature, body);
        QCOMPARE(result.verdict, verdict);
        QVERIFY(!result.reason.contains(QString::fromLatin1(secret)));
    }

    void signatureFromAnotherImplementation()
    {
        // Daily's scheme computed by Python's standard library, not by this code base.
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            QSKIP("python3 is not installed");
        const QByteArray body = knockEvent(QStringLiteral("py-1"), QStringLiteral("standup"));
        const QByteArray timestamp = now();
        const ProcessRun run = runProcess(
            python,
            {QStringLiteral("-c"),
             QStringLiteral("import base64, hashlib, hmac, sys\n"
                            "key = base64.b64decode(sys.argv[1])\n"
                            "message = sys.argv[2].encode() + b'.' + sys.stdin.buffer.read()\n"
                            "print(base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode())"),
             QString::fromLatin1(secret), QString::fromLatin1(timestamp)},
            QProcessEnvironment::systemEnvironment(), body, 10000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray signature = run.out.trimmed();
        QCOMPARE(signature, WebhookVerifier::sign(secret, timestamp, body));
        WebhookVerifier verifier;
        QString error;
        QVERIFY(verifier.setSecret(secret, &error));
        QVERIFY(verifier.verify(timestamp, signature, body).isValid());
    }

    void secretsRefused_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not base64") << QByteArray("secret with spaces!");
    }
    void secretsRefused()
    {
        QFETCH(QByteArray, secret);
        WebhookVerifier verifier;
        QString error;
        QVERIFY(!verifier.setSecret(secret, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(verifier.verify(now(), "x", "{}").verdict, WebhookVerifier::Verdict::NoSecret);
    }

    void receipts_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QByteArray body = knockEvent(QStringLiteral("r1"), QStringLiteral("standup"));
        const QByteArray ts = now();
        const auto signedBody = [&](const QByteArray &b) { return WebhookVerifier::sign(secret, ts, b); };
        QTest::newRow("accepted") << "daily" << ts << signedBody(body) << body << 200 << "accepted";
        QTest::newRow("endpoint check") << "daily" << QByteArray() << QByteArray() << QByteArray(R"({"test":"test"})")
                                        << 200 << "endpoint_check";
        QTest::newRow("unsigned event") << "daily" << QByteArray() << QByteArray() << body << 401
                                        << "invalid_timestamp";
        QTest::newRow("tampered") << "daily" << ts << signedBody(body)
                                  << knockEvent(QStringLiteral("r1"), QStringLiteral("x")) << 401
                                  << "invalid_signature";
        QTest::newRow("not JSON") << "daily" << ts << signedBody("{oops") << QByteArray("{oops") << 400 << "malformed";
        QTest::newRow("no id") << "daily" << ts << signedBody(R"({"type":"meeting.started","payload":{}})")
                               << QByteArray(R"({"type":"meeting.started","payload":{}})") << 400 << "malformed";
        const QByteArray longId = compactJson(QJsonObject{{"type", "meeting.started"},
                                                          {"id", QString(257, QLatin1Char('i'))},
                                                          {"payload", QJsonObject()}});
        QTest::newRow("id too long") << "daily" << ts << signedBody(longId) << longId << 400 << "malformed";
        QTest::newRow("payload not an object")
            << "daily" << ts << signedBody(R"({"type":"meeting.started","id":"x","payload":[]})")
            << QByteArray(R"({"type":"meeting.started","id":"x","payload":[]})") << 400 << "malformed";
        QByteArray rawNul = knockEvent(QStringLiteral("r-nul"), QStringLiteral("standup"));
        rawNul.replace("r-nul", QByteArray("r\0nul", 5));
        QTest::newRow("raw NUL in a string") << "daily" << ts << signedBody(rawNul) << rawNul << 400 << "malformed";
        QByteArray rawTab = knockEvent(QStringLiteral("r-tab"), QStringLiteral("standup"));
        rawTab.replace("Guest", "Gu\test");
        QTest::newRow("raw tab in a string") << "daily" << ts << signedBody(rawTab) << rawTab << 400 << "malformed";
        const QByteArray huge(TriggerHub::maxBodyBytes + 1, ' ');
        QTest::newRow("too large") << "daily" << ts << signedBody(huge) << huge << 413 << "too_large";
        QTest::newRow("no secret") << "signalwire" << ts << signedBody(body) << body << 503 << "not_configured";
        QTest::newRow("unknown provider") << "nobody" << ts << signedBody(body) << body << 404 << "unknown_provider";
    }
    void receipts()
    {
        QFETCH(QString, provider);
        QFETCH(QByteArray, timestamp);
        QFETCH(QByteArray, signature);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        auto hub = makeHub();
        ActionErrors errors;
        auto subscription = hub->subscribe(knocking, {}, &errors);
        QVERIFY(subscription);
        QSignalSpy triggered(hub.get(), &TriggerHub::triggered);
        const TriggerHub::Receipt receipt = hub->receiveWebhook(provider, timestamp, signature, body);
        QCOMPARE(receipt.status, status);
        QCOMPARE(receipt.code, code);
        // A refusal's code is one of the named error codes, answered with the status hosts give that code.
        if (status != 200) {
            const std::optional<ErrorCode> named = ErrorCodes::fromName(receipt.code);
            QVERIFY2(named, qPrintable(receipt.code));
            QCOMPARE(HttpReply::statusOf(*named), status);
        }
        // Only an accepted event reaches anyone.
        const int reached = code == QLatin1String("accepted") ? 1 : 0;
        QCOMPARE(receipt.subscribersReached, reached);
        QCOMPARE(subscription->takeEvents().size(), reached);
        QCOMPARE(triggered.size(), reached);
    }

    void duplicatesPassedOnOnce()
    {
        auto hub = makeHub();
        ActionErrors errors;
        auto subscription = hub->subscribe(knocking, {}, &errors);
        const QByteArray body = knockEvent(QStringLiteral("dup-1"), QStringLiteral("standup"));
        QCOMPARE(deliver(*hub, body).code, QStringLiteral("accepted"));
        QCOMPARE(deliver(*hub, body).code, QStringLiteral("duplicate"));
        QCOMPARE(deliver(*hub, body).status, 200); // acknowledged, so Daily stops retrying
        const QList<QJsonObject> events = subscription->takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().value(QLatin1String("event_id")).toString(), QStringLiteral("dup-1"));
        QCOMPARE(events.first().value(QLatin1String("outputs")).toObject().value(QLatin1String("room")).toString(),
                 QStringLiteral("standup"));
    }

    // An event received for one account reaches that account's subscribers only, live and from the log.
    void eventsReachOnlyTheirAccount()
    {
        auto hub = makeHub();
        Connection accountA = m_runtime.connection(QStringLiteral("daily"));
        accountA.setValue(QStringLiteral("api_key"), QStringLiteral("key-of-a"));
        accountA.setValue(QStringLiteral("domain"), QStringLiteral("acme"));
        InvokeOptions callerA;
        callerA.connections.append(accountA);
        const QString ownerA = callerA.ownerFor(QStringLiteral("daily"));
        QVERIFY(!ownerA.isEmpty() && !ownerA.contains(QStringLiteral("key-of-a")));
        ActionErrors errors;
        auto ofA = hub->subscribe(knocking, {}, &errors, 64, callerA);
        auto ofHost = hub->subscribe(knocking, {}, &errors);
        QVERIFY(ofA && ofHost);
        QCOMPARE(ofA->owner(), ownerA);
        QCOMPARE(ofHost->owner(), QString());

        const QByteArray forA = knockEvent(QStringLiteral("acct-a"), QStringLiteral("standup"));
        const QByteArray timestamp = now();
        QCOMPARE(hub->receiveWebhook(QStringLiteral("daily"), timestamp, WebhookVerifier::sign(secret, timestamp, forA),
                                     forA, ownerA)
                     .subscribersReached,
                 1);
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("acct-host"), QStringLiteral("standup"))).subscribersReached,
                 1);
        const auto ids = [](const QList<QJsonObject> &events) {
            QStringList ids;
            for (const QJsonObject &event : events)
                ids.append(event.value(QLatin1String("event_id")).toString());
            return ids;
        };
        QCOMPARE(ids(ofA->takeEvents()), QStringList{"acct-a"});
        QCOMPARE(ids(ofHost->takeEvents()), QStringList{"acct-host"});
        qint64 scanned = 0;
        QString error;
        QCOMPARE(ids(*hub->missedEvents(*ofA, 0, 100, &scanned, &error)), QStringList{"acct-a"});
        QCOMPARE(ids(*hub->missedEvents(*ofHost, 0, 100, &scanned, &error)), QStringList{"acct-host"});
    }

    // A webhook the host registered for an account: verified with its own secret, its events that account's.
    void endpointDeliveriesBelongToTheirAccount()
    {
        auto hub = makeHub();
        Connection account = m_runtime.connection(QStringLiteral("daily"));
        account.setValue(QStringLiteral("api_key"), QStringLiteral("key-of-b"));
        InvokeOptions caller;
        caller.connections.append(account);
        const QString owner = caller.ownerFor(QStringLiteral("daily"));
        const QByteArray ownSecret = QByteArrayLiteral("ZW5kcG9pbnQtc2VjcmV0LW9mLWFjY291bnQtYg==");
        const QString endpoint = QStringLiteral("mwh_00112233445566778899aabb");
        QString error;
        QVERIFY2(hub->setEndpointSecret(QStringLiteral("daily"), endpoint, ownSecret, owner, &error),
                 qPrintable(error));
        ActionErrors errors;
        auto ofAccount = hub->subscribe(knocking, {}, &errors, 64, caller);
        auto ofHost = hub->subscribe(knocking, {}, &errors);
        QVERIFY(ofAccount && ofHost);

        const QByteArray body = knockEvent(QStringLiteral("endpoint-b"), QStringLiteral("standup"));
        const QByteArray timestamp = now();
        const auto receive = [&](const QString &to, const QByteArray &signedWith) {
            return hub->receiveEndpointWebhook(QStringLiteral("daily"), to, timestamp,
                                               WebhookVerifier::sign(signedWith, timestamp, body), body);
        };
        QCOMPARE(receive(endpoint, secret).status, 401); // the provider-wide secret does not sign for it
        const TriggerHub::Receipt accepted = receive(endpoint, ownSecret);
        QCOMPARE(accepted.status, 200);
        QCOMPARE(accepted.subscribersReached, 1);
        QCOMPARE(ofAccount->takeEvents().size(), 1);
        QCOMPARE(ofHost->takeEvents().size(), 0);
        QCOMPARE(receive(QStringLiteral("mwh_ffffffffffffffffffffffff"), ownSecret).status, 404);
        hub->removeEndpoint(QStringLiteral("daily"), endpoint);
        QCOMPARE(receive(endpoint, ownSecret).status, 404);
    }

    void deduplicationKeepsIdsForTheReplayWindow()
    {
        auto hub = makeHub();
        StoreRetention retention;
        retention.maxEvents = 2;
        hub->store()->setRetention(retention);
        hub->setReplayWindow(300);
        qint64 clock = fixedNow;
        hub->setClock([&clock] { return clock; });
        const auto deliverAt = [&](const char *id) {
            const QByteArray body = knockEvent(QLatin1String(id), QStringLiteral("standup"));
            const QByteArray timestamp = QByteArray::number(clock);
            return hub->receiveWebhook(QStringLiteral("daily"), timestamp,
                                       WebhookVerifier::sign(secret, timestamp, body), body);
        };
        QCOMPARE(deliverAt("a").code, QStringLiteral("accepted"));
        QCOMPARE(deliverAt("b").code, QStringLiteral("accepted"));
        // Full of ids a replay could still use: a new event waits for a retry, "a" is not forgotten.
        clock += 100;
        const TriggerHub::Receipt full = deliverAt("c");
        QCOMPARE(full.status, 503);
        QCOMPARE(full.code, QStringLiteral("too_many_events"));
        QCOMPARE(deliverAt("a").code, QStringLiteral("duplicate"));
        // Once no delivery of "a" or "b" could verify any more, they make room.
        clock = fixedNow + 2 * 300;
        QCOMPARE(deliverAt("c").code, QStringLiteral("accepted"));
        QCOMPARE(deliverAt("c").code, QStringLiteral("duplicate"));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("trigger");
        QTest::addColumn<QJsonObject>("filters");
        QTest::addColumn<bool>("owner");
        QTest::addColumn<bool>("fires");
        const QString joined = QStringLiteral("daily.participant_joined");
        QTest::newRow("no filter") << knocking << QJsonObject() << false << true;
        QTest::newRow("same room") << knocking << QJsonObject{{"room", "standup"}} << false << true;
        QTest::newRow("other room") << knocking << QJsonObject{{"room", "boardroom"}} << false << false;
        QTest::newRow("owners only, guest") << joined << QJsonObject{{"is_owner", true}} << false << false;
        QTest::newRow("owners only, owner") << joined << QJsonObject{{"is_owner", true}} << true << true;
        QTest::newRow("room and owner") << joined << QJsonObject{{"room", "standup"}, {"is_owner", false}} << false
                                        << true;
    }
    void filters()
    {
        QFETCH(QString, trigger);
        QFETCH(QJsonObject, filters);
        QFETCH(bool, owner);
        QFETCH(bool, fires);
        auto hub = makeHub();
        ActionErrors errors;
        auto subscription = hub->subscribe(trigger, filters, &errors);
        QVERIFY(subscription);
        QJsonObject event =
            QJsonDocument::fromJson(knockEvent(QStringLiteral("f1"), QStringLiteral("standup"), owner)).object();
        if (trigger != knocking)
            event.insert(QStringLiteral("type"), QStringLiteral("participant.joined"));
        QCOMPARE(deliver(*hub, compactJson(event)).status, 200);
        QCOMPARE(subscription->takeEvents().size(), fires ? 1 : 0);
    }

    void invalidFilters_data()
    {
        QTest::addColumn<QJsonObject>("filters");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown filter") << QJsonObject{{"colour", "red"}} << "/colour";
        QTest::newRow("bad room name") << QJsonObject{{"room", "no spaces allowed"}} << "/room";
        QTest::newRow("room not text") << QJsonObject{{"room", 7}} << "/room";
    }
    void invalidFilters()
    {
        QFETCH(QJsonObject, filters);
        QFETCH(QString, field);
        auto hub = makeHub();
        ActionErrors errors;
        QVERIFY(!hub->subscribe(knocking, filters, &errors));
        QVERIFY(!errors.isEmpty());
        QCOMPARE(errors.first().code, QStringLiteral("invalid_input"));
        QCOMPARE(errors.first().field, field);
    }

    void transcriptByRoomId_data()
    {
        QTest::addColumn<bool>("newerPage"); // the event's newer page adds room_name to the payload
        QTest::addColumn<QJsonObject>("filters");
        QTest::addColumn<bool>("fires");
        const QString documented = QStringLiteral("9e3c9e1b-bfbe-4753-b908-fd89cecfd4a7");
        const QString other = QStringLiteral("0b4e4c7c-5eaf-46fe-990b-a3fcf2f9d6ea");
        QTest::newRow("older page, every room") << false << QJsonObject() << true;
        QTest::newRow("older page, its room") << false << QJsonObject{{"room_id", documented}} << true;
        QTest::newRow("older page, another room") << false << QJsonObject{{"room_id", other}} << false;
        QTest::newRow("newer page, its room") << true << QJsonObject{{"room_id", documented}} << true;
        QTest::newRow("newer page, another room") << true << QJsonObject{{"room_id", other}} << false;
    }
    // A transcript delivery shaped as Daily's pages of the event show it: room_id always, room_name on the newer
    // page only; the trigger filters by room id, so a delivery without room_name is neither lost nor dropped.
    void transcriptByRoomId()
    {
        QFETCH(bool, newerPage);
        QFETCH(QJsonObject, filters);
        QFETCH(bool, fires);
        const QString trigger = QStringLiteral("daily.transcript_ready_to_download");
        QJsonObject payload{{"id", "68f65d4c-a4dc-4179-bbb1-c12432afb924"},
                            {"out_params", QJsonObject{{"s3", QJsonObject{{"key", "domain/room/1733234355482.vtt"},
                                                                          {"bucket", "daily-co-transcription-staging"},
                                                                          {"region", "us-west-2"}}}}},
                            {"room_id", "9e3c9e1b-bfbe-4753-b908-fd89cecfd4a7"},
                            {"mtg_session_id", "a2bc876d-2816-4732-9c87-01e0b8c0b01b"},
                            {"duration", 124.405},
                            {"participant_minutes", 4.1},
                            {"status", "t_finished"},
                            {"domain_id", "e3a1b2c4-0d5e-4f60-8a7b-9c0d1e2f3a4b"}};
        if (newerPage)
            payload.insert(QStringLiteral("room_name"), QStringLiteral("my-transcript-room"));
        const QJsonObject event{{"version", "1.1.0"},
                                {"type", "transcript.ready-to-download"},
                                {"id", "3431-tra-rtd-68f65d4c-a4dc-4179-bbb1-c12432afb924"},
                                {"payload", payload},
                                {"event_ts", 1733234480}};
        auto hub = makeHub();
        ActionErrors errors;
        auto subscription = hub->subscribe(trigger, filters, &errors);
        QVERIFY2(subscription, errors.isEmpty() ? "" : qPrintable(errors.first().toString()));
        QCOMPARE(deliver(*hub, compactJson(event)).status, 200);
        const QList<QJsonObject> events = subscription->takeEvents();
        QCOMPARE(events.size(), fires ? 1 : 0);
        if (!fires)
            return;
        const QJsonObject outputs = events.first().value(QLatin1String("outputs")).toObject();
        QCOMPARE(outputs.value("room_id").toString(), QStringLiteral("9e3c9e1b-bfbe-4753-b908-fd89cecfd4a7"));
        QCOMPARE(outputs.value("s3_key").toString(), QStringLiteral("domain/room/1733234355482.vtt"));
        QCOMPARE(outputs.contains("room"), newerPage);
        const ActionErrors violations = m_runtime.trigger(trigger).validateOutputs(outputs);
        QVERIFY2(violations.isEmpty(), violations.isEmpty() ? "" : qPrintable(violations.first().toString()));
        // The room's name is no filter: a delivery without it would be dropped.
        QVERIFY(!hub->subscribe(trigger, {{"room", "my-transcript-room"}}, &errors));
        QCOMPARE(errors.first().field, QStringLiteral("/room"));
    }

    void filterText_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("problem");
        QTest::newRow("text") << "room"
                              << "standup" << QJsonValue("standup") << false;
        QTest::newRow("boolean") << "is_owner"
                                 << "true" << QJsonValue(true) << false;
        QTest::newRow("bad boolean") << "is_owner"
                                     << "yes" << QJsonValue(QJsonValue::Undefined) << true;
        QTest::newRow("unknown key stays text") << "colour"
                                                << "red" << QJsonValue("red") << false;
    }
    void filterText()
    {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QJsonValue, value);
        QFETCH(bool, problem);
        ActionErrors errors;
        const QJsonObject filters = FieldSpec::valuesFromText(
            m_runtime.trigger(QStringLiteral("daily.participant_joined")).filters(), {{key, text}}, &errors);
        QCOMPARE(filters.value(key), value);
        QCOMPARE(!errors.isEmpty(), problem);
    }

    void fanOutWithOneStalled()
    {
        auto hub = makeHub();
        ActionErrors errors;
        constexpr int events = 10;
        auto stalled = hub->subscribe(knocking, {}, &errors, 4);
        auto first = hub->subscribe(knocking, {}, &errors, 64);
        auto second = hub->subscribe(knocking, {{"room", "standup"}}, &errors, 64);
        QSignalSpy dropped(stalled.get(), &TriggerSubscription::eventsDropped);
        QList<QJsonObject> firstGot;
        QList<QJsonObject> secondGot;
        for (int i = 0; i < events; ++i) {
            const TriggerHub::Receipt receipt = deliver(*hub, knockEvent(QStringLiteral("fan-%1").arg(i),
                                                                         QStringLiteral("standup")));
            QCOMPARE(receipt.status, 200);
            // The two that keep up take as they go; the stalled one never does.
            firstGot += first->takeEvents();
            secondGot += second->takeEvents();
        }
        QCOMPARE(firstGot.size(), events);
        QCOMPARE(secondGot.size(), events);
        QCOMPARE(secondGot.last().value(QLatin1String("event_id")).toString(), QStringLiteral("fan-9"));
        QCOMPARE(stalled->droppedCount(), quint64(events - 4));
        QCOMPARE(dropped.size(), events - 4);
        QCOMPARE(dropped.last().first().toULongLong(), quint64(events - 4));
        const QList<QJsonObject> kept = stalled->takeEvents();
        QCOMPARE(kept.size(), 4);
        QCOMPARE(kept.first().value(QLatin1String("event_id")).toString(), QStringLiteral("fan-0"));
        // Once it has caught up, it gets new events again.
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("fan-late"), QStringLiteral("standup"))).subscribersReached,
                 3);
        QCOMPARE(stalled->takeEvents().size(), 1);
    }

    void unsubscribeByDeleting()
    {
        auto hub = makeHub();
        ActionErrors errors;
        auto subscription = hub->subscribe(knocking, {}, &errors);
        subscription.reset();
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("gone"), QStringLiteral("standup"))).subscribersReached, 0);
    }

    void bundleGate_data()
    {
        QTest::addColumn<QString>("license");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("reason");
        QTest::newRow("bundle licensed") << "valid-bundle.json" << true << "";
        QTest::newRow("no license") << "" << false << "no license is installed";
        QTest::newRow("license without the bundle") << "valid-no-bundle.json" << false << "does not include it";
        QTest::newRow("expired license") << "expired.json" << false << "the license was refused";
        QTest::newRow("tampered license") << "tampered.json" << false << "the license was refused";
    }
    void bundleGate()
    {
        QFETCH(QString, license);
        QFETCH(bool, allowed);
        QFETCH(QString, reason);
        Runtime runtime;
        runtime.discoverPlugins();
        if (!license.isEmpty())
            runtime.setLicense(testLicense(license));
        TriggerHub hub(&runtime);
        ActionErrors errors;
        const auto subscription = hub.subscribe(knocking, {}, &errors);
        QCOMPARE(bool(subscription), allowed);
        if (!allowed) {
            QCOMPARE(errors.size(), 1);
            QCOMPARE(errors.first().code, QStringLiteral("bundle_required"));
            QVERIFY2(errors.first().message.contains(QStringLiteral("Video, Audio & Live Bundle"))
                         && errors.first().message.contains(reason),
                     qPrintable(errors.first().message));
        }
    }

    void httpRoutes()
    {
        auto hub = makeHub();
        const HubServer server(hub.get());
        const quint16 port = server.port;
        QVERIFY(port != 0);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);

        // A stream of the knocking trigger on room standup.
        QNetworkReply *stream = network.get(
            QNetworkRequest(QUrl(base + QStringLiteral("/v1/triggers/%1/events?room=standup").arg(knocking))));
        QByteArray received;
        connect(stream, &QNetworkReply::readyRead, this, [&] { received += stream->readAll(); });
        QTRY_VERIFY(received.contains(": subscribed"));
        QCOMPARE(stream->header(QNetworkRequest::ContentTypeHeader).toString(), QStringLiteral("text/event-stream"));

        const auto post = [&](const QByteArray &body, const QByteArray &timestamp, const QByteArray &signature) {
            return sendRequest(network, "POST", QUrl(base + QStringLiteral("/v1/webhooks/daily")), body,
                               {{"X-Webhook-Timestamp", timestamp}, {"X-Webhook-Signature", signature}}, 5000)
                .status;
        };
        const QByteArray ts = now();
        const QByteArray other = knockEvent(QStringLiteral("h0"), QStringLiteral("boardroom"));
        const QByteArray body = knockEvent(QStringLiteral("h1"), QStringLiteral("standup"));
        const QByteArray tampered = knockEvent(QStringLiteral("h2"), QStringLiteral("standup"));
        QCOMPARE(post(tampered, ts, WebhookVerifier::sign(secret, ts, other)), 401);
        QCOMPARE(post(other, ts, WebhookVerifier::sign(secret, ts, other)), 200);
        QCOMPARE(post(body, ts, WebhookVerifier::sign(secret, ts, body)), 200);
        // The SSE id is the event's log id: h0 was logged first, h2 never.
        QTRY_VERIFY(received.contains("\"event_id\":\"h1\""));
        QVERIFY(received.contains("id: 2\nevent: daily.waiting_participant_joined\ndata: {"));
        QVERIFY(!received.contains("h0")); // filtered out
        QVERIFY(!received.contains("h2")); // refused
        stream->abort();
        stream->deleteLater();

        // Refusals of the stream itself.
        const auto status = [&](const QString &path) {
            return sendRequest(network, "GET", QUrl(base + path), {}, {}, 5000).status;
        };
        QCOMPARE(status(QStringLiteral("/v1/triggers/daily.nothing/events")), 404);
        QCOMPARE(status(QStringLiteral("/v1/triggers/%1/events?room=bad%20room").arg(knocking)), 400);
        QCOMPARE(status(QStringLiteral("/v1/triggers/daily.participant_joined/events?is_owner=maybe")), 400);
    }

    // Events that arrive while no stream is open reach the one that resumes, each once, then live ones.
    void streamResumesFromLastEventId()
    {
        auto hub = makeHub();
        const HubServer server(hub.get());
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        const QUrl url(
            QStringLiteral("http://127.0.0.1:%1/v1/triggers/%2/events?room=standup").arg(server.port).arg(knocking));
        const auto open = [&](const QByteArray &lastEventId, QByteArray *received) {
            QNetworkRequest request(url);
            if (!lastEventId.isEmpty())
                request.setRawHeader("Last-Event-ID", lastEventId);
            QNetworkReply *stream = network.get(request);
            connect(stream, &QNetworkReply::readyRead, this, [stream, received] { *received += stream->readAll(); });
            return stream;
        };
        const auto eventIdCount = [](const QByteArray &received, const char *id) {
            return int(received.count("data: {\"event_id\":\"" + QByteArray(id) + '"'));
        };
        QByteArray first;
        QNetworkReply *stream = open({}, &first);
        QTRY_VERIFY(first.contains(": subscribed"));
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("r1"), QStringLiteral("standup"))).code,
                 QStringLiteral("accepted"));
        QTRY_COMPARE(eventIdCount(first, "r1"), 1);
        const qsizetype idAt = first.lastIndexOf("id: ") + 4;
        const QByteArray lastEventId = first.mid(idAt, first.indexOf('\n', idAt) - idAt);
        stream->abort();
        stream->deleteLater();
        QTRY_COMPARE(server.routes.openStreams(), 0);

        // Nobody listens: two events for standup, one for another room, and a retry of the first.
        for (const char *id : {"r2", "r3"})
            QCOMPARE(deliver(*hub, knockEvent(QLatin1String(id), QStringLiteral("standup"))).subscribersReached, 0);
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("b1"), QStringLiteral("boardroom"))).code,
                 QStringLiteral("accepted"));
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("r2"), QStringLiteral("standup"))).code,
                 QStringLiteral("duplicate"));

        QByteArray second;
        stream = open(lastEventId, &second);
        QTRY_COMPARE(eventIdCount(second, "r3"), 1);
        QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("r4"), QStringLiteral("standup"))).subscribersReached, 1);
        QTRY_COMPARE(eventIdCount(second, "r4"), 1);
        QCOMPARE(eventIdCount(second, "r1"), 0);
        QCOMPARE(eventIdCount(second, "r2"), 1);
        QCOMPARE(eventIdCount(second, "b1"), 0);
        QVERIFY(second.indexOf("\"r2\"") < second.indexOf("\"r3\"")
                && second.indexOf("\"r3\"") < second.indexOf("\"r4\""));
        stream->abort();
        stream->deleteLater();

        QCOMPARE(sendRequest(network, "GET", url, {}, {{"Last-Event-ID", "r1"}}, 5000).status, 422);
    }

    void slowStreamDropsAreReported()
    {
        auto hub = makeHub();
        const HubServer server(hub.get());
        const quint16 port = server.port;
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        QNetworkReply *stream = network.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/triggers/%2/events").arg(port).arg(knocking))));
        QByteArray received;
        connect(stream, &QNetworkReply::readyRead, this, [&] { received += stream->readAll(); });
        QTRY_VERIFY(received.contains(": subscribed"));
        ActionErrors errors;
        auto quick = hub->subscribe(knocking, {}, &errors, 16);

        // Events arrive faster than the stream's client can read them: the
        // stream stops taking once its socket holds maxUnsentBytes, its queue
        // fills, the rest is dropped for it alone.
        constexpr int events = 3000;
        int quickGot = 0;
        for (int i = 0; i < events; ++i) {
            QCOMPARE(deliver(*hub, knockEvent(QStringLiteral("slow-%1").arg(i), QStringLiteral("standup"))).status,
                     200);
            quickGot += quick->takeEvents().size();
        }
        QCOMPARE(quickGot, events);
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("event: dropped\ndata: {\"dropped\":"), 10000);
        const qsizetype at = received.lastIndexOf("{\"dropped\":") + 11;
        const int dropped = received.mid(at, received.indexOf('}', at) - at).toInt();
        QVERIFY(dropped > 0);
        // Every event is either written or counted as dropped.
        const QByteArray eventLine = "\nevent: " + knocking.toUtf8() + "\ndata: ";
        QTRY_COMPARE_WITH_TIMEOUT(int(received.count(eventLine)), events - dropped, 10000);
        stream->abort();
        stream->deleteLater();
    }

    void webhookOnlyRoutes()
    {
        auto hub = makeHub();
        const HubServer server(hub.get(), TriggerHttpRoutes::Routes::Webhooks);
        QVERIFY(server.port != 0);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port);
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        QCOMPARE(sendRequest(network, "GET", QUrl(base + QStringLiteral("/v1/triggers/%1/events").arg(knocking)), {},
                             {}, 5000)
                     .status,
                 404);
        const QByteArray body = knockEvent(QStringLiteral("w1"), QStringLiteral("standup"));
        const QByteArray ts = now();
        // Deliveries come through tunnels and proxies under any host name: their signature is what counts.
        QCOMPARE(sendRequest(network, "POST", QUrl(base + QStringLiteral("/v1/webhooks/daily")), body,
                             {{"Host", "hooks.example.com"},
                              {"X-Webhook-Timestamp", ts},
                              {"X-Webhook-Signature", WebhookVerifier::sign(secret, ts, body)}},
                             5000)
                     .status,
                 200);
    }

    void streamsAreBounded()
    {
        auto hub = makeHub();
        const HubServer server(hub.get());
        const quint16 port = server.port;
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        const auto open = [&] {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, port);
            socket->write("GET /v1/triggers/" + knocking.toUtf8() + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            QByteArray answer;
            // The server runs in this thread: wait with the event loop turning.
            for (int i = 0; i < 250 && !answer.contains("\r\n\r\n"); ++i) {
                QTest::qWait(10);
                answer += socket->readAll();
            }
            clients.push_back(std::move(socket));
            return answer.left(answer.indexOf("\r\n"));
        };
        for (int i = 0; i < TriggerHttpRoutes::maxStreams; ++i)
            QCOMPARE(open(), QByteArray("HTTP/1.1 200 OK"));
        QVERIFY(open().startsWith("HTTP/1.1 503"));
        // A stream that ends frees its place.
        clients.front()->abort();
        clients.erase(clients.begin());
        clients.pop_back();
        QByteArray status;
        for (int i = 0; i < 50 && status != "HTTP/1.1 200 OK"; ++i)
            status = open();
        QCOMPARE(status, QByteArray("HTTP/1.1 200 OK"));
    }

    void emulatorDelivery_data()
    {
        QTest::addColumn<QString>("retryType");
        QTest::addColumn<int>("failures");
        QTest::addColumn<QList<int>>("statuses");
        QTest::addColumn<QString>("state");
        QTest::newRow("delivered at once") << "circuit-breaker" << 0 << QList<int>{200} << "ACTIVE";
        QTest::newRow("exponential, two failures") << "exponential" << 2 << QList<int>{500, 500, 200} << "ACTIVE";
        QTest::newRow("circuit breaker trips") << "circuit-breaker" << 5 << QList<int>{500, 500, 500} << "FAILED";
    }
    void emulatorDelivery()
    {
        QFETCH(QString, retryType);
        QFETCH(int, failures);
        QFETCH(QList<int>, statuses);
        QFETCH(QString, state);
        const QByteArray apiKey = "triggers-test-key";
        EmulatorServer emulator;
        auto *daily = new DailyEmulator(apiKey, &emulator);
        daily->webhooks()->setRetryDelayMs(20);
        QVERIFY(emulator.listen());

        // The endpoint: the hub's routes, failing the first deliveries on purpose.
        auto hub = makeHub();
        ActionErrors errors;
        auto subscription = hub->subscribe(knocking, {{"room", "standup"}}, &errors);
        QHttpServer endpoint;
        int toFail = failures;
        endpoint.afterRequest([&](QHttpServerResponse &&response, const QHttpServerRequest &request) {
            if (request.body().contains("\"payload\"") && toFail > 0) {
                --toFail;
                return QHttpServerResponse(QHttpServerResponder::StatusCode::InternalServerError);
            }
            return std::move(response);
        });
        endpoint.route(QStringLiteral("/v1/webhooks/daily"), QHttpServerRequest::Method::Post,
                       [&hub](const QHttpServerRequest &request) {
                           const TriggerHub::Receipt receipt = hub->receiveWebhook(QStringLiteral("daily"),
                                                                                   request.value("X-Webhook-Timestamp"),
                                                                                   request.value("X-Webhook-Signature"),
                                                                                   request.body());
                           return QHttpServerResponse(receipt.toJson(),
                                                      QHttpServerResponder::StatusCode(receipt.status));
                       });
        const quint16 port = endpoint.listen(QHostAddress::LocalHost, 0);
        const QString hookUrl = QStringLiteral("http://127.0.0.1:%1/v1/webhooks/daily").arg(port);

        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        const auto call = [&](const QByteArray &method, const QString &path, const QJsonObject &body) {
            const HttpAnswer answer = sendRequest(network, method, QUrl(emulator.url().toString() + path),
                                                  compactJson(body), {{"Authorization", "Bearer " + apiKey}}, 10000);
            return qMakePair(answer.status, QJsonDocument::fromJson(answer.body));
        };
        // An endpoint that does not answer Daily's check creates nothing.
        auto refused = call("POST", QStringLiteral("/v1/webhooks"),
                            {{"url", QStringLiteral("http://127.0.0.1:%1/nothing-here").arg(port)}});
        QCOMPARE(refused.first, 400);
        auto created = call("POST", QStringLiteral("/v1/webhooks"),
                            {{"url", hookUrl},
                             {"hmac", QString::fromLatin1(secret)},
                             {"retryType", retryType},
                             {"eventTypes", QJsonArray{"waiting-participant.joined"}}});
        QCOMPARE(created.first, 200);
        const QString uuid = created.second.object().value(QLatin1String("uuid")).toString();
        QVERIFY(!uuid.isEmpty());
        QCOMPARE(call("GET", QStringLiteral("/v1/webhooks"), {}).second.array().size(), 1);

        QSignalSpy attempts(daily->webhooks(), &DailyWebhooks::deliveryAttempted);
        QNetworkRequest knockRequest(QUrl(emulator.url().toString() + QStringLiteral("/_emulator/daily/events")));
        knockRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *knocked =
            network.post(knockRequest, R"({"type":"waiting-participant.joined","room":"standup","user_name":"Ada"})");
        QTRY_COMPARE_WITH_TIMEOUT(attempts.size(), statuses.size(), 10000);
        knocked->deleteLater();
        QList<int> seen;
        for (const QList<QVariant> &attempt : attempts)
            seen.append(attempt.at(3).toInt());
        QCOMPARE(seen, statuses);
        QTest::qWait(200); // no further attempt comes
        QCOMPARE(attempts.size(), statuses.size());
        // The first attempt reached the hub; retries of the same event id are not passed on again.
        const QList<QJsonObject> events = subscription->takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().value(QLatin1String("outputs")).toObject().value(QLatin1String("user_name")).toString(),
                 QStringLiteral("Ada"));
        QCOMPARE(call("GET", QStringLiteral("/v1/webhooks/") + uuid, {})
                     .second.object()
                     .value(QLatin1String("state"))
                     .toString(),
                 state);
        QCOMPARE(call("DELETE", QStringLiteral("/v1/webhooks/") + uuid, {}).first, 200);
        QCOMPARE(call("GET", QStringLiteral("/v1/webhooks/") + uuid, {}).first, 404);
    }

    void subscriptionActionsPassTheMetaSchema_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("create") << "create-webhook.json";
        QTest::newRow("delete") << "delete-webhook.json";
        QTest::newRow("list") << "list-webhooks.json";
    }
    void subscriptionActionsPassTheMetaSchema()
    {
        QFETCH(QString, file);
        const ActionSpec spec = ActionSpec::fromFile(sourcePath(QStringLiteral("schemas/daily/") + file));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestTriggers)
#include "tst_triggers.moc"
