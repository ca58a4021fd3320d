#include "inputparser.h"
#include "jsontext.h"

#include <actionnode/errorcodes.h>

using namespace ActionNode;

bool InputParser::parse(const QList<FieldSpec> &fields, const QStringList &assignments, QJsonObject *values,
                        ActionErrors *errors, QString *usageError)
{
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        // "=5" and ":=5" name no field.
        if (equals <= 0 || assignment.left(equals) == QLatin1String(":")) {
            *usageError = QStringLiteral("\"%1\" is not key=value or key:=json").arg(assignment.left(64));
            return false;
        }
        if (assignment.at(equals - 1) != QLatin1Char(':')) {
            // One at a time, so that a later argument for the same key wins whatever its form.
            const QJsonObject typed =
                FieldSpec::valuesFromText(fields, {{assignment.left(equals), assignment.mid(equals + 1)}}, errors);
            for (auto it = typed.begin(); it != typed.end(); ++it)
                values->insert(it.key(), it.value());
            continue;
        }
        const QString key = assignment.left(equals - 1);
        QString problem;
        const QJsonValue value = JsonText::parse(assignment.mid(equals + 1).toUtf8(), &problem);
        if (value.isUndefined())
            errors->append({ErrorCodes::name(ErrorCode::InvalidInput), QLatin1Char('/') + key, ErrorRule::Json,
                            QStringLiteral("is %1").arg(problem)});
        else
            values->insert(key, value);
    }
    return true;
}
