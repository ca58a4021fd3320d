#include "logging.h"

namespace ActionNode::Internal {

Q_LOGGING_CATEGORY(lcRuntime, "actionnode.runtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDeclaration, "actionnode.declaration", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPlugins, "actionnode.plugins", QtInfoMsg)

} // namespace ActionNode::Internal
