#pragma once

#include "jsonschema.h"

namespace ActionNode::Internal {

/*!
    A JSON Schema compiled into the library as a resource (the action
    meta-schema, the locale schema), its precheck compiled once on first use
    and valijson's form when a value first needs it. A built-in schema that
    cannot be read is a broken build: the process stops. That valijson
    compiles each is tst_precheck's to check, not every start's.
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
