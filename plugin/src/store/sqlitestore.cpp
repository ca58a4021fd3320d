#include "sqlitestore.h"

#include "compactjson.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QtAlgorithms>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <iterator>
#include <limits>
#include <string>

namespace ActionNode::Internal {

namespace {

// The layout of the tables this code writes; a file with another is refused.
constexpr int schemaVersion = 2;

const char *const createStatements[] = {
    "CREATE TABLE IF NOT EXISTS events ("
    " log_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " provider TEXT NOT NULL,"
    " event_id TEXT NOT NULL,"
    " received_at INTEGER NOT NULL,"
    " body TEXT NOT NULL,"
    " owner TEXT NOT NULL DEFAULT '',"
    " UNIQUE (provider, event_id))",
    "CREATE INDEX IF NOT EXISTS events_by_age ON events (received_at)",
    "CREATE TABLE IF NOT EXISTS runs ("
    " run_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " action TEXT NOT NULL,"
    " version TEXT NOT NULL,"
    " origin TEXT NOT NULL,"
    " started_at INTEGER NOT NULL,"
    " duration_ms REAL NOT NULL,"
    " inputs TEXT NOT NULL,"
    " masked_inputs TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " outputs TEXT NOT NULL,"
    " errors TEXT NOT NULL,"
    " warnings TEXT NOT NULL,"
    " owner TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX IF NOT EXISTS runs_by_age ON runs (started_at)",
    "CREATE INDEX IF NOT EXISTS runs_by_owner ON runs (owner, run_id)",
    "CREATE TABLE IF NOT EXISTS subscriptions ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE,"
    " trigger_id TEXT NOT NULL,"
    " filters TEXT NOT NULL,"
    " target_url TEXT NOT NULL,"
    " secret TEXT NOT NULL,"
    " previous_secret TEXT NOT NULL,"
    " previous_secret_until INTEGER NOT NULL,"
    " cursor INTEGER NOT NULL,"
    " failed_attempts INTEGER NOT NULL,"
    " next_attempt_at INTEGER NOT NULL,"
    " enabled INTEGER NOT NULL,"
    " disabled_reason TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " owner TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS deliveries ("
    " delivery_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " subscription TEXT NOT NULL,"
    " log_id INTEGER NOT NULL,"
    " webhook_id TEXT NOT NULL,"
    " attempt INTEGER NOT NULL,"
    " attempted_at INTEGER NOT NULL,"
    " status INTEGER NOT NULL,"
    " latency_ms REAL NOT NULL,"
    " error TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS deliveries_by_subscription ON deliveries (subscription, delivery_id)",
    "CREATE TABLE IF NOT EXISTS managed_webhooks ("
    " provider TEXT NOT NULL,"
    " owner TEXT NOT NULL,"
    " record TEXT NOT NULL,"
    " PRIMARY KEY (provider, owner))",
    "CREATE TABLE IF NOT EXISTS poll_cursors ("
    " trigger_id TEXT NOT NULL,"
    " owner TEXT NOT NULL,"
    " cursor TEXT NOT NULL,"
    " PRIMARY KEY (trigger_id, owner))",
};

// What makes tables of layout 1 (events and runs without their account) layout 2; before createStatements.
const char *const layout1To2Statements[] = {
    "ALTER TABLE events ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE runs ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
};

// Written by CompactJson: a fraction of what QJsonDocument costs, and read back by it all the same.
// Records are TEXT columns: bound as QString, not as the QByteArray that binds a BLOB.
QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(CompactJson::text(value));
}

// A null QString binds as SQL NULL, which the NOT NULL columns refuse.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// "?, ?, ?" for \a count values of an IN list; "NULL" for none, which matches nothing.
QString placeholders(qsizetype count)
{
    if (count == 0)
        return QStringLiteral("NULL");
    return QStringList(count, QStringLiteral("?")).join(QStringLiteral(", "));
}

QJsonDocument parsed(const QVariant &text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8());
}

// A column that holds a JSON object's text, as RunRecord keeps it: an empty object for none.
QByteArray objectText(const QVariant &text)
{
    const QByteArray utf8 = text.toString().toUtf8();
    return utf8.isEmpty() ? QByteArrayLiteral("{}") : utf8;
}

const char *const runColumns = "run_id, action, version, origin, started_at, duration_ms, inputs, masked_inputs, "
                               "status, outputs, errors, warnings, owner";

RunRecord runFrom(const QSqlQuery &query)
{
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.action = query.value(1).toString();
    run.version = query.value(2).toString();
    run.origin = query.value(3).toString();
    run.startedAt = query.value(4).toLongLong();
    run.durationMs = query.value(5).toDouble();
    run.inputs = objectText(query.value(6));
    for (const QJsonValue &key : parsed(query.value(7)).array())
        run.maskedInputs.append(key.toString());
    run.status = query.value(8).toString();
    run.outputs = objectText(query.value(9));
    run.errors = parsed(query.value(10)).array();
    run.warnings = parsed(query.value(11)).array();
    run.owner = query.value(12).toString();
    return run;
}

const char *const subscriptionColumns = "id, trigger_id, filters, target_url, secret, previous_secret, "
                                        "previous_secret_until, cursor, failed_attempts, next_attempt_at, enabled, "
                                        "disabled_reason, created_at, owner";

QVariantList subscriptionValues(const StoredSubscription &subscription)
{
    return {text(subscription.id),
            text(subscription.trigger),
            text(compact(subscription.filters)),
            text(subscription.targetUrl),
            text(subscription.secret),
            text(subscription.previousSecret),
            subscription.previousSecretUntil,
            subscription.cursor,
            subscription.failedAttempts,
            subscription.nextAttemptAt,
            subscription.enabled ? 1 : 0,
            text(subscription.disabledReason),
            subscription.createdAt,
            text(subscription.owner)};
}

StoredSubscription subscriptionFrom(const SqliteStatement &row)
{
    StoredSubscription subscription;
    subscription.id = row.textAt(0);
    subscription.trigger = row.textAt(1);
    subscription.filters = QJsonDocument::fromJson(row.utf8At(2)).object();
    subscription.targetUrl = row.textAt(3);
    subscription.secret = row.textAt(4);
    subscription.previousSecret = row.textAt(5);
    subscription.previousSecretUntil = row.integerAt(6);
    subscription.cursor = row.integerAt(7);
    subscription.failedAttempts = int(row.integerAt(8));
    subscription.nextAttemptAt = row.integerAt(9);
    subscription.enabled = row.integerAt(10) != 0;
    subscription.disabledReason = row.textAt(11);
    subscription.createdAt = row.integerAt(12);
    subscription.owner = row.textAt(13);
    return subscription;
}

} // namespace

