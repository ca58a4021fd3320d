#pragma once

#include <actionnode/triggerspec.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace ActionNode {

class Runtime;
class Store;

namespace Internal {

/*!
    Finds the events of one polling trigger (TriggerSpec::poll()): every
    interval it runs the trigger's list action with the host's own
    connection, newest page first, and turns each item it has not seen
    before into an event for the log.

    What it has seen is the cursor, kept in the store after every poll
    (Store::setPollCursor(), account: the host's own): the newest item time
    seen, and the ids of the items already counted that are not older than
    that time minus the trigger's lookback. The first poll, without a
    cursor, only notes what exists. A later one reads pages until one
    reaches past the lookback (at most maxPagesPerPoll) and counts each
    item that has the trigger's \c where values, is inside the lookback
    and was not counted yet, oldest first. The events are handed to the
    log before the cursor is written: a host stopped in between polls
    those items again after its restart, and the log, which knows their
    event ids, passes none of them on twice.
*/
class TriggerPoller : public QObject
{
    Q_OBJECT

public:
    /*!
        Logs and passes on one polled event: true when it is new, false when
        the log has it already, nullopt when it could not be logged (the
        poll stops there and tries again next time).
    */
    using EventLog = std::function<std::optional<bool>(const QString &eventId, const QJsonObject &event)>;

    static constexpr int maxPagesPerPoll = 10;
    //! The most item ids a cursor keeps (the oldest go first), so that it stays small.
    static constexpr int maxCursorIds = 10000;

    TriggerPoller(Runtime *runtime, Store *store, const TriggerSpec &trigger, EventLog log, QObject *parent = nullptr);

    //! Polls every \a milliseconds instead of the declared interval.
    void setIntervalMs(int milliseconds);
    //! Polls now, then every interval.
    void start();

Q_SIGNALS:
    //! One poll ended, with \a events new events logged (0 for the baseline or a failed poll).
    void polled(int events);

private:
    struct Item
    {
        QString id;
        qint64 time = 0;
        QJsonObject value;
    };

    void poll();
    void requestPage(const QString &after);
    void takePage(const QJsonArray &items);
    void finish();
    //! Says \a problem once in the log until a poll succeeds again.
    void fail(const QString &problem);
    bool counts(const Item &item) const;
    std::optional<Item> itemOf(const QJsonValue &value) const;

    Runtime *m_runtime;
    Store *m_store;
    TriggerSpec m_trigger;
    TriggerPoll m_poll;
    EventLog m_log;
    QTimer m_timer;
    bool m_failing = false;
    bool m_busy = false;

    // The poll under way.
    bool m_baseline = false;
    qint64 m_newest = 0;           //!< the cursor's newest item time
    QHash<QString, qint64> m_seen; //!< the cursor's counted ids, with their times
    QList<Item> m_found;           //!< this poll's items
    int m_pages = 0;
};

} // namespace Internal
} // namespace ActionNode
