#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c serve \c --http \c ADDRESS:PORT: the HTTP host (see
    ActionNode::HttpHost and ActionNode::ActionApi). Prints
    \c{listening on http://HOST:PORT} as its first line; the access log
    goes to standard error. SIGTERM (or SIGINT) stops accepting, lets the
    calls in flight finish within the grace period, then exits 0.
*/
class HttpServeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override { return QStringLiteral("Serve the actions over HTTP (--http ADDRESS:PORT)."); }
    int run(const QStringList &arguments) override;

    //! True when \a arguments ask for the HTTP transport.
    static bool wanted(const QStringList &arguments);

private:
    RuntimeOptions m_runtimeOptions;
};
