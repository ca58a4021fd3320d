#pragma once

#include <QLoggingCategory>

namespace ActionNode {

Q_DECLARE_LOGGING_CATEGORY(lcEmulator)

} // namespace ActionNode
