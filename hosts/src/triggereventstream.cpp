#include "triggereventstream.h"

#include <actionnode/triggerhub.h>

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcTriggerStream, "actionnode.triggers.stream", QtInfoMsg)

namespace ActionNode {

TriggerEventStream::TriggerEventStream(const TriggerHub *hub, std::unique_ptr<TriggerSubscription> subscription,
                                       QTcpSocket *socket, qint64 resumeAfter)
    : QObject(socket),
      m_hub(hub),
      m_subscription(std::move(subscription)),
      m_socket(socket),
      m_written(qMax<qint64>(0, resumeAfter)),
      m_catchingUp(resumeAfter >= 0)
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
    if (m_catchingUp && !catchUp())
        return;
    const quint64 dropped = m_subscription->droppedCount();
    if (dropped > m_droppedReported) {
        m_droppedReported = dropped;
        m_socket->write("event: dropped\ndata: {\"dropped\":" + QByteArray::number(dropped) + "}\n\n");
    }
    for (const QJsonObject &event : m_subscription->takeEvents()) {
        if (event.value(QLatin1String("log_id")).toInteger() > m_written)
            write(event);
    }
}

bool TriggerEventStream::catchUp()
{
    while (m_socket->bytesToWrite() < maxUnsentBytes) {
        QString error;
        const qint64 before = m_written;
        qint64 scanned = m_written;
        const std::optional<QList<QJsonObject>> missed = m_hub->missedEvents(*m_subscription, m_written,
                                                                             catchUpPageSize, &scanned, &error);
        if (!missed) {
            qCWarning(lcTriggerStream).noquote() << "an event stream could not catch up:" << error;
            m_socket->write("event: error\ndata: {\"error\":\"store_unavailable\"}\n\n");
            m_socket->disconnectFromHost();
            return false;
        }
        for (const QJsonObject &event : *missed)
            write(event);
        m_written = scanned;
        if (scanned == before) {
            // Whatever the queue dropped so far is in the log, and was written from there.
            m_catchingUp = false;
            m_droppedReported = m_subscription->droppedCount();
            return true;
        }
    }
    return false;
}

void TriggerEventStream::write(const QJsonObject &event)
{
    m_written = event.value(QLatin1String("log_id")).toInteger();
    m_socket->write("id: " + QByteArray::number(m_written)
                    + "\nevent: " + event.value(QLatin1String("trigger")).toString().toUtf8()
                    + "\ndata: " + QJsonDocument(event).toJson(QJsonDocument::Compact) + "\n\n");
}

} // namespace ActionNode
