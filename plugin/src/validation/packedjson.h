#pragma once

#include <QJsonValue>
#include <QtGlobal>

#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

namespace ActionNode::Internal {

/*!
    A JSON value held in one buffer: what an input slot keeps of a list or an
    object, and what the precheck and the claim writer walk. Keeping one
    takes one allocation, where a tree of nlohmann::json takes one for each
    list, object, member and text, and more to destroy it.

    A value reads as valijson's nlohmann::json reads the same value: an
    object's members in byte order of their keys, a repeated key's last
    value, a whole number within a qint64 as an integer (integerOf()).

    Each value is a node: a type byte, then
    - Null: nothing; Boolean: one byte;
    - Integer, Double: the number, 8 bytes;
    - String: its length (8 bytes) and its UTF-8 bytes;
    - Array: its count of items and its size (8 bytes each), then the items;
    - Object: its count of distinct members and where its index starts
      (8 bytes each, from the object's start), then the members as written,
      each a String node (the key) and a value, then the index: where each
      member's key starts (8 bytes each), sorted by key, only the last
      written of a repeated key. So no member is moved when its object ends.
*/
class PackedJson
{
public:
    enum class Type : quint8 { Null, Boolean, Integer, Double, String, Array, Object };
    class Value;
    class Writer;

    //! null
    PackedJson() = default;
    //! \a value, its numbers read by integerOf() as toNlohmann() reads them.
    static PackedJson of(const QJsonValue &value);
    //! The JSON string of \a utf8.
    static PackedJson ofText(std::string_view utf8);

    Value root() const;
    //! The value as a Qt JSON value: integers as qint64, texts by utf8Text().
    QJsonValue toJsonValue() const;

private:
    explicit PackedJson(std::string bytes) : m_bytes(std::move(bytes)) {}
    std::string m_bytes; //!< empty: null
};

//! A value inside a PackedJson, valid while the PackedJson lives and is not moved or assigned.
class PackedJson::Value
{
public:
    class Iterator;

    //! No value: isValid() is false.
    Value() = default;

    Type type() const
    {
        Q_ASSERT(isValid());
        return Type(m_data[0]);
    }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }
    bool isNumber() const { return type() == Type::Integer || type() == Type::Double; }

    //! A Boolean's value.
    bool toBool() const
    {
        Q_ASSERT(type() == Type::Boolean);
        return m_data[1] != 0;
    }
    //! An Integer's value.
    qint64 toInteger() const
    {
        Q_ASSERT(type() == Type::Integer);
        return read(m_data + 1);
    }
    //! A number as a double, an Integer converted.
    double toDouble() const;
    //! A String's UTF-8 bytes.
    std::string_view text() const
    {
        Q_ASSERT(isString());
        return {m_data + headerSize, size_t(read(m_data + 1))};
    }

    //! The number of items of a list or of distinct members of an object.
    qsizetype size() const { return isArray() || isObject() ? read(m_data + 1) : 0; }
    //! The items of a list, or the values of an object's members in key order.
    Iterator begin() const;
    Iterator end() const;
    //! The value of member \a key; an invalid Value when there is none.
    Value find(std::string_view key) const;
    bool isValid() const { return m_data != nullptr; }

    //! Equal as nlohmann::json compares: texts by their bytes, numbers by value, containers member by member.
    bool operator==(const Value &other) const;
    bool operator!=(const Value &other) const { return !(*this == other); }

private:
    friend class PackedJson;
    friend class Writer;
    static constexpr qsizetype headerSize = 1 + 8;                   //!< a type and a number (a length, a count)
    static constexpr qsizetype containerHeaderSize = headerSize + 8; //!< and where it ends, or its index
    explicit Value(const char *data) : m_data(data) {}
    //! The size of the node at \a data, with all it holds.
    static qsizetype nodeSize(const char *data);
    static qint64 read(const char *at)
    {
        qint64 number;
        std::memcpy(&number, at, sizeof number);
        return number;
    }
    //! Where an object's index of member offsets (from the object's start) begins.
    const char *index() const { return m_data + read(m_data + 1 + 8); }

    const char *m_data = nullptr;
};

//! Walks a list's items, or an object's members in key order (key() then says whose).
class PackedJson::Value::Iterator
{
public:
    // What the standard algorithms ask of an iterator; it can be walked again from any copy.
    using iterator_category = std::input_iterator_tag;
    using value_type = Value;
    using difference_type = qsizetype;
    using pointer = void;
    using reference = Value;

    Value operator*() const;
    //! The key of the member this stands on, in an object.
    std::string_view key() const;
    Iterator &operator++();
    bool operator==(const Iterator &other) const { return m_position == other.m_position; }
    bool operator!=(const Iterator &other) const { return m_position != other.m_position; }

private:
    friend class Value;
    Iterator(const Value &container, qsizetype position, const char *item)
        : m_container(container), m_position(position), m_item(item)
    {}
    //! The key's node of member m_position, in an object.
    const char *keyNode() const;

    Value m_container;
    qsizetype m_position = 0;     //!< which item, or which member in key order
    const char *m_item = nullptr; //!< a list's item m_position
};

/*!
    Writes one PackedJson, value by value: a list's items between
    beginArray() and endArray(), an object's members as a key() and its
    value between beginObject() and endObject(). A writer reused for many
    values keeps its buffer, so that each takes one allocation: the copy
    take() returns.
*/
class PackedJson::Writer
{
public:
    void writeNull();
    void writeBool(bool value);
    void writeInteger(qint64 value);
    void writeDouble(double value);
    //! \a number as valijson is given it: an integer when integerOf() reads one.
    void writeNumber(const QJsonValue &number);
    void writeText(std::string_view utf8);
    void writeValue(const QJsonValue &value);

    //! Starts a list; returns what endArray() is given.
    qsizetype beginArray();
    void endArray(qsizetype array);
    //! Starts an object; returns what endObject() is given.
    qsizetype beginObject();
    void writeKey(std::string_view utf8) { writeText(utf8); }
    //! Ends an object and sorts its keys; returns true when a key was written twice (its last value is kept).
    bool endObject(qsizetype object);

    //! The value written, and a writer ready for the next.
    PackedJson take();
    //! Forgets what was written (a value read only in part).
    void clear();

private:
    friend class PackedJson;
    void writeHeader(Type type, qint64 number);
    void writeNumberAt(qsizetype at, qint64 number) { std::memcpy(m_bytes.data() + at, &number, sizeof number); }

    std::string m_bytes;
};

} // namespace ActionNode::Internal