SqliteStore::SqliteStore(const QString &location, const QString &connectionName)
    : m_location(location), m_connectionName(connectionName)
{}

SqliteStore::~SqliteStore()
{
    // All before their database goes; the checkpointer's connection first, so that closing the last one
    // copies the log into the file and removes it.
    m_checkpointer.reset();
    m_runStatements.reset();
    m_subscriptionsQuery.reset();
    m_database.close();
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

std::unique_ptr<SqliteStore> SqliteStore::open(const QString &location, QString *errorString)
{
    static std::atomic_int opened{0};
    std::unique_ptr<SqliteStore> store(new SqliteStore(location, QStringLiteral("actionnode-store-%1").arg(++opened)));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *errorString = store->failure(QStringLiteral("cannot be opened"),
                                      QStringLiteral("Qt's SQLite driver QSQLITE is not installed "
                                                     "(Debian: libqt6sql6-sqlite)"));
        return nullptr;
    }
    if (location != inMemory()) {
        const QFileInfo file(location);
        if (!QDir().mkpath(file.absolutePath())) {
            *errorString = store->failure(QStringLiteral("cannot be created"),
                                          QStringLiteral("directory %1 cannot be made").arg(file.absolutePath()));
            return nullptr;
        }
    }
    store->m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), store->m_connectionName);
    store->m_database.setDatabaseName(location);
    // Another process (listen beside serve) may hold the write lock for a moment.
    store->m_database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!store->m_database.open()) {
        *errorString = store->failure(QStringLiteral("cannot be opened"), store->m_database.lastError().text());
        return nullptr;
    }
    if (!store->createTables(errorString))
        return nullptr;
    if (location != inMemory()) {
        QString problem;
        store->m_checkpointer = WalCheckpointer::start(sqliteConnection(store->m_database), &problem);
        if (!store->m_checkpointer) {
            *errorString = store->failure(QStringLiteral("cannot be opened"),
                                          QStringLiteral("a second connection, for checkpoints: %1").arg(problem));
            return nullptr;
        }
    }
    return store;
}

