#include <actionnode/triggersubscription.h>

#include <QDeadlineTimer>

namespace ActionNode {

TriggerSubscription::TriggerSubscription(const TriggerSpec &trigger, const QJsonObject &filters, qsizetype capacity)
    : m_trigger(trigger), m_filters(filters), m_capacity(qMax<qsizetype>(1, capacity))
{}

TriggerSubscription::~TriggerSubscription()
{
    close();
}

bool TriggerSubscription::offer(const QJsonObject &event)
{
    bool wasEmpty = false;
    quint64 dropped = 0;
    {
        const QMutexLocker locker(&m_lock);
        if (m_closed)
            return false;
        if (m_queue.size() >= m_capacity) {
            dropped = ++m_dropped;
        } else {
            wasEmpty = m_queue.isEmpty();
            m_queue.enqueue(event);
            m_arrived.wakeAll();
        }
    }
    if (dropped) {
        Q_EMIT eventsDropped(dropped);
        return false;
    }
    if (wasEmpty)
        Q_EMIT eventsAvailable();
    return true;
}

QList<QJsonObject> TriggerSubscription::takeEvents()
{
    const QMutexLocker locker(&m_lock);
    QList<QJsonObject> events(m_queue.cbegin(), m_queue.cend());
    m_queue.clear();
    return events;
}

bool TriggerSubscription::waitForEvents(int milliseconds)
{
    QMutexLocker locker(&m_lock);
    const QDeadlineTimer deadline(milliseconds);
    while (m_queue.isEmpty() && !m_closed) {
        if (!m_arrived.wait(&m_lock, deadline))
            break;
    }
    return !m_queue.isEmpty();
}

quint64 TriggerSubscription::droppedCount() const
{
    const QMutexLocker locker(&m_lock);
    return m_dropped;
}

void TriggerSubscription::close()
{
    const QMutexLocker locker(&m_lock);
    m_closed = true;
    m_arrived.wakeAll();
}

bool TriggerSubscription::isClosed() const
{
    const QMutexLocker locker(&m_lock);
    return m_closed;
}

} // namespace ActionNode
