#pragma once

#include <QByteArray>
#include <QObject>
#include <QThread>

/*!
    Reads newline-delimited messages from standard input on its own thread,
    so that the event loop never blocks on a pipe or file, and hands each
    line to the thread that owns the reader through lineRead(), trimmed;
    blank lines are skipped. A line longer than the limit (newline excluded)
    is consumed but not kept: lineTooLong() reports it. finished() follows
    the last line once standard input is closed or fails.
*/
class StdinReader : public QThread
{
    Q_OBJECT
public:
    explicit StdinReader(qsizetype maxLineLength, QObject *parent = nullptr);

signals:
    void lineRead(const QByteArray &line);
    void lineTooLong(qsizetype length);

protected:
    void run() override;

private:
    qsizetype m_maxLineLength;
};
