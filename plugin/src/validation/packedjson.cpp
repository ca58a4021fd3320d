#include "packedjson.h"

#include "nlohmannjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>

namespace ActionNode::Internal {

namespace {

// A writer keeps at most this much of its buffer between values, so that one
// large value does not stay allocated for the life of a thread's writer.
constexpr size_t keptCapacity = 16 * 1024;

QJsonValue jsonValueOf(const PackedJson::Value &value)
{
    using Type = PackedJson::Type;
    switch (value.type()) {
    case Type::Null: break;
    case Type::Boolean: return value.toBool();
    case Type::Integer: return value.toInteger();
    case Type::Double: return value.toDouble();
    case Type::String: return utf8Text(value.text());
    case Type::Array: {
        QJsonArray array;
        for (const PackedJson::Value &item : value)
            array.append(jsonValueOf(item));
        return array;
    }
    case Type::Object: {
        QJsonObject object;
        for (auto member = value.begin(); member != value.end(); ++member)
            object.insert(utf8Text(member.key()), jsonValueOf(*member));
        return object;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

PackedJson PackedJson::of(const QJsonValue &value)
{
    Writer writer;
    writer.writeValue(value);
    return PackedJson(std::move(writer.m_bytes)); // not take()'s copy: this writer writes nothing more
}

PackedJson PackedJson::ofText(std::string_view utf8)
{
    Writer writer;
    writer.m_bytes.reserve(size_t(Value::headerSize) + utf8.size());
    writer.writeText(utf8);
    return PackedJson(std::move(writer.m_bytes));
}

PackedJson::Value PackedJson::root() const
{
    static const char null = char(Type::Null);
    return Value(m_bytes.empty() ? &null : m_bytes.data());
}

QJsonValue PackedJson::toJsonValue() const
{
    return jsonValueOf(root());
}

qsizetype PackedJson::Value::nodeSize(const char *data)
{
    switch (Type(data[0])) {
    case Type::Null: return 1;
    case Type::Boolean: return 2;
    case Type::Integer:
    case Type::Double: return headerSize;
    case Type::String: return headerSize + read(data + 1);
    case Type::Array: return read(data + headerSize);
    case Type::Object: return read(data + headerSize) + read(data + 1) * 8;
    }
    return 1;
}

double PackedJson::Value::toDouble() const
{
    if (type() == Type::Integer)
        return double(toInteger());
    double number;
    std::memcpy(&number, m_data + 1, sizeof number);
    return number;
}

PackedJson::Value::Iterator PackedJson::Value::begin() const
{
    return Iterator(*this, 0, isArray() ? m_data + containerHeaderSize : nullptr);
}

PackedJson::Value::Iterator PackedJson::Value::end() const
{
    return Iterator(*this, size(), nullptr);
}

PackedJson::Value PackedJson::Value::find(std::string_view key) const
{
    if (!isObject())
        return {};
    // The index is sorted by key: a binary search over it.
    qsizetype low = 0;
    qsizetype high = size();
    while (low < high) {
        const qsizetype middle = low + (high - low) / 2;
        const Value found(m_data + read(index() + middle * 8));
        const int order = found.text().compare(key);
        if (order == 0)
            return Value(found.m_data + nodeSize(found.m_data));
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return {};
}

bool PackedJson::Value::operator==(const Value &other) const
{
    if (isNumber() && other.isNumber()) {
        if (type() == Type::Integer && other.type() == Type::Integer)
            return toInteger() == other.toInteger();
        return toDouble() == other.toDouble();
    }
    if (type() != other.type())
        return false;
    switch (type()) {
    case Type::Null: return true;
    case Type::Boolean: return toBool() == other.toBool();
    case Type::Integer:
    case Type::Double: break; // compared above
    case Type::String: return text() == other.text();
    case Type::Array:
    case Type::Object: {
        if (size() != other.size())
            return false;
        const bool object = isObject();
        for (auto mine = begin(), theirs = other.begin(); mine != end(); ++mine, ++theirs) {
            if ((object && mine.key() != theirs.key()) || *mine != *theirs)
                return false;
        }
        return true;
    }
    }
    return false;
}

const char *PackedJson::Value::Iterator::keyNode() const
{
    return m_container.m_data + read(m_container.index() + m_position * 8);
}

PackedJson::Value PackedJson::Value::Iterator::operator*() const
{
    if (!m_container.isObject())
        return Value(m_item);
    const char *key = keyNode();
    return Value(key + nodeSize(key));
}

std::string_view PackedJson::Value::Iterator::key() const
{
    Q_ASSERT(m_container.isObject());
    return Value(keyNode()).text();
}

PackedJson::Value::Iterator &PackedJson::Value::Iterator::operator++()
{
    if (m_container.isArray())
        m_item += nodeSize(m_item);
    ++m_position;
    return *this;
}

void PackedJson::Writer::writeHeader(Type type, qint64 number)
{
    m_bytes.push_back(char(type));
    const qsizetype at = qsizetype(m_bytes.size());
    m_bytes.resize(m_bytes.size() + 8);
    writeNumberAt(at, number);
}

void PackedJson::Writer::writeNull()
{
    m_bytes.push_back(char(Type::Null));
}

void PackedJson::Writer::writeBool(bool value)
{
    m_bytes.push_back(char(Type::Boolean));
    m_bytes.push_back(value ? 1 : 0);
}

void PackedJson::Writer::writeInteger(qint64 value)
{
    writeHeader(Type::Integer, value);
}

void PackedJson::Writer::writeDouble(double value)
{
    qint64 bits;
    std::memcpy(&bits, &value, sizeof bits);
    writeHeader(Type::Double, bits);
}

void PackedJson::Writer::writeNumber(const QJsonValue &number)
{
    if (const std::optional<qint64> integer = integerOf(number))
        return writeInteger(*integer);
    writeDouble(number.toDouble());
}

void PackedJson::Writer::writeText(std::string_view utf8)
{
    writeHeader(Type::String, qint64(utf8.size()));
    m_bytes.append(utf8);
}

void PackedJson::Writer::writeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return writeNull();
    case QJsonValue::Bool: return writeBool(value.toBool());
    case QJsonValue::Double: return writeNumber(value);
    case QJsonValue::String: return writeText(value.toString().toStdString());
    case QJsonValue::Array: {
        const qsizetype array = beginArray();
        for (const QJsonValue &item : value.toArray())
            writeValue(item);
        return endArray(array);
    }
    case QJsonValue::Object: {
        const qsizetype object = beginObject();
        const QJsonObject members = value.toObject();
        for (auto it = members.begin(); it != members.end(); ++it) {
            writeKey(it.key().toStdString());
            writeValue(it.value());
        }
        endObject(object);
        return;
    }
    }
}

qsizetype PackedJson::Writer::beginArray()
{
    const qsizetype array = qsizetype(m_bytes.size());
    writeHeader(Type::Array, 0);
    m_bytes.resize(m_bytes.size() + 8); // where it ends: endArray() writes it
    return array;
}

void PackedJson::Writer::endArray(qsizetype array)
{
    const qsizetype end = qsizetype(m_bytes.size());
    qsizetype count = 0;
    for (qsizetype item = array + Value::containerHeaderSize; item < end;
         item += Value::nodeSize(m_bytes.data() + item))
        ++count;
    writeNumberAt(array + 1, count);
    writeNumberAt(array + Value::headerSize, end - array);
}

qsizetype PackedJson::Writer::beginObject()
{
    const qsizetype object = qsizetype(m_bytes.size());
    writeHeader(Type::Object, 0);
    m_bytes.resize(m_bytes.size() + 8); // where its index starts: endObject() writes it
    return object;
}

bool PackedJson::Writer::endObject(qsizetype object)
{
    const qsizetype indexAt = qsizetype(m_bytes.size());
    // Each member's key, as an offset from the object, in the order written.
    QVarLengthArray<qint64, 32> keys;
    for (qsizetype member = object + Value::containerHeaderSize; member < indexAt;) {
        keys.append(member - object);
        member += Value::nodeSize(m_bytes.data() + member);
        member += Value::nodeSize(m_bytes.data() + member);
    }
    const auto keyOf = [this, object](qint64 key) { return Value(m_bytes.data() + object + key).text(); };
    // Sorted by key, then by where written (std::stable_sort would allocate a buffer for every object).
    std::sort(keys.begin(), keys.end(), [&keyOf](qint64 a, qint64 b) {
        const int order = keyOf(a).compare(keyOf(b));
        return order < 0 || (order == 0 && a < b);
    });
    // Of the members with one key, the last written is kept: the last of each run of equal keys.
    bool repeated = false;
    qsizetype count = 0;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i + 1 < keys.size() && keyOf(keys[i]) == keyOf(keys[i + 1])) {
            repeated = true;
            continue;
        }
        keys[count++] = keys[i];
    }
    writeNumberAt(object + 1, count);
    writeNumberAt(object + Value::headerSize, indexAt - object);
    m_bytes.append(reinterpret_cast<const char *>(keys.constData()), size_t(count) * 8);
    return repeated;
}

PackedJson PackedJson::Writer::take()
{
    PackedJson written(m_bytes);
    clear();
    return written;
}

void PackedJson::Writer::clear()
{
    m_bytes.clear();
    if (m_bytes.capacity() > keptCapacity)
        std::string().swap(m_bytes);
}

} // namespace ActionNode::Internal
