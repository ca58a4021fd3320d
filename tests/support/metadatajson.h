#pragma once

#include <QJsonObject>
#include <QString>

namespace ActionNode::TestSupport {

// Finding things in the field metadata a builder gets (MetadataRenderer::toJson):
// {"groups": [{"id": ..., "fields": [{"key": ..., ...}, ...]}, ...]}. Empty when absent.

//! The group \a id of \a metadata.
QJsonObject metadataGroup(const QJsonObject &metadata, const QString &id);

//! The field \a key of \a group.
QJsonObject groupField(const QJsonObject &group, const QString &key);

//! The field \a key of \a metadata, in whichever group it is.
QJsonObject metadataField(const QJsonObject &metadata, const QString &key);

} // namespace ActionNode::TestSupport
