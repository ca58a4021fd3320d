#include "inputparser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace ActionNode;

QJsonValue InputParser::convert(const FieldSpec &field, const QString &text, QString *problem)
{
    const QJsonObject schema = field.schema();
    const QString type = schema.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("boolean")) {
        static const QStringList yes{QStringLiteral("true"), QStringLiteral("yes"), QStringLiteral("1"), QStringLiteral("on")};
        static const QStringList no{QStringLiteral("false"), QStringLiteral("no"), QStringLiteral("0"), QStringLiteral("off")};
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
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
        if (document.isObject())
            return document.object();
        if (document.isArray())
            return document.array();
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
        if (equals <= 0) {
            errors->append({QStringLiteral("usage"), {}, {},
                            QStringLiteral("\"%1\" is not key=value or key:=json").arg(assignment)});
            continue;
        }
        const bool raw = assignment.at(equals - 1) == QLatin1Char(':');
        const QString key = assignment.left(raw ? equals - 1 : equals);
        const QString text = assignment.mid(equals + 1);
        const QString pointer = QLatin1Char('/') + key;
        if (raw) {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson("[" + text.toUtf8() + "]", &parseError);
            if (parseError.error != QJsonParseError::NoError || document.array().size() != 1) {
                errors->append({QStringLiteral("invalid_input"), pointer, QStringLiteral("json"),
                                QStringLiteral("is not valid JSON: %1").arg(text)});
                continue;
            }
            inputs.insert(key, document.array().first());
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
            errors->append({QStringLiteral("invalid_input"), pointer, QStringLiteral("type"), problem});
        else
            inputs.insert(key, value);
    }
    return inputs;
}

bool InputParser::readFile(const QString &fileName, QJsonObject *inputs, QString *errorString, bool *unreadable)
{
    QFile file;
    const bool opened = fileName == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                       : (file.setFileName(fileName), file.open(QIODevice::ReadOnly));
    *unreadable = !opened;
    if (!opened) {
        *errorString = QStringLiteral("%1: cannot be read: %2").arg(fileName, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *errorString = QStringLiteral("%1: inputs must be a JSON object%2")
                           .arg(fileName, parseError.error ? QStringLiteral(" (%1)").arg(parseError.errorString()) : QString());
        return false;
    }
    *inputs = document.object();
    return true;
}
