#include "command.h"

bool Command::parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode)
{
    parser.setApplicationDescription(summary());
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err() << "actionnode " << name() << ": " << parser.errorText() << "\n"
              << "Try 'actionnode " << name() << " --help'.\n";
        err().flush();
        *exitCode = UsageError;
        return false;
    }
    if (parser.isSet(help)) {
        out() << parser.helpText().replace(QStringLiteral("Usage: ") + arguments.constFirst(),
                                           QStringLiteral("Usage: actionnode ") + name());
        out().flush();
        *exitCode = Success;
        return false;
    }
    return true;
}

void Command::addActionArgument(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("Action id, e.g. daily.create_meeting_token."));
}

int Command::fail(const QString &message, int exitCode)
{
    err() << "actionnode " << name() << ": " << message << "\n";
    return exitCode;
}

Command::ExitCode Command::exitCodeOf(ActionNode::ActionResult::Status status)
{
    using Status = ActionNode::ActionResult::Status;
    switch (status) {
    case Status::Succeeded: return Success;
    case Status::InvalidInput: return InvalidInput;
    case Status::LicenseRefused: return LicenseRefused;
    case Status::ProviderFailed: return ProviderFailed;
    case Status::NetworkFailed: return NetworkFailed;
    case Status::ConfigurationError: return Failure;
    }
    return Failure;
}

QTextStream &Command::out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &Command::err()
{
    static QTextStream stream(stderr);
    return stream;
}
