#include "nodespecdata.h"

namespace ActionNode::Internal {

void NodeSpecData::readHeader()
{
    id = declared("id");
    provider = declared("provider");
}

bool NodeSpecData::fail(const QString &pointer, const QString &reason)
{
    errorString = pointer.isEmpty() ? QStringLiteral("%1: %2").arg(source, reason)
                                    : QStringLiteral("%1: %2: %3").arg(source, pointer, reason);
    return false;
}

void NodeSpecData::setUnreadable(const QString &fileName, const QString &errorString)
{
    source = fileName;
    this->errorString = errorString;
}

QString NodeSpecData::declared(const char *key) const
{
    return declaration.value(QLatin1String(key)).toString();
}

bool NodeSpecData::hasError(bool compiled) const
{
    return !errorString.isEmpty() || !compiled;
}

QString NodeSpecData::problem(bool compiled) const
{
    if (errorString.isEmpty() && !compiled)
        return QStringLiteral("no declaration was read");
    return errorString;
}

} // namespace ActionNode::Internal
