#pragma once

#include <actionnode/providerplugin.h>

#include <QObject>

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
    ActionNode::ActionResult signLocally(const ActionNode::ActionSpec &action, SelfSigning *signing,
                                         const ActionNode::ActionInputs &inputs) const;
};
