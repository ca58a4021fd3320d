#include "runcommand.h"
#include "inputparser.h"

#include <QJsonDocument>

#include <algorithm>

using namespace ActionNode;

int RunCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    m_input.addTo(parser);
    parser.addOptions({m_savedVersion, m_all, m_maxPages});
    addActionArgument(parser);
    parser.addPositionalArgument(QStringLiteral("key=value"), QStringLiteral("Inputs; key:=json for raw JSON."),
                                 QStringLiteral("[key=value...]"));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(QStringLiteral("name an action (see 'actionnode list')"), UsageError);
    const QString actionId = positional.takeFirst();
    bool ok = false;
    const qint64 maxPages = parser.value(m_maxPages).toLongLong(&ok);
    if (!ok || maxPages < 1)
        return fail(QStringLiteral("--max-pages must be a whole number, 1 or more"), UsageError);

    Runtime runtime;
    runtime.setMaxPages(maxPages);
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error))
        return fail(error);
    const ActionSpec action = runtime.action(actionId);
    if (action.hasError())
        return fail(action.errorString());
    QJsonObject inputs;
    exitCode = readInputFile(parser, action, &inputs);
    if (exitCode != Success)
        return exitCode;
    ActionErrors parseErrors;
    if (!assign(action, positional, &inputs, &parseErrors))
        return UsageError;

    const bool allPages = parser.isSet(m_all);
    const ActionResult result = parseErrors.isEmpty() ? invoke(runtime, actionId, inputs, allPages)
                                                      : invalidInput(action, inputs, parseErrors);
    print(result, allPages);
    return exitCodeOf(result.status);
}

int RunCommand::readInputFile(const QCommandLineParser &parser, const ActionSpec &action, QJsonObject *inputs)
{
    QString error;
    bool unreadable = false;
    if (m_input.isSet(parser) && !m_input.readObject(parser, inputs, &error, &unreadable))
        return fail(error, unreadable ? Failure : InvalidInput);
    if (!parser.isSet(m_savedVersion))
        return Success;
    const MigratedInputs migrated = action.migrateInputs(*inputs, parser.value(m_savedVersion));
    if (!migrated.isValid())
        return fail(migrated.errorString, InvalidInput);
    for (const QString &change : migrated.changes)
        err() << "migrated: " << change << "\n";
    *inputs = migrated.inputs;
    return Success;
}

bool RunCommand::assign(const ActionSpec &action, const QStringList &assignments, QJsonObject *inputs,
                        ActionErrors *parseErrors)
{
    QString usageError;
    if (InputParser::parse(action.fields(), assignments, inputs, parseErrors, &usageError))
        return true;
    fail(usageError, UsageError);
    return false;
}

ActionResult RunCommand::invalidInput(const ActionSpec &action, const QJsonObject &inputs,
                                      const ActionErrors &parseErrors)
{
    // Report the values that did parse too, so that one run shows every
    // problem; a field whose text did not parse is reported once.
    ActionErrors errors = parseErrors;
    for (const ActionError &error : action.validate(inputs)) {
        if (std::none_of(parseErrors.cbegin(), parseErrors.cend(),
                         [&error](const ActionError &parseError) { return parseError.field == error.field; }))
            errors.append(error);
    }
    return ActionResult::failure(ActionResult::Status::InvalidInput, errors);
}

ActionResult RunCommand::invoke(Runtime &runtime, const QString &actionId, const QJsonObject &inputs, bool allPages)
{
    if (!allPages)
        return await(runtime.invoke(actionId, inputs));
    // Items are written as their page arrives, so memory stays flat however long the list.
    const auto writeItem = [](const QJsonObject &item) {
        out() << QJsonDocument(item).toJson(QJsonDocument::Compact) << "\n";
    };
    return await(runtime.invokeAllPages(actionId, inputs, writeItem));
}

void RunCommand::print(const ActionResult &result, bool allPages)
{
    if (allPages && result.isSuccess()) {
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
}
