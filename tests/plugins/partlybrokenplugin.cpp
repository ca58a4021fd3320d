#include "partlybrokenplugin.h"

ActionNode::ProviderOutcome PartlyBrokenTestPlugin::invoke(const ActionNode::ActionSpec &,
                                                           const ActionNode::ActionInputs &inputs,
                                                           const ActionNode::Connection &)
{
    // Echoes its input so that tests can see the runtime reached the plugin.
    return ActionNode::ProviderOutcome::finished(ActionNode::ActionResult::success(
        {{QStringLiteral("value"), inputs.value(QStringLiteral("name")).toString().toUpper()}}));
}
