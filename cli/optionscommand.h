#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c options \c <action> \c <field>: the choices a builder
    offers for a field, loaded from the provider when the field declares
    \c optionsFrom; free text, with the reason, when they cannot be loaded.
*/
class OptionsCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("options"); }
    QString summary() const override
    {
        return QStringLiteral("List a field's options, loaded from the provider where declared.");
    }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
    QCommandLineOption m_search{QStringLiteral("search"), QStringLiteral("Only options whose label contains <text>."),
                                QStringLiteral("text")};
};
