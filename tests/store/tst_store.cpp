// The store as hosts use it: events logged once and read back in order,
// ids never reused, retention that prunes without forgetting what a replay
// could still use, run history that stays flat, and runs with no secret.
// Each behaviour holds for both stores, SQLite and Redis (a redis-server of
// the test's own), with the same outcomes and errors; then what is Redis's
// alone: a server that is away or stalled, and the rate limits it shares.

#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/runtime.h>
#include <actionnode/sharedratelimits.h>
#include <actionnode/store.h>

#include "support/serverprocess.h"
#include "support/storecontents.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <functional>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

constexpr qint64 now = 1767225600; // 2026-01-01

QJsonObject eventBody(const QString &id)
{
    return {{"type", "waiting-participant.joined"}, {"id", id}, {"payload", QJsonObject{{"room", "standup"}}}};
}

// \a object as RunRecord keeps inputs and outputs.
QByteArray textOf(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

RunRecord runOf(int number)
{
    RunRecord run;
    run.action = QStringLiteral("daily.create_room");
    run.version = QStringLiteral("1.0.0");
    run.origin = QStringLiteral("http");
    run.startedAt = QDateTime::currentMSecsSinceEpoch();
    run.inputs = textOf({{"name", QStringLiteral("room-%1").arg(number)}});
    run.status = QStringLiteral("succeeded");
    return run;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

    RedisServerProcess m_redis;
    int m_nextDatabase = 0;
    QTemporaryDir m_files;
    int m_nextFile = 0;

    // Each test gets a store of its own: a new SQLite file, or a Redis database not used before.
    QString freshLocation()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("redis"))
            return m_redis.location() + QStringLiteral("/%1").arg(m_nextDatabase++);
        return m_files.filePath(QStringLiteral("nested/store-%1.sqlite").arg(m_nextFile++));
    }

    bool isRedis()
    {
        QFETCH_GLOBAL(QString, backend);
        return backend == QLatin1String("redis");
    }

    quint16 redisPort() const { return QUrl(m_redis.location()).port(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
        QVERIFY(m_files.isValid());
    }

    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("redis") << QStringLiteral("redis");
    }

    // Push subscriptions and their delivery logs outlive the store's reopening, pruned to the retention.
    void subscriptionsOutliveReopening()
    {
        const QString location = freshLocation();
        QString error;
        StoredSubscription record;
        record.id = QStringLiteral("sub_0123456789abcdef01234567");
        record.trigger = QStringLiteral("daily.participant_knocking");
        record.filters = {{QStringLiteral("room"), QStringLiteral("standup")}};
        record.targetUrl = QStringLiteral("https://hooks.example/in");
        record.secret = QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        record.createdAt = now;
        record.owner = QStringLiteral("0f3c");
        {
            auto store = Store::open(location, &error);
            QVERIFY2(store, qPrintable(error));
            QVERIFY2(store->addSubscription(record, &error), qPrintable(error));
            record.cursor = 42;
            record.failedAttempts = 2;
            record.nextAttemptAt = 1893456000123;
            QVERIFY(store->updateSubscription(record, Store::SubscriptionPart::DeliveryState, &error));
            StoreRetention retention;
            retention.maxDeliveriesPerSubscription = 3;
            store->setRetention(retention);
            for (int i = 1; i <= 5; ++i) {
                DeliveryAttempt attempt;
                attempt.subscription = record.id;
                attempt.logId = i;
                attempt.attempt = i;
                QVERIFY(store->appendDelivery(attempt, &error));
            }
            const auto kept = store->deliveries(record.id, 10, &error);
            QVERIFY(kept);
            QCOMPARE(kept->size(), 3);
            QCOMPARE(kept->first().logId, 5); // newest first, oldest pruned
        }
        auto store = Store::open(location, &error);
        QVERIFY2(store, qPrintable(error));
        const auto subscriptions = store->subscriptions(&error);
        QVERIFY2(subscriptions, qPrintable(error));
        QCOMPARE(subscriptions->size(), 1);
        const StoredSubscription kept = subscriptions->first();
        QCOMPARE(kept.secret, record.secret);
        QCOMPARE(kept.cursor, 42);
        QCOMPARE(kept.failedAttempts, 2);
        QCOMPARE(kept.nextAttemptAt, 1893456000123);
        QCOMPARE(kept.filters, record.filters);
        QCOMPARE(kept.targetUrl, record.targetUrl);
        QCOMPARE(kept.createdAt, now);
        QCOMPARE(kept.owner, record.owner);
        QVERIFY(kept.enabled);
        QVERIFY(!QJsonDocument(kept.toJson()).toJson().contains(record.secret.toLatin1()));
        QCOMPARE(store->removeSubscription(record.id, &error), std::optional<bool>(true));
        QCOMPARE(store->removeSubscription(record.id, &error), std::optional<bool>(false));
        QCOMPARE(store->deliveries(record.id, 10, &error)->size(), 0);
    }

    // The provider webhooks a host registered: one per provider and account, replaced, outliving reopening.
    void managedWebhooksOutliveReopening()
    {
        const QString location = freshLocation();
        QString error;
        ManagedWebhook hosts;
        hosts.provider = QStringLiteral("daily");
        hosts.endpoint = QStringLiteral("mwh_0123456789abcdef01234567");
        hosts.url = QStringLiteral("https://actionnode.example/v1/webhooks/daily/") + hosts.endpoint;
        hosts.secret = QByteArrayLiteral("c2VjcmV0LW9mLXRoZS1ob3N0cy13ZWJob29r");
        hosts.webhookId = QStringLiteral("0b4e4c7c-5eaf-46fe-990b-a3fcf2f9d6ea");
        hosts.eventTypes = {QStringLiteral("participant.joined"), QStringLiteral("waiting-participant.joined")};
        ManagedWebhook callers = hosts;
        callers.owner = QStringLiteral("0f3c");
        callers.endpoint = QStringLiteral("mwh_76543210fedcba9876543210");
        {
            auto store = Store::open(location, &error);
            QVERIFY2(store, qPrintable(error));
            QVERIFY2(store->putManagedWebhook(hosts, &error), qPrintable(error));
            QVERIFY2(store->putManagedWebhook(callers, &error), qPrintable(error));
            hosts.eventTypes = {QStringLiteral("waiting-participant.joined")};
            QVERIFY2(store->putManagedWebhook(hosts, &error), qPrintable(error)); // replaces, by provider and owner
        }
        auto store = Store::open(location, &error);
        QVERIFY2(store, qPrintable(error));
        auto kept = store->managedWebhooks(&error);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->size(), 2);
        const ManagedWebhook first = kept->at(0).owner.isEmpty() ? kept->at(0) : kept->at(1);
        QCOMPARE(first.toRecord(), hosts.toRecord());
        QCOMPARE(first.secret, hosts.secret);
        QCOMPARE(store->removeManagedWebhook(QStringLiteral("daily"), {}, &error), std::optional<bool>(true));
        QCOMPARE(store->removeManagedWebhook(QStringLiteral("daily"), {}, &error), std::optional<bool>(false));
        kept = store->managedWebhooks(&error);
        QVERIFY2(kept && kept->size() == 1, qPrintable(error));
        QCOMPARE(kept->first().toRecord(), callers.toRecord());
    }

    // Two processes on one store: the host's write of the delivery state keeps the secret the command
    // rotated meanwhile, and the command's rotation keeps the host's cursor.
    void subscriptionPartsAreWrittenApart()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        StoredSubscription host;
        host.id = QStringLiteral("sub_00000000000000000000000a");
        host.trigger = QStringLiteral("daily.participant_knocking");
        host.filters = {{QStringLiteral("rooms"), QJsonArray()}};
        host.targetUrl = QStringLiteral("https://hooks.example/in");
        host.secret = QStringLiteral("whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0LTAx");
        QVERIFY2(store->addSubscription(host, &error), qPrintable(error));
        StoredSubscription command = host;
        command.previousSecret = command.secret;
        command.previousSecretUntil = now + 3600;
        command.secret = QStringLiteral("whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0LTAy");
        QVERIFY2(store->updateSubscription(command, Store::SubscriptionPart::Secrets, &error), qPrintable(error));
        host.cursor = 7;
        host.enabled = false;
        host.disabledReason = QStringLiteral("the target answered 410 Gone");
        QVERIFY2(store->updateSubscription(host, Store::SubscriptionPart::DeliveryState, &error), qPrintable(error));
        const auto kept = store->subscriptions(&error);
        QVERIFY2(kept && kept->size() == 1, qPrintable(error));
        QCOMPARE(kept->first().secret, command.secret);
        QCOMPARE(kept->first().previousSecret, host.secret);
        QCOMPARE(kept->first().previousSecretUntil, now + 3600);
        QCOMPARE(kept->first().cursor, 7);
        QVERIFY(!kept->first().enabled);
        QCOMPARE(kept->first().disabledReason, host.disabledReason);
        QCOMPARE(kept->first().filters, host.filters);
        // A subscription removed meanwhile stays removed.
        QVERIFY(store->removeSubscription(host.id, &error).value_or(false));
        QVERIFY(store->updateSubscription(host, Store::SubscriptionPart::DeliveryState, &error));
        QCOMPARE(store->subscriptions(&error)->size(), 0);
    }

    void eventsAreLoggedOnceAndReadInOrder()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->lastLogId(&error), 0);
        QList<qint64> ids;
        for (const char *id : {"a", "b", "c"}) {
            const Store::AppendResult appended = store->appendEvent("daily", id, eventBody(id), now, 600, {});
            QCOMPARE(appended.outcome, Store::Append::New);
            ids.append(appended.logId);
        }
        QVERIFY(ids[0] < ids[1] && ids[1] < ids[2]);
        const Store::AppendResult again = store->appendEvent("daily", "b", eventBody("b"), now, 600, {});
        QCOMPARE(again.outcome, Store::Append::Duplicate);
        QCOMPARE(again.logId, ids[1]);
        // The same id from another provider is another event.
        QCOMPARE(store->appendEvent("signalwire", "b", eventBody("b"), now, 600, {}).outcome, Store::Append::New);
        const auto after = store->eventsAfter(ids[0], 2, &error);
        QVERIFY2(after, qPrintable(error));
        QCOMPARE(after->size(), 2);
        QCOMPARE(after->at(0).logId, ids[1]);
        QCOMPARE(after->at(0).event, eventBody("b"));
        QCOMPARE(after->at(0).provider, QStringLiteral("daily"));
        QCOMPARE(after->at(0).receivedAt, now);
        QCOMPARE(after->at(1).logId, ids[2]);
        QCOMPARE(store->eventCount(), 4);
        QCOMPARE(store->lastLogId(&error), ids[2] + 1);
    }

    void eventsSurviveReopeningAndIdsAreNeverReused()
    {
        const QString path = freshLocation();
        QString error;
        qint64 last = 0;
        {
            std::unique_ptr<Store> store = Store::open(path, &error);
            QVERIFY2(store, qPrintable(error));
            StoreRetention retention;
            retention.maxEvents = 2;
            store->setRetention(retention);
            for (const char *id : {"a", "b", "c"})
                last = store->appendEvent("daily", id, eventBody(id), now, 0, {}).logId;
            QCOMPARE(store->eventCount(), 2); // "a" made room
        }
        std::unique_ptr<Store> reopened = Store::open(path, &error);
        QVERIFY2(reopened, qPrintable(error));
        const auto kept = reopened->eventsAfter(0, 10, &error);
        QCOMPARE(kept->size(), 2);
        QCOMPARE(kept->last().logId, last);
        QCOMPARE(reopened->appendEvent("daily", "c", eventBody("c"), now, 0, {}).outcome, Store::Append::Duplicate);
        // A pruned id is not handed out again: a Last-Event-ID stays meaningful.
        QCOMPARE(reopened->appendEvent("daily", "d", eventBody("d"), now, 0, {}).logId, last + 1);
        QCOMPARE(reopened->lastLogId(&error), last + 1);
    }

    void eventsAReplayCouldUseAreNotPruned()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        StoreRetention retention;
        retention.maxEvents = 2;
        store->setRetention(retention);
        QCOMPARE(store->appendEvent("daily", "a", eventBody("a"), now, 600, {}).outcome, Store::Append::New);
        QCOMPARE(store->appendEvent("daily", "b", eventBody("b"), now, 600, {}).outcome, Store::Append::New);
        QCOMPARE(store->appendEvent("daily", "c", eventBody("c"), now + 100, 600, {}).outcome, Store::Append::Full);
        QCOMPARE(store->appendEvent("daily", "a", eventBody("a"), now + 100, 600, {}).outcome,
                 Store::Append::Duplicate);
        QCOMPARE(store->appendEvent("daily", "c", eventBody("c"), now + 600, 600, {}).outcome, Store::Append::New);
        QCOMPARE(store->eventCount(), 2);
    }

    void eventsOlderThanTheRetentionArePruned()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        StoreRetention retention;
        retention.maxEventAgeSeconds = 3600;
        store->setRetention(retention);
        store->appendEvent("daily", "old", eventBody("old"), now, 600, {});
        store->appendEvent("daily", "new", eventBody("new"), now + 3601, 600, {});
        const auto kept = store->eventsAfter(0, 10, &error);
        QCOMPARE(kept->size(), 1);
        QCOMPARE(kept->first().event.value("id").toString(), QStringLiteral("new"));
    }

    void runsArePagedNewestFirst()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        QList<qint64> ids;
        QList<RunRecord> written;
        for (int i = 0; i < 5; ++i) {
            written.append(runOf(i));
            ids.append(store->appendRun(written.last(), &error));
        }
        QVERIFY(!ids.contains(0));
        const auto newest = store->runs(0, 2, {QString()}, &error);
        QCOMPARE(newest->size(), 2);
        QCOMPARE(newest->at(0).id, ids[4]);
        QCOMPARE(newest->at(1).inputsObject().value("name").toString(), QStringLiteral("room-3"));
        const auto older = store->runs(newest->at(1).id, 10, {QString()}, &error);
        QCOMPARE(older->size(), 3);
        QCOMPARE(older->last().id, ids[0]);
        const std::optional<RunRecord> one = store->run(ids[2], {QString()}, &error);
        QVERIFY(one);
        QCOMPARE(one->toJson().value("action").toString(), QStringLiteral("daily.create_room"));
        QCOMPARE(one->startedAt, written.at(2).startedAt);
        QCOMPARE(one->inputsObject(), written.at(2).inputsObject());
        QCOMPARE(one->status, written.at(2).status);
        QVERIFY(!store->run(ids[4] + 1, {QString()}, &error));
        QVERIFY(error.isEmpty()); // unknown, not failed
    }

    // Each event and run keeps the account it came for, and a reader of runs names the accounts it may read.
    // Runs recorded together are written in one go, with consecutive ids, and pruned once.
    void runsAppendedTogether()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        StoreRetention retention;
        retention.maxRuns = 3;
        store->setRetention(retention);
        const qint64 first = store->appendRun(runOf(0), &error);
        QVERIFY2(first > 0, qPrintable(error));
        const qint64 last = store->appendRuns({runOf(1), runOf(2), runOf(3), runOf(4)}, &error);
        QCOMPARE(last, first + 4);
        const auto kept = store->runs(0, 10, {QString()}, &error);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(kept->at(i).id, last - i);
            QCOMPARE(kept->at(i).inputsObject().value("name").toString(), QStringLiteral("room-%1").arg(4 - i));
        }
        QCOMPARE(store->appendRuns({}, &error), 0);
    }

    // The texts of runs written together read back as they were, whatever came before them in the group: a long
    // one, one beyond ASCII, an empty one.
    void runTextsReadBackExactly()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        const QString owner = QStringLiteral("Zoë 😀");
        QList<RunRecord> written;
        for (const QString &origin : {QString(20000, u'o'), QStringLiteral("http"), QStringLiteral("Zoë \"quoted\" 😀"),
                                      QString(), QStringLiteral("mcp")}) {
            RunRecord run = runOf(int(written.size()));
            run.origin = origin;
            run.version = QString(origin.size() % 7 + 1, u'9');
            run.status = origin.isEmpty() ? QStringLiteral("failed") : QStringLiteral("succeeded");
            run.owner = written.size() == 2 ? owner : QString();
            written.append(run);
        }
        const qint64 last = store->appendRuns(written, &error);
        QVERIFY2(last > 0, qPrintable(error));
        for (qsizetype i = 0; i < written.size(); ++i) {
            const std::optional<RunRecord> read = store->run(last - written.size() + 1 + i, {QString(), owner}, &error);
            QVERIFY2(read, qPrintable(error));
            QCOMPARE(read->action, written.at(i).action);
            QCOMPARE(read->version, written.at(i).version);
            QCOMPARE(read->origin, written.at(i).origin);
            QCOMPARE(read->status, written.at(i).status);
            QCOMPARE(read->owner, written.at(i).owner);
        }
    }

    // Groups of any size, larger than one statement writes and of every remainder, keep each run whole, in order,
    // under increasing ids, and tell the last one's id.
    void runGroupsOfAnySizeKeepEveryRun()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        qint64 previous = 0;
        int number = 0;
        for (const int size : {47, 32, 1, 63, 64, 2}) {
            QList<RunRecord> group;
            for (int i = 0; i < size; ++i) {
                RunRecord run = runOf(number++);
                run.durationMs = number / 4.0;
                run.owner = number % 3 == 0 ? QStringLiteral("account-%1").arg(number) : QString();
                if (number % 5 == 0) {
                    run.status = QStringLiteral("failed");
                    run.errors = {
                        QJsonObject{{"code", "invalid_input"}, {"message", QStringLiteral("n%1").arg(number)}}};
                    run.maskedInputs = {QStringLiteral("secret")};
                }
                if (number % 7 == 0)
                    run.warnings = {QJsonObject{{"message", QStringLiteral("w%1").arg(number)}}};
                group.append(run);
            }
            const qint64 last = store->appendRuns(group, &error);
            QVERIFY2(last > 0, qPrintable(error));
            QCOMPARE(last, previous + (previous == 0 ? last : size));
            for (int i = 0; i < size; ++i) {
                const RunRecord &written = group.at(i);
                const std::optional<RunRecord> read = store->run(last - size + 1 + i, {written.owner}, &error);
                QVERIFY2(read, qPrintable(QStringLiteral("group of %1, run %2: %3").arg(size).arg(i).arg(error)));
                QCOMPARE(read->inputs, written.inputs);
                QCOMPARE(read->durationMs, written.durationMs);
                QCOMPARE(read->status, written.status);
                QCOMPARE(read->errors, written.errors);
                QCOMPARE(read->warnings, written.warnings);
                QCOMPARE(read->maskedInputs, written.maskedInputs);
            }
            previous = last;
        }
        QCOMPARE(store->runCount(), 47 + 32 + 1 + 63 + 64 + 2);
    }

    // A group of runs that cannot be written (another writer holds the file past the wait) is
    // reported and left out whole; the next group is written once the file is free again.
    void runsNotWrittenAreReportedAndTheNextAreWritten()
    {
        if (isRedis())
            QSKIP("a Redis database has no writer lock to hold");
        const QString path = freshLocation();
        QString error;
        const std::unique_ptr<Store> store = Store::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        const qint64 first = store->appendRun(runOf(0), &error);
        QVERIFY2(first > 0, qPrintable(error));
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QSqlQuery hold(other);
            QVERIFY2(hold.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(hold.lastError().text()));
            QCOMPARE(store->appendRuns({runOf(1), runOf(2)}, &error), 0);
            QVERIFY2(error.startsWith(QStringLiteral("the store %1 cannot be written: ").arg(path)), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("locked")), qPrintable(error));
            QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("writer"));
        error.clear();
        const qint64 next = store->appendRun(runOf(3), &error);
        QVERIFY2(next > first, qPrintable(error));
        QCOMPARE(store->runCount(), 2);
        const auto kept = store->runs(0, 10, {QString()}, &error);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->first().inputsObject().value("name").toString(), QStringLiteral("room-3"));
    }

    // Runs are committed without a sync of the disk, and every durable write that follows them is synced again.
    void durableWritesAreSyncedAfterRuns()
    {
        if (isRedis())
            QSKIP("Redis has no per-connection sync setting");
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        // The store's own connection, which this thread opened: the setting is the connection's.
        const QStringList names = QSqlDatabase::connectionNames().filter(QStringLiteral("actionnode-store-"));
        QCOMPARE(names.size(), 1);
        QSqlQuery query(QSqlDatabase::database(names.first(), false));
        const auto synchronous = [&] {
            return query.exec(QStringLiteral("PRAGMA synchronous")) && query.next() ? query.value(0).toInt() : -1;
        };
        constexpr int full = 2, normal = 1;
        QCOMPARE(synchronous(), full);
        StoredSubscription subscription;
        subscription.id = QStringLiteral("sub_0123456789abcdef01234567");
        subscription.trigger = QStringLiteral("daily.participant_knocking");
        subscription.targetUrl = QStringLiteral("https://hooks.example/in");
        subscription.secret = QStringLiteral("whsec_c2VjcmV0LW9mLXRoZS1zdWJzY3JpYmVy");
        DeliveryAttempt attempt;
        attempt.subscription = subscription.id;
        attempt.logId = 1;
        attempt.status = 200;
        ManagedWebhook webhook;
        webhook.provider = QStringLiteral("daily");
        webhook.endpoint = QStringLiteral("mwh_0123456789abcdef01234567");
        const std::pair<const char *, std::function<bool()>> durableWrites[] = {
            {"appendEvent",
             [&] {
                 return store
                            ->appendEvent(QStringLiteral("daily"), QStringLiteral("evt-1"), eventBody("evt-1"), now, 0,
                                          {})
                            .outcome
                        == Store::Append::New;
             }},
            {"addSubscription", [&] { return store->addSubscription(subscription, &error); }},
            {"updateSubscription",
             [&] { return store->updateSubscription(subscription, Store::SubscriptionPart::Secrets, &error); }},
            {"appendDelivery", [&] { return store->appendDelivery(attempt, &error); }},
            {"putManagedWebhook", [&] { return store->putManagedWebhook(webhook, &error); }},
            {"removeManagedWebhook",
             [&] { return store->removeManagedWebhook(webhook.provider, {}, &error).value_or(false); }},
            {"setPollCursor",
             [&] {
                 return store->setPollCursor(QStringLiteral("daily.poll"), {}, QJsonObject{{"after", 1}}, &error);
             }},
            {"removeSubscription", [&] { return store->removeSubscription(subscription.id, &error).value_or(false); }},
        };
        int number = 0;
        for (const auto &[name, write] : durableWrites) {
            QVERIFY2(store->appendRuns({runOf(number), runOf(number + 1)}, &error) > 0, qPrintable(error));
            number += 2;
            QCOMPARE(synchronous(), normal);
            QVERIFY2(store->appendRun(runOf(number++), &error) > 0, qPrintable(error));
            QCOMPARE(synchronous(), normal);
            QVERIFY2(write(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(name), error)));
            QVERIFY2(synchronous() == full, name);
        }
        QCOMPARE(store->runCount(), qint64(number));
        // A transaction left open on the connection (a write whose COMMIT and ROLLBACK both failed), where SQLite
        // refuses the setting, ends before the next durable write sets it.
        QVERIFY2(store->appendRun(runOf(number), &error) > 0, qPrintable(error));
        QCOMPARE(synchronous(), normal);
        QVERIFY(query.exec(QStringLiteral("BEGIN")));
        QVERIFY2(store->addSubscription(subscription, &error), qPrintable(error));
        QCOMPARE(synchronous(), full);
        QCOMPARE(store->subscriptions(&error)->size(), 1);
    }

    // A run reads back with the values it was written with: integers beyond 2^53, fractions, any text.
    void runsReadBackExactly()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        RunRecord written = runOf(0);
        written.inputs = textOf({{"integer", qint64(9007199254740993)},
                                 {"negative", qint64(-9007199254740993)},
                                 {"fraction", 0.1},
                                 {"huge", 1e300},
                                 {"text", QStringLiteral("Zoë \"quoted\" \\ line\nbreak \u0001 😀")},
                                 {"nested", QJsonObject{{"list", QJsonArray{true, QJsonValue::Null, 1.5}}}}});
        // JSON has no NaN or infinity: a plugin's output of one is recorded as null, the run intact.
        Runtime runtime;
        runtime.discoverPlugins();
        written.outputs = RunRecord::of(runtime.action(QStringLiteral("daily.create_room")), QJsonObject(),
                                        ActionResult::success(QJsonObject{{"token", QStringLiteral("a.b.c")},
                                                                          {"ratio", qQNaN()},
                                                                          {"limit", qInf()},
                                                                          {"floor", -qInf()}}))
                              .outputs;
        const qint64 id = store->appendRun(written, &error);
        QVERIFY2(id > 0, qPrintable(error));
        const std::optional<RunRecord> read = store->run(id, {QString()}, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->inputsObject(), written.inputsObject());
        QCOMPARE(read->inputsObject().value("integer").toInteger(), qint64(9007199254740993));
        QCOMPARE(read->outputsObject().value("token").toString(), QStringLiteral("a.b.c"));
        for (const char *key : {"ratio", "limit", "floor"})
            QVERIFY2(read->outputsObject().value(QLatin1String(key)).isNull(), key);
    }

    void eventsAndRunsCarryTheirAccount()
    {
        const QString accountA = QStringLiteral("a1b2");
        const QString accountB = QStringLiteral("c3d4");
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->appendEvent("daily", "a", eventBody("a"), now, 600, accountA).outcome, Store::Append::New);
        QCOMPARE(store->appendEvent("daily", "h", eventBody("h"), now, 600, {}).outcome, Store::Append::New);
        const auto events = store->eventsAfter(0, 10, &error);
        QVERIFY2(events, qPrintable(error));
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->at(0).owner, accountA);
        QCOMPARE(events->at(1).owner, QString());

        RunRecord ofA = runOf(0);
        ofA.owner = accountA;
        const qint64 idA = store->appendRun(ofA, &error);
        QVERIFY2(idA > 0, qPrintable(error));
        // More of another account's runs than one read of the log holds, all newer than A's.
        RunRecord ofB = runOf(1);
        ofB.owner = accountB;
        qint64 idB = 0;
        for (int i = 0; i < 300; ++i)
            idB = store->appendRun(ofB, &error);
        QVERIFY2(idB > 0, qPrintable(error));

        const auto runsOfA = store->runs(0, 5, {accountA}, &error);
        QVERIFY2(runsOfA, qPrintable(error));
        QCOMPARE(runsOfA->size(), 1);
        QCOMPARE(runsOfA->first().id, idA);
        QCOMPARE(runsOfA->first().owner, accountA);
        QCOMPARE(store->runs(0, 500, {accountB}, &error)->size(), 300);
        QCOMPARE(store->runs(0, 500, {accountA, accountB}, &error)->size(), 301);
        QCOMPARE(store->runs(0, 5, {QString()}, &error)->size(), 0);
        QCOMPARE(store->run(idA, {accountA}, &error)->owner, accountA);
        QVERIFY(!store->run(idB, {accountA}, &error));
        QVERIFY(error.isEmpty()); // another account's is unknown, not a failure
        QVERIFY(!store->run(idA, {}, &error));
    }

    // A file written before events and runs carried their account opens, its rows the host's own.
    void aFileOfTheFirstLayoutGainsTheAccount()
    {
        if (isRedis())
            QSKIP("Redis records are JSON, read with an empty owner when they have none");
        const QString path = freshLocation();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        {
            QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("layout1"));
            database.setDatabaseName(path);
            QVERIFY(database.open());
            QSqlQuery query(database);
            for (const char *statement :
                 {"CREATE TABLE events (log_id INTEGER PRIMARY KEY AUTOINCREMENT, provider TEXT NOT NULL, event_id "
                  "TEXT NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (provider, event_id))",
                  "CREATE TABLE runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, version TEXT "
                  "NOT NULL, origin TEXT NOT NULL, started_at INTEGER NOT NULL, duration_ms REAL NOT NULL, inputs "
                  "TEXT NOT NULL, masked_inputs TEXT NOT NULL, status TEXT NOT NULL, outputs TEXT NOT NULL, errors "
                  "TEXT NOT NULL, warnings TEXT NOT NULL)",
                  "INSERT INTO events (provider, event_id, received_at, body) VALUES ('daily', 'old', 1767225600, "
                  "'{\"id\":\"old\"}')",
                  "INSERT INTO runs (action, version, origin, started_at, duration_ms, inputs, masked_inputs, status, "
                  "outputs, errors, warnings) VALUES ('daily.create_room', '1.0.0', 'http', 1767225600000, 1, '{}', "
                  "'[]', 'succeeded', '{}', '[]', '[]')",
                  "PRAGMA user_version=1"})
                QVERIFY2(query.exec(QString::fromLatin1(statement)), qPrintable(query.lastError().text()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("layout1"));
        QString error;
        const std::unique_ptr<Store> store = Store::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        const auto events = store->eventsAfter(0, 10, &error);
        QVERIFY2(events && events->size() == 1, qPrintable(error));
        QCOMPARE(events->first().owner, QString());
        const auto runs = store->runs(0, 10, {QString()}, &error);
        QVERIFY2(runs && runs->size() == 1, qPrintable(error));
        QCOMPARE(runs->first().action, QStringLiteral("daily.create_room"));
        RunRecord ofA = runOf(1);
        ofA.owner = QStringLiteral("a1b2");
        QVERIFY2(store->appendRun(ofA, &error) > 0, qPrintable(error));
        QCOMPARE(store->runs(0, 10, {QStringLiteral("a1b2")}, &error)->size(), 1);
    }

    // The retention holds the history's rows and its size (a SQLite file's, Redis's keys) flat
    // while 100,000 runs are recorded, as a busy host records them: one append each.
    void runRetentionHoldsTheSizeFlat()
    {
        // What is checked here is the file's size, which the medium does not change, so the file
        // is in memory, where the write-ahead log's checkpoints cost no sync of a disk.
        QTemporaryDir inMemory(QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm/tst_store-XXXXXX")
                                                                         : QDir::tempPath() + "/tst_store-XXXXXX");
        QVERIFY(inMemory.isValid());
        const QString path = isRedis() ? freshLocation() : inMemory.filePath(QStringLiteral("store.sqlite"));
        QString error;
        const std::unique_ptr<Store> store = Store::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        StoreRetention retention;
        retention.maxRuns = 100;
        store->setRetention(retention);
        const auto record = [&](int count) {
            for (int i = 0; i < count; ++i) {
                if (store->appendRun(runOf(i), &error) == 0)
                    return false;
            }
            return true;
        };
        constexpr int settling = 1000; // ten times the retention: every page has been freed and reused once
        constexpr int total = 100000;
        constexpr int checks = 9;
        QVERIFY2(record(settling), qPrintable(error));
        QCOMPARE(store->runCount(), 100);
        const int database = QUrl(path).path().mid(1).toInt();
        // SQLite: the file's bytes; Redis: how many keys and entries it holds.
        const auto size = [&] {
            return isRedis() ? qint64(everyRedisValue(redisPort(), database).size()) : QFileInfo(path).size();
        };
        const qint64 settled = size();
        for (int check = 1; check <= checks; ++check) {
            QVERIFY2(record((total - settling) / checks), qPrintable(error));
            QCOMPARE(store->runCount(), 100);
            QVERIFY2(size() <= settled, qPrintable(QStringLiteral("%1 grew to %2 after %3 runs")
                                                       .arg(settled)
                                                       .arg(size())
                                                       .arg(settling + check * (total - settling) / checks)));
        }
        QCOMPARE(store->runs(0, 1, {QString()}, &error)->first().id, total);
        // The write-ahead log is checkpointed every 1000 pages and cut back to 8 MiB at most.
        if (!isRedis())
            QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() <= 8 * 1024 * 1024);
    }

    // A SQLite store's write-ahead log reaches the database file while the store is open: its own
    // thread copies it once it holds 1,000 pages, short of the 1,500 at which the connection that
    // writes would. Closing the store leaves no log behind.
    void theLogIsCopiedIntoTheFileWhileTheStoreIsOpen()
    {
        if (isRedis())
            QSKIP("a Redis database has no write-ahead log");
        const QString path = freshLocation();
        QString error;
        std::unique_ptr<Store> store = Store::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        const qint64 empty = QFileInfo(path).size();
        // Groups of 32 runs as the HTTP host writes them, each run's inputs 4 KiB: some 1,200 pages of log.
        QList<RunRecord> group;
        for (int i = 0; i < 32; ++i) {
            RunRecord run = runOf(i);
            run.inputs = textOf({{"name", QStringLiteral("room-%1").arg(i)}, {"notes", QString(4096, u'x')}});
            group.append(run);
        }
        constexpr int groups = 28;
        for (int i = 0; i < groups; ++i)
            QVERIFY2(store->appendRuns(group, &error) > 0, qPrintable(error));
        const qint64 runBytes = qint64(groups) * group.size() * 4096;
        QTRY_VERIFY2(QFileInfo(path).size() > empty + runBytes / 2,
                     qPrintable(QStringLiteral("the file holds %1 bytes").arg(QFileInfo(path).size())));
        QCOMPARE(store->runCount(), groups * group.size());
        store.reset();
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        QVERIFY(QFileInfo(path).size() > empty + runBytes);
    }

    void anotherProgramsFileIsRefused()
    {
        QString error;
        if (isRedis()) {
            const QString location = freshLocation();
            const QString database = QUrl(location).path().mid(1);
            QCOMPARE(redisCli(redisPort(), {"-n", database, "SET", "actionnode:layout", "7"}), QStringList{"OK"});
            QVERIFY(!Store::open(location, &error));
            QCOMPARE(error, QStringLiteral("the store %1 cannot be used: it holds keys of layout 7, this actionnode "
                                           "writes layout 1")
                                .arg(location));
            return;
        }
        QTemporaryDir directory;
        const QString notADatabase = directory.filePath(QStringLiteral("notes.txt"));
        QFile file(notADatabase);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QVERIFY(!Store::open(notADatabase, &error));
        QVERIFY2(error.startsWith(QStringLiteral("the store %1 cannot be read: ").arg(notADatabase)),
                 qPrintable(error));
    }

    // Inputs that keep the text they were sent as are recorded as that text without the spaces between its
    // tokens: members in their order, numbers as written. A value set since is recorded; so is only the value
    // that ran of a repeated member, and a text with an undeclared list or object (which may repeat one) is
    // written from its values, integers exactly as Qt holds them, U+FEFF escaped (QJsonDocument drops it
    // as a byte order mark where it stands as UTF-8) and so are lone surrogates (UTF-8 cannot hold them).
    void sentInputsAreRecordedAsSent()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const ActionSpec createRoom = runtime.action(QStringLiteral("daily.create_room"));
        QVERIFY2(!createRoom.hasError(), qPrintable(createRoom.errorString()));
        const ActionResult result = ActionResult::success(QJsonObject{{"name", "stand up"}});
        const QByteArray sent = "{ \"privacy\" : \"private\",\n\t\"name\": \"stand up\", \"exp\": 1.90e9, "
                                "\"permissions\": {\"canSend\" : [\"video\"]} }";
        std::optional<ActionInputs> inputs = runtime.readSentInputs(createRoom.id(), sent);
        QVERIFY(inputs);
        QCOMPARE(RunRecord::of(createRoom, *inputs, result).inputs,
                 QByteArray(
                     R"({"privacy":"private","name":"stand up","exp":1.90e9,"permissions":{"canSend":["video"]}})"));
        QVERIFY(inputs->setText(inputs->slotOf(u"name"), QStringLiteral("retro")));
        const QJsonObject recorded = RunRecord::of(createRoom, *inputs, result).inputsObject();
        QCOMPARE(recorded.value("name").toString(), QStringLiteral("retro"));
        QCOMPARE(recorded.value("privacy").toString(), QStringLiteral("private"));

        const QList<std::pair<QByteArray, QString>> notKept{
            {R"({"name":"shown","name":"ran"})", "{\"name\":\"ran\"}"},
            {R"({"permissions":{"canSend":["video"],"canSend":["audio"]}})",
             "{\"permissions\":{\"canSend\":[\"audio\"]}}"},
            {R"({"x-note":{"a":1,"a":2}})", "{\"x-note\":{\"a\":2}}"},
            {R"({"x-note":1,"x-note":2})", "{\"x-note\":2}"},
            {R"({"x-note":[-9223372036854775804,9223372036854775807,-9223372036854775809,0.5]})",
             "{\"x-note\":[-9223372036854775804,9223372036854775807,-9223372036854775808,0.5]}"},
            {R"({"x-note":"a","x-note":"\ufeffb\ufeff"})", "{\"x-note\":\"\\ufeffb\\ufeff\"}"},
            {R"({"x-note":{"\udc00":"\ud83dx\ud83d\ude00\ud83d"}})",
             "{\"x-note\":{\"\\udc00\":\"\\ud83dx\xF0\x9F\x98\x80\\ud83d\"}}"}};
        for (const auto &[text, written] : notKept) {
            const std::optional<ActionInputs> read = runtime.readSentInputs(createRoom.id(), text);
            QVERIFY2(read, text.constData());
            const RunRecord run = RunRecord::of(createRoom, *read, result);
            QCOMPARE(run.inputs, written.toUtf8());
            QCOMPARE(run.inputsObject(), QJsonDocument::fromJson(text).object());
        }
    }

    // Masked, the tokens of two runs read the same: the second run shares the first one's text. A text
    // that differs is its own, and a long one is not kept for the next run.
    void maskedOutputsShareTheirText()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const ActionSpec token = runtime.action(QStringLiteral("daily.create_meeting_token"));
        QVERIFY2(!token.hasError(), qPrintable(token.errorString()));
        const auto recorded = [&token](const QByteArray &signedToken, const QByteArray &note = {}) {
            ActionOutputs outputs;
            outputs.insertUtf8(QStringLiteral("token"), signedToken);
            if (!note.isEmpty())
                outputs.insertUtf8(QStringLiteral("note"), note);
            return RunRecord::of(token, QJsonObject(), ActionResult::success(outputs)).outputs;
        };
        const QByteArray first = recorded("eyJh.first-token.sig");
        const QByteArray second = recorded("eyJh.second-token.sig");
        QCOMPARE(first, second);
        QVERIFY(!first.contains("token.sig"));
        QVERIFY(second.isSharedWith(first));
        const QByteArray noted = recorded("eyJh.third-token.sig", "kept");
        QVERIFY(noted.contains("kept"));
        QVERIFY(noted != first);
        const QByteArray longNote(2000, 'n');
        const QByteArray longFirst = recorded("eyJh.fourth-token.sig", longNote);
        const QByteArray longSecond = recorded("eyJh.fifth-token.sig", longNote);
        QCOMPARE(longFirst, longSecond);
        QVERIFY(!longSecond.isSharedWith(longFirst));
    }

    // A sensitive input and a sensitive output, even quoted in a message, never reach any stored column.
    void runsKeepNoSecret()
    {
        Runtime runtime;
        runtime.discoverPlugins();
        const ActionSpec createWebhook = runtime.action(QStringLiteral("daily.create_webhook"));
        QVERIFY2(!createWebhook.hasError(), qPrintable(createWebhook.errorString()));
        const QString inputCanary = QStringLiteral("aW5wdXQtY2FuYXJ5LTdmM2E5");
        const QString outputCanary = QStringLiteral("b3V0cHV0LWNhbmFyeS0yYzhk");
        const QString authCanary = QStringLiteral("user:basic-canary-51e0");
        const ActionResult result = ActionResult::success(
            QJsonObject{{"uuid", "0b6f1b4e"}, {"hmac", outputCanary}, {"url", "https://example.com/hook"}},
            {{QStringLiteral("risky"),
              QStringLiteral("/hmac"),
              {},
              QStringLiteral("the secret %1 was echoed, and %2 too").arg(inputCanary, outputCanary)}});
        const QJsonObject given{{"url", "https://example.com/hook"}, {"hmac", inputCanary}, {"basic_auth", authCanary}};
        // The inputs as a C++ host gives them, and as the HTTP host reads them, keeping the text sent.
        const std::optional<ActionInputs> sent = runtime.readSentInputs(createWebhook.id(), textOf(given));
        QVERIFY(sent);
        QList<RunRecord> runs;
        for (const ActionInputs &inputs : {ActionInputs(given), *sent}) {
            RunRecord run = RunRecord::of(createWebhook, inputs, result);
            run.startedAt = QDateTime::currentMSecsSinceEpoch();
            QCOMPARE(run.maskedInputs, (QStringList{"basic_auth", "hmac"}));
            QCOMPARE(run.inputsObject().value("url").toString(), QStringLiteral("https://example.com/hook"));
            QCOMPARE(run.outputsObject().value("uuid").toString(), QStringLiteral("0b6f1b4e"));
            runs.append(run);
        }
        // An input and an output that quote the output's secret, plainly or beside a text written with an
        // escape (in the output, a quote; in the input, one of the secret's own letters), have it masked.
        const QByteArray escaped = "\\u00" + outputCanary.left(1).toLatin1().toHex() + outputCanary.mid(1).toLatin1();
        for (const auto &[echo, quote] :
             {std::pair{outputCanary.toLatin1(), QString()}, {escaped, QStringLiteral("\"")}}) {
            const QByteArray text = R"({"url": "https://example.com/hook?echo=)" + echo + R"("})";
            const std::optional<ActionInputs> echoed = runtime.readSentInputs(createWebhook.id(), text);
            QVERIFY2(echoed, text.constData());
            RunRecord run = RunRecord::of(createWebhook, *echoed,
                                          ActionResult::success(
                                              QJsonObject{{"uuid", "0b6f1b4e"},
                                                          {"hmac", outputCanary},
                                                          {"url", QStringLiteral("https://example.com/hook?echo=")
                                                                      + outputCanary + quote}}));
            run.startedAt = QDateTime::currentMSecsSinceEpoch();
            QCOMPARE(run.inputsObject().value("url").toString(),
                     QStringLiteral("https://example.com/hook?echo=") + FieldSpec::maskText());
            QCOMPARE(run.outputsObject().value("url").toString(),
                     QStringLiteral("https://example.com/hook?echo=") + FieldSpec::maskText() + quote);
            QCOMPARE(run.outputsObject().value("hmac").toString(), FieldSpec::maskText());
            runs.append(run);
        }
        // A list whose items hold a secret (each webhook's hmac) keeps the items, their secrets masked.
        const ActionSpec listWebhooks = runtime.action(QStringLiteral("daily.list_webhooks"));
        QVERIFY2(!listWebhooks.hasError(), qPrintable(listWebhooks.errorString()));
        const RunRecord listed =
            RunRecord::of(listWebhooks, QJsonObject(),
                          ActionResult::success(QJsonObject{
                              {"webhooks", QJsonArray{QJsonObject{{"uuid", "0b6f1b4e"}, {"hmac", outputCanary}}}}}));
        const QJsonObject listedWebhook = listed.outputsObject().value("webhooks").toArray().first().toObject();
        QCOMPARE(listedWebhook.value("uuid").toString(), QStringLiteral("0b6f1b4e"));
        QCOMPARE(listedWebhook.value("hmac").toString(), FieldSpec::maskText());

        const QString path = freshLocation();
        QString error;
        {
            const std::unique_ptr<Store> store = Store::open(path, &error);
            QVERIFY2(store, qPrintable(error));
            QVERIFY2(store->appendRuns(runs, &error) > 0, qPrintable(error));
        }
        const QStringList values = isRedis() ? everyRedisValue(redisPort(), QUrl(path).path().mid(1).toInt())
                                             : everySqliteValue(path);
        QVERIFY2(values.join('\n').contains(QStringLiteral("https://example.com/hook")), // the scan sees the run
                 qPrintable(values.join('\n')));
        for (const QString &canary : {inputCanary, outputCanary, authCanary})
            QVERIFY2(!values.join('\n').contains(canary), qPrintable(canary));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
