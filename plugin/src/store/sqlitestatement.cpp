#include "sqlitestatement.h"

#include "texttable.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace ActionNode::Internal {

namespace {

// The most an ASCII text's buffer keeps from one run to the next.
constexpr size_t keptNarrowedCapacity = 16 * 1024;

} // namespace

sqlite3 *sqliteConnection(const QSqlDatabase &database)
{
    // The QSQLITE driver hands its connection out as a QVariant holding a sqlite3 *.
    const QVariant handle = database.driver() ? database.driver()->handle() : QVariant();
    if (qstrcmp(handle.metaType().name(), "sqlite3*") != 0 || !handle.isValid())
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

bool isInTransaction(const QSqlDatabase &database)
{
    sqlite3 *connection = sqliteConnection(database);
    return connection && sqlite3_get_autocommit(connection) == 0;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

bool SqliteStatement::prepare(const QSqlDatabase &database, const char *sql, QString *errorString)
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    m_connection = sqliteConnection(database);
    if (!m_connection) {
        *errorString = QStringLiteral("the database has no SQLite connection");
        return false;
    }
    if (sqlite3_prepare_v2(m_connection, sql, -1, &m_statement, nullptr) != SQLITE_OK) {
        *errorString = QString::fromUtf8(sqlite3_errmsg(m_connection));
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
        return false;
    }
    // Sized once: a buffer must not move while SQLite reads the text bound from it.
    m_narrowed.assign(size_t(sqlite3_bind_parameter_count(m_statement)), std::string());
    return true;
}

void SqliteStatement::bindText(int position, QStringView text)
{
    // An ASCII text (ids, names, statuses: nearly every one) is narrowed into a buffer kept from run to run and
    // bound as UTF-8, the database's encoding: SQLite would otherwise allocate a translation of it on each run.
    // (A position beyond the statement's takes the other path, where SQLite refuses it.)
    // The empty text takes this path too: it is bound as '', where a null pointer would bind SQL NULL.
    if (isAsciiText(text) && position >= 0 && size_t(position) < m_narrowed.size()) {
        std::string &narrowed = m_narrowed[size_t(position)];
        narrowed.resize(size_t(text.size()));
        narrowAscii(text, narrowed.data());
        return bindUtf8(position, QByteArrayView(narrowed.data(), qsizetype(narrowed.size())));
    }
    const void *characters = text.utf16();
    keepFailure(sqlite3_bind_text64(m_statement, position + 1, static_cast<const char *>(characters),
                                    sqlite3_uint64(text.size()) * sizeof(char16_t), SQLITE_STATIC, SQLITE_UTF16));
}

void SqliteStatement::bindUtf8(int position, QByteArrayView text)
{
    const char *bytes = text.isEmpty() ? "" : text.data();
    keepFailure(
        sqlite3_bind_text64(m_statement, position + 1, bytes, sqlite3_uint64(text.size()), SQLITE_STATIC, SQLITE_UTF8));
}

void SqliteStatement::bindInteger(int position, qint64 value)
{
    keepFailure(sqlite3_bind_int64(m_statement, position + 1, value));
}

void SqliteStatement::bindReal(int position, double value)
{
    keepFailure(sqlite3_bind_double(m_statement, position + 1, value));
}

void SqliteStatement::keepFailure(int status)
{
    if (status != SQLITE_OK && m_bindFailure == SQLITE_OK)
        m_bindFailure = status;
}

bool SqliteStatement::run(QString *errorString)
{
    int status = m_bindFailure;
    if (status == SQLITE_OK) {
        do
            status = sqlite3_step(m_statement);
        while (status == SQLITE_ROW);
    }
    return finish(status, errorString);
}

bool SqliteStatement::nextRow(QString *errorString)
{
    const int status = m_bindFailure == SQLITE_OK ? sqlite3_step(m_statement) : m_bindFailure;
    if (status == SQLITE_ROW)
        return true;
    if (finish(status, errorString))
        errorString->clear();
    return false;
}

qint64 SqliteStatement::integerAt(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::textAt(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(m_statement, column)) : QString();
}

QByteArray SqliteStatement::utf8At(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return text ? QByteArray(text, sqlite3_column_bytes(m_statement, column)) : QByteArray();
}

bool SqliteStatement::finish(int status, QString *errorString)
{
    const bool done = status == SQLITE_DONE;
    if (!done) {
        *errorString = m_bindFailure != SQLITE_OK ? QString::fromUtf8(sqlite3_errstr(m_bindFailure))
                                                  : QString::fromUtf8(sqlite3_errmsg(m_connection));
    }
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_bindFailure = SQLITE_OK;
    // A long text (a large body) does not keep its size allocated until the statement goes.
    for (std::string &narrowed : m_narrowed) {
        if (narrowed.capacity() > keptNarrowedCapacity)
            std::string().swap(narrowed);
    }
    return done;
}

qint64 SqliteStatement::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_connection);
}

} // namespace ActionNode::Internal
