#include "batchcommand.h"
#include "connectioncommand.h"
#include "describecommand.h"
#include "exportcommand.h"
#include "inspectcommand.h"
#include "licensecommand.h"
#include "listencommand.h"
#include "listcommand.h"
#include "migratecommand.h"
#include "optionscommand.h"
#include "runcommand.h"
#include "servecommand.h"
#include "subscriptionscommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <csignal>
#include <memory>
#include <vector>

namespace {

void printUsage(QTextStream &stream, const std::vector<std::unique_ptr<Command>> &commands)
{
    stream << "Usage: actionnode <command> [options]\n\nCommands:\n";
    // Summaries start two columns after the longest name, however long a new command's name is.
    qsizetype nameWidth = 0;
    for (const auto &command : commands)
        nameWidth = std::max(nameWidth, command->name().size());
    for (const auto &command : commands)
        stream << "  " << command->name().leftJustified(nameWidth + 2) << command->summary() << "\n";
    stream << "\nRun 'actionnode <command> --help' for a command's options.\n";
}

} // namespace

int main(int argc, char *argv[])
{
    // A reader that goes away (a closed pipe) is an error to handle, not a
    // signal that kills the process with results half written.
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("actionnode"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ACTIONNODE_VERSION));

    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<ListCommand>());
    commands.push_back(std::make_unique<DescribeCommand>());
    commands.push_back(std::make_unique<RunCommand>());
    commands.push_back(std::make_unique<InspectCommand>());
    commands.push_back(std::make_unique<BatchCommand>());
    commands.push_back(std::make_unique<LicenseCommand>());
    commands.push_back(std::make_unique<ServeCommand>());
    commands.push_back(std::make_unique<ListenCommand>());
    commands.push_back(std::make_unique<SubscriptionsCommand>());
    commands.push_back(std::make_unique<MigrateCommand>());
    commands.push_back(std::make_unique<ConnectionCommand>());
    commands.push_back(std::make_unique<OptionsCommand>());
    commands.push_back(std::make_unique<ExportCommand>());

    QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (arguments.size() < 2) {
        printUsage(err, commands);
        return Command::UsageError;
    }
    const QString name = arguments.takeAt(1);
    if (name == QLatin1String("--help") || name == QLatin1String("-h") || name == QLatin1String("help")) {
        printUsage(out, commands);
        return Command::Success;
    }
    if (name == QLatin1String("--version")) {
        out << "actionnode " << QCoreApplication::applicationVersion() << "\n";
        return Command::Success;
    }
    for (const auto &command : commands) {
        if (command->name() == name)
            return command->run(arguments);
    }
    err << "actionnode: unknown command \"" << name << "\"\n\n";
    printUsage(err, commands);
    return Command::UsageError;
}
