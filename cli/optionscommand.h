#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c options \c <action> \c <field>: the choices a builder
    offers for a field, loaded from the provider when the field declares
    \c optionsFrom; free text, with the reason, when they cannot be loaded
    (Session::fieldOptions()).
*/
class OptionsCommand : public RuntimeCommand
{
public:
    OptionsCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("options"); }
    QString summary() const override
    {
        return QStringLiteral("List a field's options, loaded from the provider where declared.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;

    QCommandLineOption m_search{QStringLiteral("search"), QStringLiteral("Only options whose label contains <text>."),
                                QStringLiteral("text")};
    QCommandLineOption m_cursor{QStringLiteral("cursor"),
                                QStringLiteral("The page after <cursor>, the nextCursor of an earlier answer."),
                                QStringLiteral("cursor")};
};
