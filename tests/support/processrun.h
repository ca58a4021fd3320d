#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace ActionNode::TestSupport {

//! One run of a program to its end: its exit code and what it printed.
struct ProcessRun
{
    int exitCode = -1; //!< -1 when it did not start, crashed or was killed for taking too long
    QByteArray out;
    QByteArray err;
};

//! The actionnode command and the stand-alone emulator of this build tree.
QString actionnodeExecutable();
QString emulatorExecutable();

/*
    The environment a test runs actionnode in: this process's, without any
    provider setting (DAILY_*, SIGNALWIRE_*) or licence (ACTIONNODE_LICENSE)
    of whoever runs the suite, then with \a settings added. Unless \a settings
    name one, the process gets a data directory of its own
    (ACTIONNODE_DATA_DIR, removed when the test ends), so that no run sees
    the store of another, or of the user.
*/
QProcessEnvironment actionnodeEnvironment(const QProcessEnvironment &settings = {});

/*
    actionnodeEnvironment() for Daily against \a apiBase with \a apiKey and
    no retries, so that a test sees one attempt per request.
*/
QProcessEnvironment dailyEnvironment(const QString &apiBase, const QString &apiKey);

/*
    Runs \a program to its end, writing \a input to its standard input and
    closing it. The event loop keeps turning meanwhile, so that an emulator
    in the test's own process can answer it; after \a timeoutMs it is killed.
*/
ProcessRun runProcess(const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                      const QByteArray &input = {}, int timeoutMs = 60000);

//! runProcess() for the actionnode command, by default in actionnodeEnvironment().
ProcessRun runActionnode(const QStringList &arguments, const QProcessEnvironment &environment = actionnodeEnvironment(),
                         const QByteArray &input = {}, int timeoutMs = 60000);

} // namespace ActionNode::TestSupport
