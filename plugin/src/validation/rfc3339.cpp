#include "rfc3339.h"

#include <QDate>
#include <QTime>

#include <optional>

namespace ActionNode::Internal {

namespace {

// Reads \a count ASCII digits at \a position; -1 when they are not all there.
int digitsAt(QStringView text, qsizetype position, qsizetype count)
{
    if (position < 0 || position + count > text.size())
        return -1;
    int value = 0;
    for (qsizetype i = position; i < position + count; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

struct FullTime
{
    int hour = 0;
    int minute = 0;
    int second = 0; //!< 60 for a leap second
    int msec = 0;
    int offsetSeconds = 0;
};

// RFC 3339 5.7: a leap second is inserted only as the last second of a UTC day (23:59:60Z).
bool isLastMinuteOfUtcDay(const FullTime &time)
{
    constexpr int minutesPerDay = 24 * 60;
    const int utcMinute = ((time.hour * 60 + time.minute - time.offsetSeconds / 60) % minutesPerDay + minutesPerDay)
                          % minutesPerDay;
    return utcMinute == minutesPerDay - 1;
}

std::optional<QDate> readDate(QStringView text)
{
    if (text.size() != 10 || text.at(4) != u'-' || text.at(7) != u'-')
        return std::nullopt;
    const int year = digitsAt(text, 0, 4);
    const int month = digitsAt(text, 5, 2);
    const int day = digitsAt(text, 8, 2);
    // QDate has no year 0; RFC 3339's 0000 is of no use to any provider.
    if (year < 1 || !QDate::isValid(year, month, day))
        return std::nullopt;
    return QDate(year, month, day);
}

std::optional<FullTime> readTime(QStringView text)
{
    FullTime time;
    time.hour = digitsAt(text, 0, 2);
    time.minute = digitsAt(text, 3, 2);
    time.second = digitsAt(text, 6, 2);
    if (text.size() < 9 || text.at(2) != u':' || text.at(5) != u':' || time.hour < 0 || time.hour > 23
        || time.minute < 0 || time.minute > 59 || time.second < 0 || time.second > 60)
        return std::nullopt;
    qsizetype position = 8;
    if (text.at(position) == u'.') {
        const qsizetype fractionStart = ++position;
        int scale = 100;
        while (position < text.size() && digitsAt(text, position, 1) >= 0) {
            time.msec += digitsAt(text, position, 1) * scale;
            scale /= 10;
            ++position;
        }
        if (position == fractionStart)
            return std::nullopt;
    }
    const QStringView zone = text.mid(position);
    if (zone != u"Z" && zone != u"z") {
        const int offsetHours = digitsAt(zone, 1, 2);
        const int offsetMinutes = digitsAt(zone, 4, 2);
        if (zone.size() != 6 || (zone.at(0) != u'+' && zone.at(0) != u'-') || zone.at(3) != u':' || offsetHours < 0
            || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59)
            return std::nullopt;
        time.offsetSeconds = (zone.at(0) == u'-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    }
    if (time.second == 60 && !isLastMinuteOfUtcDay(time))
        return std::nullopt;
    return time;
}

bool isDateTimeSeparator(QChar c)
{
    return c == u'T' || c == u't';
}

} // namespace

bool Rfc3339::isDate(QStringView text)
{
    return readDate(text).has_value();
}

bool Rfc3339::isDateTime(QStringView text)
{
    return text.size() > 10 && isDateTimeSeparator(text.at(10)) && readDate(text.left(10)) && readTime(text.mid(11));
}

bool Rfc3339::isTime(QStringView text)
{
    return readTime(text).has_value();
}

QDateTime Rfc3339::parse(QStringView text)
{
    if (const auto date = readDate(text))
        return date->startOfDay(Qt::UTC);
    if (text.size() <= 10 || !isDateTimeSeparator(text.at(10)))
        return {};
    const auto date = readDate(text.left(10));
    const auto time = readTime(text.mid(11));
    if (!date || !time)
        return {};
    // A leap second is read as the second after :59, as Unix time counts it.
    const bool leapSecond = time->second == 60;
    const QDateTime local(*date, QTime(time->hour, time->minute, leapSecond ? 59 : time->second, time->msec),
                          Qt::OffsetFromUTC, time->offsetSeconds);
    return leapSecond ? local.addSecs(1) : local;
}

} // namespace ActionNode::Internal
