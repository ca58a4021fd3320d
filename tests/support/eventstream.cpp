#include "eventstream.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace ActionNode::TestSupport {

EventStream::EventStream(QNetworkAccessManager &network, const QUrl &host, const QString &triggerId,
                         const QByteArray &lastEventId)
{
    QNetworkRequest request(host.resolved(QUrl(QStringLiteral("/v1/triggers/%1/events").arg(triggerId))));
    if (!lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", lastEventId);
    m_reply.reset(network.get(request));
    QObject::connect(m_reply.get(), &QNetworkReply::readyRead, m_reply.get(),
                     [this] { m_received += m_reply->readAll(); });
}

EventStream::~EventStream() = default;

bool EventStream::isFinished() const
{
    return m_reply->isFinished();
}

int EventStream::count(const QString &eventId) const
{
    return int(m_received.count("data: {\"event_id\":\"" + eventId.toUtf8() + '"'));
}

QByteArray EventStream::lastId() const
{
    const qsizetype at = m_received.lastIndexOf("id: ") + 4;
    return m_received.mid(at, m_received.indexOf('\n', at) - at);
}

} // namespace ActionNode::TestSupport
