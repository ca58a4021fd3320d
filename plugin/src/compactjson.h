#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <string>
#include <vector>

namespace ActionNode {

/*!
    Writes compact JSON text straight into a byte array, as nlohmann::json
    writes it: UTF-8, only '"', '\\' and control characters escaped, whole
    numbers without a fraction, object keys sorted byte-wise. Token payloads
    are built with it because it costs a fraction of building a document
    first (QJsonDocument or nlohmann::json) and serializing that. It writes to
    std::string, whose appends are inline copies where QByteArray's are not.
*/
namespace CompactJson {

void appendString(std::string *out, QByteArrayView utf8);
void appendString(std::string *out, const QString &text);
void appendNumber(std::string *out, double number);
void appendValue(std::string *out, const QJsonValue &value);

/*!
    The members of one JSON object, written in any order and put out with
    their keys sorted byte-wise; the last value of a repeated key wins.
*/
class SortedObject
{
public:
    //! The buffer to write the value of member \a utf8Key to; end it with endMember().
    std::string *beginMember(const QByteArray &utf8Key);
    void endMember();
    void writeTo(std::string *out);

private:
    struct Member
    {
        QByteArray key;
        size_t begin;
        size_t end;
    };
    std::vector<Member> m_members;
    std::string m_values;
};

} // namespace CompactJson

} // namespace ActionNode
