#include "builtinschema.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QMutex>

#include <memory>

namespace ActionNode::Internal {

QByteArray builtInSchemaText(const QString &resource)
{
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("The built-in schema %s cannot be read: %s", qPrintable(resource), qPrintable(file.errorString()));
    return file.readAll();
}

const JsonSchema &builtInSchema(const QString &resource)
{
    static QMutex lock;
    static QHash<QString, std::shared_ptr<const JsonSchema>> compiled;
    const QMutexLocker locker(&lock);
    auto &schema = compiled[resource];
    if (!schema) {
        auto fresh = std::make_shared<JsonSchema>();
        // Its valijson form is compiled when a value first needs it (tst_precheck compiles each).
        fresh->compile(QJsonDocument::fromJson(builtInSchemaText(resource)).object(), nullptr,
                       JsonSchema::Origin::BuiltIn);
        schema = std::move(fresh);
    }
    return *schema;
}

} // namespace ActionNode::Internal
