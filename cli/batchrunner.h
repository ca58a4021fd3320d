#pragma once

#include <actionnode/runtime.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QMap>
#include <QObject>

/*!
    Feeds the lines of a JSON-lines input to Runtime::invoke, keeping at
    most \c concurrency invocations in flight, and writes each result in
    input order as soon as all earlier lines are written.
*/
class BatchRunner : public QObject
{
    Q_OBJECT
public:
    BatchRunner(ActionNode::Runtime *runtime, const QString &actionId, QFile *input, QFile *output,
                int concurrency, qint64 expectedLines, bool showProgress);

    //! Runs to the end of the input; returns the number of failed lines.
    qint64 exec();
    qint64 succeeded() const { return m_succeeded; }
    qint64 failed() const { return m_failed; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

private:
    void fill();
    void start(qint64 lineNumber, const QByteArray &line);
    void complete(qint64 lineNumber, const ActionNode::ActionResult &result);
    void skip(qint64 lineNumber);
    void flush();
    void drawProgress(bool force);

    ActionNode::Runtime *m_runtime;
    QString m_actionId;
    QFile *m_input;
    QFile *m_output;
    int m_concurrency;
    qint64 m_expectedLines;
    bool m_showProgress;

    qint64 m_linesRead = 0;
    qint64 m_inFlight = 0;
    qint64 m_nextToWrite = 1;
    bool m_inputDone = false;
    // Finished results waiting for an earlier line; bounded by the window in fill().
    QMap<qint64, QByteArray> m_pending;
    qint64 m_succeeded = 0;
    qint64 m_failed = 0;
    QElapsedTimer m_clock;
    qint64 m_lastDrawMs = -1;
    QEventLoop *m_loop = nullptr;
};
