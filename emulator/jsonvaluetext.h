#pragma once

#include <QJsonValue>
#include <QString>

namespace ActionNode {

//! A short description of \a value for error messages, e.g. "a string \"abc\"" or "null".
QString describeJsonValue(const QJsonValue &value);

} // namespace ActionNode
