#pragma once

#include <actionnode/actionresult.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QMap>
#include <QObject>

#include <memory>

namespace ActionNode {

class LineReader;
class Session;

/*!
    Feeds the lines of a JSON-lines input to Session::invokeJson(), keeping at
    most \c concurrency invocations in flight, and writes each result in
    input order as soon as all earlier lines are written (and flushed, so
    that results stream while the input is still being written).

    Lines come from a LineReader, whatever the input is (file or pipe), so
    a line reads the same from both; a line longer than maxLineBytes fails
    without being kept. When the output can no longer be written (its reader
    went away), reading stops and the run ends once the lines in flight are
    done.
*/
class BatchRunner : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype maxLineBytes = 4 << 20;

    //! Reads from the file descriptor \a input (which stays open while exec() runs).
    BatchRunner(ActionNode::Session *session, const QString &actionId, int input, QFile *output, int concurrency,
                qint64 expectedLines, bool showProgress);
    ~BatchRunner() override;

    //! Runs to the end of the input; returns the number of failed lines.
    qint64 exec();
    qint64 succeeded() const { return m_succeeded; }
    qint64 failed() const { return m_failed; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    //! True when the output failed: results after that point were lost.
    bool outputFailed() const { return m_outputFailed; }

private:
    void readLines();
    void failTooLong(qsizetype length);
    void dispatch();
    void finishIfDone();
    void start(qint64 lineNumber, const QByteArray &line);
    void complete(qint64 lineNumber, const ActionNode::ActionResult &result);
    void skip(qint64 lineNumber);
    void flush();
    void linesWritten(int lines);
    void writeOutputBuffer();
    void flushOutput();
    void drawProgress(bool force);

    ActionNode::Session *m_session;
    QString m_actionId;
    std::unique_ptr<LineReader> m_reader;
    QFile *m_output;
    int m_concurrency;
    qint64 m_expectedLines;
    bool m_showProgress;

    qint64 m_linesRead = 0;
    qint64 m_inFlight = 0;
    qint64 m_nextToWrite = 1;
    bool m_inputDone = false;
    bool m_outputFailed = false;
    bool m_outputFlushQueued = false;
    // Lines read but not started, bounded by the reader's window in lines
    // and bytes, and finished results waiting for an earlier line, bounded
    // by its lines and by maxPendingBytes: past that no line starts until
    // the earlier one is written.
    QList<QPair<qint64, QByteArray>> m_waiting;
    QMap<qint64, QByteArray> m_pending;
    qsizetype m_pendingBytes = 0;
    static constexpr qsizetype maxPendingBytes = 16 << 20;
    static constexpr int readAheadLines = 1024;
    static constexpr qsizetype readAheadBytes = 16 << 20;
    qsizetype m_startedBytes = 0; //!< of lines started since the last release
    // Result lines in order, written out in chunks of outputChunkBytes and
    // whenever the runner waits for input.
    static constexpr qsizetype outputChunkBytes = 64 * 1024;
    QByteArray m_outputBuffer;
    qint64 m_succeeded = 0;
    qint64 m_failed = 0;
    QElapsedTimer m_clock;
    qint64 m_lastDrawMs = -1;
    QEventLoop *m_loop = nullptr;
};

} // namespace ActionNode
