#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QVarLengthArray>

#include <string>
#include <string_view>

namespace ActionNode::Internal {

/*!
    Writes compact JSON text straight into a std::string, as nlohmann::json
    writes it: UTF-8, only '"', '\\' and control characters escaped, whole
    numbers without a fraction, object keys sorted byte-wise. Token payloads
    are built with it because it costs a fraction of building a document
    first (QJsonDocument or nlohmann::json) and serializing that; std::string
    because its appends are inline copies where QByteArray's are not.
*/
namespace CompactJson {

//! \a text as UTF-8, as it is: no quotes, no escapes.
void appendUtf8(std::string *out, const QString &text);
//! \a text as the inside of a JSON string: escaped, without the quotes.
void appendEscaped(std::string *out, QByteArrayView utf8);
void appendEscaped(std::string *out, const QString &text);
void appendString(std::string *out, QByteArrayView utf8);
void appendString(std::string *out, const QString &text);
void appendNumber(std::string *out, double number);
void appendValue(std::string *out, const QJsonValue &value);

/*!
    The members of one JSON object, written in any order and put out with
    their keys sorted byte-wise; the last value of a repeated key wins. For
    objects whose keys are not known beforehand (claims have ClaimPlan's
    order, sorted once).
*/
class SortedObject
{
public:
    //! The buffer to write the value of member \a utf8Key to; end it with endMember().
    std::string *beginMember(QByteArrayView utf8Key);
    std::string *beginMember(const QString &key);
    void endMember();
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

    QVarLengthArray<Member, 16> m_members;
    std::string m_keys; // raw UTF-8, escaped only when written
    std::string m_values;
};

} // namespace CompactJson

} // namespace ActionNode::Internal
