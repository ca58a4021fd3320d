#pragma once

#include <actionnode/builderexport.h>

namespace ActionNode {

/*!
    A Zapier app ("zapier") for zapier-platform-core: \c index.js builds
    the app from \c definitions.json with \c lib/actionnode.js, the one
    runtime every generated app shares. An action that changes things is a
    create, a read-only one a search (its result a list of one); a trigger
    is a REST hook subscribed through the host's trigger subscriptions,
    its \c performList the trigger's declared samples. Input fields keep
    label, type, \c required, help (limits, default, condition, bundle),
    choices and groups; a field with \c optionsFrom is a dynamic dropdown
    fed by a hidden trigger that asks the host for the choices, and a field
    another field's \c visibleWhen depends on alters the dynamic fields.
    Outputs give \c sample and \c outputFields. The connection holds the
    host's URL and key, the licence and the provider's account, tested by
    the host's connection test; the host's refusals are Zapier errors
    naming each field.
*/
class ZapierExport : public BuilderExport
{
public:
    QString builder() const override;
    bool write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
               QString *errorString) const override;
};

} // namespace ActionNode
