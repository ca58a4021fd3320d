#include "runcommand.h"
#include "inputparser.h"

#include <QFutureWatcher>
#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

using namespace ActionNode;

int RunCommand::exitCodeFor(const ActionResult &result)
{
    switch (result.status) {
    case ActionResult::Status::Succeeded: return Success;
    case ActionResult::Status::InvalidInput: return InvalidInput;
    case ActionResult::Status::LicenseRefused: return LicenseRefused;
    case ActionResult::Status::ProviderFailed: return ProviderFailed;
    case ActionResult::Status::NetworkFailed: return NetworkFailed;
    case ActionResult::Status::ConfigurationError: return Failure;
    }
    return Failure;
}

int RunCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"),
                                   QStringLiteral("JSON object of inputs from <file> ('-' for standard input); "
                                                  "key=value arguments override it."),
                                   QStringLiteral("file"));
    const QCommandLineOption strict(QStringLiteral("strict"),
                                    QStringLiteral("Treat warnings (no room name, no expiry, ...) as errors."));
    const QCommandLineOption savedVersion(
        QStringLiteral("saved-version"),
        QStringLiteral("The declaration version the --input file was saved under; it is migrated first "
                       "(see 'actionnode migrate')."),
        QStringLiteral("version"));
    parser.addOptions({input, strict, savedVersion});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("Action id, e.g. daily.create_meeting_token."));
    parser.addPositionalArgument(QStringLiteral("key=value"), QStringLiteral("Inputs; key:=json for raw JSON."),
                                 QStringLiteral("[key=value...]"));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        err() << "actionnode run: name an action (see 'actionnode list')\n";
        return UsageError;
    }
    const QString actionId = positional.takeFirst();

    Runtime runtime;
    runtime.setWarningsAsErrors(parser.isSet(strict));
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode run: " << error << "\n";
        return Failure;
    }
    const ActionSpec action = runtime.action(actionId);
    if (action.hasError()) {
        err() << "actionnode run: " << action.errorString() << "\n";
        return Failure;
    }

    QJsonObject inputs;
    if (parser.isSet(input)) {
        bool unreadable = false;
        if (!InputParser::readFile(parser.value(input), &inputs, &error, &unreadable)) {
            err() << "actionnode run: " << error << "\n";
            return unreadable ? Failure : InvalidInput;
        }
    }
    if (parser.isSet(savedVersion)) {
        const MigratedInputs migrated = action.migrateInputs(inputs, parser.value(savedVersion));
        if (!migrated.isValid()) {
            err() << "actionnode run: " << migrated.errorString << "\n";
            return InvalidInput;
        }
        for (const QString &change : migrated.changes)
            err() << "migrated: " << change << "\n";
        inputs = migrated.inputs;
    }
    ActionErrors parseErrors;
    const QJsonObject assigned = InputParser::parse(action, positional, &parseErrors);
    for (auto it = assigned.begin(); it != assigned.end(); ++it)
        inputs.insert(it.key(), it.value());

    ActionResult result;
    if (!parseErrors.isEmpty()) {
        // Report the values that did parse too, so that one run shows every
        // problem; a field whose text did not parse is reported once.
        ActionErrors errors = parseErrors;
        for (const ActionError &error : action.validate(inputs)) {
            if (std::none_of(parseErrors.cbegin(), parseErrors.cend(),
                             [&error](const ActionError &parseError) { return parseError.field == error.field; }))
                errors.append(error);
        }
        result = ActionResult::failure(ActionResult::Status::InvalidInput, errors);
    } else {
        QFutureWatcher<ActionResult> watcher;
        QEventLoop loop;
        QObject::connect(&watcher, &QFutureWatcher<ActionResult>::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(runtime.invoke(actionId, inputs));
        if (!watcher.isFinished())
            loop.exec();
        result = watcher.result();
    }
    out() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
    out().flush();
    for (const ActionError &warning : std::as_const(result.warnings))
        err() << "warning: " << warning.toString() << "\n";
    for (const ActionError &problem : std::as_const(result.errors))
        err() << "error: " << problem.toString() << "\n";
    return exitCodeFor(result);
}
