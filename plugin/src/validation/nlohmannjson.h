#pragma once

#include <QJsonValue>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace ActionNode::Internal {

/*!
    Qt JSON values as nlohmann::json, which valijson validates (its Qt
    adapter reads integers as 32 bits). Whole numbers stay 64-bit integers
    (integerOf()).
*/
nlohmann::json toNlohmann(const QJsonValue &value);

/*!
    The number \a number as an integer, as valijson is given numbers: exactly
    when Qt keeps it as an integer (all of a qint64's range), and when it is
    whole within a qint64, as JSON Schema counts 5.0 an integer. Nothing for
    any other number.
*/
std::optional<qint64> integerOf(const QJsonValue &number);

/*!
    The text of \a utf8, as QJsonDocument reads a JSON string: QString::fromUtf8
    would drop a leading U+FEFF (written \\ufeff), which is the string's own
    character here.
*/
QString utf8Text(std::string_view utf8);

} // namespace ActionNode::Internal
