#include "declarationcheck.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QMutex>

#include <memory>

namespace ActionNode {

namespace DeclarationCheck {

const JsonSchema &metaSchema(const char *resource)
{
    static QMutex lock;
    static QHash<QByteArray, std::shared_ptr<JsonSchema>> compiled;
    const QMutexLocker locker(&lock);
    std::shared_ptr<JsonSchema> &schema = compiled[QByteArray(resource)];
    if (!schema) {
        schema = std::make_shared<JsonSchema>();
        QFile file(QString::fromLatin1(resource));
        QString error;
        if (!file.open(QIODevice::ReadOnly)
            || !schema->compile(QJsonDocument::fromJson(file.readAll()).object(), &error))
            qFatal("The built-in meta-schema %s cannot be read: %s", resource, qPrintable(error));
    }
    return *schema;
}

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
    const JsonSchema::Violation &first = violations.first();
    *pointer = first.pointer.isEmpty() ? QStringLiteral("/") : first.pointer;
    if (!first.property.isEmpty())
        *pointer = first.pointer + QLatin1Char('/') + first.property;
    *reason = QStringLiteral("%1 (%2)").arg(first.detail, first.keyword);
    if (violations.size() > 1)
        *reason += QStringLiteral(" and %1 more problem(s)").arg(violations.size() - 1);
    return false;
}

} // namespace DeclarationCheck

} // namespace ActionNode
