#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace ActionNode {

class ActionInputsData;

/*!
    The inputs of one invocation, read once by the runtime and handed as
    they are to validation, the license gate, the warnings, the provider
    plugin and the REST transport, so that no step reads the caller's JSON
    again.

    The class is opaque on purpose: how the values are stored is the
    runtime's business (one slot per declared field, read once from a
    QJsonObject or straight from JSON text, see Runtime::readInputs()), and
    may change without touching a provider plugin.

    A C++ host that invokes one action many times fills the slots itself:
    Runtime::inputsFor() gives empty inputs in the action's slots,
    slotOf() finds a field's slot once, and setText() and setValue() set a
    field by slot, with no key looked up:

    \code
    ActionInputs attendee = *runtime.inputsFor("daily.create_meeting_token");
    const int room = attendee.slotOf(u"room_name");
    attendee.setText(room, roomName);
    runtime.invoke("daily.create_meeting_token", attendee);
    \endcode
*/
class ACTIONNODE_EXPORT ActionInputs
{
public:
    ActionInputs();
    explicit ActionInputs(const QJsonObject &values);
    ActionInputs(const ActionInputs &other);
    ActionInputs &operator=(const ActionInputs &other);
    ~ActionInputs();

    bool isEmpty() const;
    bool contains(const QString &key) const;
    //! The value of \a key; undefined when it was not given.
    QJsonValue value(const QString &key) const;
    //! The value of \a key as text (strings as they are, numbers and booleans written out), or empty.
    QString text(const QString &key) const;
    //! Keys of the given inputs, sorted.
    QStringList keys() const;
    //! The inputs as a JSON object (built once on first use when they were read from JSON text).
    const QJsonObject &toJsonObject() const;

    //! The slot of the declared field \a key, or -1 when the action declares no such field.
    int slotOf(QStringView key) const;
    /*!
        Sets the field in \a slot (from slotOf()) to the string \a text.
        False, and nothing set, when there is no such slot.
    */
    bool setText(int slot, const QString &text);
    /*!
        Sets the field in \a slot (from slotOf()) to \a value; an undefined
        \a value leaves the field out. False, and nothing set, when there is
        no such slot.
    */
    bool setValue(int slot, const QJsonValue &value);

private:
    friend class ActionInputsData;
    explicit ActionInputs(ActionInputsData *data);
    QSharedDataPointer<ActionInputsData> d;
};

} // namespace ActionNode
