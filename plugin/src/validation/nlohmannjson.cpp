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
    case QJsonValue::Double: {
        // An integer Qt keeps as one stays exact (all of a qint64's range); JSON Schema counts 5.0 as an integer too.
        if (const QCborValue number = QCborValue::fromJsonValue(value); number.isInteger())
            return static_cast<std::int64_t>(number.toInteger());
        const double number = value.toDouble();
        if (std::trunc(number) == number && std::fabs(number) < static_cast<double>(std::numeric_limits<qint64>::max()))
            return static_cast<std::int64_t>(number);
        return number;
    }
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

QJsonValue fromNlohmann(const nlohmann::json &value)
{
    using Type = nlohmann::json::value_t;
    switch (value.type()) {
    case Type::null: return QJsonValue(QJsonValue::Null);
    case Type::boolean: return value.get<bool>();
    case Type::number_integer: return qint64(value.get<std::int64_t>());
    case Type::number_unsigned: {
        const std::uint64_t number = value.get<std::uint64_t>();
        return number <= std::uint64_t(std::numeric_limits<qint64>::max()) ? QJsonValue(qint64(number))
                                                                           : QJsonValue(double(number));
    }
    case Type::number_float: return value.get<double>();
    case Type::string: return utf8Text(value.get_ref<const std::string &>());
    case Type::array: {
        QJsonArray array;
        for (const nlohmann::json &item : value)
            array.append(fromNlohmann(item));
        return array;
    }
    case Type::object: {
        QJsonObject object;
        for (auto it = value.begin(); it != value.end(); ++it)
            object.insert(utf8Text(it.key()), fromNlohmann(it.value()));
        return object;
    }
    case Type::binary:
    case Type::discarded: break;
    }
    return QJsonValue(QJsonValue::Null);
}

QString utf8Text(std::string_view utf8)
{
    if (utf8.compare(0, 3, "\xEF\xBB\xBF") != 0)
        return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(QByteArrayView(utf8.data(), qsizetype(utf8.size())));
}

} // namespace ActionNode::Internal
