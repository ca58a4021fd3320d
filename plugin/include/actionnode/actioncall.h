#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actionresult.h>

#include <QFuture>

#include <optional>

namespace ActionNode {

/*!
    One invocation as Runtime::call() hands it back: the result itself when
    the action finished before the call returned (inputs refused, a
    self-signed token, a dry run), else a future of it.

    A finished call holds no QFuture: in Qt 6.4 a future costs seven heap
    allocations and two wait conditions even when its result is ready,
    nearly as many as all else a self-signed token allocates. A host on a
    hot path asks isFinished() and takes result(); future() serves code
    written for futures.

    \code
    ActionCall call = runtime.call("daily.create_meeting_token", attendee);
    if (call.isFinished())
        use(call.result());
    else
        call.future().then(this, use);
    \endcode
*/
class ACTIONNODE_EXPORT ActionCall
{
public:
    //! A call that finished with \a result.
    explicit ActionCall(ActionResult result);
    //! A call whose result \a future brings.
    explicit ActionCall(QFuture<ActionResult> future);

    //! Whether the result is there: always for a finished call, once the future has it for a pending one.
    bool isFinished() const;
    /*!
        The result; for a pending call this waits for the future, as
        QFuture::result() does (call it from the runtime's thread only once
        isFinished(), or the results of network calls cannot arrive).
    */
    ActionResult result() const;
    //! The future of the result: the pending one, or a ready one made now for a finished call.
    QFuture<ActionResult> future() const;

private:
    std::optional<ActionResult> m_result;
    std::optional<QFuture<ActionResult>> m_future;
};

} // namespace ActionNode
