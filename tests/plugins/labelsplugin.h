#pragma once

#include <actionnode/sdk/providerplugin.h>

#include <QObject>

// A provider whose "pick" action takes its label options from its "list"
// action: 124 labels, searchable by prefix; no key or the state "down" make
// the list fail as a real provider would.
class LabelsTestPlugin : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "labels.json")
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    ActionNode::ProviderOutcome invoke(const ActionNode::ActionSpec &action, const ActionNode::ActionInputs &inputs,
                                       const ActionNode::Connection &connection) override;
};
