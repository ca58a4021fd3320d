#include "json.h"

#include <QJsonDocument>

namespace ActionNode::TestSupport {

QByteArray compactJson(const QJsonObject &value)
{
    return QJsonDocument(value).toJson(QJsonDocument::Compact);
}

QByteArray compactJson(const QJsonArray &value)
{
    return QJsonDocument(value).toJson(QJsonDocument::Compact);
}

QJsonValue singleQuotedJson(const char *text)
{
    // Wrapped in an array, so that a lone string, number or null parses too.
    return QJsonDocument::fromJson("[" + QByteArray(text).replace('\'', '"') + "]").array().first();
}

QJsonObject singleQuotedObject(const char *text)
{
    return singleQuotedJson(text).toObject();
}

} // namespace ActionNode::TestSupport
