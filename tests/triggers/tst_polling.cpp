// Polling triggers against the Daily emulator, in this process: their
// declarations, checked; the first poll takes a baseline, later ones pass each
// new item on once, into the same log, subscriptions and SSE streams as
// webhooks; the hub polls only while a trigger has a subscriber; and a restart
// (a new hub on the same store, SQLite or Redis) loses and repeats nothing.

#include "support/serverprocess.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/httphost.h>
#include <actionnode/runtime.h>
#include <actionnode/store.h>
#include <actionnode/triggerhttproutes.h>
#include <actionnode/triggerhub.h>
#include <actionnode/triggerspec.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray apiKey = "polling-test-key";
const QString roomCreated = QStringLiteral("daily.room_created");
const QString recordingFinished = QStringLiteral("daily.recording_finished");
constexpr int pollMs = 50;

QJsonObject recording(const QString &id, qint64 start, const QString &status)
{
    return {{"id", id}, {"room_name", "standup"}, {"start_ts", start}, {"status", status}, {"max_participants", 2}};
}

// The outputs' values at \a key of \a events, in order.
QStringList valuesOf(const QList<QJsonObject> &events, const QString &key)
{
    QStringList values;
    for (const QJsonObject &event : events)
        values.append(event.value(QLatin1String("outputs")).toObject().value(key).toString());
    return values;
}

} // namespace

class TestPolling : public QObject
{
    Q_OBJECT

    EmulatorServer *m_emulator = nullptr;
    DailyEmulator *m_daily = nullptr;
    Runtime m_runtime;
    RedisServerProcess m_redis;
    QTemporaryDir m_files;
    int m_nextStore = 0;

