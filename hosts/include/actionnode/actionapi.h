#pragma once

#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/httphost.h>
#include <actionnode/license.h>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>

#include <optional>

namespace ActionNode {

class Runtime;
class RunHistoryApi;

//! Limits of the invocation API.
struct ActionApiOptions
{
    //! Invocations running at once; more get 429 with Retry-After.
    int maxConcurrentInvocations = 64;
    //! Seconds a refused caller is told to wait.
    int retryAfterSeconds = 1;
    //! PEM public key that verifies licences sent with requests (the vendor's when empty).
    QByteArray licensePublicKeyPem;
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
    With a RunHistoryApi, each invocation is recorded in its history and
    its routes are in \c /openapi.json.
*/
class ActionApi : public QObject
{
    Q_OBJECT
public:
    ActionApi(Runtime *runtime, HttpHost *host, const ActionApiOptions &options = {});

    //! HTTP status of an invocation's result.
    static int httpStatus(const ActionResult &result);

    //! Records every invocation in \a history from now on (see RunHistoryApi, which calls this).
    void setRunHistory(RunHistoryApi *history);
    /*!
        Runs \a actionId with \a inputs and answers \a exchange as
        \c{POST /v1/actions/{id}/invoke} does (the same limits, licence
        header, metrics and history, recorded with \a origin).
    */
    void invoke(const HttpExchangePtr &exchange, const QString &actionId, const QJsonObject &inputs,
                const QString &origin);

private:
    void listActions(const HttpExchangePtr &exchange);
    void describeAction(const HttpExchangePtr &exchange);
    void invokeAction(const HttpExchangePtr &exchange);
    //! False (and answered) when \a actionId is unknown or the invocation slots are taken.
    bool admitInvocation(const HttpExchangePtr &exchange, const QString &actionId);
    //! Runs the admitted invocation: \a inputs when read already, else \a document.
    void startInvocation(const HttpExchangePtr &exchange, const QString &actionId,
                         const std::optional<ActionInputs> &inputs, const QJsonObject &document, const QString &origin);
    void checkLicense(const HttpExchangePtr &exchange);
    //! False (and answered 415) unless the body is declared as JSON.
    static bool acceptsBody(const HttpExchangePtr &exchange);
    void servePanelFile(const HttpExchangePtr &exchange, const QString &name);
    void finishInvocation(const HttpExchangePtr &exchange, const QString &actionId, const QJsonObject &inputs,
                          const QString &origin, const ActionResult &result);
    //! The licence of the request's header, or the runtime's.
    License licenseFor(const HttpExchange &exchange) const;

    Runtime *m_runtime;
    HttpHost *m_host;
    ActionApiOptions m_options;
    RunHistoryApi *m_runHistory = nullptr;
    QByteArray m_openApi; // built on first request: declarations do not change while serving
};

} // namespace ActionNode
