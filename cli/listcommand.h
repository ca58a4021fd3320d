#pragma once

#include "command.h"
#include "runtimeoptions.h"

//! \c actionnode \c list: the actions and triggers of every plugin found, read from plugin metadata only.
class ListCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("list"); }
    QString summary() const override { return QStringLiteral("List the actions and triggers of the installed provider plugins."); }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
