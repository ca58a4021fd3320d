#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/triggerspec.h>

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QQueue>
#include <QWaitCondition>

namespace ActionNode {

/*!
    One subscriber of a trigger, as TriggerHub::subscribe() hands it out:
    the trigger, the filters its events must pass, and a bounded queue of
    events waiting to be taken.

    The hub only ever appends to the queue, never waits for the subscriber:
    a subscriber that does not take its events fills its own queue, after
    which further events are dropped for it alone and counted in
    droppedCount(), while every other subscriber goes on receiving. What a
    subscriber does with the count (an SSE comment, a JSON line) is its
    business, but it is never silent.

    Each queued event is a JSON object:
    \c{{"trigger": id, "log_id": <the store's log id>, "event_id": ...,
    "event_type": ..., "received_at": RFC 3339, "outputs": {...}}}.

    Events may be taken from another thread than the hub's (takeEvents(),
    waitForEvents()); eventsAvailable() is emitted in the hub's thread when
    the queue stops being empty.
*/
class ACTIONNODE_EXPORT TriggerSubscription : public QObject
{
    Q_OBJECT

public:
    ~TriggerSubscription() override;

    TriggerSpec trigger() const { return m_trigger; }
    QJsonObject filters() const { return m_filters; }
    /*!
        The provider account whose events the subscription gets (as
        StoredEvent::owner): the caller's, InvokeOptions::ownerFor(), as
        TriggerHub::subscribe() sets it; a host restoring a stored
        subscription sets the owner it was stored with.
    */
    QString owner() const { return m_owner; }
    void setOwner(const QString &owner) { m_owner = owner; }
    qsizetype capacity() const { return m_capacity; }

    //! Takes every waiting event, oldest first.
    QList<QJsonObject> takeEvents();
    //! Blocks up to \a milliseconds until an event waits or the subscription is closed.
    bool waitForEvents(int milliseconds);
    //! Events dropped because the queue was full, since the subscription began.
    quint64 droppedCount() const;
    //! Ends the subscription: no more events are queued and waiters wake up.
    void close();
    bool isClosed() const;

Q_SIGNALS:
    //! The queue went from empty to not empty.
    void eventsAvailable();
    //! An event was dropped; \a total counts every drop so far.
    void eventsDropped(quint64 total);

private:
    friend class TriggerHub;
    TriggerSubscription(const TriggerSpec &trigger, const QJsonObject &filters, qsizetype capacity);
    //! Queues \a event unless full or closed; false when it was dropped.
    bool offer(const QJsonObject &event);

    const TriggerSpec m_trigger;
    const QJsonObject m_filters;
    const qsizetype m_capacity;
    QString m_owner;
    mutable QMutex m_lock;
    QWaitCondition m_arrived;
    QQueue<QJsonObject> m_queue;
    quint64 m_dropped = 0;
    bool m_closed = false;
};

} // namespace ActionNode
