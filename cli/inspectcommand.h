#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c inspect: decodes a provider token back to the action's
    full property names and, with \c --verify, checks its signature and its
    nbf/exp times. The action is the one whose declaration's
    \c transport.tokenHeader matches the token's header (alg and typ).
*/
class InspectCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("inspect"); }
    QString summary() const override
    {
        return QStringLiteral("Decode a token to its properties; --verify checks signature and times.");
    }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
