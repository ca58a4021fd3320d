#pragma once

#include <actionnode/httphost.h>

#include <QObject>

namespace ActionNode {

class ActionApi;
class PushSubscriptions;

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

    Errors: 404 \c unknown_trigger or \c not_found, 422 \c invalid_input
    naming the field, 403 \c bundle_required, 503 \c store_unavailable.
*/
class SubscriptionApi : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 500;

    //! Serves \a subscriptions (which must outlive this) on \a api's host, documented in its OpenAPI document.
    SubscriptionApi(PushSubscriptions *subscriptions, ActionApi *api, HttpHost *host);

private:
    void create(const HttpExchangePtr &exchange);
    void deliveries(const HttpExchangePtr &exchange);
    void redeliver(const HttpExchangePtr &exchange);

    PushSubscriptions *m_subscriptions;
    ActionApi *m_api;
};

} // namespace ActionNode
