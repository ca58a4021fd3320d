#pragma once

#include <QString>

namespace ActionNode::TestSupport {

/*
    The interpreter that has PyJWT, the independent JWT implementation the
    tests check tokens with: $ACTIONNODE_PYTHON, python3 on PATH, or the
    system one (a user-level python3 often shadows the distribution's
    modules). Empty when none has it.
*/
QString pythonWithJwt();

} // namespace ActionNode::TestSupport
