// The store as hosts use it: events logged once and read back in order,
// ids never reused, retention that prunes without forgetting what a replay
// could still use, run history that stays flat, and runs with no secret.
// Each behaviour holds for both stores, SQLite and Redis (a redis-server of
// the test's own), with the same outcomes and errors; then what is Redis's
// alone: a server that is away or stalled, and the rate limits it shares.

#include <actionnode/actionresult.h>
#include <actionnode/runtime.h>
#include <actionnode/sharedratelimits.h>
#include <actionnode/store.h>

#include "support/serverprocess.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

constexpr qint64 now = 1767225600; // 2026-01-01

QJsonObject eventBody(const QString &id)
{
    return {{"type", "waiting-participant.joined"}, {"id", id}, {"payload", QJsonObject{{"room", "standup"}}}};
}

RunRecord runOf(int number)
{
    RunRecord run;
    run.action = QStringLiteral("daily.create_room");
    run.version = QStringLiteral("1.0.0");
    run.origin = QStringLiteral("http");
    run.startedAt = QDateTime::currentMSecsSinceEpoch();
    run.inputs = {{"name", QStringLiteral("room-%1").arg(number)}};
    run.status = QStringLiteral("succeeded");
    return run;
}

// Every value of every row of every table in the SQLite file at \a path, as text.
QStringList everyStoredValue(const QString &path)
{
    QStringList values;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspection"));
        database.setDatabaseName(path);
        if (!database.open())
            return {QStringLiteral("cannot open ") + path};
        QSqlQuery tables(database);
        tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        for (const QString &table : names) {
            QSqlQuery rows(database);
            rows.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table));
            while (rows.next()) {
                for (int column = 0; column < rows.record().count(); ++column)
                    values.append(rows.value(column).toString());
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspection"));
    return values;
}

