#pragma once

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <memory>

struct sqlite3;
class QThread;

namespace ActionNode::Internal {

/*!
    Copies a SQLite database's write-ahead log into the database file on a
    thread and a connection of its own, so that the connection serving
    requests does not wait for the copy or for the two syncs of the disk that
    end it.

    Left to itself, SQLite checkpoints on the connection whose commit takes
    the log past 1,000 pages: with runs written in groups, that was every few
    hundred HTTP requests, each time holding the event loop for the copy of
    4 MiB and two fdatasync() calls. A write-ahead-log hook on the serving
    connection takes the place of that automatic checkpoint (SQLite keeps one
    hook per connection) and wakes this thread instead. Its checkpoints are
    PASSIVE: they copy what no reader still needs without waiting for
    anyone. The log starts over when a writer finds all of it copied, which
    a pause between commits allows; a writer that never pauses would keep it
    growing, so past pagesServingCheckpointsAt the serving connection copies
    the rest itself, as SQLite would. Nothing is lost when a checkpoint
    fails: the log keeps every page until one copies it.
*/
class WalCheckpointer
{
public:
    //! The log's pages that wake the thread: SQLite's own threshold (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
    static constexpr int pagesBeforeCheckpoint = 1000;
    //! New pages that wake it again when the log could not start over after its last checkpoint.
    static constexpr int pagesBetweenCheckpoints = 100;
    //! The log's pages past which the serving connection checkpoints itself: 6.2 MB of 4 KiB pages.
    static constexpr int pagesServingCheckpointsAt = 1500;

    /*!
        Takes over the checkpoints of \a serving's main database, opening a
        connection of its own to the same file; null with SQLite's reason in
        \a errorString when that connection cannot be opened.
    */
    static std::unique_ptr<WalCheckpointer> start(sqlite3 *serving, QString *errorString);
    //! Hands the checkpoints back to the serving connection, then stops the thread and closes its connection.
    ~WalCheckpointer();

    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    WalCheckpointer(sqlite3 *serving, sqlite3 *own);
    //! The hook SQLite calls on the serving thread after each commit, with the pages in the log.
    static int committed(void *checkpointer, sqlite3 *connection, const char *database, int pages);
    void afterCommit(int pages);
    void checkpointWhenWoken();
    //! A PASSIVE checkpoint on \a connection: the pages of the log copied so far, or -1 when it could not run.
    int checkpoint(sqlite3 *connection);

    sqlite3 *const m_serving;
    sqlite3 *const m_own;
    QMutex m_lock;
    QWaitCondition m_wake; //!< the thread waits on it for work
    QWaitCondition m_idle; //!< the serving connection waits on it for the thread's checkpoint to end
    // Guarded by m_lock:
    int m_copied = 0; //!< the log's pages the thread's last checkpoint had copied
    bool m_wanted = false;
    bool m_checkpointing = false;
    bool m_standingAside = false; //!< the serving connection checkpoints for now
    bool m_stopping = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace ActionNode::Internal
