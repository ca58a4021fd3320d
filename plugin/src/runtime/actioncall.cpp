#include <actionnode/actioncall.h>

namespace ActionNode {

ActionCall::ActionCall(ActionResult result) : m_result(std::move(result)) {}

ActionCall::ActionCall(QFuture<ActionResult> future) : m_future(std::move(future)) {}

bool ActionCall::isFinished() const
{
    return m_result || m_future->isFinished();
}

ActionResult ActionCall::result() const
{
    return m_result ? *m_result : m_future->result();
}

QFuture<ActionResult> ActionCall::future() const
{
    return m_result ? QtFuture::makeReadyFuture(*m_result) : *m_future;
}

} // namespace ActionNode
