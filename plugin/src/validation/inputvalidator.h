#pragma once

#include "jsonschema.h"

#include <actionnode/actionerror.h>
#include <actionnode/actioninputs.h>

#include <QJsonArray>
#include <QJsonObject>

namespace ActionNode::Internal {

/*!
    Checks an action's inputs: the inputs JSON Schema (through valijson),
    the \c x-maxSerializedLength annotation (a limit on an object's size as
    compact JSON, which JSON Schema cannot express) and the declaration's
    cross-field rules (\c greaterThan: a number or RFC 3339 time after
    another; \c absentWhen: a field that must not be set when another field
    has a given value). Every problem becomes an ActionError with code
    \c invalid_input naming the field, the rule and what is wrong with the
    value, in words a builder can show.
*/
class InputValidator
{
public:
    bool compile(const QJsonObject &inputSchema, const QJsonArray &rules, QString *errorString,
                 JsonSchema::Origin origin = JsonSchema::Origin::Declaration);
    ActionErrors validate(const QJsonObject &inputs) const;
    /*!
        The checks beside the schema (x-maxSerializedLength, the rules), for
        inputs whose schema check passed without building them into an
        object (InvocationPlan::certainlyValid()).
    */
    ActionErrors validateBesideSchema(const ActionInputs &inputs) const;
    //! The schema's precheck, or null when valijson decides every value.
    const JsonSchemaPrecheck *precheck() const { return m_schema.precheck(); }

private:
    ActionError describe(const JsonSchema::Violation &violation, const QJsonObject &inputs) const;
    //! One error per field of the object that the schema does not know.
    ActionErrors describeUnknownFields(const JsonSchema::Violation &violation, const QJsonObject &inputs) const;
    // Inputs: a QJsonObject or an ActionInputs, read by value(key).
    template<typename Inputs>
    void checkSerializedLengths(const Inputs &inputs, ActionErrors *errors) const;
    template<typename Inputs>
    void checkRules(const Inputs &inputs, ActionErrors *errors) const;

    struct SizeLimit
    {
        QString key;
        int maxLength;
    };
    struct Rule
    {
        enum class Kind { GreaterThan, AbsentWhen };
        Kind kind;
        QString id;
        QString field;
        QString other;
        QJsonValue value; //!< AbsentWhen: the value of other that forbids field
        QString message;
    };

    JsonSchema m_schema;
    QJsonObject m_inputSchema;
    // Read from the declaration once; checked for every invocation.
    QList<SizeLimit> m_sizeLimits;
    QList<Rule> m_rules;
};

} // namespace ActionNode::Internal
