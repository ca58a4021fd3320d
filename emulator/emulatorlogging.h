#pragma once

#include <QLoggingCategory>

namespace ActionNode {

// The emulator's one category (README.md's table lists every category).
//! actionnode.emulator: the API URLs, each request and its status, injected faults, webhook failures.
Q_DECLARE_LOGGING_CATEGORY(lcEmulator)

} // namespace ActionNode
