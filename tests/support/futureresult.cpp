#include "futureresult.h"

namespace ActionNode::TestSupport {

ActionResult resultOf(const QFuture<ActionResult> &future, int timeoutMs)
{
    if (const std::optional<ActionResult> result = waitForResult(future, timeoutMs))
        return *result;
    return ActionResult::failure(
        ActionResult::Status::NetworkFailed,
        {{QStringLiteral("timeout"), {}, {}, QStringLiteral("no result within %1 ms").arg(timeoutMs)}});
}

} // namespace ActionNode::TestSupport
