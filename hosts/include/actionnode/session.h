#pragma once

#include <actionnode/actionresult.h>
#include <actionnode/builderexport.h>
#include <actionnode/actioninputs.h>
#include <actionnode/invokeoptions.h>
#include <actionnode/runtime.h>
#include <actionnode/store.h>
#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace ActionNode {

class PushSubscriptions;
class TriggerSubscription;

//! Everything a Session is set up from, gathered once; each front end fills it from its own flags or settings.
struct SessionOptions
{
    //! Where provider plugins are looked for; empty: Runtime::defaultPluginPaths().
    QStringList pluginPaths;
    //! Where declaration-only providers are looked for; empty: Runtime::defaultDeclarationPaths().
    QStringList declarationPaths;
    /*!
        JSON files of connection settings (flat, or by provider id; see
        Connection::readFile()), read in order over the environment's.
    */
    QStringList connectionFiles;
    //! The licence file of calls that bring none; empty: no licence.
    QString licenseFile;
    //! The PEM public key that verifies licences (the file's and every call's); empty: the vendor's.
    QByteArray licensePublicKeyPem;
    //! Whether warnings are errors in calls that do not say (InvokeOptions::strict).
    bool strict = false;
    //! The most pages a list walking every page fetches (Runtime::setMaxPages()).
    qint64 maxPages = Runtime::defaultMaxPages;
    //! Whether REST calls are spaced by the providers' rate limits (Runtime::setHonoursRateLimits()).
    bool honoursRateLimits = true;
    /*!
        Webhook secrets (base64, as the provider gives them) by provider id;
        a loaded provider without one here takes its
        TriggerHub::secretVariable() from the environment, and without either
        its deliveries are refused (503).
    */
    QHash<QString, QByteArray> webhookSecrets;
    //! Oldest (or most future) webhook delivery accepted, in seconds.
    int replayWindowSeconds = WebhookVerifier::defaultReplayWindowSeconds;
    //! Events a subscription made with subscribe() holds before it drops some.
    qsizetype subscriptionQueueCapacity = TriggerHub::defaultQueueCapacity;
    /*!
        Where the session keeps its trigger event log and run history
        (Store::open(): a SQLite file, or Store::inMemory()); empty: no
        store, so no history and events are kept in memory only.
    */
    QString storeLocation;
    //! How much the store keeps.
    StoreRetention storeRetention;
};

