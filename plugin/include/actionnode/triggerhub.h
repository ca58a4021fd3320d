#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/invokeoptions.h>
#include <actionnode/store.h>
#include <actionnode/triggersubscription.h>
#include <actionnode/webhookverifier.h>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace ActionNode {

class Runtime;

/*!
    Receives provider webhooks and hands their events to trigger
    subscribers, independently of any HTTP server: a host passes each
    delivery's timestamp and signature headers and raw body to
    receiveWebhook() and answers with the returned status.

    A delivery is passed on only when its signature verifies (see
    WebhookVerifier), its timestamp is inside the replay window and its body
    is an event (strict RFC 8259 JSON: a JSON object with string \c type and
    \c id and an object \c payload). It is then appended to the store's
    event log (Store) before anything else happens, so that a 200 means the
    event is kept: when it cannot be written the answer is 503
    \c store_unavailable and the provider retries. An event id already in the
    log is acknowledged as \c duplicate but passed on once only, since
    providers retry deliveries they think failed; the log is the
    de-duplication window. Events younger than twice the replay window (as
    long as a delivery of them could verify) are never pruned: when the
    retention's maxEvents are all that recent, a new event is refused with
    503 \c too_many_events (the provider retries it later) rather than an id
    forgotten early. Daily's endpoint check when a webhook is created (the
    unsigned body \c{{"test":"test"}}) is answered 200 and passed on to
    nobody.

    Every trigger whose event types include the event's type reads its
    outputs from the event; each subscriber of that trigger whose filters
    match gets it in its own bounded queue (TriggerSubscription), so a slow
    subscriber never holds up the others or the provider. triggered() is
    emitted once per trigger and event, for Qt hosts. A subscriber that was
    away reads what it missed from the log with missedEvents(), by the
    \c log_id of the last event it got.

    A polling trigger (TriggerSpec::isPolling()) has no webhook: while it
    has a subscriber (a stream, a push subscription), the hub runs its list
    action every interval (TriggerPoller) and logs each new item as an
    event of that trigger, which then goes the way of a webhook's: the log,
    subscribers, missedEvents(), triggered(). The first poll only notes what
    exists; the cursor is kept in the store, so nothing is passed on twice
    or lost across a restart.

    With a store that other hosts share (Store::isShared(): Redis), the hub
    follows the log: every followIntervalMs, and right after appending an
    event, it reads the entries after the last one it passed on and passes
    each on, its own and those other replicas received alike, in log
    order. Subscribers of every replica thus get every event, in the same
    order, within about followIntervalMs. Reading the log (rather than
    being told by a publish/subscribe channel) loses nothing while the
    store is unreachable for a moment: the next read resumes where the
    last one ended.
*/
class ACTIONNODE_EXPORT TriggerHub : public QObject
{
    Q_OBJECT

public:
    //! What a host answers the provider with.
    struct Receipt
    {
        //! The codes of a delivery answered 200; a refusal's code is an ErrorCode's name (errorcodes.h).
        static constexpr QLatin1StringView accepted{"accepted"};
        static constexpr QLatin1StringView duplicate{"duplicate"};          //!< already passed on: nobody gets it again
        static constexpr QLatin1StringView endpointCheck{"endpoint_check"}; //!< Daily checking the endpoint

        //! 200, 400 malformed, 401 refused, 404 unknown provider, 413 too large,
        //! 503 no secret, too many events or the store failed
        int status = 200;
        QString code;    //!< accepted, duplicate, endpointCheck, or an ErrorCode's name
        QString message; //!< a sentence, safe to send back and to log
        int subscribersReached = 0;
        QJsonObject toJson() const;
    };

    static constexpr qsizetype defaultQueueCapacity = 256;
    //! How often a hub on a shared store reads the log for events other hosts received.
    static constexpr int followIntervalMs = 200;
    static constexpr qsizetype maxBodyBytes = 1024 * 1024;

    /*!
        Triggers and the license come from \a runtime, which must outlive
        the hub. Events go to an in-memory store until setStore().
    */
    explicit TriggerHub(Runtime *runtime, QObject *parent = nullptr);
    ~TriggerHub() override;

