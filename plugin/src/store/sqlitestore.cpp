#include "sqlitestore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <limits>

namespace ActionNode::Internal {

namespace {

// The layout of the tables this code writes; a file with another is refused.
constexpr int schemaVersion = 1;

const char *const createStatements[] = {
    "CREATE TABLE IF NOT EXISTS events ("
    " log_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " provider TEXT NOT NULL,"
    " event_id TEXT NOT NULL,"
    " received_at INTEGER NOT NULL,"
    " body TEXT NOT NULL,"
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
    " warnings TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS runs_by_age ON runs (started_at)",
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
};

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// A null QString binds as SQL NULL, which the NOT NULL columns refuse.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QJsonDocument parsed(const QVariant &text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8());
}

const char *const runColumns = "run_id, action, version, origin, started_at, duration_ms, inputs, masked_inputs, "
                               "status, outputs, errors, warnings";

RunRecord runFrom(const QSqlQuery &query)
{
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.action = query.value(1).toString();
    run.version = query.value(2).toString();
    run.origin = query.value(3).toString();
    run.startedAt = query.value(4).toLongLong();
    run.durationMs = query.value(5).toDouble();
    run.inputs = parsed(query.value(6)).object();
    for (const QJsonValue &key : parsed(query.value(7)).array())
        run.maskedInputs.append(key.toString());
    run.status = query.value(8).toString();
    run.outputs = parsed(query.value(9)).object();
    run.errors = parsed(query.value(10)).array();
    run.warnings = parsed(query.value(11)).array();
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

StoredSubscription subscriptionFrom(const QSqlQuery &query)
{
    StoredSubscription subscription;
    subscription.id = query.value(0).toString();
    subscription.trigger = query.value(1).toString();
    subscription.filters = parsed(query.value(2)).object();
    subscription.targetUrl = query.value(3).toString();
    subscription.secret = query.value(4).toString();
    subscription.previousSecret = query.value(5).toString();
    subscription.previousSecretUntil = query.value(6).toLongLong();
    subscription.cursor = query.value(7).toLongLong();
    subscription.failedAttempts = query.value(8).toInt();
    subscription.nextAttemptAt = query.value(9).toLongLong();
    subscription.enabled = query.value(10).toInt() != 0;
    subscription.disabledReason = query.value(11).toString();
    subscription.createdAt = query.value(12).toLongLong();
    subscription.owner = query.value(13).toString();
    return subscription;
}

} // namespace

SqliteStore::SqliteStore(const QString &location, const QString &connectionName)
    : m_location(location), m_connectionName(connectionName)
{}

SqliteStore::~SqliteStore()
{
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
    if (version != 0 && version != schemaVersion) {
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
    for (const char *statement : createStatements) {
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
                                             qint64 now, qint64 protectSeconds)
{
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
    query.prepare(QStringLiteral("INSERT INTO events (provider, event_id, received_at, body) VALUES (?, ?, ?, ?)"));
    query.addBindValue(provider);
    query.addBindValue(eventId);
    query.addBindValue(now);
    query.addBindValue(compact(event));
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
    query.prepare(QStringLiteral("SELECT log_id, provider, received_at, body FROM events WHERE log_id > ? "
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
                       query.value(2).toLongLong()});
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

qint64 SqliteStore::appendRun(const RunRecord &run, QString *errorString)
{
    QSqlQuery query(m_database);
    if (!m_database.transaction()) {
        *errorString = failure(QStringLiteral("cannot be written"), m_database.lastError().text());
        return 0;
    }
    query.prepare(QStringLiteral("INSERT INTO runs (action, version, origin, started_at, duration_ms, inputs, "
                                 "masked_inputs, status, outputs, errors, warnings) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &value :
         {text(run.action), text(run.version), text(run.origin), QVariant(run.startedAt), QVariant(run.durationMs),
          text(compact(run.inputs)), text(compact(QJsonArray::fromStringList(run.maskedInputs))), text(run.status),
          text(compact(run.outputs)), text(compact(run.errors)), text(compact(run.warnings))})
        query.addBindValue(value);
    bool written = query.exec();
    const qint64 id = query.lastInsertId().toLongLong();
    if (written) {
        query.prepare(QStringLiteral("DELETE FROM runs WHERE started_at < ? OR run_id <= ?"));
        query.addBindValue(QDateTime::currentMSecsSinceEpoch() - m_retention.maxRunAgeSeconds * 1000);
        query.addBindValue(id - m_retention.maxRuns);
        written = query.exec();
    }
    if (!written || !m_database.commit()) {
        *errorString = failure(QStringLiteral("cannot be written"),
                               written ? m_database.lastError().text() : query.lastError().text());
        m_database.rollback();
        return 0;
    }
    return id;
}

std::optional<RunRecord> SqliteStore::run(qint64 id, QString *errorString)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM runs WHERE run_id = ?").arg(QLatin1String(runColumns)));
    query.addBindValue(id);
    if (!query.exec()) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    errorString->clear();
    if (!query.next())
        return std::nullopt;
    return runFrom(query);
}

std::optional<QList<RunRecord>> SqliteStore::runs(qint64 beforeId, int limit, QString *errorString)
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM runs WHERE run_id < ? ORDER BY run_id DESC LIMIT ?")
                      .arg(QLatin1String(runColumns)));
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

bool SqliteStore::addSubscription(const StoredSubscription &subscription, QString *errorString)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO subscriptions (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(subscriptionColumns)));
    for (const QVariant &value : subscriptionValues(subscription))
        query.addBindValue(value);
    return write(query, errorString);
}

bool SqliteStore::updateSubscription(const StoredSubscription &subscription, QString *errorString)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral(
        "UPDATE subscriptions SET trigger_id = ?, filters = ?, target_url = ?, secret = ?, "
        "previous_secret = ?, previous_secret_until = ?, cursor = ?, failed_attempts = ?, "
        "next_attempt_at = ?, enabled = ?, disabled_reason = ?, created_at = ?, owner = ? WHERE id = ?"));
    const QVariantList values = subscriptionValues(subscription);
    for (qsizetype i = 1; i < values.size(); ++i)
        query.addBindValue(values.at(i));
    query.addBindValue(values.first());
    return write(query, errorString);
}

std::optional<bool> SqliteStore::removeSubscription(const QString &id, QString *errorString)
{
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
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.exec(
            QStringLiteral("SELECT %1 FROM subscriptions ORDER BY seq").arg(QLatin1String(subscriptionColumns)))) {
        *errorString = failure(QStringLiteral("cannot be read"), query.lastError().text());
        return std::nullopt;
    }
    QList<StoredSubscription> subscriptions;
    while (query.next())
        subscriptions.append(subscriptionFrom(query));
    return subscriptions;
}

bool SqliteStore::appendDelivery(const DeliveryAttempt &attempt, QString *errorString)
{
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

} // namespace ActionNode::Internal