bool SqliteStore::createTables(QString *errorString)
{
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        // A file that is not a database fails its first statement.
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return false;
    }
    const int version = query.value(0).toInt();
    if (version != 0 && version != 1 && version != schemaVersion) {
        *errorString = failure(QStringLiteral("cannot be used"),
                               QStringLiteral("it holds tables of layout %1, this actionnode writes layout %2")
                                   .arg(version)
                                   .arg(schemaVersion));
        return false;
    }
    // journal_mode answers "memory" for an in-memory database, which is fine.
    const QStringList setup{QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL"),
                            QStringLiteral("PRAGMA journal_size_limit=8388608")};
    for (const QString &statement : setup) {
        if (!query.exec(statement)) {
            *errorString = failure(QStringLiteral("cannot be set up"), query.lastError().text());
            return false;
        }
    }
    QList<const char *> statements;
    if (version == 1)
        statements.append(QList<const char *>(std::begin(layout1To2Statements), std::end(layout1To2Statements)));
    statements.append(QList<const char *>(std::begin(createStatements), std::end(createStatements)));
    for (const char *statement : std::as_const(statements)) {
        if (!query.exec(QString::fromLatin1(statement))) {
            *errorString = failure(QStringLiteral("cannot be set up"), query.lastError().text());
            return false;
        }
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(schemaVersion))) {
        *errorString = failure(QStringLiteral("cannot be set up"), query.lastError().text());
        return false;
    }
    return true;
}

QString SqliteStore::failure(const QString &what, const QString &reason) const
{
    return QStringLiteral("the store %1 %2: %3").arg(m_location, what, reason);
}

qint64 SqliteStore::count(const char *table) const
{
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

Store::AppendResult SqliteStore::appendEvent(const QString &provider, const QString &eventId, const QJsonObject &event,
                                             qint64 now, qint64 protectSeconds, const QString &owner)
{
    if (QString problem; !syncCommits(true, &problem))
        return {Append::Failed, 0, problem};
    QSqlQuery query(m_database);
    // IMMEDIATE: the duplicate check and the insert hold the write lock together,
    // even with another process appending to the same file.
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return {Append::Failed, 0, failure(QStringLiteral("cannot be written"), query.lastError().text())};
    const auto fail = [&](QSqlQuery &failed) {
        const QString reason = failed.lastError().text();
        QSqlQuery(m_database).exec(QStringLiteral("ROLLBACK"));
        return AppendResult{Append::Failed, 0, failure(QStringLiteral("cannot be written"), reason)};
    };
    query.prepare(QStringLiteral("SELECT log_id FROM events WHERE provider = ? AND event_id = ?"));
    query.addBindValue(provider);
    query.addBindValue(eventId);
    if (!query.exec())
        return fail(query);
    if (query.next()) {
        const qint64 logId = query.value(0).toLongLong();
        query.finish();
        QSqlQuery(m_database).exec(QStringLiteral("ROLLBACK"));
        return {Append::Duplicate, logId, {}};
    }
    // Anything younger than the protected age stays, whatever the retention says.
    const qint64 prunable = now - protectSeconds;
    query.prepare(QStringLiteral("DELETE FROM events WHERE received_at < ? AND received_at <= ?"));
    query.addBindValue(now - m_retention.maxEventAgeSeconds);
    query.addBindValue(prunable);
    if (!query.exec())
        return fail(query);
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM events")) || !query.next())
        return fail(query);
    const qint64 excess = query.value(0).toLongLong() - m_retention.maxEvents + 1;
    if (excess > 0) {
        query.prepare(QStringLiteral("DELETE FROM events WHERE log_id IN (SELECT log_id FROM events "
                                     "WHERE received_at <= ? ORDER BY log_id LIMIT ?)"));
        query.addBindValue(prunable);
        query.addBindValue(excess);
        if (!query.exec())
            return fail(query);
        if (query.numRowsAffected() < excess) {
            QSqlQuery(m_database).exec(QStringLiteral("ROLLBACK"));
            return {Append::Full, 0, {}};
        }
    }
    query.prepare(QStringLiteral("INSERT INTO events (provider, event_id, received_at, body, owner) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(provider);
    query.addBindValue(eventId);
    query.addBindValue(now);
    query.addBindValue(compact(event));
    query.addBindValue(text(owner));
    if (!query.exec())
        return fail(query);
    const qint64 logId = query.lastInsertId().toLongLong();
    if (!query.exec(QStringLiteral("COMMIT")))
        return fail(query);
    return {Append::New, logId, {}};
}

std::optional<QList<StoredEvent>> SqliteStore::eventsAfter(qint64 afterLogId, int limit, QString *errorString)
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT log_id, provider, received_at, body, owner FROM events WHERE log_id > ? "
                                 "ORDER BY log_id LIMIT ?"));
    query.addBindValue(afterLogId);
    query.addBindValue(limit);
    if (!query.exec()) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    QList<StoredEvent> events;
    while (query.next())
        events.append({query.value(0).toLongLong(), query.value(1).toString(), parsed(query.value(3)).object(),
                       query.value(2).toLongLong(), query.value(4).toString()});
    return events;
}

