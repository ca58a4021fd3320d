#include "numericdate.h"

#include <QDateTime>
#include <QJsonValue>

#include <cmath>

NumericDate::NumericDate(const QJsonObject &claims, const QString &name) : m_name(name)
{
    const QJsonValue value = claims.value(name);
    m_present = !value.isUndefined();
    m_valid = value.isDouble() && std::isfinite(value.toDouble());
    m_seconds = m_valid ? value.toDouble() : 0;
}

QString NumericDate::toString() const
{
    return m_valid ? format(m_seconds) : QStringLiteral("malformed: \"%1\" is not a number of seconds").arg(m_name);
}

QString NumericDate::format(double seconds)
{
    // Qt writes ISO 8601 for these years only (nothing at all beyond).
    constexpr double first = -62135596800.0; // 0001-01-01T00:00:00Z
    constexpr double end = 253402300800.0;   // 10000-01-01T00:00:00Z
    if (!(seconds >= first && seconds < end))
        return QStringLiteral("%1 s after 1970 (outside the years 1 to 9999)").arg(seconds, 0, 'g', 17);
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(std::floor(seconds * 1000)), Qt::UTC);
    return time.toString(std::floor(seconds) == seconds ? Qt::ISODate : Qt::ISODateWithMs);
}
