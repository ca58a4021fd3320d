#pragma once

#include <actionnode/actionresult.h>
#include <actionnode/invokeoptions.h>

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace ActionNode {

class Store;
class TriggerHub;

//! How PushSubscriptions delivers; the defaults are the documented production values.
struct PushOptions
{
    /*!
        The waits before each retry of an event that failed, in
        milliseconds: 5 s, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h (about 23.6 h
        after the first attempt). When the last retry fails too, the
        subscription is disabled.
    */
    QList<qint64> retryDelaysMs{5000, 300000, 1800000, 7200000, 18000000, 28800000, 28800000};
    //! Each wait is scaled by a random factor within ±jitter, so that failed targets are not retried in step.
    double jitter = 0.2;
    //! A Retry-After longer than this (ms) is cut to it.
    qint64 maxRetryAfterMs = 24 * 3600 * 1000;
    int connectTimeoutMs = 10000;
    int responseTimeoutMs = 30000;
    //! How long the secret before a rotation still signs (a second \c v1 signature), in seconds.
    qint64 rotationOverlapSeconds = 24 * 3600;
    //! Plain-http and loopback targets (development only).
    bool allowLoopbackTargets = false;
    //! Private, link-local, unique-local and metadata addresses as targets.
    bool allowPrivateTargets = false;
    //! Subscriptions kept at most.
    int maxSubscriptions = 1000;
    /*!
        Whether this object pushes events. False for a process that only
        manages the subscriptions of a store (the \c subscriptions command)
        while a host on that store delivers them.
    */
    bool delivers = true;
    /*!
        How often a delivering object reads the store's subscriptions again
        (ms), to take up those another process made, changed or removed.
    */
    int followIntervalMs = 1000;
    using ResolverDone = std::function<void(const QList<QHostAddress> &addresses, const QString &error)>;
    /*!
        Resolves a target's host name and calls the function with its
        addresses or an error; empty: the system's resolver (QHostInfo).
        Tests inject one, so that no name is looked up.
    */
    std::function<void(const QString &hostName, QObject *context, const ResolverDone &done)> resolver;
};

/*!
    Trigger subscriptions kept in a Store, and the pushing of their events
    to their target URLs as Standard Webhooks (standardwebhooks.com).

    Each subscription names a trigger, filters and, optionally, a target
    URL; it is answered once with a secret (\c whsec_...). Every event of
    the store's log that the trigger and filters pass is POSTed to the
    target as JSON (the object an SSE \c data: line of the trigger carries)
    with the headers \c webhook-id (the same in every attempt of one event),
    \c webhook-timestamp and \c webhook-signature (\c v1, and the base64
    HMAC-SHA256 of \c{id.timestamp.body} under the secret).

    Delivery is at least once and in log order per subscription: the next
    event waits until the one before succeeded (any 2xx). A failed attempt
    (another status, no answer within the timeouts, a refused address) is
    retried after PushOptions::retryDelaysMs with jitter, not before the
    answer's Retry-After; when the last retry fails the subscription is
    disabled (subscriptionDisabled(), a warning in the log). 410 Gone
    disables it at once. Redirects are not followed. The cursor (the last
    delivered log id) and the retry state are kept in the store, so a
    restarted host goes on where it stopped; an event that was in flight is
    sent again.

    Other processes may manage the subscriptions of the same store (the
    \c subscriptions command, or replicas sharing a Redis store): a
    delivering object reads them again every PushOptions::followIntervalMs
    and takes up what changed, so a subscription made elsewhere is pushed, a
    removed one stops, and a rotated secret or a redeliver applies within
    that time. A write of the delivery state (cursor, retries, disabling)
    never undoes another process's new secret.

    Targets pass TargetPolicy's rules after DNS resolution, and the
    connection goes to the checked address. A secret is never logged, never
    listed and never part of an error.

    A subscription belongs to the provider account that made it: the
    account settings of the caller's connection for the trigger's provider
    (InvokeOptions::connections, over HTTP \c X-ActionNode-Connection), or
    the host's own account when the call brings none. Every other operation
    sees only the caller's account's subscriptions; another account's are
    \c not_found, so their ids do not leak.

    Every operation answers as a Session operation does (ActionResult);
    errors carry \c unknown_trigger, \c invalid_input (naming the field),
    \c bundle_required, \c not_found or \c store_unavailable. Used from the
    thread that created it, which needs an event loop.
*/
class PushSubscriptions : public QObject
{
    Q_OBJECT

public:
    //! \a hub and \a store must outlive this; \a hub logs its events in \a store.
    PushSubscriptions(TriggerHub *hub, Store *store, const PushOptions &options = {}, QObject *parent = nullptr);
    ~PushSubscriptions() override;

    /*!
        Reads the kept subscriptions and, when PushOptions::delivers, starts
        delivering and following the store; false with \a errorString when
        the store fails.
    */
    bool start(QString *errorString);

    /*!
        Subscribes to \a triggerId with \a filters, pushing to \a targetUrl
        (empty: not pushed). Answers the subscription's JSON with its
        \c secret, the only time it is given.
    */
    ActionResult create(const QString &triggerId, const QJsonObject &filters, const QString &targetUrl,
                        const InvokeOptions &options = {});
    //! \c{{"subscriptions": [...]}} of \a triggerId that \a caller's account made, without secrets.
    ActionResult list(const QString &triggerId, const InvokeOptions &caller = {}) const;
    //! Ends subscription \a id of \a triggerId (empty: of any trigger): \c{{"subscription": id}}.
    ActionResult remove(const QString &triggerId, const QString &id, const InvokeOptions &caller = {});
    /*!
        Gives subscription \a id a new secret: \c{{"subscription", "secret",
        "previous_secret_expires_at"}}. Until then deliveries carry a
        signature under each secret.
    */
    ActionResult rotateSecret(const QString &triggerId, const QString &id, const InvokeOptions &caller = {});
    //! \c{{"deliveries": [...]}}: up to \a limit attempts, newest first (DeliveryAttempt::toJson()).
    ActionResult deliveries(const QString &triggerId, const QString &id, int limit, const InvokeOptions &caller = {});
    /*!
        Enables subscription \a id again and delivers now, from the event
        after log id \a afterLogId when given (events delivered before are
        sent again), else from where it stopped.
    */
    ActionResult redeliver(const QString &triggerId, const QString &id, std::optional<qint64> afterLogId = {},
                           const InvokeOptions &caller = {});

Q_SIGNALS:
    //! Delivery to subscription \a id stopped; \a reason says why (no secret in it).
    void subscriptionDisabled(const QString &id, const QString &reason);
    /*!
        A subscription to a trigger of \a provider was made or ended by
        \a caller (whose connection reaches the account it belongs to), or
        by another process on the same store for the host's own account
        (\a caller then holds no connection).
    */
    void subscriptionsChanged(const QString &provider, const ActionNode::InvokeOptions &caller);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
