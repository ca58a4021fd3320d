#pragma once

#include "batchrunner.h"
#include "command.h"
#include "inputoption.h"
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
    //! The --output file, or standard output.
    bool openOutput(const QCommandLineParser &parser, QFile *file) const;
    static void printSummary(const ActionNode::BatchRunner &runner);

    RuntimeOptions m_runtimeOptions{RuntimeOptions::InvokesActions};
    InputOption m_input = InputOption::jsonLines(ActionNode::BatchRunner::maxLineBytes);
    QCommandLineOption m_output{QStringLiteral("output"),
                                QStringLiteral("Write result lines to <file> instead of standard output."),
                                QStringLiteral("file")};
    QCommandLineOption m_concurrency{QStringLiteral("concurrency"),
                                     QStringLiteral("Invocations in flight at once (default 8)."), QStringLiteral("n"),
                                     QStringLiteral("8")};
    QCommandLineOption m_noProgress{QStringLiteral("no-progress"), QStringLiteral("Never draw the progress bar.")};
};
