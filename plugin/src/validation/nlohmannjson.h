#pragma once

#include <QJsonValue>
#include <QString>

#include <nlohmann/json.hpp>

#include <string_view>

namespace ActionNode::Internal {

/*!
    Qt JSON values as nlohmann::json: valijson validates through the latter
    (its Qt adapter reads integers as 32 bits), and lists and objects in
    input slots are kept as nlohmann::json, whose containers are walked
    (by the precheck, by the claim writer) without a QString made per key
    or text as Qt 6.4's are. Whole numbers stay 64-bit integers, read
    exactly when Qt keeps them as integers.
*/
nlohmann::json toNlohmann(const QJsonValue &value);
//! \a value as a Qt JSON value: integers as qint64 (beyond it, as doubles), texts by utf8Text().
QJsonValue fromNlohmann(const nlohmann::json &value);

/*!
    The text of \a utf8, as QJsonDocument reads a JSON string: QString::fromUtf8
    would drop a leading U+FEFF (written \\ufeff), which is the string's own
    character here.
*/
QString utf8Text(std::string_view utf8);

} // namespace ActionNode::Internal
