#pragma once

#include <actionnode/builderexport.h>

namespace ActionNode {

/*!
    Bubble plugins ("bubble"), in the layout Bubble's GitHub sync writes:
    \c meta_data.json, \c shared_tech_params.json (the plugin's keys: host
    URL, host API key, licence, and each provider's account settings) and
    one server-side action per actionnode action, \c actions/<id>/params.json
    and \c server.js. Fields keep their label, type (text, number, yes/no,
    date, static dropdown), help, default and whether they are optional;
    groups, bundle locks and notices become labels at their place, and a
    field's \c visibleWhen its note. Each action returns its outputs plus
    \c error, \c error_message and \c error_status, since a workflow has no
    try/catch. Lists and objects travel as JSON text.

    Two plugins side by side, as sellers ship tiers: \c with-bundles/ and
    \c without-bundles/ (no field, action or key a bundle gates).
*/
class BubbleExport : public BuilderExport
{
public:
    QString builder() const override;
    bool write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
               QString *errorString) const override;
};

} // namespace ActionNode
