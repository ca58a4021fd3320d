#include "runcommand.h"
#include "inputparser.h"

#include <QFutureWatcher>
#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

using namespace ActionNode;

int RunCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"),
                                   QStringLiteral("JSON object of inputs from <file> ('-' for standard input; "
                                                  "at most 16 MiB); key=value arguments override it."),
                                   QStringLiteral("file"));
    const QCommandLineOption strict(QStringLiteral("strict"),
                                    QStringLiteral("Treat warnings (no room name, no expiry, ...) as errors."));
    const QCommandLineOption savedVersion(
        QStringLiteral("saved-version"),
        QStringLiteral("The declaration version the --input file was saved under; it is migrated first "
                       "(see 'actionnode migrate')."),
        QStringLiteral("version"));
    const QCommandLineOption all(QStringLiteral("all"),
                                 QStringLiteral("For a list action: fetch every page and write one item per line "
                                                "(JSON lines) as pages arrive; the result without the items follows "
                                                "on standard error."));
    parser.addOptions({input, strict, savedVersion, all});
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
    // An argument that is not an assignment at all is a mistake in the command line.
    bool usageError = false;
    for (const ActionError &problem : std::as_const(parseErrors)) {
        if (problem.code == QLatin1String("usage")) {
            err() << "actionnode run: " << problem.message << "\n";
            usageError = true;
        }
    }
    if (usageError)
        return UsageError;
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
        // Items are written as their page arrives, so memory stays flat however long the list.
        const auto writeItem = [this](const QJsonObject &item) {
            out() << QJsonDocument(item).toJson(QJsonDocument::Compact) << "\n";
        };
        watcher.setFuture(parser.isSet(all) ? runtime.invokeAllPages(actionId, inputs, writeItem)
                                            : runtime.invoke(actionId, inputs));
        if (!watcher.isFinished())
            loop.exec();
        result = watcher.result();
    }
    if (parser.isSet(all) && result.isSuccess()) {
        out().flush();
        err() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact) << "\n";
    } else {
        out() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
        out().flush();
    }
    for (const ActionError &warning : std::as_const(result.warnings))
        err() << "warning: " << warning.toString() << "\n";
    for (const ActionError &problem : std::as_const(result.errors))
        err() << "error: " << problem.toString() << "\n";
    return exitCodeOf(result.status);
}
