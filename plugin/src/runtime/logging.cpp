#include "logging.h"

namespace ActionNode::Internal {

Q_LOGGING_CATEGORY(lcRuntime, "actionnode.runtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDeclaration, "actionnode.declaration", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPlugins, "actionnode.plugins", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRest, "actionnode.rest", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "actionnode.store", QtInfoMsg)
// Refusals already reach the caller through errorString(); the log is opt-in.
Q_LOGGING_CATEGORY(lcLicense, "actionnode.license", QtWarningMsg)

} // namespace ActionNode::Internal
