#include "compactjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ActionNode::CompactJson {

void appendString(std::string *out, QByteArrayView utf8)
{
    out->push_back('"');
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8.at(i));
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
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
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out->append(escape, sizeof escape);
        }
        }
    }
    out->append(utf8.data() + plainFrom, size_t(utf8.size() - plainFrom));
    out->push_back('"');
}

void appendString(std::string *out, const QString &text)
{
    // Most values are ASCII: write them without a UTF-8 copy first.
    const bool ascii = std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
    if (!ascii)
        return appendString(out, QByteArrayView(text.toUtf8()));
    char buffer[256];
    if (text.size() > qsizetype(sizeof buffer))
        return appendString(out, QByteArrayView(text.toLatin1()));
    std::transform(text.begin(), text.end(), buffer, [](QChar c) { return char(c.unicode()); });
    appendString(out, QByteArrayView(buffer, text.size()));
}

void appendNumber(std::string *out, double number)
{
    if (std::trunc(number) == number && std::fabs(number) < static_cast<double>(std::numeric_limits<qint64>::max()))
        out->append(std::to_string(static_cast<qint64>(number)));
    else
        out->append(QByteArray::number(number, 'g', QLocale::FloatingPointShortest).toStdString());
}

void appendValue(std::string *out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        out->append(value.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double:
        appendNumber(out, value.toDouble());
        return;
    case QJsonValue::String:
        appendString(out, value.toString());
        return;
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
            appendValue(object.beginMember(it.key().toUtf8()), it.value());
            object.endMember();
        }
        object.writeTo(out);
        return;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    out->append("null");
}

std::string *SortedObject::beginMember(const QByteArray &utf8Key)
{
    if (m_members.empty()) {
        m_members.reserve(16);
        m_values.reserve(256);
    }
    m_members.push_back({utf8Key, m_values.size(), 0});
    return &m_values;
}

void SortedObject::endMember()
{
    m_members.back().end = m_values.size();
}

void SortedObject::writeTo(std::string *out)
{
    // Members were written in order, so begin breaks ties as a stable sort would, without its buffer.
    std::sort(m_members.begin(), m_members.end(), [](const Member &a, const Member &b) {
        return a.key < b.key || (a.key == b.key && a.begin < b.begin);
    });
    out->reserve(out->size() + m_values.size() + m_members.size() * 8 + 2);
    out->push_back('{');
    bool first = true;
    for (size_t i = 0; i < m_members.size(); ++i) {
        if (i + 1 < m_members.size() && m_members[i + 1].key == m_members[i].key)
            continue;
        if (!first)
            out->push_back(',');
        first = false;
        appendString(out, QByteArrayView(m_members[i].key));
        out->push_back(':');
        out->append(m_values, m_members[i].begin, m_members[i].end - m_members[i].begin);
    }
    out->push_back('}');
}

} // namespace ActionNode::CompactJson
