#pragma once

#include "visibilitycondition.h"

#include <actionnode/actionerror.h>

#include <QList>

namespace ActionNode::Internal {

/*!
    The validation step for conditional fields, run beside the JSON Schema
    validation: a field whose condition (its own \c visibleWhen, and its
    group's) does not hold is not required, and a value given for it is
    refused, naming the condition, rather than silently sent or dropped.
    A required field is checked here, and left out of the schema's
    \c required, when it has a condition: the schema cannot say "required
    only when shown".
*/
class VisibilityCheck
{
public:
    struct ConditionalField
    {
        QString key;
        QString label;
        VisibilityCondition condition; //!< the group's and the field's, both
        bool required = false;
    };

    VisibilityCheck() = default;
    VisibilityCheck(const QList<ConditionalField> &fields, const VisibilityCondition::Fields &siblings);

    bool isEmpty() const { return m_fields.isEmpty(); }
    //! Keys of required fields that have a condition.
    QStringList conditionallyRequired() const;
    //! The fields that have a condition.
    const QList<ConditionalField> &fields() const { return m_fields; }
    ActionErrors check(const QJsonObject &inputs) const;

private:
    QList<ConditionalField> m_fields;
    VisibilityCondition::Fields m_siblings;
};

} // namespace ActionNode::Internal
