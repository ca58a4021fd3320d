#pragma once

#include <actionnode/httphost.h>
#include <actionnode/invokeoptions.h>

#include <QObject>

namespace ActionNode {

class ActionApi;
class PushSubscriptions;
class TriggerHub;

/*!
    The HTTP routes of PushSubscriptions on an ActionApi's host (each needs
    a bearer key; the licence travels in \c X-ActionNode-License as for
    invocations):

    | route | answer |
    |---|---|
    | \c{POST /v1/triggers/{trigger}/subscriptions} body \c{{"target_url"?, "filters"?}} | 201, the subscription with
   its \c secret (the only time) | | \c{GET /v1/triggers/{trigger}/subscriptions} | \c{{"subscriptions": [...]}}, no
   secret | | \c{DELETE /v1/triggers/{trigger}/subscriptions/{subscription}} | \c{{"subscription": id}} | | \c{POST
   .../{subscription}/rotate-secret} | \c{{"subscription", "secret", "previous_secret_expires_at"}} | | \c{GET
   .../{subscription}/deliveries?limit=N} | \c{{"deliveries": [...]}}, newest first, N at most 500 (default 50) | |
   \c{POST .../{subscription}/redeliver} body \c{{"after_log_id"?: N}} | the subscription, enabled again |

    A subscription belongs to the provider account of the request that
    made it (its \c X-ActionNode-Connection for the trigger's provider, or
    the host's own account without one; see PushSubscriptions); requests of
    another account get 404 for it and do not list it.

    Errors: 404 \c unknown_trigger or \c not_found, 422 \c invalid_input
    naming the field, 403 \c bundle_required, 400 \c invalid_connection or
    \c connection_required (as for invocations), 503 \c store_unavailable.
*/
class SubscriptionApi : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 500;

    /*!
        Serves \a subscriptions of \a hub's triggers (both must outlive
        this) on \a api's host, documented in its OpenAPI document.
    */
    SubscriptionApi(PushSubscriptions *subscriptions, TriggerHub *hub, ActionApi *api, HttpHost *host);

private:
    // Each route, for the account of \a caller.
    void create(const HttpExchangePtr &exchange, const InvokeOptions &caller);
    void list(const HttpExchangePtr &exchange, const InvokeOptions &caller);
    void remove(const HttpExchangePtr &exchange, const InvokeOptions &caller);
    void rotateSecret(const HttpExchangePtr &exchange, const InvokeOptions &caller);
    void deliveries(const HttpExchangePtr &exchange, const InvokeOptions &caller);
    void redeliver(const HttpExchangePtr &exchange, const InvokeOptions &caller);

    PushSubscriptions *m_subscriptions;
    TriggerHub *m_hub;
    ActionApi *m_api;
};

} // namespace ActionNode
