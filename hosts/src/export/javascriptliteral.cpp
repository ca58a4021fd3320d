#include "javascriptliteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace ActionNode {

namespace {

bool isIdentifier(const QString &key)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    return identifier.match(key).hasMatch();
}

} // namespace

QString JavaScriptLiteral::string(const QString &text)
{
    // A JSON string is a JavaScript string, but for U+2028 and U+2029, which
    // older engines end a line at.
    QString literal = QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    literal = literal.mid(1, literal.size() - 2);
    literal.replace(QChar(0x2028), QLatin1String("\\u2028")).replace(QChar(0x2029), QLatin1String("\\u2029"));
    return literal;
}

QString JavaScriptLiteral::write(const QJsonValue &value, int depth)
{
    const QString inner(depth + 1, QLatin1Char('\t'));
    const QString outer(depth, QLatin1Char('\t'));
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty())
            return QStringLiteral("{}");
        QString text = QStringLiteral("{\n");
        for (auto it = object.begin(); it != object.end(); ++it)
            text += inner + (isIdentifier(it.key()) ? it.key() : string(it.key())) + QStringLiteral(": ")
                    + write(it.value(), depth + 1) + QStringLiteral(",\n");
        return text + outer + QLatin1Char('}');
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty())
            return QStringLiteral("[]");
        QString text = QStringLiteral("[\n");
        for (const QJsonValue &item : array)
            text += inner + write(item, depth + 1) + QStringLiteral(",\n");
        return text + outer + QLatin1Char(']');
    }
    case QJsonValue::String: return string(value.toString());
    default: {
        // Numbers, booleans and null as JSON writes them.
        const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(json.mid(1, json.size() - 2));
    }
    }
}

} // namespace ActionNode
