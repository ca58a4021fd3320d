#pragma once

#include <actionnode/sdk/providerplugin.h>

#include <QObject>

// A provider with one good and one malformed declaration: the good action
// must load and run, the bad one must be reported.
class PartlyBrokenTestPlugin : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "partlybroken.json")
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    ActionNode::ProviderOutcome invoke(const ActionNode::ActionSpec &action, const ActionNode::ActionInputs &inputs,
                                       const ActionNode::Connection &connection) override;
};
