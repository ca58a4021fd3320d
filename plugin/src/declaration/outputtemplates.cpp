#include "outputtemplates.h"

#include "actioninputs_p.h"
#include "nlohmannjson.h"

#include <QUrl>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ActionNode::Internal {

namespace {

// RFC 3986's unreserved characters, as a table: a join URL's token is checked on every call.
constexpr std::array<bool, 128> unreservedTable = [] {
    std::array<bool, 128> table{};
    for (char c = 'a'; c <= 'z'; ++c)
        table[size_t(c)] = true;
    for (char c = 'A'; c <= 'Z'; ++c)
        table[size_t(c)] = true;
    for (char c = '0'; c <= '9'; ++c)
        table[size_t(c)] = true;
    for (char c : {'-', '_', '.', '~'})
        table[size_t(c)] = true;
    return table;
}();

#if defined(__SSE2__)
// Eight characters of \a c at a time: letters (any case), digits and "-._~".
// The compares are signed, so characters from U+8000 on fail every range.
bool eightAreUnreserved(const char16_t *c)
{
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(c));
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi16(0x20)); // nothing above 'z' becomes a letter
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi16(lower, _mm_set1_epi16(u'a' - 1)),
                                         _mm_cmplt_epi16(lower, _mm_set1_epi16(u'z' + 1)));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16(u'0' - 1)),
                                        _mm_cmplt_epi16(v, _mm_set1_epi16(u'9' + 1)));
    const __m128i mark =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v, _mm_set1_epi16(u'-')), _mm_cmpeq_epi16(v, _mm_set1_epi16(u'.'))),
                     _mm_or_si128(_mm_cmpeq_epi16(v, _mm_set1_epi16(u'_')), _mm_cmpeq_epi16(v, _mm_set1_epi16(u'~'))));
    return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), mark)) == 0xffff;
}
#endif

bool isUnreservedText(QStringView text)
{
    const char16_t *c = text.utf16();
    const char16_t *const end = c + text.size();
#if defined(__SSE2__)
    // A join URL's token, some 300 characters, is checked on every call.
    for (; end - c >= 8; c += 8) {
        if (!eightAreUnreserved(c))
            return false;
    }
#endif
    for (; c != end; ++c) {
        if (*c >= 128 || !unreservedTable[*c])
            return false;
    }
    return true;
}

// The same for text kept as bytes (a token signed as UTF-8): unreserved characters are ASCII, read alike in
// a UTF-8 view and a Latin-1 one (Qt 6.4 built with clang tags ASCII bytes Latin-1).
template<typename Bytes>
bool isUnreservedBytes(Bytes text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 128 && unreservedTable[byte];
    });
}

void appendEncoded(QString *out, QAnyStringView value)
{
    // Tokens and room names are nearly always unreserved: skip the encoder then.
    const bool unreserved = value.visit([out](auto text) {
        if constexpr (std::is_same_v<decltype(text), QStringView>) {
            if (!isUnreservedText(text))
                return false;
            out->append(text);
        } else {
            if (!isUnreservedBytes(text))
                return false;
            out->append(QLatin1StringView(text.data(), text.size())); // ASCII: the same characters
        }
        return true;
    });
    if (unreserved)
        return;
    // UTF-8 read as utf8Text() reads it: QAnyStringView::toString() would drop a leading U+FEFF.
    const QString text = value.visit([](auto view) -> QString {
        if constexpr (std::is_same_v<decltype(view), QUtf8StringView>)
            return utf8Text(std::string_view(view.data(), size_t(view.size())));
        else
            return view.toString();
    });
    out->append(QString::fromLatin1(QUrl::toPercentEncoding(text)));
}

// An output as placeholder text: a text as it is kept (no conversion), a number or a boolean written out
// into \a written.
QAnyStringView textOf(const ActionOutputs &outputs, const QString &name, QString *written)
{
    if (const QAnyStringView text = outputs.textView(name); !text.isEmpty())
        return text;
    const QJsonValue value = outputs.value(name);
    if (value.isDouble())
        *written = QString::number(value.toInteger());
    else if (value.isBool())
        *written = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return *written;
}

// An input as placeholder text: a text as it is kept (a QString or UTF-8 bytes, no conversion), another value
// as ActionInputs::text() writes it, into \a written.
QAnyStringView inputTextOf(const ActionInputs &inputs, const QString &key, QString *written)
{
    if (const int slot = inputs.slotOf(key); slot >= 0) {
        const InputSlot &input = ActionInputsData::of(inputs).inputSlots[size_t(slot)];
        if (input.isText())
            return input.textView();
    }
    *written = inputs.text(key);
    return *written;
}

} // namespace

