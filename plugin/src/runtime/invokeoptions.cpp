#include <actionnode/invokeoptions.h>

namespace ActionNode {

const Connection *InvokeOptions::connectionFor(const QString &providerId) const
{
    for (const Connection &connection : connections) {
        if (connection.providerId() == providerId)
            return &connection;
    }
    return nullptr;
}

} // namespace ActionNode
