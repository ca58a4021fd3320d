#include "inputjsonreader.h"

#include "actioninputs_p.h"
#include "invocationplan.h"
#include "nlohmannjson.h"
#include "packedjson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ActionNode::Internal {

namespace ondemand = simdjson::ondemand;

namespace {

// Texts up to this size share one parser (and one buffer for compact()) per
// thread; a longer one gets its own, freed after it, so that one large body
// does not keep several times its size allocated for the life of the thread.
constexpr size_t reusedCapacity = 16 * 1024;

// simdjson reads up to SIMDJSON_PADDING bytes past the end of the text: the
// text is copied into a buffer that has them, kept from text to text.
class PaddedParser
{
public:
    explicit PaddedParser(size_t capacity) : m_padded(capacity + simdjson::SIMDJSON_PADDING)
    {
        // Should this allocation fail, iterate() tries again and fails: the text is declined.
        [[maybe_unused]] const simdjson::error_code allocated = m_parser.allocate(capacity);
    }

    simdjson::simdjson_result<ondemand::document> iterate(std::string_view text)
    {
        if (m_padded.size() < text.size() + simdjson::SIMDJSON_PADDING)
            m_padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
        // std::copy rather than memcpy: an empty text may have no data at all.
        std::fill_n(std::copy(text.begin(), text.end(), m_padded.begin()), simdjson::SIMDJSON_PADDING, '\0');
        return m_parser.iterate(m_padded.data(), text.size(), m_padded.size());
    }

private:
    ondemand::parser m_parser;
    std::vector<char> m_padded;
};

// The value written \a text, read by QJsonDocument itself: what it reads
// is then by construction what it reads in the whole document. The
// brackets around the text stand for the root object, so that nesting
// counts as in the whole document.
bool readAsQJsonDocument(std::string_view text, QJsonValue *read)
{
    QByteArray wrapped;
    wrapped.reserve(qsizetype(text.size()) + 2);
    wrapped.append('[').append(text.data(), qsizetype(text.size())).append(']');
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError)
        return false;
    *read = document.array().at(0);
    return true;
}

// An integer that fits a qint64 is read by simdjson, exactly as QJsonDocument
// reads it. Any other number is left to QJsonDocument, which has its own
// rules (1e-400 refused, a whole double within qint64 kept as an integer),
// and simdjson 3.0.1 misreads some numbers of more than 19 digits
// (0.000727858237540662875002).
bool readNumber(ondemand::value &value, QJsonValue *read)
{
    ondemand::number_type type;
    if (value.get_number_type().get(type) != simdjson::SUCCESS)
        return false;
    int64_t integer = 0;
    if (type == ondemand::number_type::signed_integer && value.get_int64().get(integer) == simdjson::SUCCESS) {
        *read = QJsonValue(qint64(integer));
        return true;
    }
    const std::string_view text = value.raw_json_token();
    double skipped = 0; // get_double() moves past the number (and refuses one too large for a double)
    return value.get_double().get(skipped) == simdjson::SUCCESS && readAsQJsonDocument(text, read);
}

// The value of a member of the root object that no field declares.
bool readValue(ondemand::value value, QJsonValue *read)
{
    ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS)
        return false;
    // Qt 6.4 builds its containers from text about twice as cheaply as
    // value by value (QJsonArray::append converts each value to CBOR and back).
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        std::string_view text;
        return value.get_object().get(object) == simdjson::SUCCESS && object.raw_json().get(text) == simdjson::SUCCESS
               && readAsQJsonDocument(text, read);
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        std::string_view text;
        return value.get_array().get(array) == simdjson::SUCCESS && array.raw_json().get(text) == simdjson::SUCCESS
               && readAsQJsonDocument(text, read);
    }
    case ondemand::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS)
            return false;
        *read = utf8Text(text);
        return true;
    }
    case ondemand::json_type::number: return readNumber(value, read);
    case ondemand::json_type::boolean: {
        bool flag = false;
        if (value.get_bool().get(flag) != simdjson::SUCCESS)
            return false;
        *read = flag;
        return true;
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        if (value.is_null().get(isNull) != simdjson::SUCCESS || !isNull)
            return false;
        *read = QJsonValue(QJsonValue::Null);
        return true;
    }
    }
    return false;
}

// QJsonDocument's deepest nesting of lists and objects, the root object being the first.
constexpr int nestingLimit = 1024;

/*
    A list or an object of a declared field, at nesting \a depth, written to
    \a packed (what its slot keeps) as QJsonDocument reads it: texts as they
    are, numbers as readNumber() reads them, a repeated member's last value
    kept.
*/
bool readNested(ondemand::value value, int depth, PackedJson::Writer *packed, bool *repeated)
{
    ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS)
        return false;
    const bool container = type == ondemand::json_type::object || type == ondemand::json_type::array;
    if (container && depth > nestingLimit)
        return false;
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS)
            return false;
        const qsizetype written = packed->beginObject();
        for (auto member : object) {
            std::string_view key;
            ondemand::value item;
            if (member.unescaped_key().get(key) != simdjson::SUCCESS || member.value().get(item) != simdjson::SUCCESS)
                return false;
            packed->writeKey(key);
            if (!readNested(item, depth + 1, packed, repeated))
                return false;
        }
        *repeated = packed->endObject(written) || *repeated;
        return true;
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS)
            return false;
        const qsizetype written = packed->beginArray();
        for (auto element : array) {
            ondemand::value item;
            if (element.get(item) != simdjson::SUCCESS || !readNested(item, depth + 1, packed, repeated))
                return false;
        }
        packed->endArray(written);
        return true;
    }
    case ondemand::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS)
            return false;
        packed->writeText(text);
        return true;
    }
    default: {
        // A number, a boolean or null: read as a member of the root is.
        QJsonValue scalar;
        if (!readValue(value, &scalar))
            return false;
        packed->writeValue(scalar);
        return true;
    }
    }
}

