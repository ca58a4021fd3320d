#pragma once

#include <actionnode/actioncall.h>
#include <actionnode/actioninputs.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/connection.h>
#include <actionnode/invokeoptions.h>
#include <actionnode/license.h>
#include <actionnode/pluginspec.h>
#include <actionnode/triggerspec.h>

#include <QByteArrayView>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace ActionNode {

class SharedRateLimits;

/*!
    The entry point for hosts: finds provider plugins, exposes their
    actions, holds the license and the connections, and runs actions.

    \code
    ActionNode::Runtime runtime;
    runtime.discoverPlugins();
    ActionNode::ActionSpec spec = runtime.action("daily.create_meeting_token");
    QFuture<ActionNode::ActionResult> result =
        runtime.invoke(spec.id(), {{"room_name", "standup"}, {"exp", 1893456000}});
    \endcode

    The licence, the strictness and the connections set on the runtime are
    its defaults; a host serving several callers passes each caller's with
    the call (InvokeOptions) and never changes the shared runtime per call.

    Plugins are discovered in pluginPaths(): the directories listed in the
    \c ACTIONNODE_PLUGIN_PATH environment variable, then \c actionnode/plugins
    beside the libactionnode library in use (so a relocated install works),
    then the directory chosen at build time. A host may instead add plugin
    files one by one with addPlugin().

    Every invocation goes through the same steps: the inputs are read once
    (ActionInputs) and validated against the declaration, fields that need a
    bundle the license does not hold are refused (\c bundle_required),
    declared warnings are attached (or turned into errors with
    setWarningsAsErrors() or InvokeOptions::strict), the provider's
    connection is resolved, and only
    then is the action run: by the provider plugin when it carries it out
    itself, else by the runtime through the declared \c transport.rest
    (honouring the provider's rate limits, shared by all invocations of this
    Runtime). Declared output templates complete a successful result.

    A Runtime and its invocations belong to the thread it lives in: call it
    from that thread, whose event loop delivers the results of network
    calls. ActionSpec, License and ActionResult are values that may be
    passed between threads.
*/
class ACTIONNODE_EXPORT Runtime : public QObject
{
    Q_OBJECT
public:
    explicit Runtime(QObject *parent = nullptr);
    ~Runtime() override;

    static QStringList defaultPluginPaths();
    QStringList pluginPaths() const;
    void setPluginPaths(const QStringList &paths);

    /*!
        The directories of \c ACTIONNODE_DECLARATION_PATH, then
        \c{<libdir>/actionnode/providers} beside the library and in the
        install prefix, where providers described by data alone are installed.
    */
    static QStringList defaultDeclarationPaths();
    /*!
        Where discoverPlugins() also looks for declaration-only providers:
        each path is a provider directory (\c provider.json beside its
        declaration files) or holds provider directories.
    */
    QStringList declarationPaths() const;
    void setDeclarationPaths(const QStringList &paths);
    //! Adds the declaration-only provider in \a directory; false when it is unusable or already known.
    bool addDeclarationDirectory(const QString &directory);

    //! Reads every plugin in pluginPaths() and provider in declarationPaths(); returns how many were found.
    int discoverPlugins();
    //! Adds one plugin file; false (and the spec carries the reason) when it is unusable.
    bool addPlugin(const QString &fileName);
    QList<PluginSpec> plugins() const;

    //! Ids of the actions the usable plugins declare, read from metadata without loading.
    QStringList knownActionIds() const;
    //! Every action of every usable plugin, loading plugins as needed.
    QList<ActionSpec> actions();
    //! The action \a id; a spec with hasError() when unknown or broken.
    ActionSpec action(const QString &id);
    /*!
        \a id as a QString, for a host that reads ids off its own buffers (a
        request's path). The id of the action invoked or whose inputs were
        read last is the runtime's own, shared: calling the same action
        again makes no string.
    */
    QString actionId(QStringView id) const;
    //! Ids of the triggers the usable plugins declare, read from metadata without loading.
    QStringList knownTriggerIds() const;
    //! Every trigger of every usable plugin, loading plugins as needed.
    QList<TriggerSpec> triggers();
    //! The trigger \a id; a spec with hasError() when unknown or broken.
    TriggerSpec trigger(const QString &id);
    /*!
        What stands between a host and a subscription to trigger \a id with
        \a filters: an unknown trigger, invalid filters, or a bundle the
        licence (InvokeOptions::license, else license()) does not hold
        (\c bundle_required). Empty when it may go ahead.
    */
    ActionErrors checkTrigger(const QString &id, const QJsonObject &filters, const InvokeOptions &options = {});

