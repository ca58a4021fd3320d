#pragma once

#include "redisconnection.h"

#include <actionnode/store.h>

namespace ActionNode::Internal {

/*!
    The Store that replicas share: one Redis server (a location
    \c{redis://[:password@]host[:port][/db]}), reached through hiredis with
    a timeout on every connect and command.

    Under the prefix \c actionnode: the event log is a sorted set scored by
    log id (each member the id and the entry's JSON), with a sorted set of
    arrival times for the retention and two hashes from log id to provider
    event id and back for de-duplication; runs likewise. Subscriptions are
    a hash from id to the whole record (its signing secret included, as
    SQLite keeps it) with a sorted set of their order of creation; each
    one's delivery log a list, newest first, trimmed to the retention. Appending runs as
    one Lua script, so the duplicate check, the pruning and the new id are
    atomic across every replica, and log ids (from INCR) are handed out in
    the order entries become visible: a reader that follows the log by id
    never skips one. Ids are never reused while the keys live.

    Durability is Redis's own: configure \c appendonly for events to
    survive a restart of the server.
*/
class RedisStore : public Store
{
public:
    static std::unique_ptr<RedisStore> open(const QString &location, QString *errorString);

    QString location() const override { return m_connection->address().shown; }
    void setRetention(const StoreRetention &retention) override { m_retention = retention; }
    StoreRetention retention() const override { return m_retention; }
    bool isShared() const override { return true; }
    std::shared_ptr<SharedRateLimits> sharedRateLimits() override;

    AppendResult appendEvent(const QString &provider, const QString &eventId, const QJsonObject &event, qint64 now,
                             qint64 protectSeconds, const QString &owner) override;
    std::optional<QList<StoredEvent>> eventsAfter(qint64 afterLogId, int limit, QString *errorString) override;
    std::optional<qint64> lastLogId(QString *errorString) override;
    qint64 eventCount() const override;

    qint64 appendRuns(const QList<RunRecord> &runs, QString *errorString) override;
    std::optional<RunRecord> run(qint64 id, const QStringList &owners, QString *errorString) override;
    std::optional<QList<RunRecord>> runs(qint64 beforeId, int limit, const QStringList &owners,
                                         QString *errorString) override;
    qint64 runCount() const override;

    bool addSubscription(const StoredSubscription &subscription, QString *errorString) override;
    bool updateSubscription(const StoredSubscription &subscription, SubscriptionParts parts,
                            QString *errorString) override;
    std::optional<bool> removeSubscription(const QString &id, QString *errorString) override;
    std::optional<QList<StoredSubscription>> subscriptions(QString *errorString) override;
    bool appendDelivery(const DeliveryAttempt &attempt, QString *errorString) override;
    std::optional<QList<DeliveryAttempt>> deliveries(const QString &subscription, int limit,
                                                     QString *errorString) override;
    bool putManagedWebhook(const ManagedWebhook &webhook, QString *errorString) override;
    std::optional<bool> removeManagedWebhook(const QString &provider, const QString &owner,
                                             QString *errorString) override;
    std::optional<QList<ManagedWebhook>> managedWebhooks(QString *errorString) override;


    std::optional<QJsonObject> pollCursor(const QString &trigger, const QString &owner, QString *errorString) override;
    bool setPollCursor(const QString &trigger, const QString &owner, const QJsonObject &cursor,
                       QString *errorString) override;

private:
    explicit RedisStore(RedisConnection::Address address);
    //! "the store <location> <what>: <reason>", as SqliteStore words it.
    QString failure(const QString &what, const QString &reason) const;
    qint64 cardinality(const QByteArray &key) const;
    //! Runs \a script; false with \a errorString saying the store cannot be written.
    std::optional<RedisReply> write(const QByteArray &script, const QByteArrayList &keys,
                                    const QByteArrayList &arguments, QString *errorString);

    std::unique_ptr<RedisConnection> m_connection;
    StoreRetention m_retention;
};

} // namespace ActionNode::Internal
