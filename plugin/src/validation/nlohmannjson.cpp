#include "nlohmannjson.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>

#include <cmath>
#include <limits>

namespace ActionNode::Internal {

nlohmann::json toNlohmann(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return nullptr;
    case QJsonValue::Bool: return value.toBool();
    case QJsonValue::Double:
        if (const std::optional<qint64> integer = integerOf(value))
            return static_cast<std::int64_t>(*integer);
        return value.toDouble();
    case QJsonValue::String: return value.toString().toStdString();
    case QJsonValue::Array: {
        const QJsonArray source = value.toArray();
        nlohmann::json::array_t array;
        array.reserve(size_t(source.size()));
        for (const QJsonValue &item : source)
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

std::optional<qint64> integerOf(const QJsonValue &number)
{
    if (const QCborValue cbor = QCborValue::fromJsonValue(number); cbor.isInteger())
        return cbor.toInteger();
    const double value = number.toDouble();
    if (std::trunc(value) == value && std::fabs(value) < static_cast<double>(std::numeric_limits<qint64>::max()))
        return static_cast<qint64>(value);
    return std::nullopt;
}

QString utf8Text(std::string_view utf8)
{
    if (utf8.compare(0, 3, "\xEF\xBB\xBF") != 0)
        return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(QByteArrayView(utf8.data(), qsizetype(utf8.size())));
}

} // namespace ActionNode::Internal
