#pragma once

#include <QQueue>
#include <QSet>
#include <QString>

namespace ActionNode::Internal {

/*!
    The last \c capacity event ids seen, to pass each event on once however
    often the provider delivers it. Memory stays bounded: the oldest id is
    forgotten when a new one does not fit.
*/
class RecentEventIds
{
public:
    explicit RecentEventIds(qsizetype capacity) : m_capacity(qMax<qsizetype>(1, capacity)) {}

    qsizetype capacity() const { return m_capacity; }
    //! Remembers \a id; false when it was already among the recent ones.
    bool insert(const QString &id)
    {
        if (m_ids.contains(id))
            return false;
        if (m_order.size() == m_capacity)
            m_ids.remove(m_order.dequeue());
        m_order.enqueue(id);
        m_ids.insert(id);
        return true;
    }

private:
    qsizetype m_capacity;
    QQueue<QString> m_order;
    QSet<QString> m_ids;
};

} // namespace ActionNode::Internal