bool OutputTemplates::read(const QJsonObject &templates, const QStringList &inputKeys, QString *pointer, QString *error)
{
    for (auto it = templates.begin(); it != templates.end(); ++it) {
        *pointer = QStringLiteral("/transport/outputTemplates/") + it.key();
        const QString text = it.value().toString();
        Output output{it.key(), {}};
        qsizetype position = 0;
        while (position < text.size()) {
            const qsizetype open = text.indexOf(QLatin1Char('{'), position);
            if (open < 0)
                break;
            const qsizetype close = text.indexOf(QLatin1Char('}'), open);
            if (close < 0) {
                *error = QStringLiteral("a '{' at %1 is not closed").arg(open);
                return false;
            }
            if (open > position)
                output.parts.append({Scope::Literal, text.mid(position, open - position)});
            const QString name = text.mid(open + 1, close - open - 1);
            const qsizetype dot = name.indexOf(QLatin1Char('.'));
            const QString scope = name.left(dot);
            const QString key = name.mid(dot + 1);
            if (dot < 0 || key.isEmpty()) {
                *error = QStringLiteral("placeholder {%1} must be {connection.x}, {inputs.x} or {outputs.x}").arg(name);
                return false;
            }
            if (scope == QLatin1String("connection")) {
                output.parts.append({Scope::Connection, key});
            } else if (scope == QLatin1String("inputs")) {
                if (!inputKeys.contains(key)) {
                    *error = QStringLiteral("placeholder {%1}: \"%2\" is not a property of /inputs").arg(name, key);
                    return false;
                }
                output.parts.append({Scope::Inputs, key});
            } else if (scope == QLatin1String("outputs")) {
                output.parts.append({Scope::Outputs, key});
            } else {
                *error = QStringLiteral("placeholder {%1} must be {connection.x}, {inputs.x} or {outputs.x}").arg(name);
                return false;
            }
            position = close + 1;
        }
        if (position < text.size())
            output.parts.append({Scope::Literal, text.mid(position)});
        for (Part &part : output.parts) {
            if (part.scope == Scope::Connection)
                part.setting = m_settingCount++;
        }
        m_outputs.append(output);
    }
    pointer->clear();
    return true;
}

QStringList OutputTemplates::connectionSettings() const
{
    QStringList settings;
    for (const Output &output : m_outputs) {
        for (const Part &part : output.parts) {
            if (part.scope == Scope::Connection)
                settings.append(part.text);
        }
    }
    return settings;
}

QStringList OutputTemplates::settingsOf(const Connection &connection) const
{
    QStringList values;
    for (const QString &setting : connectionSettings())
        values.append(connection.value(setting));
    return values;
}

void OutputTemplates::apply(ActionOutputs *outputs, const ActionInputs &inputs, const Connection &connection) const
{
    apply(outputs, inputs, settingsOf(connection));
}

void OutputTemplates::apply(ActionOutputs *outputs, const ActionInputs &inputs, const QStringList &settings) const
{
    for (const Output &output : m_outputs) {
        // Values first, so that the text is allocated once at its final size. A value is a view of a
        // setting (kept in owned), an input or an output: a text as it is kept, another value written into owned.
        QVarLengthArray<QAnyStringView, 8> values;
        QVarLengthArray<QString, 8> owned;
        qsizetype length = 0;
        bool complete = true;
        for (const Part &part : output.parts) {
            if (part.scope == Scope::Literal) {
                length += part.text.size();
                continue;
            }
            // Templates naming a secret setting are refused when the provider loads.
            QAnyStringView value;
            owned.append(QString());
            if (part.scope == Scope::Outputs)
                value = textOf(*outputs, part.text, &owned.back());
            else if (part.scope == Scope::Inputs)
                value = inputTextOf(inputs, part.text, &owned.back());
            else
                value = owned.back() = settings.at(part.setting); // shared, not copied
            if (value.isEmpty()) {
                complete = false;
                break;
            }
            length += value.size();
            values.append(value);
        }
        if (!complete)
            continue;
        QString text;
        text.reserve(length);
        qsizetype next = 0;
        for (const Part &part : output.parts) {
            if (part.scope == Scope::Literal)
                text.append(part.text);
            else
                appendEncoded(&text, values[next++]);
        }
        outputs->insertText(output.key, text);
    }
}

} // namespace ActionNode::Internal