std::optional<qint64> SqliteStore::lastLogId(QString *errorString)
{
    // AUTOINCREMENT keeps the highest id ever handed out in sqlite_sequence, pruned rows' too.
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'events'"))) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    return query.next() ? query.value(0).toLongLong() : 0;
}

qint64 SqliteStore::eventCount() const
{
    return count("events");
}

qint64 SqliteStore::appendRuns(const QList<RunRecord> &runs, QString *errorString)
{
    if (runs.isEmpty())
        return 0;
    QString problem; // the driver's reason, once a statement fails
    if (!m_runStatements) {
        // Kept prepared: preparing them cost more than the insert itself.
        m_runStatements = std::make_unique<RunStatements>();
        const bool prepared = m_runStatements->begin.prepare(m_database, "BEGIN", &problem)
                              && m_runStatements->commit.prepare(m_database, "COMMIT", &problem)
                              && m_runStatements->prune.prepare(m_database,
                                                                "DELETE FROM runs WHERE started_at < ? OR run_id <= ?",
                                                                &problem);
        if (!prepared) {
            m_runStatements.reset();
            *errorString = failure(QStringLiteral("cannot be written"), problem);
            return 0;
        }
    }
    // A run is not worth a sync of the disk (Store::appendRuns()). In WAL mode
    // NORMAL never leaves the file damaged, and the next FULL commit (an event's) syncs these too.
    QString pragmaProblem; // a database that keeps its setting is still written
    syncCommits(false, &pragmaProblem);
    const qint64 id = writeRunGroup(*m_runStatements, runs, &problem);
    if (id == 0) {
        *errorString = failure(QStringLiteral("cannot be written"), problem);
        m_runStatements.reset(); // prepared again next time, in case the connection let go of them
    }
    return id;
}

qint64 SqliteStore::writeRunGroup(RunStatements &statements, const QList<RunRecord> &runs, QString *problem)
{
    // A group whose COMMIT and ROLLBACK both failed left its transaction open: BEGIN would fail from then on.
    if (isInTransaction(m_database))
        m_database.rollback();
    if (!statements.begin.run(problem))
        return 0;
    qint64 id = 0;
    // A group is written in as few statements as its size has bits set in binary.
    for (qsizetype done = 0; done < runs.size();) {
        int count = maxRowsPerInsert;
        while (count > runs.size() - done)
            count /= 2;
        id = insertRuns(statements, runs.constData() + done, count, problem);
        if (id == 0)
            break;
        done += count;
    }
    bool written = id != 0;
    if (written) {
        statements.prune.bindInteger(0, QDateTime::currentMSecsSinceEpoch() - m_retention.maxRunAgeSeconds * 1000);
        statements.prune.bindInteger(1, id - m_retention.maxRuns);
        written = statements.prune.run(problem);
    }
    written = written && statements.commit.run(problem);
    if (!written) {
        m_database.rollback();
        return 0;
    }
    return id;
}

