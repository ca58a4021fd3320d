#pragma once

#include <QDateTime>
#include <QStringView>

namespace ActionNode::Internal {

/*!
    The one reader of the times declarations accept as \c{format: date-time},
    \c{format: date} and \c{format: time}: RFC 3339 with an offset (lower-case
    \c t and \c z, fractions and the leap second \c :60 included where RFC 3339
    allows it: at 23:59:60 UTC, so 15:59:60-08:00), or a date alone, meaning midnight UTC. Validation, the
    cross-field rules, the claim encoding and the emulator all read a time
    through it, so they never disagree.

    Only ASCII digits count; a year has exactly four digits and a day must
    exist in its month (no February 29 outside leap years). The reader walks
    the text once: any length is read in linear time.
*/
class Rfc3339
{
public:
    //! A full-date (\c 2026-02-28).
    static bool isDate(QStringView text);
    //! A date-time (\c 2026-02-28T12:00:00.5+01:00).
    static bool isDateTime(QStringView text);
    //! A full-time (\c 12:00:00Z).
    static bool isTime(QStringView text);

    //! The time a date-time or a date names, or an invalid QDateTime when \a text is neither.
    static QDateTime parse(QStringView text);
};

} // namespace ActionNode::Internal
