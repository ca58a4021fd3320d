#include "metadatajson.h"

#include <QJsonArray>

namespace ActionNode::TestSupport {

namespace {
QJsonObject member(const QJsonArray &list, const QString &name, const QString &value)
{
    for (const QJsonValue &entry : list) {
        if (entry.toObject().value(name).toString() == value)
            return entry.toObject();
    }
    return {};
}
} // namespace

QJsonObject metadataGroup(const QJsonObject &metadata, const QString &id)
{
    return member(metadata.value(QLatin1String("groups")).toArray(), QStringLiteral("id"), id);
}

QJsonObject groupField(const QJsonObject &group, const QString &key)
{
    return member(group.value(QLatin1String("fields")).toArray(), QStringLiteral("key"), key);
}

QJsonObject metadataField(const QJsonObject &metadata, const QString &key)
{
    for (const QJsonValue &group : metadata.value(QLatin1String("groups")).toArray()) {
        const QJsonObject field = groupField(group.toObject(), key);
        if (!field.isEmpty())
            return field;
    }
    return {};
}

} // namespace ActionNode::TestSupport
