#pragma once

#include <QString>
#include <QStringView>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ActionNode::Internal {

/*!
    \a text as a standard view, to compare texts inline on the hot path:
    QString's comparisons call Qt's out-of-line compareStrings.
*/
inline std::u16string_view utf16View(QStringView text)
{
    return {text.utf16(), size_t(text.size())};
}

/*!
    Whether every byte of \a bytes is ASCII: such bytes read the same as
    UTF-8, as Latin-1 and widened one by one to UTF-16, so they are used as
    they are, without a conversion.
*/
inline bool isAsciiBytes(std::string_view bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

//! Whether every character of \a text is ASCII: it can be narrowed to bytes one by one, as UTF-8 or Latin-1.
inline bool isAsciiText(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; });
}

//! Writes \a text, for which isAsciiText() holds, into \a out: a byte per character, as UTF-8 or Latin-1.
inline void narrowAscii(QStringView text, char *out)
{
    std::transform(text.begin(), text.end(), out, [](QChar c) { return char(c.unicode()); });
}

/*!
    Values by text for the tables a declaration compiles once and every
    invocation reads (input slots, enum texts, property schemas, claim
    codes), found by a text given as UTF-16 (a QString) or as UTF-8 (a text
    inside a list or an object of the inputs, kept packed: PackedJson).

    The entries are sorted by code point, which is the order of their UTF-8
    bytes, and grouped by their first character. A text is sought only
    among the entries that start as it does: a few are compared lengths
    first, more are searched by halves, all inline. (A binary search of the
    whole table compared the long shared prefixes of names like enable_*
    character by character.) A
    QHash<QString> lookup calls Qt 6.4's AES-based qHash, which stalls on
    some CPUs (some 60 ns a lookup on an Intel Xeon); a search of the few
    dozen entries of a declaration costs a few.
*/
template<typename Value>
class TextTable
{
public:
    //! Sets the value of \a text, replacing any it had.
    void insert(const QString &text, Value value)
    {
        const auto at = lowerBound(m_entries.begin(), m_entries.end(), utf16View(text));
        if (at != m_entries.end() && sameUnits(at->utf16(), utf16View(text))) {
            at->value = std::move(value);
            return;
        }
        m_entries.insert(at, {text, text.toStdString(), std::move(value)});
        if (m_firstOfGroup.empty())
            m_firstOfGroup.assign(groupCount + 1, 0);
        for (size_t group = groupOf(utf16View(text)) + 1; group <= groupCount; ++group)
            ++m_firstOfGroup[group];
    }
    //! The value of \a text, or null when it has none.
    const Value *find(QStringView text) const
    {
        if (m_entries.empty())
            return nullptr;
        const auto [begin, end] = group(groupOf(utf16View(text)));
        if (end - begin <= scannedGroupSize) {
            for (auto entry = begin; entry != end; ++entry) {
                if (sameUnits(entry->utf16(), utf16View(text)))
                    return &entry->value;
            }
            return nullptr;
        }
        const auto at = lowerBound(begin, end, utf16View(text));
        return at != end && sameUnits(at->utf16(), utf16View(text)) ? &at->value : nullptr;
    }
    //! The value of the text whose UTF-8 bytes are \a utf8, or null when it has none.
    const Value *find(std::string_view utf8) const
    {
        if (m_entries.empty())
            return nullptr;
        const auto [begin, end] = group(groupOf(utf8));
        if (end - begin <= scannedGroupSize) {
            for (auto entry = begin; entry != end; ++entry) {
                if (sameUnits(std::string_view(entry->utf8), utf8))
                    return &entry->value;
            }
            return nullptr;
        }
        const auto at = std::lower_bound(begin, end, utf8, [](const Entry &entry, std::string_view sought) {
            return entry.utf8 < sought;
        });
        return at != end && sameUnits(std::string_view(at->utf8), utf8) ? &at->value : nullptr;
    }
    bool contains(QStringView text) const { return find(text) != nullptr; }
    bool contains(std::string_view utf8) const { return find(utf8) != nullptr; }
    bool isEmpty() const { return m_entries.empty(); }
    void clear()
    {
        m_entries.clear();
        m_firstOfGroup.clear();
    }

private:
    struct Entry
    {
        QString text;
        std::string utf8;
        Value value;
        std::u16string_view utf16() const { return utf16View(text); }
    };

    //! Whether \a a comes before \a b in code point order: a surrogate (of a character beyond U+FFFF) after
    //! U+E000 to U+FFFF, as in UTF-8.
    static bool precedes(std::u16string_view a, std::u16string_view b)
    {
        const auto [inA, inB] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
        if (inB == b.end())
            return false;
        if (inA == a.end())
            return true;
        const auto rank = [](char16_t unit) {
            return unit < 0xd800 ? int(unit) : unit >= 0xe000 ? int(unit) - 0x800 : int(unit) + 0x2000;
        };
        return rank(*inA) < rank(*inB);
    }
    // For the table and for its const self alike.
    template<typename Iterator>
    static Iterator lowerBound(Iterator begin, Iterator end, std::u16string_view text)
    {
        return std::lower_bound(begin, end, text, [](const Entry &entry, std::u16string_view sought) {
            return precedes(entry.utf16(), sought);
        });
    }

    //! Whether \a a and \a b hold the same code units: lengths first, which tells most names apart at once.
    template<typename Text>
    static bool sameUnits(Text a, Text b)
    {
        return a.size() == b.size()
               && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(typename Text::value_type)) == 0);
    }

    // Texts grouped by their first character: the empty text, then one group per ASCII character, then all
    // others. The groups follow one another in code point order, as the entries do.
    static constexpr size_t groupCount = 130;
    // Up to this many entries a group is scanned, comparing lengths first; a larger one is searched by halves.
    static constexpr std::ptrdiff_t scannedGroupSize = 16;
    std::pair<typename std::vector<Entry>::const_iterator, typename std::vector<Entry>::const_iterator>
    group(size_t group) const
    {
        return {m_entries.begin() + m_firstOfGroup[group], m_entries.begin() + m_firstOfGroup[group + 1]};
    }
    static size_t groupOf(std::u16string_view text) { return text.empty() ? 0 : text[0] < 0x80 ? text[0] + 1 : 129; }
    static size_t groupOf(std::string_view utf8)
    {
        return utf8.empty() ? 0 : static_cast<unsigned char>(utf8[0]) < 0x80 ? size_t(utf8[0]) + 1 : 129;
    }

    std::vector<Entry> m_entries;
    std::vector<quint32> m_firstOfGroup; //!< where each group begins in m_entries, and the end; empty with them
};

} // namespace ActionNode::Internal
