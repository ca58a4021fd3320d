#pragma once

#include <actionnode/actioninputs.h>

#include <QAnyStringView>
#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMutex>
#include <QString>

#include "packedjson.h"

#include <memory>
#include <string>
#include <string_view>

namespace ActionNode {

namespace Internal {
class InvocationPlan;
}

/*!
    One input of a declared field, read once. A text is kept as the caller
    gave it: a QString (String), or the UTF-8 bytes of JSON text (Utf8String:
    batch and serve --http read their inputs so). A list or an object, and a
    number, a boolean or null, is kept packed in one buffer (PackedJson).
    The precheck, the claim writer and the output templates read each form
    as it is kept, so no QString is made per key and text, as walking a
    QJsonValue in Qt 6.4 makes, and no text read from JSON is converted to
    UTF-16 and back to be signed.
*/
struct InputSlot
{
    enum class Kind : quint8 { Absent, String, Utf8String, Other, Nested };
    Kind kind = Kind::Absent;
    QString text;                            //!< a String's text
    QJsonValue value{QJsonValue::Undefined}; //!< an Other value; a Nested one as the caller gave it, if so
    Internal::PackedJson packed;             //!< a Nested list or object, an Other value (kept inline: no allocation)
    std::string utf8;                        //!< a Utf8String's text (unescaped)

    //! \a value in the kind of slot its type takes; an undefined value leaves the slot absent.
    static InputSlot of(const QJsonValue &value);
    //! A text given as its UTF-8 bytes.
    static InputSlot ofUtf8(std::string_view utf8);
    bool isGiven() const { return kind != Kind::Absent; }
    bool isText() const { return kind == Kind::String || kind == Kind::Utf8String; }
    //! A String's or a Utf8String's text as it is kept; a UTF-8 view is read with utf8Text(), which keeps a
    //! leading U+FEFF that QString::fromUtf8() would drop.
    QAnyStringView textView() const
    {
        if (kind == Kind::Utf8String)
            return QUtf8StringView(utf8.data(), qsizetype(utf8.size()));
        return text;
    }
    //! The text as a QString: a String's own, a Utf8String's converted.
    QString toText() const;
    QJsonValue toJsonValue() const;
};

/*!
    The slots of one ActionInputsData, by slot of its plan. They are kept
    right after it, in the same allocation (see ActionInputsData::create()).
*/
class InputSlots
{
public:
    InputSlots() = default;
    InputSlots(const InputSlots &) = delete; // the block's own: two views would destroy its slots twice
    InputSlots &operator=(const InputSlots &) = delete;
    size_t size() const { return m_size; }
    InputSlot &operator[](size_t slot)
    {
        Q_ASSERT(slot < m_size);
        return m_slots[slot];
    }
    const InputSlot &operator[](size_t slot) const
    {
        Q_ASSERT(slot < m_size);
        return m_slots[slot];
    }

private:
    friend class ActionInputsData;
    InputSlot *m_slots = nullptr;
    size_t m_size = 0;
};

/*!
    What an ActionInputs holds: either the caller's object alone (no plan,
    every member in extras), or one slot per field of the declaration's InvocationPlan plus the
    members it does not declare.

    It and its slots are one allocation, made by create() and copied by
    clone(): inputs read per call cost one allocation, not two.
*/
class ActionInputsData : public QSharedData
{
public:
    //! New inputs with \a slotCount empty slots of \a plan (null: none), in one allocation.
    static ActionInputsData *create(std::shared_ptr<const Internal::InvocationPlan> plan = nullptr,
                                    size_t slotCount = 0);
    //! A copy in an allocation of its own, for QSharedDataPointer::detach().
    ActionInputsData *clone() const;
    ~ActionInputsData();
    ActionInputsData &operator=(const ActionInputsData &) = delete;
    // create() allocates the block that delete frees.
    static void *operator new(size_t) = delete;
    static void operator delete(void *data) { ::operator delete(data); }

    static const ActionInputsData &of(const ActionInputs &inputs) { return *inputs.d; }
    static ActionInputs make(ActionInputsData *data) { return ActionInputs(data); }

    /*!
        Puts \a input in \a slot and forgets the object built of the old
        values and the text they were read from; false when there is no such slot.
    */
    bool setSlot(int slot, InputSlot input);
    //! The value of \a key, wherever it is kept.
    QJsonValue value(const QString &key) const;
    const QJsonObject &object() const;

    std::shared_ptr<const Internal::InvocationPlan> plan; //!< null: every member is in extras
    InputSlots inputSlots;                                //!< by slot of the plan
    QJsonObject extras;                                   //!< members that no field declares
    qsizetype given = 0;                                  //!< how many slots hold a value
    //! The JSON text they were read from when the reader asked to keep it (Runtime::readSentInputs()), until a slot
    //! changes.
    QByteArray sentJson;

private:
    ActionInputsData() = default;
    //! Copies all but the slots, which clone() copies into the new block.
    ActionInputsData(const ActionInputsData &other);

    // The inputs as one object: the caller's own when given one, else built
    // on first use (only for invalid inputs and for providers that ask).
    mutable QMutex m_objectLock;
    mutable QJsonObject m_object;
    mutable bool m_objectBuilt = false;
    friend class Internal::InvocationPlan;
    friend class ActionInputs;
};

} // namespace ActionNode

//! Detaching copies the slots into a block of their own (ActionInputsData::clone()).
template<>
inline ActionNode::ActionInputsData *QSharedDataPointer<ActionNode::ActionInputsData>::clone()
{
    return d->clone();
}
