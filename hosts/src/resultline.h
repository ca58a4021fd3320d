#pragma once

#include <actionnode/actionresult.h>

#include <QByteArray>

namespace ActionNode {

/*!
    One \c batch result line: ActionResult::toJson() with the member
    \c line, as QJsonDocument writes it compactly, and a newline; or,
    without the line and the newline, the HTTP host's answer to an invocation.

    The line is written straight from the result, without building the
    object and the document first, which cost as much as reading the input
    line. Plain ASCII texts (no quote, backslash or control character), the
    tokens and URLs of nearly every line, are copied; every other value is
    written by QJsonDocument itself, so that the bytes are always the ones
    QJsonDocument would write.
*/
namespace ResultLine {

QByteArray write(const ActionNode::ActionResult &result, qint64 lineNumber);
//! Appends the line to \a out, so that many lines can share one buffer.
void append(QByteArray *out, const ActionNode::ActionResult &result, qint64 lineNumber);
//! ActionResult::toJson() of \a result as QJsonDocument writes it compactly.
QByteArray document(const ActionNode::ActionResult &result);

} // namespace ResultLine

} // namespace ActionNode
