#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace ActionNode::TestSupport {

//! \a value as compact JSON text, as request bodies, JSON lines and tokens carry it.
QByteArray compactJson(const QJsonObject &value);
QByteArray compactJson(const QJsonArray &value);

/*
    JSON written with single quotes where JSON has double ones, which keeps
    data tables readable: singleQuotedObject("{'room_name': 'standup'}").
    Any JSON value for singleQuotedJson(); an empty object when the text is
    not an object for singleQuotedObject().
*/
QJsonValue singleQuotedJson(const char *text);
QJsonObject singleQuotedObject(const char *text);

} // namespace ActionNode::TestSupport