// What redis-cli answers to \a command on the server at \a port, one line per reply element.
QStringList redisCli(quint16 port, const QStringList &command)
{
    QProcess cli;
    cli.start(QStringLiteral("redis-cli"), QStringList{"-p", QString::number(port), "--raw"} + command);
    if (!cli.waitForFinished(10000))
        return {QStringLiteral("redis-cli did not answer")};
    return QString::fromUtf8(cli.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
}

// Every key and value the Redis server at \a port holds in database \a database, as text.
QStringList everyRedisValue(quint16 port, int database)
{
    const QString db = QString::number(database);
    QStringList values;
    for (const QString &key : redisCli(port, {"-n", db, "--scan"})) {
        values.append(key);
        const QString type = redisCli(port, {"-n", db, "TYPE", key}).value(0);
        if (type == QLatin1String("string"))
            values += redisCli(port, {"-n", db, "GET", key});
        else if (type == QLatin1String("hash"))
            values += redisCli(port, {"-n", db, "HGETALL", key});
        else if (type == QLatin1String("zset"))
            values += redisCli(port, {"-n", db, "ZRANGE", key, "0", "-1", "WITHSCORES"});
        else
            values.append(QStringLiteral("a key of type %1").arg(type)); // one this scan does not read
    }
    return values;
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
            QVERIFY(store->updateSubscription(record, &error));
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

    void eventsAreLoggedOnceAndReadInOrder()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(freshLocation(), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->lastLogId(&error), 0);
        QList<qint64> ids;
        for (const char *id : {"a", "b", "c"}) {
            const Store::AppendResult appended = store->appendEvent("daily", id, eventBody(id), now, 600);
            QCOMPARE(appended.outcome, Store::Append::New);
            ids.append(appended.logId);
        }
        QVERIFY(ids[0] < ids[1] && ids[1] < ids[2]);
        const Store::AppendResult again = store->appendEvent("daily", "b", eventBody("b"), now, 600);
        QCOMPARE(again.outcome, Store::Append::Duplicate);
        QCOMPARE(again.logId, ids[1]);
        // The same id from another provider is another event.
        QCOMPARE(store->appendEvent("signalwire", "b", eventBody("b"), now, 600).outcome, Store::Append::New);
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
                last = store->appendEvent("daily", id, eventBody(id), now, 0).logId;
            QCOMPARE(store->eventCount(), 2); // "a" made room
        }
        std::unique_ptr<Store> reopened = Store::open(path, &error);
        QVERIFY2(reopened, qPrintable(error));
        const auto kept = reopened->eventsAfter(0, 10, &error);
        QCOMPARE(kept->size(), 2);
        QCOMPARE(kept->last().logId, last);
        QCOMPARE(reopened->appendEvent("daily", "c", eventBody("c"), now, 0).outcome, Store::Append::Duplicate);
        // A pruned id is not handed out again: a Last-Event-ID stays meaningful.
        QCOMPARE(reopened->appendEvent("daily", "d", eventBody("d"), now, 0).logId, last + 1);
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
        QCOMPARE(store->appendEvent("daily", "a", eventBody("a"), now, 600).outcome, Store::Append::New);
        QCOMPARE(store->appendEvent("daily", "b", eventBody("b"), now, 600).outcome, Store::Append::New);
        QCOMPARE(store->appendEvent("daily", "c", eventBody("c"), now + 100, 600).outcome, Store::Append::Full);
        QCOMPARE(store->appendEvent("daily", "a", eventBody("a"), now + 100, 600).outcome, Store::Append::Duplicate);
        QCOMPARE(store->appendEvent("daily", "c", eventBody("c"), now + 600, 600).outcome, Store::Append::New);
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
        store->appendEvent("daily", "old", eventBody("old"), now, 600);
        store->appendEvent("daily", "new", eventBody("new"), now + 3601, 600);
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
        for (int i = 0; i < 5; ++i)
            ids.append(store->appendRun(runOf(i), &error));
        QVERIFY(!ids.contains(0));
        const auto newest = store->runs(0, 2, &error);
        QCOMPARE(newest->size(), 2);
        QCOMPARE(newest->at(0).id, ids[4]);
        QCOMPARE(newest->at(1).inputs.value("name").toString(), QStringLiteral("room-3"));
        const auto older = store->runs(newest->at(1).id, 10, &error);
        QCOMPARE(older->size(), 3);
        QCOMPARE(older->last().id, ids[0]);
        const std::optional<RunRecord> one = store->run(ids[2], &error);
        QVERIFY(one);
        QCOMPARE(one->toJson().value("action").toString(), QStringLiteral("daily.create_room"));
        const RunRecord written = runOf(2);
        QCOMPARE(one->startedAt / 1000, written.startedAt / 1000);
        QCOMPARE(one->inputs, written.inputs);
        QCOMPARE(one->status, written.status);
        QVERIFY(!store->run(ids[4] + 1, &error));
        QVERIFY(error.isEmpty()); // unknown, not failed
    }

    // The retention holds the history's rows and its size (a SQLite file's, Redis's keys) flat.
    void runRetentionHoldsTheSizeFlat()
    {
        const QString path = freshLocation();
        QString error;
        const std::unique_ptr<Store> store = Store::open(path, &error);
        QVERIFY2(store, qPrintable(error));
        StoreRetention retention;
        retention.maxRuns = 20;
        store->setRetention(retention);
        const auto record = [&](int count) {
            for (int i = 0; i < count; ++i) {
                if (store->appendRun(runOf(i), &error) == 0)
                    return false;
            }
            return true;
        };
        QVERIFY2(record(500), qPrintable(error));
        QCOMPARE(store->runCount(), 20);
        if (isRedis()) {
            const int database = QUrl(path).path().mid(1).toInt();
            const QStringList settled = everyRedisValue(redisPort(), database);
            QVERIFY2(record(500), qPrintable(error));
            QCOMPARE(store->runCount(), 20);
            QCOMPARE(everyRedisValue(redisPort(), database).size(), settled.size());
            return;
        }
        const qint64 settled = QFileInfo(path).size();
        QVERIFY2(record(500), qPrintable(error));
        QCOMPARE(store->runCount(), 20);
        QVERIFY2(QFileInfo(path).size() <= settled,
                 qPrintable(QStringLiteral("%1 bytes grew to %2").arg(settled).arg(QFileInfo(path).size())));
        // The write-ahead log is checkpointed every 1000 pages and cut back to 8 MiB at most.
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() <= 8 * 1024 * 1024);
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
        RunRecord run = RunRecord::of(
            createWebhook, {{"url", "https://example.com/hook"}, {"hmac", inputCanary}, {"basic_auth", authCanary}},
            result);
        QCOMPARE(run.maskedInputs, (QStringList{"basic_auth", "hmac"}));
        run.startedAt = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(run.inputs.value("url").toString(), QStringLiteral("https://example.com/hook"));
        QCOMPARE(run.outputs.value("uuid").toString(), QStringLiteral("0b6f1b4e"));

        const QString path = freshLocation();
        QString error;
        {
            const std::unique_ptr<Store> store = Store::open(path, &error);
            QVERIFY2(store, qPrintable(error));
            QVERIFY2(store->appendRun(run, &error) > 0, qPrintable(error));
        }
        const QStringList values = isRedis() ? everyRedisValue(redisPort(), QUrl(path).path().mid(1).toInt())
                                             : everyStoredValue(path);
        QVERIFY2(values.join('\n').contains(QStringLiteral("https://example.com/hook")), // the scan sees the run
                 qPrintable(values.join('\n')));
        for (const QString &canary : {inputCanary, outputCanary, authCanary})
            QVERIFY2(!values.join('\n').contains(canary), qPrintable(canary));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
