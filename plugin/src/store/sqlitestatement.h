#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

class QSqlDatabase;

namespace ActionNode::Internal {

//! The SQLite connection under \a database (Qt's QSQLITE driver); null for another driver or a closed database.
sqlite3 *sqliteConnection(const QSqlDatabase &database);
//! Whether that connection is inside a transaction (one that BEGIN opened and nothing ended yet).
bool isInTransaction(const QSqlDatabase &database);

/*!
    One SQL statement prepared once on the SQLite connection under a Qt SQL
    database and run many times, its values bound as they are kept.

    Qt 6.4's SQL layer names every bound position with a QString kept in a
    QHash and turns each text into a QVariant, about 2,000 instructions a
    value; binding through SQLite's own API costs a few dozen. The statement
    runs on the database's connection, so it shares its transactions, its
    busy timeout and its thread. It must go before the database closes.
*/
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    /*!
        Prepares \a sql on \a database's connection; false with SQLite's
        reason in \a errorString when it cannot (a database of another driver
        has no SQLite connection).
    */
    bool prepare(const QSqlDatabase &database, const char *sql, QString *errorString);
    bool isPrepared() const { return m_statement != nullptr; }

    // Values are bound at 0-based positions, as QSqlQuery numbers them. An
    // ASCII text given to bindText() is copied, narrowed into a buffer of the
    // statement's; any other text, and bindUtf8()'s bytes, are not copied:
    // they must live until run() returns.
    void bindText(int position, QStringView text);
    void bindUtf8(int position, QByteArrayView text);
    void bindInteger(int position, qint64 value);
    void bindReal(int position, double value);

    /*!
        Runs the statement to its end, then resets it and its values; false
        with SQLite's reason in \a errorString when a value could not be
        bound (too long) or a step fails.
    */
    bool run(QString *errorString);
    /*!
        Steps a query to its next row: true with a row for the column
        readers. At the end, or when a step fails, false, and the statement
        reset as run() leaves it; \a errorString then holds SQLite's reason,
        or is cleared at the end.
    */
    bool nextRow(QString *errorString);
    // The current row's columns, 0-based: NULL reads as 0 and as a null text.
    qint64 integerAt(int column) const;
    QString textAt(int column) const;
    QByteArray utf8At(int column) const;
    //! The rowid of the row the connection inserted last.
    qint64 lastInsertId() const;

private:
    //! Keeps the first binding that failed, for run() to report.
    void keepFailure(int status);
    //! Resets the statement after its last step, \a status; false with the reason in \a errorString unless done.
    bool finish(int status, QString *errorString);

    sqlite3 *m_connection = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_bindFailure = 0;               // SQLITE_OK
    std::vector<std::string> m_narrowed; //!< ASCII texts bound as UTF-8, one per position, sized by prepare()
};

} // namespace ActionNode::Internal
