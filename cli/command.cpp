#include "command.h"

#include <actionnode/errorcodes.h>

#include <QJsonDocument>

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

int Command::report(const ActionNode::ActionResult &result)
{
    const QJsonObject document = result.isSuccess() ? result.outputs.toJsonObject() : result.toJson();
    out() << QJsonDocument(document).toJson(QJsonDocument::Indented);
    out().flush();
    printProblems(result);
    return exitCodeOf(result.status);
}

void Command::printProblems(const ActionNode::ActionResult &result)
{
    for (const ActionNode::ActionError &warning : std::as_const(result.warnings))
        err() << "warning: " << warning.toString() << "\n";
    for (const ActionNode::ActionError &problem : std::as_const(result.errors))
        err() << "error: " << problem.toString() << "\n";
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
    configure(&options);
    ActionNode::Session session(options);
    if (!session.load(&error))
        return fail(error);
    if (!session.licenseProblem().isEmpty())
        fail(QStringLiteral("warning: license refused: ") + session.licenseProblem());
    Context context{parser, session, parser.positionalArguments(), {}, {}};
    if (m_subject == Subject::Nothing)
        return execute(context);
    const QString id = context.arguments.takeFirst();
    const bool namesTrigger = m_subject == Subject::Trigger;
    if (namesTrigger)
        context.trigger = session.runtime()->trigger(id);
    else
        context.action = session.runtime()->action(id);
    // Standard output carries the events of a trigger's command, so its failure goes to standard error alone.
    if (namesTrigger && context.trigger.hasError())
        return fail(context.trigger.errorString());
    if (!namesTrigger && context.action.hasError())
        return report(
            ActionNode::ActionResult::failure(ActionNode::ActionResult::Status::ConfigurationError,
                                              {{ActionNode::ErrorCodes::name(ActionNode::ErrorCode::UnknownAction),
                                                {},
                                                {},
                                                context.action.errorString()}}));
    return execute(context);
}
