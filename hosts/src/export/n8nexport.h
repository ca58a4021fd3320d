#pragma once

#include <actionnode/builderexport.h>

namespace ActionNode {

/*!
    The \c n8n export: one provider's actions and triggers as an n8n
    community node package (\c n8n-nodes-actionnode-<provider>). It holds
    one node in n8n's resource and operation layout (a resource per
    category, an operation per action), a webhook trigger node when the
    provider declares triggers, the credential of the host and the
    provider's account (tested with the host's connection test), icons,
    output schemas and a README. The nodes are plain JavaScript in \c dist/
    (what n8n loads) with their TypeScript in \c nodes/ and
    \c credentials/ (what n8n's community lint reads); both are written
    from one template each, the TypeScript keeping the type annotations.
    Every call goes to the HTTP host, which validates, gates and runs.
*/
class N8nExport : public BuilderExport
{
public:
    QString builder() const override { return QStringLiteral("n8n"); }
    /*!
        Without \a options' provider, the first loaded provider by id.
        False when the provider has no action.
    */
    bool write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
               QString *errorString) const override;
};

} // namespace ActionNode
