#include "triggereventstream.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace ActionNode {

TriggerEventStream::TriggerEventStream(std::unique_ptr<TriggerSubscription> subscription, QTcpSocket *socket)
    : QObject(socket), m_subscription(std::move(subscription)), m_socket(socket)
{
    connect(m_subscription.get(), &TriggerSubscription::eventsAvailable, this, &TriggerEventStream::pump);
    connect(socket, &QTcpSocket::bytesWritten, this, &TriggerEventStream::pump);
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (m_socket && m_socket->bytesToWrite() < maxUnsentBytes)
            m_socket->write(": keep-alive\n\n");
    });
    m_keepAlive.start(15000);
    pump();
}

TriggerEventStream::~TriggerEventStream() = default;

void TriggerEventStream::pump()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState || m_socket->bytesToWrite() >= maxUnsentBytes)
        return;
    const quint64 dropped = m_subscription->droppedCount();
    if (dropped > m_droppedReported) {
        m_droppedReported = dropped;
        m_socket->write("event: dropped\ndata: {\"dropped\":" + QByteArray::number(dropped) + "}\n\n");
    }
    for (const QJsonObject &event : m_subscription->takeEvents()) {
        // The id comes from the provider: a line break in it would end the field early.
        QByteArray id = event.value(QLatin1String("event_id")).toString().toUtf8();
        id.replace('\n', ' ').replace('\r', ' ');
        m_socket->write("id: " + id + "\nevent: " + event.value(QLatin1String("trigger")).toString().toUtf8()
                        + "\ndata: " + QJsonDocument(event).toJson(QJsonDocument::Compact) + "\n\n");
    }
}

} // namespace ActionNode
