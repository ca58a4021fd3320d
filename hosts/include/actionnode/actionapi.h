#pragma once

#include <actionnode/actioncall.h>
#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/httphost.h>
#include <actionnode/invokeoptions.h>

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

namespace ActionNode {

class Session;

//! Limits of the invocation API.
struct ActionApiOptions
{
    //! Invocations running at once; more get 429 with Retry-After.
    int maxConcurrentInvocations = 64;
    //! Seconds a refused caller is told to wait.
    int retryAfterSeconds = 1;
    /*!
        Whether every operation that reaches a provider (invoke, a field's
        options, the connection test) must bring the provider's connection
        (\c X-ActionNode-Connection): a host shared by several accounts holds
        no provider key of its own, and refuses a call without one with 400
        \c connection_required. False: the session's connection serves calls
        that send none.
    */
    bool connectionsPerRequest = false;
};

/*!
    The routes that offer a Session's operations over HTTP, registered on an
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
    | \c GET /v1/actions/{id}/fields/{field}/options?search=&cursor= | key | a field's choices (Session::fieldOptions())
   | | \c POST /v1/actions/{id}/migrate | key | \c{{"from", "inputs"}} upgraded (Session::migrate()) | | \c POST
   /v1/connections/{provider}/test | key | the provider's connection test (Session::testConnection()) | | \c GET
   /v1/exports/{builder}?provider=&package_name= | key | a builder's package (Session::exportPackage()) | | \c POST
   /v1/license | key | whether a licence document verifies, and what it unlocks |

    An invocation answers 200 (succeeded), 422 (invalid input, every field
    error), 403 (bundle required), 502 (provider error), 504 (network
    failure or timeout), 500 (connection settings missing); its body must
    be sent as \c application/json (415 otherwise). The other operations
    answer 200 with their outputs, or the same error document: the status
    of a failed operation is the one of an invocation failing alike, and a
    refusal of the request names its code (404 \c unknown_action or
    \c not_found for an unknown field or provider, 400 \c invalid_json or
    \c invalid_locale). A licence sent in the \c X-ActionNode-License
    header (the licence document, base64) applies to that one request, for
    every operation that reads one; nothing is stored.

    The operations that reach a provider (invoke, a field's options, the
    connection test) may bring the caller's own provider account in the
    \c X-ActionNode-Connection header (the base64 of
    \c{{"daily": {"api_key": "...", "domain": "...", "domain_id": "..."}}},
    one object keyed by provider id, sent once): credentials and account
    settings only, used for that call and forgotten; a refused one is 400
    \c invalid_connection naming the setting (see RequestConnections).
    When the session has a store, each invocation is recorded in its run
    history (Session::recordRun(), origin \c http), whose routes
    RunHistoryApi serves.
*/
class ActionApi : public QObject
{
    Q_OBJECT
public:
    ActionApi(Session *session, HttpHost *host, const ActionApiOptions &options = {});

    /*!
        The HTTP answer to \a result: 200 with \a answer on success, else
        the error document with the status of the failure.
    */
    static HttpReply replyTo(const ActionResult &result, const QJsonObject &answer);
    //! The HTTP answer to an invocation's \a result: replyTo() with the whole result document as the answer.
    static HttpReply invocationReply(const ActionResult &result);

    //! What the request brings for its call: the licence of its header.
    InvokeOptions callOptions(const HttpExchange &exchange) const;
    /*!
        callOptions() with the caller's connections (X-ActionNode-Connection),
        for an operation of (or on behalf of) an account of \a providerId; none, and answered 400,
        when the header is refused, or when it brings no connection for
        \a providerId to a host of per-request connections.
    */
    std::optional<InvokeOptions> providerCallOptions(const HttpExchangePtr &exchange, const QString &providerId);
    /*!
        Runs \a actionId with \a inputs and answers \a exchange as
        \c{POST /v1/actions/{id}/invoke} does (the same limits, licence
        header, metrics and history, recorded with \a origin); inputs saved
        under the declaration's \a savedVersion are migrated first.
    */
    void invoke(const HttpExchangePtr &exchange, const QString &actionId, const ActionInputs &inputs,
                const QString &origin, const QString &savedVersion = {});

private:
    void listActions(const HttpExchangePtr &exchange);
    void describeAction(const HttpExchangePtr &exchange);
    void invokeAction(const HttpExchangePtr &exchange);
    void fieldOptions(const HttpExchangePtr &exchange);
    void migrateInputs(const HttpExchangePtr &exchange);
    void testConnection(const HttpExchangePtr &exchange);
    void exportPackage(const HttpExchangePtr &exchange);
    //! The options of an invocation of \a actionId; none (and answered) when it is unknown, the invocation
    //! slots are taken or the caller's connection is refused.
    std::optional<InvokeOptions> admitInvocation(const HttpExchangePtr &exchange, const QString &actionId);
    void checkLicense(const HttpExchangePtr &exchange);
    //! The body as a JSON object; none (and answered 415 or 400) otherwise.
    static std::optional<QJsonObject> jsonBody(const HttpExchangePtr &exchange);
    //! jsonBody() of a body whose media type was accepted.
    static std::optional<QJsonObject> bodyObject(const HttpExchangePtr &exchange);
    //! Answers \a result: its outputs, or the error document.
    static void replyWith(const HttpExchangePtr &exchange, const ActionResult &result);
    //! Answers with \a future's result when it is there.
    void answerLater(const HttpExchangePtr &exchange, const QFuture<ActionResult> &future);
    //! Calls \a answer with \a call's result, now or when it comes (a canceled one as a network failure).
    void whenFinished(const ActionCall &call, const std::function<void(const ActionResult &)> &answer);
    //! False (and answered 415) unless the body is declared as JSON.
    static bool acceptsBody(const HttpExchangePtr &exchange);
    void servePanelFile(const HttpExchangePtr &exchange, const QString &name);
    //! Ends an invocation with \a result: its metrics, its run in the history (of \a caller's account), its answer.
    void finishInvocation(const HttpExchangePtr &exchange, const QString &actionId, const ActionInputs &inputs,
                          const QString &origin, const InvokeOptions &caller, const ActionResult &result);

    Session *m_session;
    HttpHost *m_host;
    ActionApiOptions m_options;
    QByteArray m_openApi; // built on first request: declarations do not change while serving
};

} // namespace ActionNode
