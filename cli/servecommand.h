#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c serve \c --stdio: a Model Context Protocol server on
    standard input and output (newline-delimited JSON-RPC 2.0). Standard
    output carries protocol messages only; logs go to standard error. When
    standard input closes, calls in flight are answered and the server exits.
*/
class ServeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override
    {
        return QStringLiteral("Offer the actions as MCP tools (--stdio) or over HTTP (--http ADDRESS:PORT).");
    }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
