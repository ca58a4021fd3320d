#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QVarLengthArray>

#include "packedjson.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace ActionNode::Internal {

/*!
    Writes compact JSON text straight into a std::string, as nlohmann::json
    writes it: UTF-8, only '"', '\\' and control characters escaped (and
    U+FEFF, which QJsonDocument would drop as a byte order mark, and a lone
    surrogate, which UTF-8 cannot hold), whole
    numbers without a fraction, object keys sorted byte-wise. Token payloads
    are built with it because it costs a fraction of building a document
    first (QJsonDocument or nlohmann::json) and serializing that; std::string
    because its appends are inline copies where QByteArray's are not.
*/
namespace CompactJson {

//! \a text as the inside of a JSON string: escaped, without the quotes.
void appendEscaped(std::string *out, QByteArrayView utf8);
void appendEscaped(std::string *out, const QString &text);
void appendString(std::string *out, QByteArrayView utf8);
void appendString(std::string *out, const QString &text);
void appendNumber(std::string *out, double number);
void appendValue(std::string *out, const QJsonValue &value);
//! \a value, a list or an object of the inputs kept packed (whose object keys are sorted byte-wise).
void appendValue(std::string *out, const PackedJson::Value &value);
//! \a value as compact JSON text, for a record kept as text (the stores').
QByteArray text(const QJsonValue &value);
/*!
    A buffer the calling thread keeps for writing one text at a time (a
    token's payload, a run's outputs), handed out empty: a text written in
    it allocates only the QByteArray that takeText() copies it into. No
    writer of it calls another while it writes.
*/
std::string &threadBuffer();
//! The text written in \a buffer (threadBuffer()); a buffer grown large is then freed, not kept for the thread's life.
QByteArray takeText(std::string &buffer);
//! Frees \a buffer (threadBuffer()) when it has grown large, for a writer that read its text in place.
void releaseLarge(std::string &buffer);
/*!
    takeText(), copied into a QByteArray the thread keeps and hands out
    again once no one holds it: a text used and let go before the next one
    (a token's payload, signed and dropped) allocates nothing. A holder that
    keeps it has it unchanged: the next text then gets a QByteArray of its own.
*/
QByteArray takeReusedText(std::string &buffer);
/*!
    For a text written straight into a QByteArray a thread keeps (\a kept,
    thread_local) and handed out with handOut(): \a kept emptied with its
    room when no one else holds it any more, else a new empty one in its
    place, the held one left as it is.
*/
ACTIONNODE_EXPORT QByteArray &reusable(QByteArray &kept);
//! \a kept handed out; one grown past what a thread keeps is given away, not kept.
ACTIONNODE_EXPORT QByteArray handOut(QByteArray &kept);
//! \a utf8Key, escaped and quoted, a colon and \a json as it is.
void appendMember(std::string *out, std::string_view utf8Key, std::string_view json);

/*!
    Sorts \a members by the key \a keyOf gives (std::string_view, so byte-wise)
    and keeps only the last of a repeated key, \a writtenBefore telling which
    of two members was written first. Without the buffer std::stable_sort
    would allocate.
*/
template<typename Members, typename KeyOf, typename WrittenBefore>
void sortKeepingLast(Members &members, KeyOf keyOf, WrittenBefore writtenBefore)
{
    std::sort(members.begin(), members.end(), [&](const auto &a, const auto &b) {
        const std::string_view left = keyOf(a);
        const std::string_view right = keyOf(b);
        return left < right || (left == right && writtenBefore(a, b));
    });
    qsizetype kept = 0;
    for (qsizetype i = 0; i < qsizetype(members.size()); ++i) {
        if (i + 1 < qsizetype(members.size()) && keyOf(members[i + 1]) == keyOf(members[i]))
            continue;
        members[kept++] = members[i];
    }
    members.resize(kept);
}

/*!
    The members of one JSON object, written in any order and put out with
    their keys sorted byte-wise; the last value of a repeated key wins. For
    objects whose keys are not known beforehand: free-form values (a
    declaration's claims have ClaimPlan's order, sorted once).
*/
class SortedObject
{
public:
    //! The buffer to write the value of member \a key to; end it with endMember().
    std::string *beginMember(const QString &key);
    void endMember();

    //! Sorts the members and writes them as one object.
    void writeTo(std::string *out);

private:
    //! Where a member's key and value stand in m_keys and m_values.
    struct Member
    {
        size_t keyBegin;
        size_t keyEnd;
        size_t begin;
        size_t end;
    };
    std::string_view keyOf(const Member &member) const;
    std::string_view valueOf(const Member &member) const;

    QVarLengthArray<Member, 16> m_members;
    std::string m_keys; // raw UTF-8, escaped only when written
    std::string m_values;
};

} // namespace CompactJson

} // namespace ActionNode::Internal
