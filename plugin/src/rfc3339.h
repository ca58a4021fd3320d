#pragma once

#include <QDateTime>
#include <QString>

namespace ActionNode {

/*!
    Reads the times declarations accept as \c{format: date-time} or
    \c{format: date}: an RFC 3339 date-time with an offset (lower-case
    \c t and \c z, fractions and the leap second \c :60 included, as
    RFC 3339 allows), or a date alone, meaning midnight UTC. Shared by the
    cross-field rules and the claim encoding so both read a time alike.
*/
class Rfc3339
{
public:
    //! The time \a text names, or an invalid QDateTime when it is not one.
    static QDateTime parse(const QString &text);
};

} // namespace ActionNode
