#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/fieldspec.h>

#include <QJsonObject>
#include <QStringList>

/*!
    Turns command line assignments into an object of fields (an action's
    inputs for \c run, a trigger's filters for \c listen): \c key=value is
    typed by the field's declaration (FieldSpec::valueFromText(), the rules
    every host follows), \c key:=json takes raw JSON. Unknown keys are kept
    as text so that validation names them.
*/
class InputParser
{
public:
    /*!
        The fields \a assignments set, with each value that does not fit its
        field in \a errors. False, with \a usageError naming the argument,
        when one is no assignment at all (a mistake in the command line).
    */
    static bool parse(const QList<ActionNode::FieldSpec> &fields, const QStringList &assignments,
                      QJsonObject *values, ActionNode::ActionErrors *errors, QString *usageError);
};
