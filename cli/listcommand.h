#pragma once

#include "command.h"
#include "runtimeoptions.h"

#include <QJsonArray>

//! \c actionnode \c list: the actions and triggers of every plugin found, read from plugin metadata only.
class ListCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("list"); }
    QString summary() const override
    {
        return QStringLiteral("List the actions and triggers of the installed provider plugins.");
    }
    int run(const QStringList &arguments) override;

private:
    //! The actions and triggers of the loaded plugins: id, title, kind, provider and version.
    static QJsonArray nodesOf(const ActionNode::Runtime &runtime);

    RuntimeOptions m_runtimeOptions;
    QCommandLineOption m_format{QStringLiteral("format"), QStringLiteral("text (default) or json."),
                                QStringLiteral("format"), QStringLiteral("text")};
};
