#include <actionnode/actioninputs.h>

namespace ActionNode {

class ActionInputsData : public QSharedData
{
public:
    QJsonObject values;
};

ActionInputs::ActionInputs() : d(new ActionInputsData) {}
ActionInputs::ActionInputs(const QJsonObject &values) : d(new ActionInputsData)
{
    d->values = values;
}
ActionInputs::ActionInputs(const ActionInputs &other) = default;
ActionInputs &ActionInputs::operator=(const ActionInputs &other) = default;
ActionInputs::~ActionInputs() = default;

bool ActionInputs::isEmpty() const { return d->values.isEmpty(); }
bool ActionInputs::contains(const QString &key) const { return d->values.contains(key); }
QJsonValue ActionInputs::value(const QString &key) const { return d->values.value(key); }

QString ActionInputs::text(const QString &key) const
{
    const QJsonValue value = d->values.value(key);
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const qint64 whole = value.toInteger();
        return double(whole) == number ? QString::number(whole) : QString::number(number, 'g', 17);
    }
    default:
        return {};
    }
}

QStringList ActionInputs::keys() const { return d->values.keys(); }
const QJsonObject &ActionInputs::toJsonObject() const { return d->values; }

} // namespace ActionNode
