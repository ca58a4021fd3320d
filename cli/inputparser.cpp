#include "inputparser.h"
#include "jsontext.h"

#include <actionnode/errorcodes.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace ActionNode;

QJsonValue InputParser::convert(const FieldSpec &field, const QString &text, QString *problem)
{
    const QJsonObject schema = field.schema();
    const QString type = schema.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("boolean")) {
        static const QStringList yes{QStringLiteral("true"), QStringLiteral("yes"), QStringLiteral("1"),
                                     QStringLiteral("on")};
        static const QStringList no{QStringLiteral("false"), QStringLiteral("no"), QStringLiteral("0"),
                                    QStringLiteral("off")};
        if (yes.contains(text.toLower()))
            return true;
        if (no.contains(text.toLower()))
            return false;
        *problem = QStringLiteral("\"%1\" is not true or false").arg(text);
        return {};
    }
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (!ok) {
            *problem = QStringLiteral("\"%1\" is not a number").arg(text);
            return {};
        }
        return number;
    }
    if (type == QLatin1String("array"))
        return QJsonArray::fromStringList(text.split(QLatin1Char(','), Qt::SkipEmptyParts));
    if (type == QLatin1String("object") || (type.isEmpty() && !field.key().isEmpty())) {
        QString ignored;
        const QJsonValue document = JsonText::parse(text.toUtf8(), &ignored);
        if (document.isObject() || document.isArray())
            return document;
        // anyOf fields (true/false or a list): accept the scalar forms too.
        if (text == QLatin1String("true") || text == QLatin1String("false"))
            return text == QLatin1String("true");
        if (type.isEmpty())
            return QJsonArray::fromStringList(text.split(QLatin1Char(','), Qt::SkipEmptyParts));
        *problem = QStringLiteral("is not a JSON object (use key:='{...}')");
        return {};
    }
    return text;
}

QJsonObject InputParser::parse(const ActionSpec &action, const QStringList &assignments, ActionErrors *errors)
{
    QJsonObject inputs;
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        // "=5" and ":=5" name no field.
        if (equals <= 0 || assignment.left(equals) == QLatin1String(":")) {
            errors->append({ErrorCodes::name(ErrorCode::Usage),
                            {},
                            {},
                            QStringLiteral("\"%1\" is not key=value or key:=json").arg(assignment)});
            continue;
        }
        const bool raw = assignment.at(equals - 1) == QLatin1Char(':');
        const QString key = assignment.left(raw ? equals - 1 : equals);
        const QString text = assignment.mid(equals + 1);
        const QString pointer = QLatin1Char('/') + key;
        if (raw) {
            QString problem;
            const QJsonValue value = JsonText::parse(text.toUtf8(), &problem);
            if (value.isUndefined()) {
                errors->append({ErrorCodes::name(ErrorCode::InvalidInput), pointer, ErrorRule::Json,
                                QStringLiteral("is %1").arg(problem)});
                continue;
            }
            inputs.insert(key, value);
            continue;
        }
        const FieldSpec field = action.field(key);
        if (field.key().isEmpty()) {
            inputs.insert(key, text);
            continue;
        }
        QString problem;
        const QJsonValue value = convert(field, text, &problem);
        if (!problem.isEmpty())
            errors->append({ErrorCodes::name(ErrorCode::InvalidInput), pointer, QStringLiteral("type"), problem});
        else
            inputs.insert(key, value);
    }
    return inputs;
}
