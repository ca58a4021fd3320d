#include <actionnode/actionerror.h>

namespace ActionNode {

QJsonObject ActionError::toJson() const
{
    QJsonObject json{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        json.insert(QStringLiteral("field"), field);
    if (!rule.isEmpty())
        json.insert(QStringLiteral("rule"), rule);
    return json;
}

QString ActionError::toString() const
{
    return field.isEmpty() ? message : field + QStringLiteral(": ") + message;
}

bool ActionError::operator==(const ActionError &other) const
{
    return code == other.code && field == other.field && rule == other.rule && message == other.message;
}

} // namespace ActionNode
