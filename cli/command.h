#pragma once

#include <actionnode/actionresult.h>

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QTextStream>

/*!
    One subcommand of the \c actionnode program. Each command owns its
    QCommandLineParser; run() returns the process exit code.
*/
class Command
{
public:
    //! Exit codes shared by every command.
    enum ExitCode {
        Success = 0,
        Failure = 1,
        UsageError = 2,
        InvalidInput = 3,
        LicenseRefused = 4,
        ProviderFailed = 5,
        NetworkFailed = 6,
    };

    //! The command line's one mapping from the error list (actionnode/errorcodes.h).
    static ExitCode exitCodeOf(ActionNode::ActionResult::Status status);

    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    //! \a arguments starts with the program name, followed by the command's own arguments.
    virtual int run(const QStringList &arguments) = 0;

protected:
    //! Parses \a arguments; on failure prints the error and returns false (exit code in \a exitCode).
    bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode);
    //! Declares the positional argument naming the action the command works on.
    static void addActionArgument(QCommandLineParser &parser);
    //! Prints "actionnode <command>: \a message" on standard error; returns \a exitCode.
    int fail(const QString &message, int exitCode = Failure);

    //! The result of \a future, with the event loop running meanwhile (the network needs it).
    template<typename T>
    static T await(const QFuture<T> &future)
    {
        QFutureWatcher<T> watcher;
        QEventLoop loop;
        QObject::connect(&watcher, &QFutureWatcher<T>::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!watcher.isFinished())
            loop.exec();
        return watcher.result();
    }

    static QTextStream &out();
    static QTextStream &err();
};
