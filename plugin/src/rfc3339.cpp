#include "rfc3339.h"

#include <QRegularExpression>

namespace ActionNode {

QDateTime Rfc3339::parse(const QString &text)
{
    // Stricter than Qt::ISODate, which reads a time without offset as local time.
    static const QRegularExpression form(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2})(?:[Tt](\\d{2}:\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2}))?$"));
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch())
        return {};
    const QDate date = QDate::fromString(match.captured(1), Qt::ISODate);
    if (!date.isValid())
        return {};
    if (match.capturedLength(2) == 0)
        return date.startOfDay(Qt::UTC);
    // A leap second is read as the second after :59, as Unix time counts it.
    const bool leapSecond = match.captured(3) == QLatin1String("60");
    const QString offset = match.captured(5).toUpper();
    const QDateTime time = QDateTime::fromString(match.captured(1) + QLatin1Char('T') + match.captured(2) + QLatin1Char(':')
                                                     + (leapSecond ? QStringLiteral("59") : match.captured(3))
                                                     + match.captured(4) + offset,
                                                 Qt::ISODateWithMs);
    return leapSecond ? time.addSecs(1) : time;
}

} // namespace ActionNode
