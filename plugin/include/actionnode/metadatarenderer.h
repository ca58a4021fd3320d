#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actionspec.h>
#include <actionnode/license.h>
#include <actionnode/triggerspec.h>

#include <QJsonObject>
#include <QString>

namespace ActionNode {

/*!
    Renders an action's field metadata for builders, as seen by the holder
    of \a license: fields of a group gated by a bundle the license does not
    hold are marked \c locked, with the bundle's id, title and upsell text.
*/
class ACTIONNODE_EXPORT MetadataRenderer
{
public:
    /*!
        JSON for a host UI: action id, version, kind, hints, title,
        description, groups in order (with \c visibleWhen and its
        \c visibleWhenText, and \c notices) with their fields (key, label,
        type, description, default, required, options, constraints, locked,
        bundle, visibleWhen, visibleWhenText), outputs (key, label, type,
        description, sample, sensitive, and sensitiveItemFields for a list
        whose items hold credentials) and declared warnings; \c locale
        when the texts are translated.
    */
    static QJsonObject toJson(const ActionSpec &action, const License &license);

    /*!
        Markdown reference page: one table per group (Field | Type |
        Description, "Shown when ..." for a conditional field), the bundle
        note and notices at their place, a Returned Values table with
        samples (a sensitive output's masked, and a list's sensitive item
        fields), and the action's behaviour.
    */
    static QString toMarkdown(const ActionSpec &action, const License &license);

    /*!
        The same for a trigger: \c kind "trigger", its event types, one
        group "filters" with the filter fields, outputs with their sample
        values, and the bundle gate (\c locked when the license lacks it).
    */
    static QJsonObject toJson(const TriggerSpec &trigger, const License &license);
    //! Markdown reference page of a trigger: filters, then outputs with sample values.
    static QString toMarkdown(const TriggerSpec &trigger, const License &license);

    //! MCP tool annotations: title, readOnlyHint, destructiveHint, idempotentHint, openWorldHint.
    static QJsonObject toolAnnotations(const ActionSpec &action);

    //! The conditional fields in one sentence for a tool description, or empty when there are none.
    static QString conditionsText(const ActionSpec &action);
};

} // namespace ActionNode
