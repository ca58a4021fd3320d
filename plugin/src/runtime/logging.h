#pragma once

#include <QLoggingCategory>

namespace ActionNode {

Q_DECLARE_LOGGING_CATEGORY(lcRuntime)
Q_DECLARE_LOGGING_CATEGORY(lcDeclaration)
Q_DECLARE_LOGGING_CATEGORY(lcPlugins)

} // namespace ActionNode
