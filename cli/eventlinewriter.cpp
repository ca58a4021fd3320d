#include "eventlinewriter.h"

#include <QJsonDocument>

#include <poll.h>

EventLineWriter::EventLineWriter(ActionNode::TriggerSubscription *subscription, FILE *stream, QObject *parent)
    : QThread(parent), m_subscription(subscription), m_stream(stream)
{}

bool EventLineWriter::writeLine(FILE *stream, const QByteArray &line)
{
    return std::fwrite(line.constData(), 1, size_t(line.size()), stream) == size_t(line.size())
           && std::fputc('\n', stream) != EOF && std::fflush(stream) == 0;
}

bool EventLineWriter::writeEvent(FILE *stream, const QJsonObject &event)
{
    return writeLine(stream, QJsonDocument(event).toJson(QJsonDocument::Compact));
}

bool EventLineWriter::readerGone() const
{
    // A pipe whose reader closed it reports POLLERR to the writer; a terminal or file never does.
    pollfd descriptor{fileno(m_stream), 0, 0};
    return ::poll(&descriptor, 1, 0) == 1 && (descriptor.revents & (POLLERR | POLLHUP | POLLNVAL));
}

void EventLineWriter::run()
{
    quint64 droppedReported = 0;
    while (!m_stopping) {
        m_subscription->waitForEvents(200);
        bool ok = true;
        const quint64 dropped = m_subscription->droppedCount();
        if (dropped > droppedReported) {
            droppedReported = dropped;
            ok = writeLine(m_stream,
                           QJsonDocument(QJsonObject{{QStringLiteral("dropped"), qint64(dropped)},
                                                     {QStringLiteral("trigger"), m_subscription->trigger().id()}})
                               .toJson(QJsonDocument::Compact));
        }
        for (const QJsonObject &event : m_subscription->takeEvents()) {
            if (ok)
                ok = writeEvent(m_stream, event);
        }
        if (!ok || readerGone()) {
            Q_EMIT outputClosed();
            return;
        }
    }
}
