#include <actionnode/sdk/providerplugin.h>

namespace ActionNode {

// Out of line so the interface's vtable lives in the library.
ProviderPlugin::~ProviderPlugin() = default;

} // namespace ActionNode
