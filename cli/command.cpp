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

int RuntimeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    addArguments(parser);
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    exitCode = checkArguments(parser);
    if (exitCode != Success)
        return exitCode;
    ActionNode::SessionOptions options;
    QString error;
    if (!m_runtimeOptions.read(parser, &options, &error))
        return fail(error);
    ActionNode::Session session(options);
    if (!session.load(&error))
        return fail(error);
    if (!session.licenseProblem().isEmpty())
        fail(QStringLiteral("warning: license refused: ") + session.licenseProblem());
    ActionNode::Runtime &runtime = *session.runtime();
    Context context{parser, session, runtime, parser.positionalArguments(), {}, {}, false};
    if (m_subject == Subject::Nothing)
        return execute(context);
    const QString id = context.arguments.takeFirst();
    context.namesTrigger = m_subject == Subject::Trigger
                           || (m_subject == Subject::Node && runtime.knownTriggerIds().contains(id));
    if (context.namesTrigger)
        context.trigger = runtime.trigger(id);
    else
        context.action = runtime.action(id);
    if (context.namesTrigger ? context.trigger.hasError() : context.action.hasError())
        return fail(context.namesTrigger ? context.trigger.errorString() : context.action.errorString());
    return execute(context);
}
