#pragma once

#include <actionnode/actioninputs.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QMutex>
#include <QString>

#include <memory>
#include <vector>

namespace ActionNode {

namespace Internal {
class InvocationPlan;
}

//! One input of a declared field, read once.
struct InputSlot
{
    enum class Kind : quint8 { Absent, String, Other };
    Kind kind = Kind::Absent;
    QString text;                            //!< a string's text
    QJsonValue value{QJsonValue::Undefined}; //!< any other value (a text is read from text alone)

    bool isGiven() const { return kind != Kind::Absent; }
    QJsonValue toJsonValue() const { return kind == Kind::String && value.isUndefined() ? QJsonValue(text) : value; }
};

/*!
    What an ActionInputs holds: either the caller's object alone (no plan,
    every member in extras), or one slot per field of the declaration's InvocationPlan plus the
    members it does not declare.
*/
class ActionInputsData : public QSharedData
{
public:
    ActionInputsData() = default;
    ActionInputsData(const ActionInputsData &other);

    static const ActionInputsData &of(const ActionInputs &inputs) { return *inputs.d; }
    static ActionInputs make(ActionInputsData *data) { return ActionInputs(data); }

    /*!
        Puts \a input in \a slot and forgets the object built of the old
        values; false when there is no such slot.
    */
    bool setSlot(int slot, InputSlot input);
    //! The value of \a key, wherever it is kept.
    QJsonValue value(const QString &key) const;
    const QJsonObject &object() const;

    std::shared_ptr<const Internal::InvocationPlan> plan; //!< null: every member is in extras
    std::vector<InputSlot> inputSlots;                    //!< by slot of the plan
    QJsonObject extras;                                   //!< members that no field declares
    qsizetype given = 0;                                  //!< how many slots hold a value

private:
    // The inputs as one object: the caller's own when given one, else built
    // on first use (only for invalid inputs and for providers that ask).
    mutable QMutex m_objectLock;
    mutable QJsonObject m_object;
    mutable bool m_objectBuilt = false;
    friend class Internal::InvocationPlan;
    friend class ActionInputs;
};

} // namespace ActionNode
