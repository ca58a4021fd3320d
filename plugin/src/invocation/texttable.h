#pragma once

#include <QString>
#include <QStringView>

#include <algorithm>
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
    invocation reads (input slots, enum texts, property schemas): kept
    sorted by UTF-16 code unit and found by a binary search that compares
    inline. A QHash<QString> lookup calls Qt 6.4's AES-based qHash, which
    stalls on some CPUs (some 60 ns a lookup on an Intel Xeon); a search of
    the few dozen entries of a declaration costs a few.
*/
template<typename Value>
class TextTable
{
public:
    //! Sets the value of \a text, replacing any it had.
    void insert(const QString &text, Value value)
    {
        const auto at = lowerBound(m_entries, view(text));
        if (at != m_entries.end() && view(at->first) == view(text))
            at->second = std::move(value);
        else
            m_entries.insert(at, {text, std::move(value)});
    }
    //! The value of \a text, or null when it has none.
    const Value *find(QStringView text) const
    {
        const auto at = lowerBound(m_entries, view(text));
        return at != m_entries.end() && view(at->first) == view(text) ? &at->second : nullptr;
    }
    bool contains(QStringView text) const { return find(text) != nullptr; }
    bool isEmpty() const { return m_entries.empty(); }
    void clear() { m_entries.clear(); }

private:
    using Entry = std::pair<QString, Value>;
    static std::u16string_view view(QStringView text) { return utf16View(text); }
    // For the table and for its const self alike.
    template<typename Entries>
    static auto lowerBound(Entries &entries, std::u16string_view text)
    {
        return std::lower_bound(entries.begin(), entries.end(), text,
                                [](const Entry &entry, std::u16string_view sought) {
                                    return view(entry.first) < sought;
                                });
    }

    std::vector<Entry> m_entries;
};

} // namespace ActionNode::Internal