    //! Where hosts read \a provider's webhook secret from: \c DAILY_WEBHOOK_HMAC for "daily".
    static QString secretVariable(const QString &provider);
    //! The secret deliveries of \a provider are signed with (Daily: the webhook's base64 \c hmac).
    bool setWebhookSecret(const QString &provider, const QByteArray &base64Secret, QString *errorString);
    /*!
        Deliveries to \a provider's endpoint \a endpoint (a webhook this host
        registered for one account's subscriptions: ProviderWebhooks) are
        verified with \a base64Secret, that webhook's own, and their events
        belong to \a owner (StoredSubscription::owner). Replaces the
        endpoint's secret when it has one.
    */
    bool setEndpointSecret(const QString &provider, const QString &endpoint, const QByteArray &base64Secret,
                           const QString &owner, QString *errorString);
    //! Refuses deliveries to \a provider's endpoint \a endpoint from now on (404).
    void removeEndpoint(const QString &provider, const QString &endpoint);
    void setReplayWindow(int seconds);
    //! Replaces the clock of every verifier (Unix seconds), for tests.
    void setClock(std::function<qint64()> nowSeconds);
    //! Logs events in \a store (which must outlive the hub) instead of the hub's in-memory one.
    void setStore(Store *store);
    //! The store events are logged in (null when not even an in-memory one could be opened).
    Store *store() const;

    /*!
        Polls every \a milliseconds instead of each polling trigger's
        declared interval; 0: as declared.
    */
    void setPollInterval(int milliseconds);
    //! Whether the hub polls trigger \a triggerId now (it does while the trigger has a subscriber).
    bool isPolling(const QString &triggerId) const;

    //! The trigger \a id as the runtime knows it (hasError() when unknown).
    TriggerSpec trigger(const QString &id) const;

    /*!
        Subscribes to trigger \a triggerId with \a filters. Returns null and
        fills \a errors when the trigger is unknown, the filters are invalid
        or the licence (of \a options, else the runtime's) lacks the
        trigger's bundle. The subscription gets the events of the account
        of \a options' connection (TriggerSubscription::owner()) only. The
        caller owns the subscription; deleting it unsubscribes.
    */
    std::unique_ptr<TriggerSubscription> subscribe(const QString &triggerId, const QJsonObject &filters,
                                                   ActionErrors *errors, qsizetype queueCapacity = defaultQueueCapacity,
                                                   const InvokeOptions &options = {});

    /*!
        The logged events after \a afterLogId that \a subscription would
        have been given, oldest first, reading at most \a limit log entries
        of any kind: \a scannedTo is set to the last log id read (the next
        call's \a afterLogId), left alone when there was none. Null with
        \a errorString when the store cannot be read.
    */
    std::optional<QList<QJsonObject>> missedEvents(const TriggerSubscription &subscription, qint64 afterLogId,
                                                   int limit, qint64 *scannedTo, QString *errorString) const;

    /*!
        Verifies, logs and dispatches one delivery of \a provider, received
        for account \a owner (StoredEvent::owner; empty: the host's own): only
        subscriptions of that account get it.
    */
    Receipt receiveWebhook(const QString &provider, const QByteArray &timestamp, const QByteArray &signature,
                           const QByteArray &body, const QString &owner = {});
    //! The same for a delivery to \a provider's endpoint \a endpoint (setEndpointSecret()); 404 when unknown.
    Receipt receiveEndpointWebhook(const QString &provider, const QString &endpoint, const QByteArray &timestamp,
                                   const QByteArray &signature, const QByteArray &body);

Q_SIGNALS:
    //! An accepted event fired trigger \a triggerId (before subscribers' filters).
    void triggered(const QString &triggerId, const QJsonObject &event);
    //! A poll of polling trigger \a triggerId ended, having logged \a events new events.
    void polled(const QString &triggerId, int events);

private:
    static constexpr int followPageSize = 256;
    static constexpr int followPagesPerRound = 16; // the timer's next round takes the rest
    //! Checks, logs and dispatches a delivery whose verifier was found.
    Receipt receiveVerifiable(const QString &provider, const WebhookVerifier &verifier, const QString &owner,
                              const QByteArray &timestamp, const QByteArray &signature, const QByteArray &body);
    //! Passes on the shared log's entries not passed on yet; the subscribers \a ownLogId reached.
    int followLog(qint64 ownLogId);
    //! Passes \a logged on to the triggers it fires and their subscribers; the subscribers reached.
    int dispatch(const StoredEvent &logged);
    //! Logs \a event of account \a owner (see Store::appendEvent()) and, when it is new, passes it on, counting in \a
    //! reached.
    Store::AppendResult logEvent(const QString &provider, const QString &eventId, const QJsonObject &event,
                                 qint64 protectSeconds, const QString &owner, int *reached);
    //! Starts or stops polling \a triggerId as it has subscribers other than \a leaving, when it is a polling trigger.
    void updatePolling(const QString &triggerId, const QObject *leaving = nullptr);

    class Private; // d-pointer: verifiers, the store and subscribers
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