qint64 SqliteStore::insertRuns(RunStatements &statements, const RunRecord *first, int count, QString *problem)
{
    constexpr int columns = 12;
    SqliteStatement &insert = statements.inserts[qCountTrailingZeroBits(quint32(count))];
    if (!insert.isPrepared()) {
        std::string sql = "INSERT INTO runs (action, version, origin, started_at, duration_ms, inputs, masked_inputs, "
                          "status, outputs, errors, warnings, owner) VALUES ";
        for (int row = 0; row < count; ++row)
            sql += row == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        if (!insert.prepare(m_database, sql.c_str(), problem))
            return 0;
    }
    // The texts written out here must live until the statement has run.
    QByteArray arrayTexts[maxRowsPerInsert][3];
    for (int row = 0; row < count; ++row) {
        const RunRecord &run = first[row];
        QByteArray &maskedInputs = arrayTexts[row][0];
        QByteArray &errors = arrayTexts[row][1];
        QByteArray &warnings = arrayTexts[row][2];
        maskedInputs = CompactJson::text(QJsonArray::fromStringList(run.maskedInputs));
        errors = CompactJson::text(run.errors);
        warnings = CompactJson::text(run.warnings);
        const int at = row * columns;
        insert.bindText(at, run.action);
        insert.bindText(at + 1, run.version);
        insert.bindText(at + 2, run.origin);
        insert.bindInteger(at + 3, run.startedAt);
        insert.bindReal(at + 4, run.durationMs);
        insert.bindUtf8(at + 5, run.inputs);
        insert.bindUtf8(at + 6, maskedInputs);
        insert.bindText(at + 7, run.status);
        insert.bindUtf8(at + 8, run.outputs);
        insert.bindUtf8(at + 9, errors);
        insert.bindUtf8(at + 10, warnings);
        insert.bindText(at + 11, run.owner);
    }
    return insert.run(problem) ? insert.lastInsertId() : 0;
}

std::optional<RunRecord> SqliteStore::run(qint64 id, const QStringList &owners, QString *errorString)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM runs WHERE run_id = ? AND owner IN (%2)")
                      .arg(QLatin1String(runColumns), placeholders(owners.size())));
    query.addBindValue(id);
    for (const QString &owner : owners)
        query.addBindValue(text(owner));
    if (!query.exec()) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    errorString->clear();
    if (!query.next())
        return std::nullopt;
    return runFrom(query);
}

std::optional<QList<RunRecord>> SqliteStore::runs(qint64 beforeId, int limit, const QStringList &owners,
                                                  QString *errorString)
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM runs WHERE owner IN (%2) AND run_id < ? ORDER BY run_id DESC LIMIT ?")
                      .arg(QLatin1String(runColumns), placeholders(owners.size())));
    for (const QString &owner : owners)
        query.addBindValue(text(owner));
    query.addBindValue(beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max());
    query.addBindValue(limit);
    if (!query.exec()) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    QList<RunRecord> runs;
    while (query.next())
        runs.append(runFrom(query));
    return runs;
}

qint64 SqliteStore::runCount() const
{
    return count("runs");
}

bool SqliteStore::write(QSqlQuery &query, QString *errorString) const
{
    if (query.exec())
        return true;
    *errorString = failure(QStringLiteral("cannot be written"), query.lastError().text());
    return false;
}

