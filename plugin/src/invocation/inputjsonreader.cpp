#include "inputjsonreader.h"

#include "actioninputs_p.h"
#include "invocationplan.h"

#include <QJsonArray>
#include <QStringDecoder>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <limits>
#include <vector>

namespace ActionNode::Internal {

namespace {

// QJsonDocument refuses documents nested deeper than this.
constexpr size_t maxDepth = 1024;

// The text of a JSON string nlohmann decoded: QString::fromUtf8 would drop a
// leading U+FEFF (written \ufeff), which is the string's own character here.
QString textOf(const std::string &utf8)
{
    if (utf8.compare(0, 3, "\xEF\xBB\xBF") != 0)
        return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(QByteArrayView(utf8.data(), qsizetype(utf8.size())));
}

// The nlohmann::json SAX interface (see nlohmann::json_sax): each callback
// returns false to stop the parse.
class SlotFiller
{
public:
    SlotFiller(const InvocationPlan &plan, ActionInputsData *inputs) : m_plan(plan), m_inputs(inputs) {}

    bool null() { return put(QJsonValue(QJsonValue::Null)); }
    bool boolean(bool value) { return put(QJsonValue(value)); }
    bool number_integer(std::int64_t value) { return put(QJsonValue(qint64(value))); }
    bool number_unsigned(std::uint64_t value)
    {
        // As QJsonDocument reads it: a whole number beyond qint64 is a double.
        return put(value <= std::uint64_t(std::numeric_limits<qint64>::max()) ? QJsonValue(qint64(value))
                                                                              : QJsonValue(double(value)));
    }
    bool number_float(double value, const std::string &text)
    {
        // QJsonDocument refuses a number too small for a double (1e-400), which nlohmann reads as 0.
        if (value == 0
            && std::any_of(text.begin(),
                           std::find_if(text.begin(), text.end(), [](char c) { return c == 'e' || c == 'E'; }),
                           [](char c) { return c >= '1' && c <= '9'; }))
            return false;
        // QJsonDocument keeps every whole number that fits in a qint64 as an integer.
        constexpr double qint64Bound = 9223372036854775808.0; // 2^63
        if (std::trunc(value) == value && value >= -qint64Bound && value < qint64Bound)
            return put(QJsonValue(qint64(value)));
        return put(QJsonValue(value));
    }
    bool string(std::string &value)
    {
        QString text = textOf(value);
        if (!m_open.empty() || m_slot < 0)
            return put(QJsonValue(text));
        InputSlot &slot = m_inputs->inputSlots[size_t(m_slot)];
        if (!slot.isGiven())
            ++m_inputs->given;
        slot.kind = InputSlot::Kind::String;
        slot.text = std::move(text);
        slot.value = QJsonValue(QJsonValue::Undefined);
        return true;
    }
    bool binary(nlohmann::json::binary_t &) { return false; }
    bool start_object(std::size_t)
    {
        if (!m_started) {
            m_started = true;
            return true;
        }
        return open(true);
    }
    bool key(std::string &key)
    {
        if (!m_open.empty()) {
            m_open.back().key = textOf(key);
            return true;
        }
        m_slot = m_plan.slotOf(std::string_view(key));
        if (m_slot < 0)
            m_extraKey = textOf(key);
        return true;
    }
    bool end_object() { return m_open.empty() ? true : close(); }
    bool start_array(std::size_t) { return m_started && open(false); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) { return false; }

private:
    struct Open
    {
        bool isObject;
        QJsonObject object;
        QJsonArray array;
        QString key; //!< the member being read, in an object
    };

    bool open(bool isObject)
    {
        if (m_open.size() + 1 >= maxDepth)
            return false;
        m_open.push_back({isObject, {}, {}, {}});
        return true;
    }
    bool close()
    {
        Open closed = std::move(m_open.back());
        m_open.pop_back();
        return put(closed.isObject ? QJsonValue(closed.object) : QJsonValue(closed.array));
    }
    bool put(const QJsonValue &value)
    {
        if (!m_started)
            return false; // a scalar document: not an object
        if (!m_open.empty()) {
            Open &inner = m_open.back();
            if (inner.isObject)
                inner.object.insert(inner.key, value);
            else
                inner.array.append(value);
            return true;
        }
        if (m_slot < 0) {
            m_inputs->extras.insert(m_extraKey, value);
            return true;
        }
        InputSlot &slot = m_inputs->inputSlots[size_t(m_slot)];
        if (!slot.isGiven())
            ++m_inputs->given;
        slot.kind = value.isString() ? InputSlot::Kind::String : InputSlot::Kind::Other;
        slot.text = value.isString() ? value.toString() : QString();
        slot.value = value;
        return true;
    }

    const InvocationPlan &m_plan;
    ActionInputsData *m_inputs;
    bool m_started = false;
    int m_slot = -1;
    QString m_extraKey;
    std::vector<Open> m_open;
};

} // namespace

bool InputJsonReader::read(QByteArrayView json, const InvocationPlan &plan, ActionInputsData *inputs)
{
    // QJsonDocument drops a byte order mark (U+FEFF as UTF-8) wherever it
    // stands and refuses a NUL byte; nlohmann keeps the one and stops at the
    // other as at the end of the text.
    const std::string_view text(json.data(), size_t(json.size()));
    if (text.find("\xEF\xBB\xBF") != std::string_view::npos || text.find('\0') != std::string_view::npos)
        return false;
    SlotFiller filler(plan, inputs);
    return nlohmann::json::sax_parse(json.begin(), json.end(), &filler);
}

} // namespace ActionNode::Internal