    QString freshLocation()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("redis"))
            return m_redis.location() + QStringLiteral("/%1").arg(m_nextStore++);
        return m_files.filePath(QStringLiteral("store-%1.sqlite").arg(m_nextStore++));
    }

    std::unique_ptr<TriggerHub> hubOn(Store *store)
    {
        auto hub = std::make_unique<TriggerHub>(&m_runtime);
        hub->setStore(store);
        hub->setPollInterval(pollMs);
        return hub;
    }

    QString createRoom(const QString &name)
    {
        QString error;
        const std::optional<QJsonObject> room = m_daily->state().createRoom({{"name", name}}, &error);
        return room ? room->value(QLatin1String("id")).toString() : error;
    }

    // Waits for the next poll of \a hub to end; the events it logged, or -1 when none ended.
    static int nextPoll(TriggerHub *hub)
    {
        QSignalSpy polled(hub, &TriggerHub::polled);
        if (!polled.wait(5000))
            return -1;
        return polled.first().at(1).toInt();
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("redis") << QStringLiteral("redis");
    }

    void initTestCase()
    {
        QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
        QVERIFY(m_files.isValid());
        m_runtime.discoverPlugins();
        m_runtime.setLicense(bundleLicense()); // webhook triggers need the bundle
        QVERIFY2(!m_runtime.trigger(roomCreated).hasError(), qPrintable(m_runtime.trigger(roomCreated).errorString()));
    }

    void init()
    {
        m_emulator = new EmulatorServer;
        m_daily = new DailyEmulator(apiKey, m_emulator);
        QVERIFY(m_emulator->listen(0));
        Connection daily = m_runtime.connection(QStringLiteral("daily"));
        daily.setValue(QStringLiteral("api_key"), QString::fromLatin1(apiKey));
        daily.setValue(QStringLiteral("api_base"), m_daily->apiBaseUrl());
        daily.setValue(QStringLiteral("timeout_ms"), QStringLiteral("2000"));
        m_runtime.setConnection(daily);
    }

    void cleanup()
    {
        delete m_emulator;
        m_emulator = nullptr;
    }

    void declarations_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("action");
        QTest::newRow("room created") << roomCreated << "daily.list_rooms";
        QTest::newRow("recording finished") << recordingFinished << "daily.list_recordings";
    }
    void declarations()
    {
        QFETCH(QString, id);
        QFETCH(QString, action);
        const TriggerSpec trigger = m_runtime.trigger(id);
        QVERIFY2(!trigger.hasError(), qPrintable(trigger.errorString()));
        QVERIFY(trigger.isPolling());
        QCOMPARE(trigger.poll().action, action);
        QCOMPARE(trigger.poll().intervalSeconds, 60);
        QCOMPARE(trigger.eventTypes(), QStringList{id});
        QVERIFY(trigger.bundle().id.isEmpty());
        // The sample is what the trigger reads from the event a polled item becomes, and fits the outputs.
        QCOMPARE(trigger.sampleEvent().value("type").toString(), id);
        QCOMPARE(trigger.outputsFor(trigger.sampleEvent()), trigger.sample());
        QVERIFY(trigger.validateOutputs(trigger.sample()).isEmpty());
        QVERIFY(!m_runtime.action(action).hasError());
    }

    void declarationsAreChecked_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value"); // undefined: the key is removed
        QTest::addColumn<QString>("problem");
        QTest::newRow("eventTypes beside poll")
            << "eventTypes" << QJsonValue(QJsonArray{"room.created"})
            << "/poll: a trigger receives webhooks (eventTypes) or polls (poll), not both";
        QTest::newRow("neither eventTypes nor poll")
            << "poll" << QJsonValue(QJsonValue::Undefined) << "/eventTypes: Missing required property 'eventTypes'";
        QTest::newRow("another provider's action")
            << "action" << QJsonValue("signalwire.list_rooms")
            << "/poll/action: \"signalwire.list_rooms\" is not an action of provider \"daily\"";
        QTest::newRow("interval under 10 s") << "intervalSeconds" << QJsonValue(5) << "/poll/intervalSeconds";
        QTest::newRow("item pointer not a pointer") << "itemId" << QJsonValue("id") << "/poll/itemId";
    }
    void declarationsAreChecked()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        QFile file(sourcePath(QStringLiteral("schemas/daily/triggers/room-created.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject declaration = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(TriggerSpec::fromDeclaration(QJsonDocument(declaration).toJson(), "room-created.json").isPolling());
        QJsonObject poll = declaration.value("poll").toObject();
        QJsonObject &target = declaration.contains(key) || key == QLatin1String("eventTypes") ? declaration : poll;
        if (value.isUndefined())
            target.remove(key);
        else
            target.insert(key, value);
        if (&target == &poll)
            declaration.insert("poll", poll);
        const TriggerSpec spec = TriggerSpec::fromDeclaration(QJsonDocument(declaration).toJson(), "room-created.json");
        QVERIFY(spec.hasError());
        QVERIFY2(spec.errorString().startsWith("room-created.json: ") && spec.errorString().contains(problem),
                 qPrintable(spec.errorString()));
    }

    // The first poll notes the rooms there are; a room made later is passed on once, to
    // subscribers and into the log that streams resume from.
    void baselineThenEachNewRoomOnce()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        createRoom(QStringLiteral("before-1"));
        createRoom(QStringLiteral("before-2"));
        auto hub = hubOn(store.get());
        ActionErrors errors;
        const auto subscription = hub->subscribe(roomCreated, {}, &errors);
        QVERIFY(subscription);
        QCOMPARE(nextPoll(hub.get()), 0); // the baseline
        QCOMPARE(store->eventCount(), 0);

        const QString id = createRoom(QStringLiteral("fresh"));
        QCOMPARE(nextPoll(hub.get()), 1);
        QCOMPARE(nextPoll(hub.get()), 0);
        QCOMPARE(nextPoll(hub.get()), 0);
        const QList<QJsonObject> events = subscription->takeEvents();
        QCOMPARE(valuesOf(events, "room"), QStringList{"fresh"});
        const QJsonObject event = events.first();
        QCOMPARE(event.value("trigger").toString(), roomCreated);
        QCOMPARE(event.value("event_type").toString(), roomCreated);
        QCOMPARE(event.value("event_id").toString(), roomCreated + ':' + id);
        QCOMPARE(event.value("outputs").toObject().value("room_id").toString(), id);
        QCOMPARE(event.value("outputs").toObject().value("privacy").toString(), "public");
        QVERIFY(event.value("log_id").toInteger() > 0);

        // A stream that resumes (Last-Event-ID, listen --since, MCP) reads it from the log.
        qint64 scanned = 0;
        const auto missed = hub->missedEvents(*subscription, 0, 100, &scanned, &error);
        QVERIFY2(missed, qPrintable(error));
        QCOMPARE(valuesOf(*missed, "room"), QStringList{"fresh"});

        // Filters apply as to webhook events.
        const auto privateOnly = hub->subscribe(roomCreated, {{"privacy", "private"}}, &errors);
        QVERIFY(privateOnly);
        QString problem;
        QVERIFY(m_daily->state().createRoom({{"name", "secret-room"}, {"privacy", "private"}}, &problem));
        createRoom(QStringLiteral("open-room"));
        QCOMPARE(nextPoll(hub.get()), 2);
        QCOMPARE(valuesOf(privateOnly->takeEvents(), "room"), QStringList{"secret-room"});
        QCOMPARE(valuesOf(subscription->takeEvents(), "room"), (QStringList{"secret-room", "open-room"}));
    }

    // An SSE stream is a subscriber like any other: polling starts with it, its events carry
    // their log id, and polling stops when it closes.
    void anEventStreamIsASubscriber()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        auto hub = hubOn(store.get());
        TriggerHttpRoutes routes(hub.get());
        HttpHost host{HttpHostOptions()};
        routes.addTo(&host);
        QVERIFY2(host.listen(&error), qPrintable(error));
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        QSignalSpy polled(hub.get(), &TriggerHub::polled);
        QNetworkReply *stream = network.get(
            QNetworkRequest(QUrl(host.url().toString() + "/v1/triggers/" + roomCreated + "/events")));
        QByteArray received;
        connect(stream, &QNetworkReply::readyRead, this, [&] { received += stream->readAll(); });
        QTRY_VERIFY(received.contains(": subscribed"));
        QVERIFY(hub->isPolling(roomCreated));
        QTRY_VERIFY(!polled.isEmpty()); // the baseline
        createRoom(QStringLiteral("streamed"));
        QTRY_VERIFY(received.contains("\"room\":\"streamed\""));
        QVERIFY2(received.contains("id: 1\nevent: daily.room_created\ndata: {"), received.constData());
        stream->abort();
        stream->deleteLater();
        QTRY_COMPARE(routes.openStreams(), 0);
        QTRY_VERIFY(!hub->isPolling(roomCreated));
    }

    // A recording counts once it has finished, even when it started before the baseline.
    void recordingFinishedFiresWhenItFinishes()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(m_daily->state().seed({{"recordings", QJsonArray{recording("rec-running", 1795850400, "in-progress"),
                                                                 recording("rec-done", 1795846800, "finished")}}},
                                      &error));
        auto hub = hubOn(store.get());
        ActionErrors errors;
        const auto subscription = hub->subscribe(recordingFinished, {{"room", "standup"}}, &errors);
        QVERIFY(subscription);
        QCOMPARE(nextPoll(hub.get()), 0);

        QVERIFY(m_daily->state().seed({{"recordings", QJsonArray{recording("rec-new", 1795854000, "finished"),
                                                                 recording("rec-running", 1795850400, "finished"),
                                                                 recording("rec-done", 1795846800, "finished")}}},
                                      &error));
        QCOMPARE(nextPoll(hub.get()), 2);
        QCOMPARE(nextPoll(hub.get()), 0);
        // Oldest first.
        QCOMPARE(valuesOf(subscription->takeEvents(), "recording_id"), (QStringList{"rec-running", "rec-new"}));
    }

    // Polling runs while the trigger has a subscriber, and only then.
    void pollsOnlyWhileSubscribed()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        auto hub = hubOn(store.get());
        QVERIFY(!hub->isPolling(roomCreated));
        ActionErrors errors;
        auto first = hub->subscribe(roomCreated, {}, &errors);
        auto second = hub->subscribe(roomCreated, {}, &errors);
        QVERIFY(hub->isPolling(roomCreated));
        QVERIFY(nextPoll(hub.get()) >= 0);
        first.reset();
        QVERIFY(hub->isPolling(roomCreated));
        second.reset();
        QVERIFY(!hub->isPolling(roomCreated));
        QSignalSpy polled(hub.get(), &TriggerHub::polled);
        QVERIFY(!polled.wait(5 * pollMs));
        // A webhook trigger is never polled.
        const auto webhookTrigger = hub->subscribe(QStringLiteral("daily.meeting_started"), {}, &errors);
        QVERIFY(webhookTrigger);
        QVERIFY(!hub->isPolling(QStringLiteral("daily.meeting_started")));
    }

    // A host that stops and starts again on the same store passes on what was made while it
    // was down, and nothing it passed on before.
    void restartLosesAndRepeatsNothing()
    {
        const QString location = freshLocation();
        QString error;
        createRoom(QStringLiteral("old"));
        {
            const std::unique_ptr<Store> store = Store::open(location, &error);
            QVERIFY2(store, qPrintable(error));
            auto hub = hubOn(store.get());
            ActionErrors errors;
            const auto subscription = hub->subscribe(roomCreated, {}, &errors);
            QCOMPARE(nextPoll(hub.get()), 0);
            createRoom(QStringLiteral("before-restart"));
            QCOMPARE(nextPoll(hub.get()), 1);
            QCOMPARE(valuesOf(subscription->takeEvents(), "room"), QStringList{"before-restart"});
        }
        createRoom(QStringLiteral("while-down"));
        const std::unique_ptr<Store> store = Store::open(location, &error);
        QVERIFY2(store, qPrintable(error));
        auto hub = hubOn(store.get());
        ActionErrors errors;
        const auto subscription = hub->subscribe(roomCreated, {}, &errors);
        QCOMPARE(nextPoll(hub.get()), 1); // not a new baseline
        QCOMPARE(nextPoll(hub.get()), 0);
        QCOMPARE(valuesOf(subscription->takeEvents(), "room"), QStringList{"while-down"});
        const auto logged = store->eventsAfter(0, 100, &error);
        QVERIFY2(logged, qPrintable(error));
        QStringList ids;
        for (const StoredEvent &event : *logged)
            ids.append(event.event.value("payload").toObject().value("name").toString());
        QCOMPARE(ids, (QStringList{"before-restart", "while-down"}));
    }

    // A cursor written before the events it covers were logged cannot repeat them: the log
    // knows their ids. Here the cursor is lost altogether (a store restored without it) after
    // a room was passed on: the next poll is a baseline again, and nothing is passed on twice.
    void theLogKeepsAPolledItemFromRepeating()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        auto hub = hubOn(store.get());
        ActionErrors errors;
        auto subscription = hub->subscribe(roomCreated, {}, &errors);
        QCOMPARE(nextPoll(hub.get()), 0);
        createRoom(QStringLiteral("once"));
        QCOMPARE(nextPoll(hub.get()), 1);
        subscription.reset();
        // Back to a cursor older than the room: the room is found again, and the log refuses it.
        const std::optional<QJsonObject> cursor = store->pollCursor(roomCreated, {}, &error);
        QVERIFY2(cursor, qPrintable(error));
        QVERIFY(cursor->value("seen").toObject().size() >= 1);
        QVERIFY(store->setPollCursor(roomCreated, {}, {{"newest", 0}, {"seen", QJsonObject()}}, &error));
        subscription = hub->subscribe(roomCreated, {}, &errors);
        QCOMPARE(nextPoll(hub.get()), 0);
        QCOMPARE(subscription->takeEvents().size(), 0);
        QCOMPARE(store->eventCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPolling)
#include "tst_polling.moc"
