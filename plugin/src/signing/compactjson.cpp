#include "compactjson.h"

#include "texttable.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

namespace ActionNode::Internal::CompactJson {

namespace {

// \a text as UTF-8, as it is: no quotes, no escapes. QString::toUtf8() writes a
// lone surrogate as '?'; it is kept as its own three bytes instead (as WTF-8
// does), which appendEscaped() writes as \uXXXX, so the text reads back whole.
void appendUtf8(std::string *out, const QString &text)
{
    // Most texts are ASCII: they are written without a UTF-8 copy first.
    if (isAsciiText(text)) {
        const size_t at = out->size();
        out->resize(at + size_t(text.size()));
        narrowAscii(text, out->data() + at);
        return;
    }
    qsizetype encodedUpTo = 0;
    const auto encodeUpTo = [&](qsizetype end) {
        const QByteArray utf8 = QStringView(text).sliced(encodedUpTo, end - encodedUpTo).toUtf8();
        out->append(utf8.constData(), size_t(utf8.size()));
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!QChar::isSurrogate(c))
            continue;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            ++i;
            continue;
        }
        encodeUpTo(i);
        const char threeBytes[] = {char(0xE0 | (c >> 12)), char(0x80 | ((c >> 6) & 0x3F)), char(0x80 | (c & 0x3F))};
        out->append(threeBytes, sizeof threeBytes);
        encodedUpTo = i + 1;
    }
    encodeUpTo(text.size());
}

// \uXXXX, for a character written as its code.
void appendUnicodeEscape(std::string *out, char16_t code)
{
    static const char hex[] = "0123456789abcdef";
    const char escape[] = {'\\', 'u', hex[code >> 12], hex[(code >> 8) & 0xf], hex[(code >> 4) & 0xf], hex[code & 0xf]};
    out->append(escape, sizeof escape);
}

// The character that the three-byte sequence at \a i of \a utf8 stands for, or 0 where there is none.
char16_t threeByteCharacterAt(QByteArrayView utf8, qsizetype i)
{
    if (i + 2 >= utf8.size())
        return 0;
    const auto lead = static_cast<unsigned char>(utf8.at(i));
    const auto second = static_cast<unsigned char>(utf8.at(i + 1));
    const auto third = static_cast<unsigned char>(utf8.at(i + 2));
    if ((lead & 0xF0) != 0xE0 || (second & 0xC0) != 0x80 || (third & 0xC0) != 0x80)
        return 0;
    return char16_t(((lead & 0x0F) << 12) | ((second & 0x3F) << 6) | (third & 0x3F));
}

/*
    Whether \a character, which UTF-8 writes in three bytes, is escaped
    instead: U+FEFF, which QJsonDocument drops as a byte order mark where it
    stands as UTF-8, and a lone surrogate, which UTF-8 cannot hold
    (appendUtf8() keeps it as its three bytes).
*/
bool escapedAsCode(char16_t character)
{
    return character == 0xFEFF || QChar::isSurrogate(character);
}

} // namespace

void appendEscaped(std::string *out, QByteArrayView utf8)
{
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8.at(i));
        // 0xEF leads U+FEFF, 0xED the surrogates.
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0xEF && c != 0xED)
            continue;
        if (c >= 0x80) {
            const char16_t character = threeByteCharacterAt(utf8, i);
            if (!escapedAsCode(character))
                continue;
            out->append(utf8.data() + plainFrom, size_t(i - plainFrom));
            appendUnicodeEscape(out, character);
            i += 2;
            plainFrom = i + 1;
            continue;
        }
        out->append(utf8.data() + plainFrom, size_t(i - plainFrom));
        plainFrom = i + 1;
        switch (c) {
        case '"': out->append("\\\"", 2); break;
        case '\\': out->append("\\\\", 2); break;
        case '\b': out->append("\\b", 2); break;
        case '\f': out->append("\\f", 2); break;
        case '\n': out->append("\\n", 2); break;
        case '\r': out->append("\\r", 2); break;
        case '\t': out->append("\\t", 2); break;
        default: appendUnicodeEscape(out, c);
        }
    }
    out->append(utf8.data() + plainFrom, size_t(utf8.size() - plainFrom));
}

