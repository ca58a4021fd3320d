#pragma once

#include <actionnode/providerplugin.h>

#include <QObject>

/*!
    SignalWire's provider plugin: room tokens through the Video REST API
    (\c{POST https://<space>/api/video/room_tokens}, HTTP Basic with the
    project id and an API token). The request body holds the inputs that
    were set, under the names their declaration binds them to.
*/
class SignalWireProviderPlugin : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "../../schemas/signalwire/provider.json")
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    ActionNode::ProviderOutcome invoke(const ActionNode::ActionSpec &action, const ActionNode::ActionInputs &inputs,
                                       const ActionNode::Connection &connection) override;
};
