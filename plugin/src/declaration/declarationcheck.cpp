#include "declarationcheck.h"

#include <QJsonDocument>

namespace ActionNode::Internal {

namespace DeclarationCheck {

bool parse(const QByteArray &json, QJsonObject *object, QString *reason)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *reason = QStringLiteral("line %1: not valid JSON: %2")
                      .arg(json.left(parseError.offset).count('\n') + 1)
                      .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *reason = QStringLiteral("a declaration must be a JSON object");
        return false;
    }
    *object = document.object();
    return true;
}

bool conforms(const JsonSchema &schema, const QJsonObject &declaration, QString *pointer, QString *reason)
{
    const QList<JsonSchema::Violation> violations = schema.validate(declaration);
    if (violations.isEmpty())
        return true;
    *pointer = violations.constFirst().location();
    *reason = JsonSchema::summary(violations);
    return false;
}

} // namespace DeclarationCheck

} // namespace ActionNode::Internal
