#pragma once

#include "jsonschema.h"

namespace ActionNode::Internal {

/*!
    A JSON Schema compiled into the library as a resource (the action
    meta-schema, the locale schema), compiled once on first use. A built-in
    schema that cannot be read is a broken build: the process stops.
*/
const JsonSchema &builtInSchema(const QString &resource);
//! The resource of the schema every action declaration conforms to.
inline QString actionSchemaResource()
{
    return QStringLiteral(":/actionnode/action.schema.json");
}
//! The resource of the schema every trigger declaration conforms to.
inline QString triggerSchemaResource()
{
    return QStringLiteral(":/actionnode/trigger.schema.json");
}
//! The text of a built-in schema.
QByteArray builtInSchemaText(const QString &resource);

} // namespace ActionNode::Internal
