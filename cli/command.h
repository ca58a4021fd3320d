#pragma once

#include "runtimeoptions.h"

#include <actionnode/actionresult.h>
#include <actionnode/actionspec.h>
#include <actionnode/runtime.h>
#include <actionnode/session.h>
#include <actionnode/triggerspec.h>

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
    /*!
        Prints the answer of a Session operation as every command does: its
        outputs (success) or its error document (failure) as JSON on standard
        output, each warning and error on standard error; the exit code of
        its status (exitCodeOf()).
    */
    static int report(const ActionNode::ActionResult &result);
    //! Prints each warning and error of \a result on standard error.
    static void printProblems(const ActionNode::ActionResult &result);

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

/*!
    A command over a Session: the prelude every such command shares is
    written once, in run(). It declares the command's arguments
    (addArguments()) and the runtime options, parses them, lets the command
    check them (checkArguments()), builds and loads the Session from the
    options, looks up the node the first positional argument names (Subject)
    and fails when it is unknown; execute() then holds the command's own
    work: the Session's operations and their output. An unknown subject
    fails as the Session's operations fail (report()).
*/
class RuntimeCommand : public Command
{
public:
    int run(const QStringList &arguments) override;

protected:
    //! What the first positional argument names, looked up before execute().
    enum class Subject {
        Nothing, //!< no node, or one the Session's operation looks up (list, describe, options, migrate, ...)
        Action,  //!< an action id whose fields read the arguments (run, batch)
        Trigger, //!< a trigger id whose filters read the arguments (listen)
    };

    //! What execute() works with.
    struct Context
    {
        const QCommandLineParser &parser;
        ActionNode::Session &session;
        QStringList arguments;           //!< the positional arguments after the subject's id
        ActionNode::ActionSpec action;   //!< with Subject::Action
        ActionNode::TriggerSpec trigger; //!< with Subject::Trigger
    };

    RuntimeCommand(RuntimeOptions::Use use, Subject subject) : m_runtimeOptions(use), m_subject(subject) {}

    //! Declares the command's own options and positional arguments.
    virtual void addArguments(QCommandLineParser &parser) = 0;
    /*!
        Checks the parsed arguments before the runtime is set up (a subject
        needs its id as the first positional argument): Success, or the
        exit code of the problem fail() printed.
    */
    virtual int checkArguments(const QCommandLineParser &parser) = 0;
    //! Adds the command's own settings to \a options before the session is made (none by default).
    virtual void configure(ActionNode::SessionOptions *options) const { Q_UNUSED(options); }
    //! The command's work, once the session is loaded and the subject found; the exit code.
    virtual int execute(const Context &context) = 0;

private:
    RuntimeOptions m_runtimeOptions;
    Subject m_subject;
};
