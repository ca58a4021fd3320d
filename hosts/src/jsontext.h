#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace ActionNode {

/*!
    The one reader of JSON text that users hand to the command line: the
    \c --input file, \c key:=json arguments, \c batch lines and MCP messages.

    QJsonDocument accepts raw control characters, NUL included, inside
    strings, which RFC 8259 forbids; this reader refuses them (and any
    control character outside strings but the whitespace JSON allows) before
    Qt parses the rest, so that the same bytes give the same answer
    wherever they come from.
*/
class JsonText
{
public:
    /*!
        Parses \a text as one JSON value of any type. On failure returns an
        undefined value and sets \a errorString ("not valid JSON: ... at
        column N").
    */
    static QJsonValue parse(const QByteArray &text, QString *errorString);

    /*!
        The column (from 1) of the first control character \a text must not
        hold, or 0 when there is none.
    */
    static qsizetype forbiddenControlCharacter(const QByteArray &text);
};

} // namespace ActionNode
