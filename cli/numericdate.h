#pragma once

#include <QJsonObject>
#include <QString>

/*!
    A NumericDate claim of a token (RFC 7519: seconds since 1970, fractions
    allowed), as \c inspect reads \c iat, \c nbf and \c exp. A claim that is
    present but not a finite number is malformed, never taken as absent or
    as 0, so a token carrying one is not valid.
*/
class NumericDate
{
public:
    NumericDate(const QJsonObject &claims, const QString &name);

    bool isPresent() const { return m_present; }
    bool isValid() const { return m_valid; }
    double seconds() const { return m_seconds; }

    //! ISO 8601 in UTC for the years 1 to 9999, else the number of seconds; or why it is malformed.
    QString toString() const;
    //! ISO 8601 in UTC (milliseconds when fractional) for the years 1 to 9999, else the number itself.
    static QString format(double seconds);

private:
    QString m_name;
    bool m_present = false;
    bool m_valid = false;
    double m_seconds = 0;
};
