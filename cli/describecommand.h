#pragma once

#include "command.h"
#include "runtimeoptions.h"

//! \c actionnode \c describe: an action's field metadata, as JSON for hosts or Markdown for people.
class DescribeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("describe"); }
    QString summary() const override
    {
        return QStringLiteral("Show an action's fields, groups, bundle locks and returned values.");
    }
    int run(const QStringList &arguments) override;

private:
    RuntimeOptions m_runtimeOptions;
};
