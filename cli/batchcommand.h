#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c batch: one invocation per line of a JSON-lines file.

    Results are written as JSON lines in input order, each with its line
    number and either outputs or errors. At most \c --concurrency
    invocations run at once and only a bounded window of results waits for
    its turn to be written, so memory stays flat however long the input is.
    A progress bar with rate and ETA goes to standard error when it is a
    terminal; a summary line always does. The exit code is non-zero when
    any line failed.
*/
class BatchCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("batch"); }
    QString summary() const override { return QStringLiteral("Run an action once per line of a JSON-lines file."); }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