void appendEscaped(std::string *out, const QString &text)
{
    if (!isAsciiText(text)) {
        std::string utf8;
        appendUtf8(&utf8, text);
        return appendEscaped(out, QByteArrayView(utf8.data(), qsizetype(utf8.size())));
    }
    char buffer[256];
    if (text.size() > qsizetype(sizeof buffer))
        return appendEscaped(out, QByteArrayView(text.toLatin1()));
    narrowAscii(text, buffer);
    appendEscaped(out, QByteArrayView(buffer, text.size()));
}

void appendString(std::string *out, QByteArrayView utf8)
{
    out->push_back('"');
    appendEscaped(out, utf8);
    out->push_back('"');
}

void appendString(std::string *out, const QString &text)
{
    out->push_back('"');
    appendEscaped(out, text);
    out->push_back('"');
}

namespace {

// Whether \a number is written as an integer: whole, and within a qint64.
bool isWholeNumber(double number)
{
    return std::trunc(number) == number && std::fabs(number) < static_cast<double>(std::numeric_limits<qint64>::max());
}

void appendInteger(std::string *out, qint64 number)
{
    char digits[std::numeric_limits<qint64>::digits10 + 2]; // and a sign
    const auto written = std::to_chars(digits, digits + sizeof digits, number);
    out->append(digits, written.ptr);
}

} // namespace

void appendNumber(std::string *out, double number)
{
    // JSON has no NaN or infinity; null, as QJsonDocument and nlohmann::json write them.
    if (!std::isfinite(number))
        out->append("null");
    else if (isWholeNumber(number))
        appendInteger(out, static_cast<qint64>(number));
    else
        out->append(QByteArray::number(number, 'g', QLocale::FloatingPointShortest).toStdString());
}

void appendValue(std::string *out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: out->append(value.toBool() ? "true" : "false"); return;
    case QJsonValue::Double:
        // An integer Qt keeps as one is written exactly: all of a qint64's range, which its double would round.
        if (const QCborValue number = QCborValue::fromJsonValue(value); number.isInteger())
            appendInteger(out, number.toInteger());
        else
            appendNumber(out, value.toDouble());
        return;
    case QJsonValue::String: appendString(out, value.toString()); return;
    case QJsonValue::Array: {
        out->push_back('[');
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out->push_back(',');
            appendValue(out, array.at(i));
        }
        out->push_back(']');
        return;
    }
    case QJsonValue::Object: {
        SortedObject object;
        const QJsonObject members = value.toObject();
        for (auto it = members.begin(); it != members.end(); ++it) {
            appendValue(object.beginMember(it.key()), it.value());
            object.endMember();
        }
        object.writeTo(out);
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined: break;
    }
    out->append("null");
}

void appendValue(std::string *out, const PackedJson::Value &value)
{
    using Type = PackedJson::Type;
    switch (value.type()) {
    case Type::Null: break;
    case Type::Boolean: out->append(value.toBool() ? "true" : "false"); return;
    case Type::Integer: appendInteger(out, value.toInteger()); return;
    case Type::Double: appendNumber(out, value.toDouble()); return;
    case Type::String: {
        const std::string_view text = value.text();
        appendString(out, QByteArrayView(text.data(), qsizetype(text.size())));
        return;
    }
    case Type::Array: {
        out->push_back('[');
        for (auto item = value.begin(); item != value.end(); ++item) {
            if (item != value.begin())
                out->push_back(',');
            appendValue(out, *item);
        }
        out->push_back(']');
        return;
    }
    case Type::Object: {
        out->push_back('{');
        for (auto member = value.begin(); member != value.end(); ++member) {
            if (member != value.begin())
                out->push_back(',');
            const std::string_view key = member.key();
            appendString(out, QByteArrayView(key.data(), qsizetype(key.size())));
            out->push_back(':');
            appendValue(out, *member);
        }
        out->push_back('}');
        return;
    }
    }
    out->append("null");
}

