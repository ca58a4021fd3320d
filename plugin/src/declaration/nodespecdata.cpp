#include "nodespecdata.h"

#include <actionnode/nodespec.h>

#include <QJsonArray>
#include <QSet>

namespace ActionNode {

namespace Internal {

void NodeSpecData::readHeader()
{
    id = declared("id");
    provider = declared("provider");
    version = declared("version");
}

void NodeSpecData::readOutputs()
{
    const QJsonObject schema = declaration.value(QLatin1String("outputs")).toObject();
    QSet<QString> required;
    for (const QJsonValue &key : schema.value(QLatin1String("required")).toArray())
        required.insert(key.toString());
    // QJsonObject sorts keys: required outputs first keeps the primary value on top.
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        FieldSpec output(it.key(), it.value().toObject(), required.contains(it.key()), {}, {});
        if (output.isRequired())
            outputs.prepend(output);
        else
            outputs.append(output);
    }
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

bool NodeSpecData::hasError() const
{
    return !errorString.isEmpty() || !isCompiled();
}

QString NodeSpecData::problem() const
{
    if (errorString.isEmpty() && !isCompiled())
        return QStringLiteral("no declaration was read");
    return errorString;
}

} // namespace Internal

NodeSpec::NodeSpec(Internal::NodeSpecData *data) : d_ptr(data) {}
NodeSpec::NodeSpec(const NodeSpec &other) = default;
NodeSpec &NodeSpec::operator=(const NodeSpec &other) = default;
NodeSpec::~NodeSpec() = default;

bool NodeSpec::hasError() const
{
    return d_ptr->hasError();
}
QString NodeSpec::errorString() const
{
    return d_ptr->problem();
}
QString NodeSpec::source() const
{
    return d_ptr->source;
}
QString NodeSpec::id() const
{
    return d_ptr->id;
}
QString NodeSpec::provider() const
{
    return d_ptr->provider;
}
QString NodeSpec::version() const
{
    return d_ptr->version;
}
QString NodeSpec::title() const
{
    return d_ptr->declared("title");
}
QString NodeSpec::description() const
{
    return d_ptr->declared("description");
}
QString NodeSpec::category() const
{
    return d_ptr->declared("category");
}
QString NodeSpec::kind() const
{
    return d_ptr->kind();
}
QList<FieldSpec> NodeSpec::outputs() const
{
    return d_ptr->outputs;
}
QJsonObject NodeSpec::outputSchema() const
{
    return d_ptr->declaration.value(QLatin1String("outputs")).toObject();
}
QJsonObject NodeSpec::declaration() const
{
    return d_ptr->declaration;
}

} // namespace ActionNode