bool SqliteStore::syncCommits(bool synced, QString *errorString)
{
    if (m_commitsSynced == synced)
        return true;
    // SQLite refuses the setting inside a transaction: one open here was left by a write whose COMMIT and
    // ROLLBACK both failed.
    if (isInTransaction(m_database))
        m_database.rollback();
    // A pragma that sets a value is prepared again each time it runs, so it is not kept prepared.
    SqliteStatement pragma;
    if (!pragma.prepare(m_database, synced ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", errorString)
        || !pragma.run(errorString)) {
        *errorString = failure(QStringLiteral("cannot be written"), *errorString);
        return false;
    }
    m_commitsSynced = synced;
    return true;
}

bool SqliteStore::addSubscription(const StoredSubscription &subscription, QString *errorString)
{
    if (!syncCommits(true, errorString))
        return false;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO subscriptions (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(subscriptionColumns)));
    for (const QVariant &value : subscriptionValues(subscription))
        query.addBindValue(value);
    return write(query, errorString);
}

bool SqliteStore::updateSubscription(const StoredSubscription &subscription, SubscriptionParts parts,
                                     QString *errorString)
{
    QStringList columns;
    QVariantList values;
    if (parts & SubscriptionPart::Secrets) {
        columns << QStringLiteral("secret") << QStringLiteral("previous_secret")
                << QStringLiteral("previous_secret_until");
        values << text(subscription.secret) << text(subscription.previousSecret) << subscription.previousSecretUntil;
    }
    if (parts & SubscriptionPart::DeliveryState) {
        columns << QStringLiteral("cursor") << QStringLiteral("failed_attempts") << QStringLiteral("next_attempt_at")
                << QStringLiteral("enabled") << QStringLiteral("disabled_reason");
        values << subscription.cursor << subscription.failedAttempts << subscription.nextAttemptAt
               << (subscription.enabled ? 1 : 0) << text(subscription.disabledReason);
    }
    if (columns.isEmpty())
        return true;
    if (!syncCommits(true, errorString))
        return false;
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("UPDATE subscriptions SET %1 = ? WHERE id = ?").arg(columns.join(QStringLiteral(" = ?, "))));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    query.addBindValue(subscription.id);
    return write(query, errorString);
}

std::optional<bool> SqliteStore::removeSubscription(const QString &id, QString *errorString)
{
    if (!syncCommits(true, errorString))
        return std::nullopt;
    if (!m_database.transaction()) {
        *errorString = failure(QStringLiteral("cannot be written"), m_database.lastError().text());
        return std::nullopt;
    }
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("DELETE FROM subscriptions WHERE id = ?"));
    query.addBindValue(id);
    bool written = write(query, errorString);
    const bool removed = written && query.numRowsAffected() > 0;
    if (written) {
        query.prepare(QStringLiteral("DELETE FROM deliveries WHERE subscription = ?"));
        query.addBindValue(id);
        written = write(query, errorString);
    }
    if (!written || !m_database.commit()) {
        if (written)
            *errorString = failure(QStringLiteral("cannot be written"), m_database.lastError().text());
        m_database.rollback();
        return std::nullopt;
    }
    return removed;
}

std::optional<QList<StoredSubscription>> SqliteStore::subscriptions(QString *errorString)
{
    // Kept prepared: a server reads them again every second, to follow other processes' changes.
    QString problem;
    if (!m_subscriptionsQuery) {
        m_subscriptionsQuery = std::make_unique<SqliteStatement>();
        const std::string sql = std::string("SELECT ") + subscriptionColumns + " FROM subscriptions ORDER BY seq";
        if (!m_subscriptionsQuery->prepare(m_database, sql.c_str(), &problem)) {
            m_subscriptionsQuery.reset();
            *errorString = failure(QStringLiteral("cannot be read"), problem);
            return std::nullopt;
        }
    }
    QList<StoredSubscription> subscriptions;
    while (m_subscriptionsQuery->nextRow(&problem))
        subscriptions.append(subscriptionFrom(*m_subscriptionsQuery));
    if (!problem.isEmpty()) {
        *errorString = failure(QStringLiteral("cannot be read"), problem);
        return std::nullopt;
    }
    return subscriptions;
}

