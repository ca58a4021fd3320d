#pragma once

#include "jsonschema.h"

namespace ActionNode::Internal {

/*!
    A JSON Schema compiled into the library as a resource (the action
    meta-schema, the locale schema), compiled once on first use. A built-in
    schema that cannot be read is a broken build: the process stops.
*/
const JsonSchema &builtInSchema(const QString &resource);

} // namespace ActionNode::Internal
