#pragma once

#include <QObject>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
QT_END_NAMESPACE

namespace ActionNode {

class TriggerHub;

/*!
    The HTTP face of a TriggerHub, added to a QHttpServer the host owns with
    one call:

    \code
    ActionNode::TriggerHttpRoutes routes(&hub);
    routes.addTo(&httpServer);
    \endcode

    \list
    \li \c{POST /v1/webhooks/<provider>}: a provider's webhook delivery,
        answered with the hub's receipt as JSON and its status (200 accepted
        or duplicate, 400 malformed, 401 bad signature or timestamp, 404
        unknown provider, 413 too large, 503 no secret configured).
    \li \c{GET /v1/triggers/<id>/events?<filter>=<value>...}: the trigger's
        events as Server-Sent Events (see TriggerEventStream); 404 for an
        unknown trigger, 400 for invalid filters, 403 when the license lacks
        the trigger's bundle, each with \c{{"errors": [...]}}; 503 when
        maxStreams streams are already open.
    \endlist
*/
class TriggerHttpRoutes : public QObject
{
    Q_OBJECT

public:
    //! Open event streams at most: each holds a connection and a queue.
    static constexpr int maxStreams = 64;

    explicit TriggerHttpRoutes(TriggerHub *hub, QObject *parent = nullptr);

    void addTo(QHttpServer *server);

private:
    TriggerHub *m_hub;
    int m_openStreams = 0;
};

} // namespace ActionNode
