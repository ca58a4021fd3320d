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

/*!
    One Server-Sent Events stream: the events of a subscription written to
    an HTTP connection whose headers were already sent, for as long as the
    client stays connected (it deletes itself when the connection ends).

    Each event is written as \c{id: <event id>}, \c{event: <trigger id>},
    \c{data: <event JSON>}. The stream only takes events from its
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

    TriggerEventStream(std::unique_ptr<TriggerSubscription> subscription, QTcpSocket *socket);
    ~TriggerEventStream() override;

private:
    void pump();

    std::unique_ptr<TriggerSubscription> m_subscription;
    QPointer<QTcpSocket> m_socket;
    QTimer m_keepAlive;
    quint64 m_droppedReported = 0;
};

} // namespace ActionNode
