#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c listen: receives a provider's webhooks on a listener of
    its own and prints each event of one trigger that passes the filters as
    a JSON line on standard output, until SIGINT/SIGTERM or until standard
    output is closed.
*/
class ListenCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("listen"); }
    QString summary() const override { return QStringLiteral("Print a trigger's events as JSON lines, from webhooks received."); }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
