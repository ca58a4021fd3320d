#include <actionnode/actioninputs.h>

#include "actioninputs_p.h"
#include "invocationplan.h"

namespace ActionNode {

ActionInputs::ActionInputs() : d(ActionInputsData::create()) {}
ActionInputs::ActionInputs(const QJsonObject &values)
{
    ActionInputsData *data = ActionInputsData::create();
    data->extras = values;
    data->m_object = values;
    data->m_objectBuilt = true;
    d = data;
}
ActionInputs::ActionInputs(ActionInputsData *data) : d(data) {}
ActionInputs::ActionInputs(const ActionInputs &other) = default;
ActionInputs &ActionInputs::operator=(const ActionInputs &other) = default;
ActionInputs::~ActionInputs() = default;

bool ActionInputs::isEmpty() const
{
    return d->given == 0 && d->extras.isEmpty();
}

bool ActionInputs::contains(const QString &key) const
{
    const int slot = d->plan ? d->plan->slotOf(key) : -1;
    return slot >= 0 ? d->inputSlots[size_t(slot)].isGiven() : d->extras.contains(key);
}

QJsonValue ActionInputs::value(const QString &key) const
{
    return d->value(key);
}

QString ActionInputs::text(const QString &key) const
{
    // A string slot holds its text already.
    if (const int slot = d->plan ? d->plan->slotOf(key) : -1; slot >= 0 && d->inputSlots[size_t(slot)].isText())
        return d->inputSlots[size_t(slot)].toText();
    const QJsonValue value = d->value(key);
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const qint64 whole = value.toInteger();
        return double(whole) == number ? QString::number(whole) : QString::number(number, 'g', 17);
    }
    default: return {};
    }
}

QStringList ActionInputs::keys() const
{
    return d->object().keys();
}
const QJsonObject &ActionInputs::toJsonObject() const
{
    return d->object();
}

int ActionInputs::slotOf(QStringView key) const
{
    return d->plan ? d->plan->slotOf(key) : -1;
}

bool ActionInputs::setText(int slot, const QString &text)
{
    return d->setSlot(slot, {InputSlot::Kind::String, text, QJsonValue::Undefined, {}, {}});
}

bool ActionInputs::setValue(int slot, const QJsonValue &value)
{
    return d->setSlot(slot, InputSlot::of(value));
}

} // namespace ActionNode
