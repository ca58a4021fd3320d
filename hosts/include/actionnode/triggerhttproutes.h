#pragma once

#include <actionnode/httpexchange.h>
#include <actionnode/invokeoptions.h>

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QUrlQuery;
QT_END_NAMESPACE

namespace ActionNode {

class HttpHost;
class TriggerHub;
class TriggerSubscription;

/*!
    The HTTP face of a TriggerHub, added with one call to an HttpHost (the
    webhook route is public, since a delivery is authenticated by its
    signature; the events route needs a bearer key, or a loopback Host when
    the host has no keys). A host that only receives webhooks, such as one
    reachable from the internet, adds the webhook route alone:

    \code
    ActionNode::TriggerHttpRoutes routes(&hub);
    routes.addTo(&httpHost);                                      // webhooks and event streams
    routes.addTo(&httpHost, TriggerHttpRoutes::Routes::Webhooks); // webhooks only
    \endcode

    \list
    \li \c{POST /v1/webhooks/<provider>}: a provider's webhook delivery,
        answered with the hub's receipt as JSON and its status (200 accepted
        and logged, or duplicate, 400 malformed, 401 bad signature or
        timestamp, 404 unknown provider, 413 too large, 503 no secret
        configured, too many events or the store failed).
    \li \c{POST /v1/webhooks/<provider>/<endpoint>}: a delivery to a
        webhook the host registered for one account
        (TriggerHub::setEndpointSecret()), verified with that webhook's
        secret; answered as above, 404 for an unknown endpoint.
    \li \c{GET /v1/triggers/<id>/events?<filter>=<value>...}: the trigger's
        events as Server-Sent Events (see TriggerEventStream); 404 for an
        unknown trigger, 400 for invalid filters, 403 when the license lacks
        the trigger's bundle, each with \c{{"errors": [...]}}; 503 when
        maxStreams streams are already open. A client that sends
        \c Last-Event-ID (as EventSource does when it reconnects) first gets
        every logged event after that id that it would have got, then the
        live ones; 422 \c invalid_input when the header is not a log id.
        A stream carries the events of the caller's account of the
        trigger's provider only (TriggerSubscription::owner()), as
        setCallerOptions() reads it from the request; without that, of the
        host's own account.
    \endlist

    Deliveries to the webhook route belong to the host's own account (the
    one of its \c --connection or environment): the route is the host's,
    signed with the host's secret.
*/
class TriggerHttpRoutes : public QObject
{
    Q_OBJECT

public:
    //! Open event streams at most: each holds a connection and a queue.
    static constexpr int maxStreams = 64;

    explicit TriggerHttpRoutes(TriggerHub *hub, QObject *parent = nullptr);

    enum class Routes {
        Webhooks,          //!< \c{POST /v1/webhooks/<provider>} alone
        WebhooksAndEvents, //!< and \c{GET /v1/triggers/<id>/events}
    };

    void addTo(HttpHost *host, Routes routes = Routes::WebhooksAndEvents);
    /*!
        How a stream request's caller is read, for an account of a
        provider (ActionApi::providerCallOptions()): none when the request
        was answered instead, as a refused or missing connection is.
    */
    using CallerOptions =
        std::function<std::optional<InvokeOptions>(const HttpExchangePtr &exchange, const QString &providerId)>;
    void setCallerOptions(CallerOptions callerOptions) { m_callerOptions = std::move(callerOptions); }
    //! Event streams open now.
    int openStreams() const { return m_openStreams; }

private:
    /*!
        The subscription a stream request asks for, or null with the
        answer's \a status and \a errors document.
    */
    std::unique_ptr<TriggerSubscription> openSubscription(const QString &triggerId, const QUrlQuery &filterQuery,
                                                          const InvokeOptions &caller, int *status,
                                                          QJsonObject *errors);
    //! Streams \a subscription to \a socket, whose response headers were sent.
    void startStream(std::unique_ptr<TriggerSubscription> subscription, QTcpSocket *socket, qint64 resumeAfter);

    TriggerHub *m_hub;
    CallerOptions m_callerOptions;
    int m_openStreams = 0;
};

} // namespace ActionNode
