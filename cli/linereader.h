#pragma once

#include <QAtomicInt>
#include <QByteArray>
#include <QSemaphore>
#include <QThread>

/*!
    Reads newline-delimited lines from a file descriptor (standard input,
    a pipe or a file) on its own thread, so that the event loop never blocks
    on it, and hands each line, trimmed, to the thread that owns the reader
    through lineRead(); blank lines come as empty lines, so that a consumer
    counting lines counts them too. Any byte, NUL included, is kept: what a
    line holds does not depend on where it comes from.

    A line longer than the limit (newline excluded) is consumed but not
    kept: lineTooLong() reports it in its place. finished() follows the last
    line once the input ends or fails, or after stop().

    With a window, at most that many lines are handed out and not yet
    release()d by the consumer: reading pauses until it catches up, so that
    memory stays bounded however long the input is.
*/
class LineReader : public QThread
{
    Q_OBJECT
public:
    //! A \a window of 0 hands out lines without waiting for release().
    LineReader(int fd, qsizetype maxLineLength, int window = 0, QObject *parent = nullptr);
    ~LineReader() override;

    //! The consumer is done with \a lines handed out lines.
    void release(int lines = 1);
    //! Stops reading (even while the input is idle); finished() follows.
    void stop();

signals:
    void lineRead(const QByteArray &line);
    void lineTooLong(qsizetype length);

protected:
    void run() override;

private:
    bool waitForInput();
    bool waitForRoom();

    int m_fd;
    qsizetype m_maxLineLength;
    int m_window;
    QSemaphore m_room;
    QAtomicInt m_stopping = 0;
    int m_wakeup[2] = {-1, -1}; //!< a pipe that stop() writes to, to end a wait for input
};
