#pragma once

#include "command.h"
#include "inputoption.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c migrate: upgrades inputs saved under an older version
    of an action's declaration and prints them with what changed
    (Session::migrate()).
*/
class MigrateCommand : public RuntimeCommand
{
public:
    MigrateCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("migrate"); }
    QString summary() const override
    {
        return QStringLiteral("Upgrade inputs saved under an older version of an action.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;

    QCommandLineOption m_from{QStringLiteral("from"), QStringLiteral("The version the inputs were saved under."),
                              QStringLiteral("version")};
    InputOption m_input = InputOption::jsonObject(QStringLiteral("saved inputs"));
};
