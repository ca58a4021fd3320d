#pragma once

#include <actionnode/builderexport.h>

namespace ActionNode {

/*!
    An Activepieces piece ("activepieces") for
    \c @activepieces/pieces-framework, in TypeScript: \c src/index.ts
    declares the piece (createPiece) with its connection (a custom auth
    holding the host's URL and key, the licence and the provider's
    account, validated by the host's connection test), one createAction per
    action with a \c Property.* per field by type (a dropdown of the
    provider's choices for \c optionsFrom, a static one for an enum, a
    notice for a bundle's group) and one createTrigger per trigger
    (webhook strategy: enabled and disabled through the host's trigger
    subscriptions, its sample data the declared samples).
    \c src/actionnode.ts is the runtime every generated piece shares.
*/
class ActivepiecesExport : public BuilderExport
{
public:
    QString builder() const override;
    bool write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
               QString *errorString) const override;
};

} // namespace ActionNode
