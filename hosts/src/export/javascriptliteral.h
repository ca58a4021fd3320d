#pragma once

#include <QJsonValue>
#include <QString>

namespace ActionNode {

/*!
    JSON values written as JavaScript (and TypeScript) source: object keys
    that are identifiers stand unquoted, as linters of generated packages
    read them (a quoted key is not the property they look for); other keys
    and strings are JSON strings, which JavaScript reads alike. Nested
    values are indented with tabs from \a depth on, one entry a line with a
    trailing comma; empty objects and arrays stay on one line. The same
    value gives the same text.
*/
class JavaScriptLiteral
{
public:
    static QString write(const QJsonValue &value, int depth = 0);
    //! \a text as a JavaScript string literal.
    static QString string(const QString &text);
};

} // namespace ActionNode
