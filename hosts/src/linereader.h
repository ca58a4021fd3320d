#pragma once

#include <QAtomicInt>
#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

namespace ActionNode {

/*!
    Reads newline-delimited lines from a file descriptor (standard input,
    a pipe or a file) on its own thread, so that the event loop never blocks
    on it, and hands them, trimmed, to the thread that owns the reader; blank
    lines come as empty lines, so that a consumer counting lines counts them
    too. Any byte, NUL included, is kept: what a line holds does not depend
    on where it comes from.

    Lines are handed over in groups: linesReady() is emitted when a line is
    read while none is waiting, and takeLines() takes every line read since.
    Lines read while the consumer is busy join the waiting group, so that a
    fast input wakes the consumer once for many lines while a slow one (a
    person typing) still has each line handed over as soon as it is read.
    A group holds at most maxGroupLines lines and maxGroupBytes bytes (and
    the line that crossed that); reading pauses while it is full.

    A line longer than the limit (newline excluded) is consumed but not
    kept: it is handed over in its place as a Line that isTooLong().
    finished() follows the last line once the input ends or fails, or after
    stop().

    With a window, at most that many lines, and windowBytes bytes of them
    (plus the line that crossed that), are handed out and not yet
    release()d by the consumer: once that many are, reading pauses until
    half of them are released, so that memory stays bounded however long
    the input is and the reader wakes once per half window, not per line.
*/
class LineReader : public QThread
{
    Q_OBJECT
public:
    //! One line as read.
    struct Line
    {
        QByteArray text;              //!< trimmed; empty for a blank line and for a line too long
        qsizetype tooLongLength = -1; //!< the length of a line over the limit, whose text is not kept

        bool isTooLong() const { return tooLongLength >= 0; }
    };

    static constexpr int maxGroupLines = 1024;
    static constexpr qsizetype maxGroupBytes = 1 << 20;

    //! A \a window of 0 hands out lines without waiting for release().
    LineReader(int fd, qsizetype maxLineLength, int window = 0, qsizetype windowBytes = 0, QObject *parent = nullptr);
    ~LineReader() override;

    //! The lines read since the last call, in input order.
    QList<Line> takeLines();
    //! The consumer is done with \a lines handed out lines, and holds \a bytes of their text no more.
    void release(int lines, qsizetype bytes);
    //! Stops reading (even while the input is idle); finished() follows.
    void stop();

signals:
    //! Lines wait for takeLines(); not emitted again before they are taken.
    void linesReady();

protected:
    void run() override;

private:
    bool waitForInput();
    bool handOut(Line line);
    bool isFull() const;
    bool canResume() const;
    void wakeIfRoom();

    int m_fd;
    qsizetype m_maxLineLength;
    int m_window;
    qsizetype m_windowBytes;
    QAtomicInt m_stopping = 0;
    int m_wakeup[2] = {-1, -1}; //!< a pipe that stop() writes to, to end a wait for input

    // Shared with the consumer's thread, under m_lock.
    QMutex m_lock;
    QWaitCondition m_roomMade;
    QList<Line> m_group;
    qsizetype m_groupBytes = 0;
    qint64 m_handedOut = 0;         //!< lines handed out and not released
    qsizetype m_handedOutBytes = 0; //!< their bytes
    bool m_waitingForRoom = false;
};

} // namespace ActionNode