// The slot of a member, counted as given the first time (a repeated member keeps its last value).
InputSlot &givenSlot(int slotIndex, ActionInputsData *inputs, bool *repeated)
{
    InputSlot &slot = inputs->inputSlots[size_t(slotIndex)];
    if (slot.isGiven())
        *repeated = true;
    else
        ++inputs->given;
    return slot;
}

// The members of the root object into the slots of their fields, the others into extras.
bool readInputs(ondemand::object root, const InvocationPlan &plan, ActionInputsData *inputs, bool *repeated)
{
    for (auto member : root) {
        std::string_view key;
        ondemand::value value;
        if (member.unescaped_key().get(key) != simdjson::SUCCESS || member.value().get(value) != simdjson::SUCCESS)
            return false;
        const int slotIndex = plan.slotOf(key);
        ondemand::json_type type{};
        if (slotIndex >= 0 && value.type().get(type) == simdjson::SUCCESS && type == ondemand::json_type::string) {
            // The common case, kept a text without a QJsonValue around it.
            std::string_view text;
            if (value.get_string().get(text) != simdjson::SUCCESS)
                return false;
            givenSlot(slotIndex, inputs, repeated) = InputSlot::ofUtf8(text);
            continue;
        }
        if (slotIndex >= 0 && (type == ondemand::json_type::array || type == ondemand::json_type::object)) {
            // One writer per thread: its buffer is kept from value to value, so each takes one allocation.
            thread_local PackedJson::Writer packed;
            packed.clear(); // empty unless a read before it ended by an exception
            if (!readNested(value, 2, &packed, repeated)) {
                packed.clear(); // and its buffer let go, if a large value left it large
                return false;
            }
            givenSlot(slotIndex, inputs,
                      repeated) = {InputSlot::Kind::Nested, {}, QJsonValue::Undefined, packed.take(), {}};
            continue;
        }
        const QString extraKey = slotIndex < 0 ? utf8Text(key) : QString();
        QJsonValue read;
        if (!readValue(value, &read))
            return false;
        if (slotIndex < 0) {
            // QJsonDocument read an undeclared list or object, and does not say whether it repeats a member.
            *repeated = *repeated || read.isObject() || read.isArray() || inputs->extras.contains(extraKey);
            inputs->extras.insert(extraKey, read);
            continue;
        }
        // A number, a boolean or null: texts, lists and objects took the paths above.
        givenSlot(slotIndex, inputs, repeated) = InputSlot::of(read);
    }
    return true;
}

bool readDocument(PaddedParser &parser, std::string_view text, const InvocationPlan &plan, ActionInputsData *inputs,
                  bool *repeated)
{
    ondemand::document document;
    ondemand::object root;
    if (parser.iterate(text).get(document) != simdjson::SUCCESS || document.get_object().get(root) != simdjson::SUCCESS
        || !readInputs(root, plan, inputs, repeated))
        return false;
    // Anything after the object ("{}{}") is an error for QJsonDocument:
    // current_location() is out of bounds only at the end of the text.
    const char *after = nullptr;
    return document.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
}

} // namespace

bool InputJsonReader::read(QByteArrayView json, const InvocationPlan &plan, ActionInputsData *inputs,
                           bool *repeatedMember)
{
    // QJsonDocument drops a byte order mark (U+FEFF as UTF-8) wherever it
    // stands, which simdjson keeps, and refuses a NUL byte anywhere.
    const std::string_view text(json.data(), size_t(json.size()));
    if (text.find("\xEF\xBB\xBF") != std::string_view::npos || text.find('\0') != std::string_view::npos)
        return false;
    if (text.size() <= reusedCapacity) {
        thread_local PaddedParser reused(reusedCapacity);
        return readDocument(reused, text, plan, inputs, repeatedMember);
    }
    PaddedParser ownParser(text.size());
    return readDocument(ownParser, text, plan, inputs, repeatedMember);
}

QByteArray InputJsonReader::compact(const QByteArray &json)
{
    // Minified into a buffer kept by the thread: most texts have nothing to drop and are shared as they are.
    // The padding beyond the text's size: its SIMD stores may write whole blocks.
    thread_local std::string buffer;
    buffer.resize(size_t(json.size()) + simdjson::SIMDJSON_PADDING);
    size_t length = 0;
    // It only fails on a string left open, which read() would not have taken.
    const bool minified = simdjson::minify(json.data(), size_t(json.size()), buffer.data(), length)
                          == simdjson::SUCCESS;
    QByteArray compacted = !minified || length == size_t(json.size()) ? json
                                                                      : QByteArray(buffer.data(), qsizetype(length));
    if (buffer.capacity() > reusedCapacity + simdjson::SIMDJSON_PADDING)
        std::string().swap(buffer);
    return compacted;
}

} // namespace ActionNode::Internal
