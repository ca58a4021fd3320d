#pragma once

#include <QByteArray>
#include <QString>

namespace ActionNode::Internal {

/*!
    Why \a text is not JSON as RFC 8259 writes it, or empty when it is.
    QJsonDocument takes raw control characters (NUL included) inside
    strings; simdjson refuses them, so text that passes this check reads
    the same wherever it comes from (a webhook body, a field's text).
*/
QString strictJsonProblem(const QByteArray &text);

} // namespace ActionNode::Internal
