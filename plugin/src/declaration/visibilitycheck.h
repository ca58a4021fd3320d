#pragma once

#include "visibilitycondition.h"

#include <actionnode/actionerror.h>

#include <QList>

namespace ActionNode::Internal {

/*!
    The validation step for conditional fields, run beside the JSON Schema
    validation: a field whose condition (its own \c visibleWhen, and its
    group's) does not hold is not required, and a value given for it is
    refused, naming the condition, rather than silently sent or dropped;
    or, for a field declared \c{"x-whenHidden": "ignore"} (the provider
    accepts and ignores such a value), warned about and not sent.
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
        bool ignoredWhenHidden = false; //!< x-whenHidden: ignore
    };

    //! The warning code of a hidden value that is ignored.
    static constexpr QLatin1StringView ignoredCode{"hidden_value_ignored"};

    VisibilityCheck() = default;
    VisibilityCheck(const QList<ConditionalField> &fields, const VisibilityCondition::Fields &siblings);

    bool isEmpty() const { return m_fields.isEmpty(); }
    //! Keys of required fields that have a condition.
    QStringList conditionallyRequired() const;
    //! The fields that have a condition.
    const QList<ConditionalField> &fields() const { return m_fields; }
    ActionErrors check(const QJsonObject &inputs) const;
    //! Whether a field is declared \c{"x-whenHidden": "ignore"}.
    bool ignoresAny() const { return m_ignoresAny; }
    //! A warning for each value of \a inputs that is hidden and ignored, on its field.
    ActionErrors ignored(const QJsonObject &inputs) const;

private:
    QList<ConditionalField> m_fields;
    VisibilityCondition::Fields m_siblings;
    bool m_ignoresAny = false;
};

} // namespace ActionNode::Internal
