#pragma once

#include <actionnode/triggersubscription.h>

#include <QThread>

#include <atomic>
#include <cstdio>

/*!
    Writes a subscription's events to a stream (standard output), one
    compact JSON line each, in a thread of its own: a reader that does not
    keep up blocks this thread only, while the process goes on answering
    the provider and the subscription's bounded queue counts what it drops.
    Drops are reported as a line \c{{"dropped": <total>, "trigger": <id>}}.

    The thread finishes (and outputClosed() is emitted) when the stream's
    reader goes away: a failed write, or a pipe whose reader closed it, seen
    even while no event comes.
*/
class EventLineWriter : public QThread
{
    Q_OBJECT

public:
    EventLineWriter(ActionNode::TriggerSubscription *subscription, FILE *stream, QObject *parent = nullptr);

    //! Asks the thread to finish after the events already taken.
    void stop() { m_stopping = true; }
    //! Writes \a event to \a stream as one line (as the thread does); false when the write failed.
    static bool writeEvent(FILE *stream, const QJsonObject &event);

Q_SIGNALS:
    void outputClosed();

protected:
    void run() override;

private:
    static bool writeLine(FILE *stream, const QByteArray &line);
    bool readerGone() const;

    ActionNode::TriggerSubscription *m_subscription;
    FILE *m_stream;
    std::atomic_bool m_stopping{false};
};
