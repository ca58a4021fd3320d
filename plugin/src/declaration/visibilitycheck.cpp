#include "visibilitycheck.h"

#include <actionnode/errorcodes.h>

#include <algorithm>

namespace ActionNode::Internal {

VisibilityCheck::VisibilityCheck(const QList<ConditionalField> &fields, const VisibilityCondition::Fields &siblings)
    : m_fields(fields), m_siblings(siblings)
{
    m_ignoresAny = std::any_of(fields.begin(), fields.end(),
                               [](const ConditionalField &field) { return field.ignoredWhenHidden; });
}

QStringList VisibilityCheck::conditionallyRequired() const
{
    QStringList keys;
    for (const ConditionalField &field : m_fields) {
        if (field.required)
            keys.append(field.key);
    }
    return keys;
}

ActionErrors VisibilityCheck::check(const QJsonObject &inputs) const
{
    ActionErrors errors;
    for (const ConditionalField &field : m_fields) {
        const bool given = inputs.contains(field.key);
        if (!given && !field.required)
            continue;
        const bool visible = field.condition.holds(inputs, m_siblings);
        if (given && !visible && !field.ignoredWhenHidden)
            errors.append({ErrorCodes::name(ErrorCode::InvalidInput), QLatin1Char('/') + field.key,
                           ErrorRule::VisibleWhen,
                           m_siblings.phrases.appliesOnlyWhen.arg(field.label, field.condition.text(m_siblings))});
        else if (!given && visible)
            errors.append({ErrorCodes::name(ErrorCode::InvalidInput), QLatin1Char('/') + field.key,
                           QStringLiteral("required"),
                           m_siblings.phrases.requiredWhen.arg(field.condition.text(m_siblings))});
    }
    return errors;
}

ActionErrors VisibilityCheck::ignored(const QJsonObject &inputs) const
{
    ActionErrors warnings;
    for (const ConditionalField &field : m_fields) {
        if (field.ignoredWhenHidden && inputs.contains(field.key) && !field.condition.holds(inputs, m_siblings))
            warnings.append({ignoredCode, QLatin1Char('/') + field.key, ErrorRule::VisibleWhen,
                             m_siblings.phrases.ignoredBecause.arg(field.label, field.condition.text(m_siblings))});
    }
    return warnings;
}

} // namespace ActionNode::Internal
