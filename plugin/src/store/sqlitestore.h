#pragma once

#include <actionnode/store.h>

#include "sqlitestatement.h"
#include "walcheckpointer.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace ActionNode::Internal {

/*!
    The embedded Store: one SQLite database (Qt SQL's QSQLITE driver) with
    the tables \c events, \c runs, \c subscriptions and \c deliveries, in
    write-ahead-log mode with every commit synced (\c{synchronous=FULL}): an
    event the hub acknowledged is on disk. Runs alone are written without
    waiting for the sync (see appendRuns()), and the setting stays so until
    the next durable write. The log is copied into the file on a thread of
    its own (WalCheckpointer). Ids are AUTOINCREMENT keys, so a pruned id is
    never handed out again and a subscriber's Last-Event-ID stays meaningful
    across restarts. Several processes may share the file; a writer waits up
    to 5 s for another's lock.
*/
class SqliteStore : public Store
{
public:
    ~SqliteStore() override;

    //! Opens \a location (a file, or Store::inMemory()); null with \a errorString on failure.
    static std::unique_ptr<SqliteStore> open(const QString &location, QString *errorString);

    QString location() const override { return m_location; }
    void setRetention(const StoreRetention &retention) override { m_retention = retention; }
    StoreRetention retention() const override { return m_retention; }

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
    SqliteStore(const QString &location, const QString &connectionName);
    bool createTables(QString *errorString);
    //! "<location>: <what>: <the driver's reason>".
    QString failure(const QString &what, const QString &reason) const;
    qint64 count(const char *table) const;
    //! Runs \a query; false with "cannot be written" and the reason in \a errorString when it fails.
    bool write(QSqlQuery &query, QString *errorString) const;
    /*!
        Makes the connection's next commits synced to the disk (\c{synchronous=FULL}) or not (\c NORMAL), when
        they are not so already; false with "cannot be written" and the reason in \a errorString when the pragma
        fails. Every durable write asks for synced commits first, and a group of runs for unsynced ones, so a
        server that only records runs sets the pragma once, not around every group.
    */
    bool syncCommits(bool synced, QString *errorString);

    //! What appendRuns() runs, prepared on its first call.
    static constexpr int insertSizes = 6;
    static constexpr int maxRowsPerInsert = 1 << (insertSizes - 1);
    struct RunStatements
    {
        SqliteStatement begin;  //!< BEGIN: Qt SQL's transaction() prepares its statement every time
        SqliteStatement commit; //!< COMMIT
        /*!
            INSERT of 1, 2, 4 ... maxRowsPerInsert runs at once, each prepared
            when first needed. SQLite allocates about ten buffers for each
            statement it runs (without lookaside memory, which Debian's build
            leaves out) and frees them when it ends; rows inserted by one
            statement share them.
        */
        SqliteStatement inserts[insertSizes];
        SqliteStatement prune;
    };
    //! Writes \a runs and prunes the history in one transaction; the last run's id, or 0 with the reason in \a problem.
    qint64 writeRunGroup(RunStatements &statements, const QList<RunRecord> &runs, QString *problem);
    //! Inserts \a count runs from \a first with one statement: the last one's id, or 0 with the reason in \a problem.
    qint64 insertRuns(RunStatements &statements, const RunRecord *first, int count, QString *problem);

    QString m_location;
    QString m_connectionName;
    QSqlDatabase m_database;
    std::unique_ptr<RunStatements> m_runStatements;
    std::unique_ptr<SqliteStatement> m_subscriptionsQuery; //!< subscriptions(), prepared on its first call
    bool m_commitsSynced = true;                           //!< as createTables() sets the connection up
    std::unique_ptr<WalCheckpointer> m_checkpointer;       //!< a file's: an in-memory database has no log
    StoreRetention m_retention;
};

} // namespace ActionNode::Internal