/*!
    The serving layer: one runtime and its trigger hub, set up from one
    SessionOptions value, offering each operation once. The command line,
    the HTTP host, the MCP server and C++ hosts translate their requests to
    these calls and the answers back; none of them decides anything itself.

    \code
    ActionNode::SessionOptions options;
    options.licenseFile = "bundle.json";
    ActionNode::Session session(options);
    QString error;
    if (!session.load(&error))
        qFatal("%s", qPrintable(error));
    ActionNode::InvokeOptions call;
    call.strict = true;
    QFuture<ActionNode::ActionResult> token = session.invoke(
        "daily.create_meeting_token", {{"room_name", "standup"}, {"exp", 1893456000}}, call);
    \endcode

    Every operation answers in the one shape of an invocation, ActionResult:
    on success its \c outputs hold the answer (documented with each
    operation), on failure its \c status and \c errors say why, each error
    with a code of the list in errorcodes.h (and \c not_found for a field,
    a provider or a subscription the session does not have). A front end
    maps them once: HTTP through HttpReply::statusOf() of the first error's
    code, the command line through the status.

    Per-call options (InvokeOptions) carry the caller's licence, connections
    and strictness into every operation that can use them; nothing a call
    brings changes the session.
*/
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(const SessionOptions &options = {}, QObject *parent = nullptr);
    ~Session() override;

    /*!
        Finds the providers, reads the licence and the connection files,
        opens the store and gives the trigger hub its webhook secrets and
        the store. False with \a errorString when no provider is found, a
        connection file cannot be read, the store cannot be opened or a
        webhook secret is refused. A licence that does not verify is not an
        error here: calls are then refused their bundles, naming the reason
        (see licenseProblem()).
    */
    bool load(QString *errorString);

    //! Why the licence file was refused; empty when there is none or it verifies.
    QString licenseProblem() const;

    const SessionOptions &options() const;
    Runtime *runtime() const;
    TriggerHub *triggerHub() const;
    //! The store of SessionOptions::storeLocation, once loaded; null without one.
    Store *store() const;

    /*!
        Records in the store's run history one invocation of \a actionId
        with \a inputs (as the caller sent them) that ended with \a result,
        masked as RunRecord::of() masks it, with the front end that ran it
        (\a origin: \c http, \c mcp, \c replay, ...) and how long it took,
        as a run of the account of \a caller's connection
        (InvokeOptions::ownerFor()), which alone may read it back.
        Nothing without a store; a store that fails is logged, never the
        caller's failure.

        Runs are written in groups, one write for all that ended within
        runGroupMs (or runGroupSize of them), and at the latest when the
        Session goes: a process killed loses at most that much history.
        Readers call writeRecordedRuns() first.
    */
    void recordRun(const QString &actionId, const ActionInputs &inputs, const ActionResult &result,
                   const QString &origin, double durationMs, const InvokeOptions &caller);
    void recordRun(const QString &actionId, const QJsonObject &inputs, const ActionResult &result,
                   const QString &origin, double durationMs, const InvokeOptions &caller)
    {
        recordRun(actionId, ActionInputs(inputs), result, origin, durationMs, caller);
    }
    //! Writes the runs recordRun() holds back now, so that a reader of the run history sees every run that ended.
    void writeRecordedRuns();
    static constexpr int runGroupMs = 20;
    static constexpr int runGroupSize = 32;

    //! A licence document sent with a call, verified with the session's key (a refused one says why).
    License readLicense(const QByteArray &document) const;

    /*!
        The actions and triggers: \c{{"actions": [{"id", "kind", "title",
        "provider", "category", "version"}...], "triggers": [...]}}.
    */
    ActionResult list();

    //! How describe() writes the metadata.
    enum class Format {
        Json,     //!< MetadataRenderer::toJson(): the outputs are the metadata
        Markdown, //!< MetadataRenderer::toMarkdown(): \c{{"markdown": text}}
    };
    /*!
        The metadata of action or trigger \a id in \a locale (empty: the
        declaration's English), as the licence of \a options sees it
        (\c locked). Fails with \c unknown_action when neither is declared,
        \c invalid_locale when the locale's file is broken.
    */
    ActionResult describe(const QString &id, const QString &locale = {}, const InvokeOptions &options = {},
                          Format format = Format::Json);

    /*!
        Runs action \a actionId on \a inputs with \a options: this call's
        licence, connections and strictness, a saved version migrated
        first, a dry run that only validates and gates, and whether a list
        walks every page. The result of Runtime::invoke().
    */
    QFuture<ActionResult> invoke(const QString &actionId, const QJsonObject &inputs, const InvokeOptions &options = {});
    //! invoke() on inputs already in the action's slots (Runtime::readInputs()), the result itself when it is there at
    //! once.
    ActionCall call(const QString &actionId, const ActionInputs &inputs, const InvokeOptions &options = {});
    /*!
        The same for \a json, the text of one JSON object of inputs (an HTTP
        body, a line of a batch), read straight into the action's inputs
        when it can be. Text that is not a JSON object fails with
        \c invalid_json (status InvalidInput) naming the problem and where.
    */
    QFuture<ActionResult> invokeJson(const QString &actionId, QByteArrayView json, const InvokeOptions &options = {});
    //! invokeJson() handing back the result itself when it is there at once (Runtime::call()).
    ActionCall callJson(const QString &actionId, QByteArrayView json, const InvokeOptions &options = {});

    /*!
        The choices of field \a fieldKey of action \a actionId matching
        \a search: OptionsLoader::Options::toJson(), loaded with the licence
        and connections of \a options. \a cursor (a \c nextCursor of an
        earlier answer) asks for the page after it when the choices come
        from a paged list. Fails with \c unknown_action, or \c not_found
        when the action has no such field.
    */
    QFuture<ActionResult> fieldOptions(const QString &actionId, const QString &fieldKey, const QString &search = {},
                                       const QString &cursor = {}, const InvokeOptions &options = {});

    /*!
        Upgrades \a inputs saved under version \a fromVersion of \a actionId:
        MigratedInputs::toJson() (\c from, \c to, \c inputs, \c changes).
        Fails with \c unknown_action, or \c invalid_input (rule
        \c migration) naming both versions when they cannot be migrated.
    */
    ActionResult migrate(const QString &actionId, const QString &fromVersion, const QJsonObject &inputs);

    /*!
        Sends \a providerId's declared connection test with its connection
        (the one \a options give, else the session's):
        ConnectionTest::Result::toJson() (\c status, \c message,
        \c discovered). A refused key fails as \c provider_error
        (ProviderFailed), an unreachable provider as \c network_error, a
        missing test or bad settings as \c connection_error; an unknown
        provider is \c not_found.
    */
    QFuture<ActionResult> testConnection(const QString &providerId, const InvokeOptions &options = {});

    /*!
        Subscribes to trigger \a triggerId with \a filters under the
        licence of \a options: \c{{"subscription": id, "trigger": ...,
        "filters": {...}}}. The session keeps the subscription until
        unsubscribe(); subscription() gives its queue. Fails with
        \c unknown_trigger, \c invalid_input (a bad filter) or
        \c bundle_required.
    */
    ActionResult subscribe(const QString &triggerId, const QJsonObject &filters, const InvokeOptions &options = {});
    /*!
        Subscribes \a targetUrl to trigger \a triggerId with \a filters:
        the subscription is kept in the store and each event is pushed to
        the URL (PushSubscriptions::create(), whose answer carries the
        secret once). Fails with \c not_configured without
        setPushSubscriptions().
    */
    ActionResult subscribeTarget(const QString &triggerId, const QJsonObject &filters, const QString &targetUrl,
                                 const InvokeOptions &options = {});
    //! The kept subscriptions of \a triggerId (PushSubscriptions::list()); none without setPushSubscriptions().
    ActionResult subscriptions(const QString &triggerId);
    //! Where subscriptions with a target URL are kept and pushed from (outlives the session, or is reset first).
    void setPushSubscriptions(PushSubscriptions *subscriptions);
    PushSubscriptions *pushSubscriptions() const;
    /*!
        Ends subscription \a subscriptionId, made by subscribe() or
        subscribeTarget(): \c{{"subscription": id}}; \c not_found when
        there is none.
    */
    ActionResult unsubscribe(const QString &subscriptionId);
    //! The subscription \a subscriptionId made by subscribe(), or null.
    TriggerSubscription *subscription(const QString &subscriptionId) const;

    /*!
        The loaded declarations as a package of \a builder (one of
        BuilderExport::builders()) with \a options:
        \c{{"builder": name, "files": {path: text}}}, each path relative to
        the package root. Fails with \c not_found for an unknown builder,
        \c invalid_input naming the provider when \a options ask for one
        that is not loaded, or naming what the builder cannot export.
    */
    ActionResult exportPackage(const QString &builder, const BuilderExportOptions &options = {});

    /*!
        The OpenAPI 3.1 document of the HTTP API over these actions (built
        once), with the run history's routes (RunHistoryApi) when the session
        has a store, and the trigger subscription routes (SubscriptionApi)
        once setPushSubscriptions() gave it push subscriptions.
    */
    QJsonObject openApiDocument();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
