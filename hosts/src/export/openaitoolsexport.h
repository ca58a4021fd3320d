#pragma once

#include <actionnode/builderexport.h>

namespace ActionNode {

/*!
    OpenAI function tools ("openai-tools"): one strict function per action
    in \c tools.json (Chat Completions' shape), its parameters the action's
    inputs in the subset of JSON Schema that strict mode takes: every object
    closed (\c additionalProperties false) with every property required, an
    optional one allowing \c null; no annotation of ours (\c x-*,
    \c visibleWhen, \c optionsFrom). What strict mode cannot say goes into
    the descriptions (limits, defaults, conditions, bundle locks, warnings)
    and is enforced by the host; a field strict mode cannot type at all (an
    open object, a map) is asked for as JSON text. \c dispatch.mjs runs a
    tool call on the HTTP host, reading \c dispatch.json (tool name to
    action, and the fields sent as JSON text).
*/
class OpenAiToolsExport : public BuilderExport
{
public:
    QString builder() const override;
    bool write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
               QString *errorString) const override;
};

} // namespace ActionNode
