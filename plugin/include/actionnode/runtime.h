#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/connection.h>
#include <actionnode/license.h>
#include <actionnode/pluginspec.h>
#include <actionnode/triggerspec.h>

#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>

namespace ActionNode {

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

    Plugins are discovered in pluginPaths(): the directories listed in the
    \c ACTIONNODE_PLUGIN_PATH environment variable, then \c actionnode/plugins
    beside the libactionnode library in use (so a relocated install works),
    then the directory chosen at build time. A host may instead add plugin
    files one by one with addPlugin().

    Every invocation goes through the same steps: the inputs are validated
    against the declaration, fields that need a bundle the license does not
    hold are refused (\c bundle_required), declared warnings are attached
    (or turned into errors with setWarningsAsErrors()), the provider's
    connection is resolved, and only then is the provider plugin called.

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

    //! Reads the metadata of every plugin in pluginPaths(); returns how many were found.
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
    //! Ids of the triggers the usable plugins declare, read from metadata without loading.
    QStringList knownTriggerIds() const;
    //! Every trigger of every usable plugin, loading plugins as needed.
    QList<TriggerSpec> triggers();
    //! The trigger \a id; a spec with hasError() when unknown or broken.
    TriggerSpec trigger(const QString &id);
    /*!
        What stands between a host and a subscription to trigger \a id with
        \a filters: an unknown trigger, invalid filters, or a bundle the
        license does not hold (\c bundle_required). Empty when it may go ahead.
    */
    ActionErrors checkTrigger(const QString &id, const QJsonObject &filters);

    //! Problems met while loading plugins and declarations, one line each.
    QStringList loadErrors() const;

    License license() const;
    void setLicense(const License &license);

    bool warningsAsErrors() const;
    void setWarningsAsErrors(bool enabled);

    //! The connection used for \a providerId (from the environment until set).
    Connection connection(const QString &providerId);
    void setConnection(const Connection &connection);

    /*!
        Validates \a inputs and applies the license gate and (with
        warningsAsErrors()) the declared warnings, without running anything.
    */
    ActionErrors check(const QString &actionId, const QJsonObject &inputs);

    //! Runs the action; the future is finished at once when checks fail.
    QFuture<ActionResult> invoke(const QString &actionId, const QJsonObject &inputs);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
