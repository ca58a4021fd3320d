#pragma once

#include <actionnode/actionresult.h>
#include <actionnode/httphost.h>
#include <actionnode/license.h>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>

namespace ActionNode {

class Runtime;

//! Limits of the invocation API.
struct ActionApiOptions
{
    //! Invocations running at once; more get 429 with Retry-After.
    int maxConcurrentInvocations = 64;
    //! Seconds a refused caller is told to wait.
    int retryAfterSeconds = 1;
    //! PEM public key that verifies licences sent with requests (the vendor's when empty).
    QByteArray licensePublicKeyPem;
    /*!
        Whether every invocation must bring its provider's connection
        (\c X-ActionNode-Connection): a host shared by several accounts holds
        no provider key of its own, and refuses a call without one with 400
        \c connection_required. False: the runtime's connection serves calls
        that send none.
    */
    bool connectionsPerRequest = false;
};

/*!
    The routes that offer a Runtime's actions over HTTP, registered on an
    HttpHost:

    | route | access | answer |
    |---|---|---|
    | \c GET / and \c /panel/... | public | the property panel (static files from Qt resources) |
    | \c GET /healthz | public | 200 while the process serves |
    | \c GET /readyz | public | 200 once plugins are loaded, 503 before or while stopping |
    | \c GET /openapi.json | public | OpenAPI 3.1 generated from the declarations |
    | \c GET /metrics | key | Prometheus text |
    | \c GET /v1/actions | key | id, title, provider, category, version of each action |
    | \c GET /v1/actions/{id} | key | the field metadata of \c describe \c --format \c json |
    | \c POST /v1/actions/{id}/invoke | key | the result document of \c run |
    | \c POST /v1/license | key | whether a licence document verifies, and what it unlocks |

    An invocation answers 200 (succeeded), 422 (invalid input, every field
    error), 403 (bundle required), 502 (provider error), 504 (network
    failure or timeout), 500 (connection settings missing); its body must
    be sent as \c application/json (415 otherwise). A licence sent
    in the \c X-ActionNode-License header (the licence document, base64)
    applies to that one request, for describe and invoke; nothing is stored.

    An invocation may bring the caller's own provider account in the
    \c X-ActionNode-Connection header (the base64 of
    \c{{"daily": {"api_key": "...", "domain": "...", "domain_id": "..."}}},
    one object keyed by provider id, sent once): credentials and account
    settings only, used for that call and forgotten; a refused one is 400
    \c invalid_connection naming the setting (see RequestConnections).
*/
class ActionApi : public QObject
{
    Q_OBJECT
public:
    ActionApi(Runtime *runtime, HttpHost *host, const ActionApiOptions &options = {});

    //! HTTP status of an invocation's result.
    static int httpStatus(const ActionResult &result);

private:
    void listActions(const HttpExchangePtr &exchange);
    void describeAction(const HttpExchangePtr &exchange);
    void invokeAction(const HttpExchangePtr &exchange);
    void checkLicense(const HttpExchangePtr &exchange);
    //! False (and answered 415) unless the body is declared as JSON.
    static bool acceptsBody(const HttpExchangePtr &exchange);
    void servePanelFile(const HttpExchangePtr &exchange, const QString &name);
    void finishInvocation(const HttpExchangePtr &exchange, const QString &actionId, const ActionResult &result);
    //! The licence of the request's header, or the runtime's.
    License licenseFor(const HttpExchange &exchange) const;

    Runtime *m_runtime;
    HttpHost *m_host;
    ActionApiOptions m_options;
    QByteArray m_openApi; // built on first request: declarations do not change while serving
};

} // namespace ActionNode
