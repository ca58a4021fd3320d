#pragma once

#include "dailystate.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ActionNode {

/*!
    One Daily account of the emulator: its API key, its domain (name and
    \c domain_id) and what the domain holds (DailyState). Each key reaches
    its own account only, as Daily ties each API key to one domain.
*/
struct DailyAccount
{
    DailyAccount(QByteArray apiKey, const QString &domainName, QString domainId)
        : apiKey(std::move(apiKey)), domainName(domainName), domainId(std::move(domainId)), state(domainName)
    {}

    //! Changes the domain's name, which its rooms' URLs carry.
    void setDomainName(const QString &name)
    {
        domainName = name;
        state.setDomainName(name);
    }

    QByteArray apiKey;
    QString domainName;
    QString domainId;
    DailyState state;
    int requests = 0;             //!< authenticated requests answered since the last reset
    QList<qint64> arrivalTimesMs; //!< when the latest of them arrived (Unix ms), oldest first
};

} // namespace ActionNode
