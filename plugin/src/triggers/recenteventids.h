#pragma once

#include <QPair>
#include <QQueue>
#include <QSet>
#include <QString>

namespace ActionNode::Internal {

/*!
    The event ids seen lately, to pass each event on once however often
    the provider delivers it. An id is kept for as long as a delivery of it
    could still be accepted (keepSeconds); memory stays bounded by
    \c capacity ids, and when that many are all still kept a new id is
    refused (Full) rather than one forgotten early.
*/
class RecentEventIds
{
public:
    enum class Outcome {
        New,  //!< remembered now
        Seen, //!< already among the ids kept
        Full, //!< capacity ids are kept and none may be forgotten yet
    };

    explicit RecentEventIds(qsizetype capacity) : m_capacity(qMax<qsizetype>(1, capacity)) {}

    qsizetype capacity() const { return m_capacity; }
    //! Remembers \a id, seen at \a now (Unix seconds), for \a keepSeconds; older ids are forgotten first.
    Outcome insert(const QString &id, qint64 now, qint64 keepSeconds)
    {
        while (!m_order.isEmpty() && m_order.head().second <= now - keepSeconds)
            m_ids.remove(m_order.dequeue().first);
        if (m_ids.contains(id))
            return Outcome::Seen;
        if (m_order.size() >= m_capacity)
            return Outcome::Full;
        m_order.enqueue({id, now});
        m_ids.insert(id);
        return Outcome::New;
    }

private:
    qsizetype m_capacity;
    QQueue<QPair<QString, qint64>> m_order; //!< ids with the time they were seen, oldest first
    QSet<QString> m_ids;
};

} // namespace ActionNode::Internal
