#pragma once

#include "command.h"
#include "runtimeoptions.h"

/*!
    \c actionnode \c export \c <builder> \c --out \c <dir>: the loaded
    declarations as a package of a workflow builder (Session::exportPackage()),
    written into a directory that is empty or new; \c --force writes into a
    directory that holds files, replacing those of the same path.
*/
class ExportCommand : public RuntimeCommand
{
public:
    ExportCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override
    {
        return QStringLiteral("Write the actions as a workflow builder's package (n8n, ...).");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;

    QCommandLineOption m_out{QStringLiteral("out"), QStringLiteral("Write the package into <dir> (created)."),
                             QStringLiteral("dir")};
    QCommandLineOption m_provider{QStringLiteral("provider"),
                                  QStringLiteral("Only this provider's actions and triggers (default: the builder's)."),
                                  QStringLiteral("id")};
    QCommandLineOption m_packageName{QStringLiteral("package-name"),
                                     QStringLiteral("The package's name (default: the builder's convention)."),
                                     QStringLiteral("name")};
    QCommandLineOption m_force{QStringLiteral("force"),
                               QStringLiteral("Write into a directory that is not empty, replacing its files.")};
};
