#pragma once

#include <QLoggingCategory>

namespace ActionNode::Internal {

Q_DECLARE_LOGGING_CATEGORY(lcRuntime)
Q_DECLARE_LOGGING_CATEGORY(lcDeclaration)
Q_DECLARE_LOGGING_CATEGORY(lcPlugins)

} // namespace ActionNode::Internal
