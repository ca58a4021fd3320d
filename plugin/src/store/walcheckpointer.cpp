#include "walcheckpointer.h"

#include "logging.h"

#include <QThread>

#include <sqlite3.h>

namespace ActionNode::Internal {

std::unique_ptr<WalCheckpointer> WalCheckpointer::start(sqlite3 *serving, QString *errorString)
{
    const char *path = sqlite3_db_filename(serving, "main");
    sqlite3 *own = nullptr;
    // A connection finds the file's log on its first read; until then it has none to checkpoint.
    if (sqlite3_open_v2(path, &own, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK
        || sqlite3_exec(own, "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK) {
        *errorString = QString::fromUtf8(own ? sqlite3_errmsg(own) : sqlite3_errstr(SQLITE_NOMEM));
        sqlite3_close(own);
        return nullptr;
    }
    std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer(serving, own));
    checkpointer->m_thread.reset(QThread::create([self = checkpointer.get()] { self->checkpointWhenWoken(); }));
    checkpointer->m_thread->setObjectName(QStringLiteral("actionnode-wal-checkpoint"));
    checkpointer->m_thread->start(QThread::LowPriority);
    // Replaces the serving connection's automatic checkpoint.
    sqlite3_wal_hook(serving, &WalCheckpointer::committed, checkpointer.get());
    return checkpointer;
}

WalCheckpointer::WalCheckpointer(sqlite3 *serving, sqlite3 *own) : m_serving(serving), m_own(own) {}

WalCheckpointer::~WalCheckpointer()
{
    // Also removes the hook: whatever commits after this checkpoints as SQLite does by default.
    sqlite3_wal_autocheckpoint(m_serving, pagesBeforeCheckpoint);
    {
        const QMutexLocker locker(&m_lock);
        m_stopping = true;
        m_wake.wakeOne();
    }
    m_thread->wait();
    sqlite3_close(m_own);
}

int WalCheckpointer::committed(void *checkpointer, sqlite3 *, const char *, int pages)
{
    static_cast<WalCheckpointer *>(checkpointer)->afterCommit(pages);
    return SQLITE_OK;
}

void WalCheckpointer::afterCommit(int pages)
{
    QMutexLocker locker(&m_lock);
    if (pages < m_copied)
        m_copied = 0; // the log started over
    if (pages >= pagesServingCheckpointsAt) {
        // The thread has not kept up with a writer that does not pause: the log would grow without end.
        m_standingAside = true;
        while (m_checkpointing)
            m_idle.wait(&m_lock);
        locker.unlock();
        checkpoint(m_serving);
        return;
    }
    m_standingAside = false;
    if (pages >= pagesBeforeCheckpoint && pages - m_copied >= pagesBetweenCheckpoints) {
        m_wanted = true;
        m_wake.wakeOne();
    }
}

void WalCheckpointer::checkpointWhenWoken()
{
    QMutexLocker locker(&m_lock);
    while (!m_stopping) {
        if (!m_wanted || m_standingAside) {
            m_wake.wait(&m_lock);
            continue;
        }
        m_wanted = false;
        m_checkpointing = true;
        locker.unlock();
        const int copied = checkpoint(m_own);
        locker.relock();
        m_checkpointing = false;
        if (copied >= 0)
            m_copied = copied;
        m_idle.wakeAll();
    }
}

int WalCheckpointer::checkpoint(sqlite3 *connection)
{
    int copied = -1;
    const int status = sqlite3_wal_checkpoint_v2(connection, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied);
    // Busy: another process is checkpointing the same file, which is as good.
    if (status != SQLITE_OK && status != SQLITE_BUSY && status != SQLITE_LOCKED) {
        qCWarning(lcStore).noquote() << QStringLiteral("the store %1 could not copy its write-ahead log into the "
                                                       "database: %2; the log keeps it until the next attempt")
                                            .arg(QString::fromUtf8(sqlite3_db_filename(connection, "main")),
                                                 QString::fromUtf8(sqlite3_errmsg(connection)));
    }
    return copied;
}

} // namespace ActionNode::Internal
