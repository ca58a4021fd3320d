#pragma once

#include <actionnode/sdk/providerplugin.h>

#include <QObject>

#include <memory>

class SelfSigning;

/*!
    Daily's provider plugin: only what Daily's declarations cannot say as
    data, that is meeting tokens signed locally with the API key (connection
    setting token_mode "self-signed"). Every other Daily action, and meeting
    tokens in token_mode "rest", run through their declared REST transport
    in the runtime. Claims are read from the declaration's \c x-claim
    bindings; the join URL comes from its \c outputTemplates.
*/
class DailyProviderPlugin : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "../../schemas/daily/provider.json")
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    ActionNode::ProviderOutcome invoke(const ActionNode::ActionSpec &action, const ActionNode::ActionInputs &inputs,
                                       const ActionNode::Connection &connection) override;

private:
    ActionNode::ActionResult signLocally(const ActionNode::ActionSpec &action, const SelfSigning &signing,
                                         const ActionNode::ActionInputs &inputs) const;

    /*
        What the last token was signed with, kept while the declaration and
        the connection stay the same. Runtimes in several threads may share
        this plugin: it is read and replaced atomically, never locked.
    */
    std::shared_ptr<const SelfSigning> m_lastSigning;
};
