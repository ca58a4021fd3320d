#pragma once

#include <QJsonValue>

#include <nlohmann/json.hpp>

namespace ActionNode::Internal {

/*!
    Qt JSON values as nlohmann::json: valijson validates through the latter
    (its Qt adapter reads integers as 32 bits), and it serializes small
    objects several times faster than QJsonDocument. Whole numbers stay
    64-bit integers.
*/
nlohmann::json toNlohmann(const QJsonValue &value);

} // namespace ActionNode::Internal
