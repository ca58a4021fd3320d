#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/connection.h>

#include <QFuture>
#include <QJsonObject>
#include <QtPlugin>

namespace ActionNode {

/*!
    The interface a provider plugin implements.

    A provider plugin is a Qt plugin whose metadata (\c Q_PLUGIN_METADATA
    FILE) is the provider manifest: id, name, version, compatVersion,
    vendor, connection settings, and its actions, each naming a declaration
    that the plugin embeds under \c :/actionnode/<provider id>/.

    The runtime has already validated the inputs, applied the license gate
    and resolved the connection when it calls invoke(). The plugin only
    turns inputs into the provider's request (using the bindings declared on
    each field) and the reply into output values. It must not block the
    calling thread on I/O: return a finished future for work that completes
    at once (self-signing), or one fulfilled later from the event loop.
*/
class ACTIONNODE_EXPORT ProviderPlugin
{
public:
    virtual ~ProviderPlugin();

    virtual QFuture<ActionResult> invoke(const ActionSpec &action, const QJsonObject &inputs,
                                         const Connection &connection) = 0;
};

} // namespace ActionNode

#define ActionNodeProviderPlugin_iid "org.actionnode.ProviderPlugin/1.0"
Q_DECLARE_INTERFACE(ActionNode::ProviderPlugin, ActionNodeProviderPlugin_iid)
