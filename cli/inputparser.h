#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionspec.h>

#include <QJsonObject>
#include <QStringList>

/*!
    Turns command line assignments into an action's input object, typed by
    the action's declaration: \c key=value converts \a value to the field's
    JSON type (true/false, numbers, comma-separated lists, JSON for objects),
    \c key:=json takes raw JSON. Unknown keys are kept as text so that
    validation names them.
*/
class InputParser
{
public:
    static QJsonObject parse(const ActionNode::ActionSpec &action, const QStringList &assignments,
                             ActionNode::ActionErrors *errors);
    static QJsonValue convert(const ActionNode::FieldSpec &field, const QString &text, QString *problem);
    //! The largest inputs file readFile() reads: a name such as /dev/zero must not grow the process.
    static constexpr qint64 maxFileBytes = 16 << 20;

    /*!
        Reads a JSON object of inputs from \a fileName ("-" for standard
        input), at most maxFileBytes. False with \a errorString when it
        cannot be read or is larger (\a unreadable set) or is not a JSON
        object.
    */
    static bool readFile(const QString &fileName, QJsonObject *inputs, QString *errorString, bool *unreadable);
};