bool SqliteStore::appendDelivery(const DeliveryAttempt &attempt, QString *errorString)
{
    if (!syncCommits(true, errorString))
        return false;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO deliveries (subscription, log_id, webhook_id, attempt, attempted_at, "
                                 "status, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &value :
         {text(attempt.subscription), QVariant(attempt.logId), text(attempt.webhookId), QVariant(attempt.attempt),
          QVariant(attempt.attemptedAt), QVariant(attempt.status), QVariant(attempt.latencyMs), text(attempt.error)})
        query.addBindValue(value);
    if (!write(query, errorString))
        return false;
    query.prepare(QStringLiteral("DELETE FROM deliveries WHERE subscription = ? AND delivery_id IN (SELECT "
                                 "delivery_id FROM deliveries WHERE subscription = ? ORDER BY delivery_id DESC "
                                 "LIMIT -1 OFFSET ?)"));
    query.addBindValue(attempt.subscription);
    query.addBindValue(attempt.subscription);
    query.addBindValue(m_retention.maxDeliveriesPerSubscription);
    return write(query, errorString);
}

std::optional<QList<DeliveryAttempt>> SqliteStore::deliveries(const QString &subscription, int limit,
                                                              QString *errorString)
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT delivery_id, subscription, log_id, webhook_id, attempt, attempted_at, "
                                 "status, latency_ms, error FROM deliveries WHERE subscription = ? "
                                 "ORDER BY delivery_id DESC LIMIT ?"));
    query.addBindValue(subscription);
    query.addBindValue(limit);
    if (!query.exec()) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    QList<DeliveryAttempt> attempts;
    while (query.next()) {
        DeliveryAttempt attempt;
        attempt.id = query.value(0).toLongLong();
        attempt.subscription = query.value(1).toString();
        attempt.logId = query.value(2).toLongLong();
        attempt.webhookId = query.value(3).toString();
        attempt.attempt = query.value(4).toInt();
        attempt.attemptedAt = query.value(5).toLongLong();
        attempt.status = query.value(6).toInt();
        attempt.latencyMs = query.value(7).toDouble();
        attempt.error = query.value(8).toString();
        attempts.append(attempt);
    }
    return attempts;
}

bool SqliteStore::putManagedWebhook(const ManagedWebhook &webhook, QString *errorString)
{
    if (!syncCommits(true, errorString))
        return false;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO managed_webhooks (provider, owner, record) VALUES (?, ?, ?)"));
    query.addBindValue(text(webhook.provider));
    query.addBindValue(text(webhook.owner));
    query.addBindValue(compact(webhook.toRecord()));
    return write(query, errorString);
}

std::optional<bool> SqliteStore::removeManagedWebhook(const QString &provider, const QString &owner,
                                                      QString *errorString)
{
    if (!syncCommits(true, errorString))
        return std::nullopt;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("DELETE FROM managed_webhooks WHERE provider = ? AND owner = ?"));
    query.addBindValue(text(provider));
    query.addBindValue(text(owner));
    if (!write(query, errorString))
        return std::nullopt;
    return query.numRowsAffected() > 0;
}

std::optional<QList<ManagedWebhook>> SqliteStore::managedWebhooks(QString *errorString)
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT record FROM managed_webhooks ORDER BY provider, owner"))) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    QList<ManagedWebhook> webhooks;
    while (query.next())
        webhooks.append(ManagedWebhook::fromRecord(parsed(query.value(0)).object()));
    return webhooks;
}


std::optional<QJsonObject> SqliteStore::pollCursor(const QString &trigger, const QString &owner, QString *errorString)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT cursor FROM poll_cursors WHERE trigger_id = ? AND owner = ?"));
    query.addBindValue(text(trigger));
    query.addBindValue(text(owner));
    if (!query.exec()) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    return query.next() ? parsed(query.value(0)).object() : QJsonObject();
}

bool SqliteStore::setPollCursor(const QString &trigger, const QString &owner, const QJsonObject &cursor,
                                QString *errorString)
{
    if (!syncCommits(true, errorString))
        return false;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO poll_cursors (trigger_id, owner, cursor) VALUES (?, ?, ?)"));
    for (const QVariant &value : {text(trigger), text(owner), text(compact(cursor))})
        query.addBindValue(value);
    return write(query, errorString);
}

} // namespace ActionNode::Internal
