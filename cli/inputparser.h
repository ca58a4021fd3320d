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
};
