#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c run: runs one action and prints its result as JSON.
    The exit code tells bad input, license refusal and provider or network
    failure apart (see Command::ExitCode).
*/
class RunCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("run"); }
    QString summary() const override { return QStringLiteral("Run an action with key=value inputs and print its outputs."); }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
