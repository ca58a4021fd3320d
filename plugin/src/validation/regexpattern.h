#pragma once

#include <actionnode/actionnode_global.h>

#include <QString>
#include <QStringView>

#include <memory>

namespace ActionNode::Internal {

/*!
    A JSON Schema \c pattern compiled with PCRE2 (16-bit, UTF, JIT).

    Patterns are matched against text that anyone may send, so a match must
    neither take more than bounded time nor exhaust the stack, as
    std::regex's recursive matcher does on long strings: PCRE2's JIT runs on
    a heap-allocated stack of fixed size, and a match limit stops
    catastrophic backtracking. A search that hits either limit answers
    TooComplex, which callers treat as a failed match.

    \c $ matches only at the very end (ECMAScript's reading; PCRE2 would
    also match before a final newline), and invalid UTF-16 such as a lone
    surrogate is never matched by a character but does not fail the search.
    A compiled pattern may be searched from several threads at once. The
    HTTP host matches request paths to its routes with it too: a search
    allocates nothing, where QRegularExpression allocates its match data
    on each.
*/
class ACTIONNODE_EXPORT RegexPattern
{
public:
    enum class Result { Match, NoMatch, TooComplex };
    //! Where a capturing group matched in the searched text; \c at is -1 for a group that took no part.
    struct Capture
    {
        qsizetype at = -1;
        qsizetype size = 0;
    };

    explicit RegexPattern(const QString &pattern);
    ~RegexPattern();
    RegexPattern(const RegexPattern &) = delete;
    RegexPattern &operator=(const RegexPattern &) = delete;

    bool isValid() const;
    //! Why the pattern did not compile, with the offset of the problem.
    QString errorString() const;

    //! Looks for the pattern anywhere in \a text, as JSON Schema's \c pattern does.
    Result search(QStringView text) const;
    //! The number of capturing groups.
    qsizetype captureCount() const;
    /*!
        search(), and on a match where each of the first \a count
        capturing groups matched, in order, in \a captures, which holds
        \a count entries. A group that took no part, or one past
        captureCount(), gets \c at -1.
    */
    Result search(QStringView text, Capture *captures, qsizetype count) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode::Internal
