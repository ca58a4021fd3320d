#include "resultline.h"

#include "compactjson.h"
#include "decimaltext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <type_traits>

namespace ActionNode {

namespace ResultLine {

namespace {

void appendValue(QByteArray *out, const QJsonValue &value);

// Everything QJsonDocument writes in a way of its own (escapes, numbers) is
// left to it: a one-element array's text without its brackets.
void appendAsQtWritesIt(QByteArray *out, const QJsonValue &value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    out->append(QByteArrayView(text).sliced(1, text.size() - 2));
}

// Copies \a text when it is printable ASCII without a quote or backslash;
// false (with \a out as it was) otherwise.
template<typename View>
bool appendPlainString(QByteArray *out, View text)
{
    const qsizetype start = out->size();
    out->resize(start + text.size() + 2);
    char *to = out->data() + start;
    *to++ = '"';
    for (const auto c : text) {
        char16_t u;
        if constexpr (std::is_same_v<View, QStringView>)
            u = c.unicode();
        else
            u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e || u == '"' || u == '\\') {
            out->truncate(start);
            return false;
        }
        *to++ = char(u);
    }
    *to = '"';
    return true;
}

// A text kept as UTF-16 or as bytes (ActionOutputs::textView()), converted only when not plain. Plain
// text is ASCII, which a UTF-8 view and a Latin-1 one (as Qt 6.4 tags ASCII bytes, built with clang) read alike.
void appendString(QByteArray *out, QAnyStringView text)
{
    const bool plain = text.visit([out](auto view) { return appendPlainString(out, view); });
    if (!plain)
        appendAsQtWritesIt(out, text.toString());
}

void appendObject(QByteArray *out, const QJsonObject &object)
{
    // Iterated in the order QJsonDocument writes the members in.
    out->append('{');
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it != object.begin())
            out->append(',');
        appendString(out, it.key());
        out->append(':');
        appendValue(out, it.value());
    }
    out->append('}');
}

void appendOutputs(QByteArray *out, const ActionOutputs &outputs)
{
    // ActionOutputs keeps QJsonObject's order; texts are written without a JSON value.
    out->append('{');
    for (qsizetype i = 0; i < outputs.size(); ++i) {
        if (i > 0)
            out->append(',');
        appendString(out, outputs.nameAt(i));
        out->append(':');
        if (outputs.isTextAt(i))
            appendString(out, outputs.textViewAt(i));
        else
            appendValue(out, outputs.valueAt(i));
    }
    out->append('}');
}

// A JSON array of \a items, each written by \a appendItem.
template<typename Items, typename AppendItem>
void appendArrayOf(QByteArray *out, const Items &items, AppendItem appendItem)
{
    out->append('[');
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out->append(',');
        appendItem(out, items.at(i));
    }
    out->append(']');
}

void appendErrors(QByteArray *out, const ActionErrors &errors)
{
    appendArrayOf(out, errors, [](QByteArray *to, const ActionError &error) { appendObject(to, error.toJson()); });
}

void appendValue(QByteArray *out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: appendString(out, value.toString()); return;
    case QJsonValue::Object: appendObject(out, value.toObject()); return;
    case QJsonValue::Array: appendArrayOf(out, value.toArray(), appendValue); return;
    case QJsonValue::Bool: out->append(value.toBool() ? "true" : "false"); return;
    case QJsonValue::Null:
    case QJsonValue::Double:
    case QJsonValue::Undefined: appendAsQtWritesIt(out, value); return;
    }
}

// The members in the order QJsonDocument writes them: errors, line (when \a lineNumber is set), outputs, status,
// warnings.
void appendResult(QByteArray *out, const ActionResult &result, std::optional<qint64> lineNumber)
{
    out->append('{');
    if (!result.isSuccess()) {
        out->append("\"errors\":");
        appendErrors(out, result.errors);
    }
    if (lineNumber) {
        if (!result.isSuccess())
            out->append(',');
        out->append("\"line\":");
        appendDecimal(out, *lineNumber);
    }
    if (result.isSuccess()) {
        if (lineNumber)
            out->append(',');
        out->append("\"outputs\":");
        appendOutputs(out, result.outputs);
    }
    out->append(",\"status\":");
    appendString(out, ActionResult::statusName(result.status));
    if (!result.warnings.isEmpty()) {
        out->append(",\"warnings\":");
        appendErrors(out, result.warnings);
    }
    out->append('}');
}

} // namespace

QByteArray write(const ActionResult &result, qint64 lineNumber)
{
    QByteArray line;
    line.reserve(1024);
    append(&line, result, lineNumber);
    return line;
}

void append(QByteArray *out, const ActionResult &result, qint64 lineNumber)
{
    appendResult(out, result, lineNumber);
    out->append('\n');
}

QByteArray document(const ActionResult &result)
{
    // An answer is nearly always sent and let go before the next one is written: the thread then writes each in
    // the same bytes (one a socket still holds keeps its own).
    thread_local QByteArray kept;
    QByteArray &text = Internal::CompactJson::reusable(kept);
    text.reserve(1024);
    appendResult(&text, result, std::nullopt);
    return Internal::CompactJson::handOut(kept);
}

} // namespace ResultLine

} // namespace ActionNode
