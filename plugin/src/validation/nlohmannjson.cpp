#include "nlohmannjson.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace ActionNode::Internal {

nlohmann::json toNlohmann(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return nullptr;
    case QJsonValue::Bool: return value.toBool();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        // JSON Schema counts 5.0 as an integer; keep whole numbers integral.
        if (std::trunc(number) == number && std::fabs(number) < static_cast<double>(std::numeric_limits<qint64>::max()))
            return static_cast<std::int64_t>(number);
        return number;
    }
    case QJsonValue::String: return value.toString().toStdString();
    case QJsonValue::Array: {
        nlohmann::json array = nlohmann::json::array();
        for (const QJsonValue &item : value.toArray())
            array.push_back(toNlohmann(item));
        return array;
    }
    case QJsonValue::Object: {
        nlohmann::json object = nlohmann::json::object();
        const QJsonObject source = value.toObject();
        for (auto it = source.begin(); it != source.end(); ++it)
            object[it.key().toStdString()] = toNlohmann(it.value());
        return object;
    }
    case QJsonValue::Undefined: break;
    }
    return nullptr;
}

} // namespace ActionNode::Internal
