#pragma once

#include "command.h"
#include "inputoption.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c run: runs one action and prints its result as JSON.
    The exit code tells bad input, license refusal and provider or network
    failure apart (see Command::ExitCode).
*/
class RunCommand : public RuntimeCommand
{
public:
    RunCommand() : RuntimeCommand(RuntimeOptions::InvokesActions, Subject::Action) {}
    QString name() const override { return QStringLiteral("run"); }
    QString summary() const override
    {
        return QStringLiteral("Run an action with key=value inputs and print its outputs.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;

    void configure(ActionNode::SessionOptions *options) const override;
    //! The --input file, migrated from --saved-version; Success or the exit code (the problem printed).
    int readInputFile(const Context &context, QJsonObject *inputs);
    //! The invalid_input result of \a parseErrors, with what a dry run said of the values that did parse.
    static ActionNode::ActionResult invalidInput(const ActionNode::ActionErrors &parseErrors,
                                                 const ActionNode::ActionResult &checked);
    /*!
        The result on standard output (with --all, the result without the
        items on standard error), warnings and errors on standard error; the
        exit code.
    */
    static int print(const ActionNode::ActionResult &result, bool allPages);

    InputOption m_input = InputOption::jsonObject(QStringLiteral("inputs"),
                                                  QStringLiteral("; key=value arguments override it"));
    QCommandLineOption m_savedVersion{
        QStringLiteral("saved-version"),
        QStringLiteral("The declaration version the --input file was saved under; it is migrated first "
                       "(see 'actionnode migrate')."),
        QStringLiteral("version")};
    QCommandLineOption m_all{QStringLiteral("all"),
                             QStringLiteral("For a list action: fetch every page and write one item per line "
                                            "(JSON lines) as pages arrive; the result without the items follows "
                                            "on standard error.")};
    QCommandLineOption m_maxPages{QStringLiteral("max-pages"),
                                  QStringLiteral(
                                      "With --all: the most pages fetched; a list still going on then fails (exit 5). "
                                      "Default %1.")
                                      .arg(ActionNode::Runtime::defaultMaxPages),
                                  QStringLiteral("n"), QString::number(ActionNode::Runtime::defaultMaxPages)};
    qint64 m_maxPageCount = ActionNode::Runtime::defaultMaxPages;
};
