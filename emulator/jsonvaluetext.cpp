#include "jsonvaluetext.h"

namespace ActionNode {

QString describeJsonValue(const QJsonValue &value)
{
    constexpr qsizetype maxQuoted = 60; // enough to recognise, short enough to read
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String: {
        const QString text = value.toString();
        return text.size() <= maxQuoted
                   ? QStringLiteral("\"%1\"").arg(text)
                   : QStringLiteral("\"%1...\" (%2 characters)").arg(text.left(maxQuoted)).arg(text.size());
    }
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

} // namespace ActionNode
