#pragma once

#include <actionnode/invokeoptions.h>

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace ActionNode {

class PushSubscriptions;
class Runtime;
class Store;
class TriggerHub;

/*!
    The provider webhooks that trigger subscriptions need, registered and
    kept in step by the host itself, so that nobody registers a webhook by
    hand or forgets to delete one.

    Each provider account with at least one trigger subscription
    (PushSubscriptions, whatever front end made it) gets one webhook of the
    provider, shared by all of that account's subscriptions, whose event
    types are those of the subscribed triggers. It points at
    \c{<public URL>/v1/webhooks/<provider>/<endpoint>}, an endpoint of its
    own, and is signed with a secret generated for it: the store keeps both
    (ManagedWebhook), the hub verifies its deliveries with that secret and
    gives their events that account as owner
    (TriggerHub::setEndpointSecret()). When subscriptions come and go its
    event types are updated; when the account's last subscription goes it
    is deleted.

    The provider is called through its declared actions
    \c{<provider>.create_webhook}, \c update_webhook, \c list_webhooks and
    \c delete_webhook (Daily's), with the connection and licence of the call
    that changed the subscriptions: a caller's own account is reached with
    its own key, which the host does not keep. Calls run in the background,
    one at a time per account; subscribing does not wait for them. A failed
    call is logged (\c actionnode.webhooks) and tried again after
    retryDelayMs, doubling up to an hour, while the host runs.

    start() reconciles the host's own account (the only one whose key the
    host holds) with the provider's list: a kept webhook the provider lost
    is registered again, one it marked \c FAILED (Daily stops delivering
    after repeated failures) is updated, which makes it active again, event
    types or a URL that differ are updated, and a webhook pointing at one of
    this host's endpoints that the store does not know is deleted. The
    webhooks of other accounts are checked the next time one of their
    subscriptions is made or removed.

    Used from the thread that created it, which needs an event loop.
*/
class ProviderWebhooks : public QObject
{
    Q_OBJECT

public:
    //! The first wait before a failed provider call is tried again, in milliseconds.
    static constexpr int retryDelayMs = 5000;

    /*!
        Manages webhooks pointing at \a publicUrl (scheme, host, port and
        an optional path prefix) for the subscriptions of \a subscriptions.
        Every pointer must outlive this.
    */
    ProviderWebhooks(Runtime *runtime, TriggerHub *hub, Store *store, PushSubscriptions *subscriptions,
                     const QUrl &publicUrl, QObject *parent = nullptr);
    ~ProviderWebhooks() override;

    /*!
        Gives the hub the secrets of every kept webhook and starts
        reconciling the host's own account. False with \a errorString when
        the store cannot be read.
    */
    bool start(QString *errorString);

    /*!
        Brings the webhook of \a provider's account of \a caller in step
        with that account's subscriptions; PushSubscriptions' changes call
        it.
    */
    void reconcile(const QString &provider, const InvokeOptions &caller);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
