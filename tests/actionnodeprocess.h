#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

//! One run of the actionnode command: exit code (-1 when it did not finish) and what it printed.
struct ActionnodeRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

//! Runs the actionnode command with \a environment, writing \a input to its standard input.
inline ActionnodeRun runActionnode(const QStringList &arguments, const QProcessEnvironment &environment,
                                   const QByteArray &input = {})
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ACTIONNODE_EXECUTABLE), arguments);
    ActionnodeRun run;
    if (!process.waitForStarted(10000))
        return run;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}