QByteArray text(const QJsonValue &value)
{
    // An empty list or object (a run's errors and warnings, mostly) is the same two bytes every time: no text
    // is made for it.
    if (value.isArray() && value.toArray().isEmpty())
        return QByteArrayLiteral("[]");
    if (value.isObject() && value.toObject().isEmpty())
        return QByteArrayLiteral("{}");
    std::string written;
    appendValue(&written, value);
    return QByteArray::fromStdString(written);
}

// What a thread keeps of a buffer for the next text: a larger one is freed after use.
constexpr qsizetype keptBufferBytes = 16 * 1024;

std::string &threadBuffer()
{
    thread_local std::string buffer;
    buffer.clear();
    return buffer;
}

QByteArray takeText(std::string &buffer)
{
    const QByteArray text(buffer.data(), qsizetype(buffer.size()));
    releaseLarge(buffer);
    return text;
}

void releaseLarge(std::string &buffer)
{
    if (qsizetype(buffer.capacity()) > keptBufferBytes)
        std::string().swap(buffer);
}

QByteArray takeReusedText(std::string &buffer)
{
    thread_local QByteArray reused;
    const qsizetype size = qsizetype(buffer.size());
    if (size > keptBufferBytes)
        return takeText(buffer);
    QByteArray &text = reusable(reused);
    text.resize(size);
    std::copy_n(buffer.data(), size, text.data());
    releaseLarge(buffer);
    return handOut(reused);
}

QByteArray &reusable(QByteArray &kept)
{
    if (kept.isDetached()) {
        // A holder on another thread let go with an atomic release: what it read happens before this write.
        std::atomic_thread_fence(std::memory_order_acquire);
        kept.resize(0); // keeps its room
    } else {
        kept = QByteArray(); // the last one is still held, or none was made yet
    }
    return kept;
}

QByteArray handOut(QByteArray &kept)
{
    if (kept.capacity() <= keptBufferBytes)
        return kept;
    return std::exchange(kept, QByteArray());
}

std::string *SortedObject::beginMember(const QString &key)
{
    const size_t keyBegin = m_keys.size();
    appendUtf8(&m_keys, key);
    // One allocation for a small object's values; short keys stay in the string itself.
    if (m_members.isEmpty())
        m_values.reserve(64);
    m_members.append({keyBegin, m_keys.size(), m_values.size(), 0});
    return &m_values;
}

void SortedObject::endMember()
{
    m_members.back().end = m_values.size();
}

std::string_view SortedObject::keyOf(const Member &member) const
{
    return std::string_view(m_keys).substr(member.keyBegin, member.keyEnd - member.keyBegin);
}

std::string_view SortedObject::valueOf(const Member &member) const
{
    return std::string_view(m_values).substr(member.begin, member.end - member.begin);
}

void SortedObject::writeTo(std::string *out)
{
    // Members were written in order, so their values' places tell which came first.
    sortKeepingLast(
        m_members, [this](const Member &member) { return keyOf(member); },
        [](const Member &a, const Member &b) { return a.begin < b.begin; });
    out->reserve(out->size() + m_keys.size() + m_values.size() + size_t(m_members.size()) * 4 + 2);
    out->push_back('{');
    for (qsizetype i = 0; i < m_members.size(); ++i) {
        if (i > 0)
            out->push_back(',');
        appendMember(out, keyOf(m_members[i]), valueOf(m_members[i]));
    }
    out->push_back('}');
}

void appendMember(std::string *out, std::string_view utf8Key, std::string_view json)
{
    appendString(out, QByteArrayView(utf8Key.data(), qsizetype(utf8Key.size())));
    out->push_back(':');
    out->append(json);
}

} // namespace ActionNode::Internal::CompactJson
