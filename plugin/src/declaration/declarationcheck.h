#pragma once

#include "jsonschema.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace ActionNode::Internal {

/*!
    What reading any declaration (action or trigger) starts with: the JSON
    text parsed into an object, then checked against its built-in
    meta-schema. Problems come back as a JSON pointer and a reason, which
    the spec prefixes with the declaration's file.
*/
namespace DeclarationCheck {

//! Parses \a json into \a object; false with \a reason (line and parser message).
bool parse(const QByteArray &json, QJsonObject *object, QString *reason);

//! Whether \a declaration conforms to \a schema; else the first problem's \a pointer and \a reason.
bool conforms(const JsonSchema &schema, const QJsonObject &declaration, QString *pointer, QString *reason);

} // namespace DeclarationCheck

} // namespace ActionNode::Internal