    /*!
        Problems met so far while loading plugins and declarations, one line
        each. A declaration is read when its action or trigger is first used
        (actions() and triggers() read them all), so a broken one is listed
        from then on.
    */
    QStringList loadErrors() const;

    //! The licence of calls that bring none (InvokeOptions::license).
    License license() const;
    void setLicense(const License &license);

    //! Whether warnings are errors in calls that do not say (InvokeOptions::strict).
    bool warningsAsErrors() const;
    void setWarningsAsErrors(bool enabled);

    /*!
        Whether declared REST calls are spaced by the providers' declared
        rate limits (on by default). Turn it off only for an API whose
        limits do not apply, such as a local emulator under a load test.
    */
    bool honoursRateLimits() const;
    void setHonoursRateLimits(bool enabled);
    /*!
        Spaces REST calls by \a limits (Store::sharedRateLimits()), which
        replicas of a host share, instead of this runtime's own buckets;
        while they cannot be reached, by its own again (a warning says so
        in the \c actionnode.rest log). Null: its own only.
    */
    void setSharedRateLimits(std::shared_ptr<SharedRateLimits> limits);

    //! The pages a list walking every page (InvokeOptions::allPages) fetches when no other limit is set.
    static constexpr qint64 defaultMaxPages = 1000;
    //! The most pages a list walking every page fetches; a list still going on then fails (\c pagination_limit).
    qint64 maxPages() const;
    void setMaxPages(qint64 pages);

    //! The connection used for \a providerId by calls that bring none (from the environment until set).
    Connection connection(const QString &providerId);
    void setConnection(const Connection &connection);

    /*!
        The errors a dry run (InvokeOptions::dryRun) of \a inputs with
        \a options finds: invalid values, locked fields and, when strict,
        the declared warnings. Empty when the action may run.
    */
    ActionErrors check(const QString &actionId, const QJsonObject &inputs, const InvokeOptions &options = {});

    /*!
        Runs the action on \a inputs with \a options (this call's licence,
        strictness, connections, and whether a list walks every page); the
        future is finished at once when checks fail.
    */
    QFuture<ActionResult> invoke(const QString &actionId, const QJsonObject &inputs, const InvokeOptions &options = {});
    //! Runs the action on inputs from readInputs() or inputsFor(), as the other invoke() does.
    QFuture<ActionResult> invoke(const QString &actionId, const ActionInputs &inputs,
                                 const InvokeOptions &options = {});
    /*!
        Runs the action as invoke() does, handing back the result itself
        when it is there before the call returns (refused inputs, a
        self-signed token, a dry run) and a future only when the provider
        answers later: the way for a host that invokes often, since a ready
        QFuture costs nearly as many allocations as all else a token does.
    */
    ActionCall call(const QString &actionId, const ActionInputs &inputs, const InvokeOptions &options = {});

    /*!
        Reads \a json, the text of one JSON object of inputs for \a actionId,
        straight into the inputs invoke() takes, without building a
        QJsonObject: the fast way for hosts that receive JSON text (batch
        lines, HTTP bodies). Gives nothing when the action is unknown or the
        text is not a JSON object, or is one that this reader leaves to
        QJsonDocument (a byte order mark, for instance): the host then parses
        it as before, and words what is wrong with it.
    */
    std::optional<ActionInputs> readInputs(const QString &actionId, QByteArrayView json);
    /*!
        Reads \a json as readInputs() does, the inputs keeping \a json
        itself (shared, not copied) until a value of theirs is set: a run
        history then records the text as sent (RunRecord::of()) instead of
        writing the inputs out again. For a host that records its runs; \a json
        must own its bytes (not QByteArray::fromRawData() over a buffer reused
        before the run is recorded). A text that repeats a member is not kept
        (it ran with the member's last value, and some readers of JSON take the
        first), nor one with an undeclared list or object, which may.
    */
    std::optional<ActionInputs> readSentInputs(const QString &actionId, const QByteArray &json);
    /*!
        Empty inputs for \a actionId, one slot per declared field, for a host
        that fills them by slot: it finds each field's slot once with
        ActionInputs::slotOf(), then sets values with ActionInputs::setText()
        and ActionInputs::setValue(), which look no key up. Gives nothing when
        the action is unknown.
    */
    std::optional<ActionInputs> inputsFor(const QString &actionId);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
