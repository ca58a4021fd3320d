#pragma once

#include <actionnode/triggersubscription.h>

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace ActionNode {

class TriggerHub;

/*!
    One Server-Sent Events stream: the events of a subscription written to
    an HTTP connection whose headers were already sent, for as long as the
    client stays connected (it deletes itself when the connection ends).

    Each event is written as \c{id: <log id>}, \c{event: <trigger id>},
    \c{data: <event JSON>}. Given a log id to resume after, the stream first
    writes the logged events after it that the subscription would have had
    (TriggerHub::missedEvents()), page by page as the client reads, and only
    then the live ones, leaving out those it already wrote: each event once.
    Live events the queue dropped meanwhile were read from the log, so they
    are not announced as dropped. When the log cannot be read, an
    \c{event: error} says so and the stream ends (the client resumes later).
    The stream only takes events from its
    subscription while the socket's unsent bytes stay under a limit: a client
    that stops reading fills the subscription's bounded queue instead of
    this process's memory, and what is dropped meanwhile is announced as
    \c{event: dropped} with \c{{"dropped": <total>}} once it reads again.
    A comment line every 15 s keeps proxies from closing an idle stream.
*/
class TriggerEventStream : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 maxUnsentBytes = 256 * 1024;

    //! Log entries read per page while catching up.
    static constexpr int catchUpPageSize = 256;

    //! Streams \a subscription of \a hub (which must outlive the stream) from after \a resumeAfter (-1: live only).
    TriggerEventStream(const TriggerHub *hub, std::unique_ptr<TriggerSubscription> subscription, QTcpSocket *socket,
                       qint64 resumeAfter);
    ~TriggerEventStream() override;

private:
    void pump();
    //! Writes logged events while the client keeps up; true once the log is read to its end.
    bool catchUp();
    void write(const QJsonObject &event);

    const TriggerHub *m_hub;
    std::unique_ptr<TriggerSubscription> m_subscription;
    QPointer<QTcpSocket> m_socket;
    QTimer m_keepAlive;
    quint64 m_droppedReported = 0;
    qint64 m_written = 0; //!< the log id of the last event written (live events up to it are left out)
    bool m_catchingUp = false;
};

} // namespace ActionNode
