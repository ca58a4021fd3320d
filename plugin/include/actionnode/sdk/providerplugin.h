#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actioninputs.h>
#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/connection.h>

#include <QFuture>
#include <QtPlugin>

#include <optional>
#include <utility>

namespace ActionNode {

/*!
    What a provider plugin made of an invocation: finished it at once
    (self-signing: no future is needed), started it (the future ends later,
    from the event loop), or left it to the runtime, which runs the
    declaration's \c transport.rest.
*/
struct ACTIONNODE_EXPORT ProviderOutcome
{
    enum class Kind { Declared, Finished, Started };

    Kind kind = Kind::Declared;
    ActionResult result; //!< for Finished
    //! For Started. Optional because even an empty QFuture allocates its state, on the hot path of self-signing.
    std::optional<QFuture<ActionResult>> future;

    static ProviderOutcome declared() { return {}; }
    static ProviderOutcome finished(ActionResult result) { return {Kind::Finished, std::move(result), std::nullopt}; }
    static ProviderOutcome started(QFuture<ActionResult> future) { return {Kind::Started, {}, std::move(future)}; }
};

/*!
    The interface a provider plugin implements, for what a declaration
    cannot say as data (Daily's self-signed meeting tokens).

    A provider plugin is a Qt plugin whose metadata (\c Q_PLUGIN_METADATA
    FILE) is the provider manifest (see \c schemas/provider.schema.json):
    id, name, version, vendor, connection settings (with their defaults,
    required ones and allowed values), REST
    authentication, rate limits, and its actions, each naming a declaration
    that the plugin embeds under \c :/actionnode/<provider id>/. A provider
    that needs no code is a directory with \c provider.json and its
    declarations instead (Runtime::declarationPaths()).

    The runtime has already read and validated the inputs, applied the
    license gate and resolved the connection when it calls invoke(). The
    plugin either carries the action out itself, or returns
    ProviderOutcome::declared(): then the runtime runs the declaration's
    \c transport.rest itself. It must not block the calling thread on I/O:
    return ProviderOutcome::finished() for work that completes at once
    (self-signing), or ProviderOutcome::started() with a future fulfilled
    later from the event loop. The runtime adds the declaration's
    \c outputTemplates (a join URL) to a successful result.
*/
class ACTIONNODE_EXPORT ProviderPlugin
{
public:
    virtual ~ProviderPlugin();

    virtual ProviderOutcome invoke(const ActionSpec &action, const ActionInputs &inputs,
                                   const Connection &connection) = 0;
};

} // namespace ActionNode

/*
    The plugin ABI: the exported types a provider plugin is built against
    and that cross the plugin boundary. They are ProviderPlugin,
    ProviderOutcome, ActionResult, ActionOutputs, ActionError, ErrorCode (its values),
    ActionInputs, ActionSpec (and its base NodeSpec), FieldSpec, FieldGroup, BundleSpec and
    Connection, and the helpers plugins call: ErrorCodes, ClaimMapping (with ExtraClaim) and
    Jwt (a REST call is the runtime's, declared, not a plugin's). Changing a virtual function, the layout of a type
   without a d-pointer (ActionResult, ActionError, ProviderOutcome, FieldGroup, BundleSpec, ExtraClaim), an enum's
   values, or the meaning or signature of an existing function bumps the major version of this IID; adding a function or
   a value at the end of an enum does not. Nothing declared in plugin/src (namespace ActionNode::Internal) is part of
   it.
*/
#define ActionNodeProviderPlugin_iid "org.actionnode.ProviderPlugin/4.0"
Q_DECLARE_INTERFACE(ActionNode::ProviderPlugin, ActionNodeProviderPlugin_iid)
