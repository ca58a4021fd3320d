#pragma once

#include <actionnode/actionresult.h>
#include <actionnode/invokeoptions.h>

#include <QFuture>
#include <QTest>

#include <optional>

namespace ActionNode::TestSupport {

/*
    The result of \a future once it is finished, turning the event loop
    meanwhile (replies arrive through it); nothing when it is not finished
    within \a timeoutMs.
*/
template<typename T>
std::optional<T> waitForResult(const QFuture<T> &future, int timeoutMs = 30000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
        return std::nullopt;
    return future.result();
}

/*
    The result of an invocation, waited for as waitForResult() does; a
    network_failed result saying so when there is none within \a timeoutMs.
*/
ActionResult resultOf(const QFuture<ActionResult> &future, int timeoutMs = 30000);

//! The options of a call that walks every page of a list, handing each item to \a sink.
inline InvokeOptions everyPage(const InvokeOptions::ItemSink &sink)
{
    InvokeOptions options;
    options.allPages = sink;
    return options;
}

} // namespace ActionNode::TestSupport
