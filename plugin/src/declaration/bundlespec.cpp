#include <actionnode/bundlespec.h>

namespace ActionNode {

QJsonObject BundleSpec::toJson() const
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("title"), title}, {QStringLiteral("upsell"), upsell}};
}

} // namespace ActionNode
