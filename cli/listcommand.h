#pragma once

#include "command.h"
#include "runtimeoptions.h"

//! \c actionnode \c list: the actions and triggers of every plugin found (Session::list()).
class ListCommand : public RuntimeCommand
{
public:
    ListCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("list"); }
    QString summary() const override
    {
        return QStringLiteral("List the actions and triggers of the installed provider plugins.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;
    QCommandLineOption m_format{QStringLiteral("format"), QStringLiteral("text (default) or json."),
                                QStringLiteral("format"), QStringLiteral("text")};
};
