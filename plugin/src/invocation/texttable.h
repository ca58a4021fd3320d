#pragma once

#include <QString>
#include <QStringView>

#include <algorithm>
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
    Values by text for the tables a declaration compiles once and every
    invocation reads (input slots, enum texts, property schemas, claim
    codes), found by a text given as UTF-16 (a QString) or as UTF-8 (a text
    inside a list or an object of the inputs, kept as nlohmann::json).

    The entries are sorted by code point, which is the order of their UTF-8
    bytes, and found by a binary search that compares inline. A
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
        const auto at = lowerBound(m_entries, utf16View(text));
        if (at != m_entries.end() && at->utf16() == utf16View(text))
            at->value = std::move(value);
        else
            m_entries.insert(at, {text, text.toStdString(), std::move(value)});
    }
    //! The value of \a text, or null when it has none.
    const Value *find(QStringView text) const
    {
        const auto at = lowerBound(m_entries, utf16View(text));
        return at != m_entries.end() && at->utf16() == utf16View(text) ? &at->value : nullptr;
    }
    //! The value of the text whose UTF-8 bytes are \a utf8, or null when it has none.
    const Value *find(std::string_view utf8) const
    {
        const auto at = std::lower_bound(m_entries.begin(), m_entries.end(), utf8,
                                         [](const Entry &entry, std::string_view sought) {
                                             return entry.utf8 < sought;
                                         });
        return at != m_entries.end() && at->utf8 == utf8 ? &at->value : nullptr;
    }
    bool contains(QStringView text) const { return find(text) != nullptr; }
    bool contains(std::string_view utf8) const { return find(utf8) != nullptr; }
    bool isEmpty() const { return m_entries.empty(); }
    void clear() { m_entries.clear(); }

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
    template<typename Entries>
    static auto lowerBound(Entries &entries, std::u16string_view text)
    {
        return std::lower_bound(entries.begin(), entries.end(), text,
                                [](const Entry &entry, std::u16string_view sought) {
                                    return precedes(entry.utf16(), sought);
                                });
    }

    std::vector<Entry> m_entries;
};

} // namespace ActionNode::Internal
