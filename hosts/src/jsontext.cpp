#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionNode {

qsizetype JsonText::forbiddenControlCharacter(const QByteArray &text)
{
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text.at(i));
        if (c < 0x20 && (inString || (c != ' ' && c != '\t' && c != '\n' && c != '\r')))
            return i + 1;
        if (escaped)
            escaped = false;
        else if (inString && c == '\\')
            escaped = true;
        else if (c == '"')
            inString = !inString;
    }
    return 0;
}

QJsonValue JsonText::parse(const QByteArray &text, QString *errorString)
{
    if (const qsizetype column = forbiddenControlCharacter(text)) {
        *errorString = QStringLiteral("not valid JSON: control character U+%1 at column %2 (inside a string, write it "
                                      "as an escape such as \\u%1)")
                           .arg(static_cast<unsigned char>(text.at(column - 1)), 4, 16, QLatin1Char('0'))
                           .arg(column);
        return QJsonValue(QJsonValue::Undefined);
    }
    // Wrapped in an array: QJsonDocument takes only objects and arrays at the top level.
    QJsonParseError parseError;
    const QJsonArray wrapped = QJsonDocument::fromJson('[' + text + ']', &parseError).array();
    if (parseError.error == QJsonParseError::NoError && wrapped.size() == 1)
        return wrapped.first();
    *errorString = parseError.error == QJsonParseError::NoError
                       ? QStringLiteral("not valid JSON: %1 values where one is expected").arg(wrapped.size())
                       : QStringLiteral("not valid JSON: %1 at column %2")
                             .arg(parseError.errorString())
                             .arg(qMax<qsizetype>(1, qMin<qsizetype>(parseError.offset, text.size())));
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace ActionNode
