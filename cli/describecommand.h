#pragma once

#include "command.h"
#include "runtimeoptions.h"

//! \c actionnode \c describe: an action's field metadata, as JSON for hosts or Markdown for people
//! (Session::describe()).
class DescribeCommand : public RuntimeCommand
{
public:
    DescribeCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("describe"); }
    QString summary() const override
    {
        return QStringLiteral("Show an action's fields, groups, bundle locks and returned values.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;

    QCommandLineOption m_format{QStringLiteral("format"), QStringLiteral("markdown (default) or json."),
                                QStringLiteral("format"), QStringLiteral("markdown")};
    QCommandLineOption m_locale{QStringLiteral("locale"),
                                QStringLiteral("Texts in <locale> (de, pt-BR), English where not translated."),
                                QStringLiteral("locale")};
};
