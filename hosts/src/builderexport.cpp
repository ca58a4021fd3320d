#include <actionnode/builderexport.h>

#include "export/activepiecesexport.h"
#include "export/bubbleexport.h"
#include "export/n8nexport.h"
#include "export/openaitoolsexport.h"
#include "export/zapierexport.h"

#include <utility>
#include <vector>

namespace ActionNode {

namespace {

using Factory = std::unique_ptr<BuilderExport> (*)();

template<typename Export>
std::unique_ptr<BuilderExport> make()
{
    return std::make_unique<Export>();
}

// Every builder export, in the order builders() lists them.
const std::vector<std::pair<QString, Factory>> &registry()
{
    static const std::vector<std::pair<QString, Factory>> exports = {
        {QStringLiteral("n8n"), &make<N8nExport>},
        {QStringLiteral("openai-tools"), &make<OpenAiToolsExport>},
        {QStringLiteral("bubble"), &make<BubbleExport>},
        {QStringLiteral("zapier"), &make<ZapierExport>},
        {QStringLiteral("activepieces"), &make<ActivepiecesExport>},
    };
    return exports;
}

} // namespace

BuilderExport::~BuilderExport() = default;

QStringList BuilderExport::builders()
{
    QStringList names;
    for (const auto &[name, factory] : registry())
        names.append(name);
    return names;
}

std::unique_ptr<BuilderExport> BuilderExport::create(const QString &builder)
{
    for (const auto &[name, factory] : registry()) {
        if (name == builder)
            return factory();
    }
    return nullptr;
}

} // namespace ActionNode
