// What only the Redis store has: a location to read, a server that may be
// away or stalled (a sentence naming the store within the timeout, never a
// hang), a password never shown, and the rate limits replicas share.

#include <actionnode/sharedratelimits.h>
#include <actionnode/store.h>

#include "support/serverprocess.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

QJsonObject eventBody(const QString &id)
{
    return {{"type", "recording.ready-to-download"}, {"id", id}, {"payload", QJsonObject{{"room", "standup"}}}};
}

// A loopback port nothing listens on (it did a moment ago).
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestRedisStore : public QObject
{
    Q_OBJECT

    RedisServerProcess m_redis;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString())); }

    void badLocations_data()
    {
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no host") << "redis://"
                                 << "it names no host";
        QTest::newRow("database") << "redis://127.0.0.1:6379/first"
                                  << "the database \"first\" is not a number of 0 or more";
        QTest::newRow("user") << "redis://admin@127.0.0.1"
                              << "it may hold only a password, a host, a port and a database number";
        QTest::newRow("query") << "redis://127.0.0.1?timeout=1"
                               << "it may hold only a password, a host, a port and a database number";
    }

    void badLocations()
    {
        QFETCH(QString, location);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!Store::open(location, &error));
        QVERIFY2(error.startsWith("the store location ") && error.endsWith(": " + problem), qPrintable(error));
    }

    void serverAwayIsASentence()
    {
        const QString location = QStringLiteral("redis://127.0.0.1:%1").arg(closedPort());
        QString error;
        QVERIFY(!Store::open(location, &error));
        QCOMPARE(error, QStringLiteral("the store %1 cannot be opened: Connection refused").arg(location));
    }

    void passwordIsNeverShown()
    {
        const QString location = m_redis.location().replace("redis://", "redis://:pw-canary-93e1@");
        QString error;
        QVERIFY(!Store::open(location, &error)); // this server wants none
        QVERIFY2(error.startsWith(QStringLiteral("the store %1 cannot be opened: ").arg(m_redis.location())),
                 qPrintable(error));
        QVERIFY2(!error.contains("pw-canary-93e1"), qPrintable(error));
    }

    // A stalled server answers nothing: every call fails within the timeout, and the store recovers with it.
    void stalledServerTimesOut()
    {
        QString error;
        const std::unique_ptr<Store> store = Store::open(m_redis.location() + "/1", &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->appendEvent("daily", "before", eventBody("before"), 1767225600, 600, {}).outcome,
                 Store::Append::New);
        const qint64 pid = m_redis.process().processId();
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
        QElapsedTimer timer;
        timer.start();
        const Store::AppendResult failed = store->appendEvent("daily", "during", eventBody("during"), 1767225600, 600,
                                                              {});
        const qint64 elapsed = timer.elapsed();
        const bool readFailed = !store->eventsAfter(0, 10, &error);
        ::kill(pid_t(pid), SIGCONT);
        QCOMPARE(failed.outcome, Store::Append::Failed);
        QCOMPARE(failed.errorString,
                 QStringLiteral("the store %1/1 cannot be written: no answer within 2000 ms").arg(m_redis.location()));
        QVERIFY2(elapsed < 4000, qPrintable(QString::number(elapsed)));
        QVERIFY(readFailed);
        QVERIFY2(error.startsWith(QStringLiteral("the store %1/1 cannot be read: ").arg(m_redis.location())),
                 qPrintable(error));
        // The server is back: a new connection, and nothing was lost or doubled.
        QCOMPARE(store->appendEvent("daily", "after", eventBody("after"), 1767225600, 600, {}).outcome,
                 Store::Append::New);
        const auto kept = store->eventsAfter(0, 10, &error);
        QVERIFY2(kept, qPrintable(error));
        QStringList ids;
        for (const StoredEvent &event : *kept)
            ids.append(event.event.value("id").toString());
        // "during" may have reached the server before it stopped reading; it is then kept once.
        ids.removeAll("during");
        QCOMPARE(ids, (QStringList{"before", "after"}));
    }

    /*
        Two replicas' stores reserve from one limit: 10 per second with a
        burst of 2 means two at once, then one every 100 ms, whichever
        replica asks. Another account's limit is apart.
    */
    void sharedRateLimitsSpaceEveryReplica()
    {
        QString error;
        const std::unique_ptr<Store> first = Store::open(m_redis.location() + "/2", &error);
        const std::unique_ptr<Store> second = Store::open(m_redis.location() + "/2", &error);
        QVERIFY2(first && second, qPrintable(error));
        const std::shared_ptr<SharedRateLimits> limits[] = {first->sharedRateLimits(), second->sharedRateLimits()};
        QVERIFY(limits[0] && limits[1]);
        // Call i may go (i - 1) * 100 ms after the first call was made (i >= 1), waiting from
        // when it was made itself; each was made at a moment between sending it and its answer.
        QElapsedTimer timer;
        timer.start();
        qint64 firstSent = 0;
        qint64 firstAnswered = 0;
        for (int i = 0; i < 6; ++i) {
            const qint64 sent = timer.elapsed();
            const std::optional<qint64> waitMs = limits[i % 2]->reserve("daily/account-a/default", 10, 1, 2, &error);
            const qint64 answered = timer.elapsed();
            QVERIFY2(waitMs, qPrintable(error));
            if (i == 0) {
                firstSent = sent;
                firstAnswered = answered;
            }
            const qint64 slot = qMax(0, i - 1) * 100;
            const qint64 least = qMax<qint64>(0, firstSent + slot - answered) - 1;
            const qint64 most = qMax<qint64>(0, firstAnswered + slot - sent) + 1;
            QVERIFY2(*waitMs >= least && *waitMs <= most,
                     qPrintable(QStringLiteral("reservation %1 waits %2 ms, not %3 to %4 ms")
                                    .arg(i)
                                    .arg(*waitMs)
                                    .arg(least)
                                    .arg(most)));
        }
        QCOMPARE(limits[1]->reserve("daily/account-b/default", 10, 1, 2, &error), 0);
        // A store of one host shares nothing.
        QVERIFY(!Store::open(Store::inMemory(), &error)->sharedRateLimits());
    }

    // Limits that cannot be reached say so at once, and are left alone for a while rather than waited for.
    void unreachableRateLimitsFailFast()
    {
        QString error;
        RedisServerProcess redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        const std::unique_ptr<Store> store = Store::open(redis.location(), &error);
        QVERIFY2(store, qPrintable(error));
        const std::shared_ptr<SharedRateLimits> limits = store->sharedRateLimits();
        QCOMPARE(limits->reserve("daily/a/default", 20, 1, 0, &error), 0);
        QCOMPARE(redis.terminate(), 0);
        QVERIFY(!limits->reserve("daily/a/default", 20, 1, 0, &error));
        QVERIFY2(error.startsWith(
                     QStringLiteral("the shared rate limits at %1 cannot be reached: ").arg(redis.location())),
                 qPrintable(error));
        QElapsedTimer timer;
        timer.start();
        error.clear();
        QVERIFY(!limits->reserve("daily/a/default", 20, 1, 0, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(timer.elapsed() < 100);
    }
};

QTEST_GUILESS_MAIN(TestRedisStore)
#include "tst_redisstore.moc"
