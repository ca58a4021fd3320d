#include "emulatorlogging.h"

namespace ActionNode {

// Per-request lines are debug output, off unless enabled with QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcEmulator, "actionnode.emulator", QtInfoMsg)

} // namespace ActionNode
