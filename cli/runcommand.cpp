#include "runcommand.h"
#include "inputparser.h"

#include <QJsonDocument>

#include <algorithm>

using namespace ActionNode;

void RunCommand::addArguments(QCommandLineParser &parser)
{
    m_input.addTo(parser);
    parser.addOptions({m_savedVersion, m_all, m_maxPages});
    addActionArgument(parser);
    parser.addPositionalArgument(QStringLiteral("key=value"), QStringLiteral("Inputs; key:=json for raw JSON."),
                                 QStringLiteral("[key=value...]"));
}

int RunCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("name an action (see 'actionnode list')"), UsageError);
    bool ok = false;
    m_maxPageCount = parser.value(m_maxPages).toLongLong(&ok);
    if (!ok || m_maxPageCount < 1)
        return fail(QStringLiteral("--max-pages must be a whole number, 1 or more"), UsageError);
    return Success;
}

void RunCommand::configure(SessionOptions *options) const
{
    options->maxPages = m_maxPageCount;
}

int RunCommand::execute(const Context &context)
{
    QJsonObject inputs;
    const int exitCode = readInputFile(context, &inputs);
    if (exitCode != Success)
        return exitCode;
    ActionErrors parseErrors;
    QString usageError;
    if (!InputParser::parse(context.action.fields(), context.arguments, &inputs, &parseErrors, &usageError))
        return fail(usageError, UsageError);

    InvokeOptions options;
    const bool allPages = context.parser.isSet(m_all);
    // Items are written as their page arrives, so memory stays flat however long the list.
    if (allPages)
        options.allPages = [](const QJsonObject &item) {
            out() << QJsonDocument(item).toJson(QJsonDocument::Compact) << "\n";
        };
    // Values that did not parse are left out and only checked: one run shows every problem.
    options.dryRun = !parseErrors.isEmpty();
    const ActionResult result = await(context.session.invoke(context.action.id(), inputs, options));
    return print(parseErrors.isEmpty() ? result : invalidInput(parseErrors, result), allPages);
}

int RunCommand::readInputFile(const Context &context, QJsonObject *inputs)
{
    QString error;
    bool unreadable = false;
    if (m_input.isSet(context.parser) && !m_input.readObject(context.parser, inputs, &error, &unreadable))
        return fail(error, unreadable ? Failure : InvalidInput);
    if (!context.parser.isSet(m_savedVersion))
        return Success;
    const ActionResult migrated = context.session.migrate(context.action.id(), context.parser.value(m_savedVersion),
                                                          *inputs);
    if (!migrated.isSuccess())
        return report(migrated);
    for (const QJsonValue &change : migrated.outputs.value(QStringLiteral("changes")).toArray())
        err() << "migrated: " << change.toString() << "\n";
    *inputs = migrated.outputs.value(QStringLiteral("inputs")).toObject();
    return Success;
}

ActionResult RunCommand::invalidInput(const ActionErrors &parseErrors, const ActionResult &checked)
{
    // A field whose text did not parse is reported once, by the parser.
    ActionErrors errors = parseErrors;
    for (const ActionError &error : checked.errors) {
        if (std::none_of(parseErrors.cbegin(), parseErrors.cend(),
                         [&error](const ActionError &parseError) { return parseError.field == error.field; }))
            errors.append(error);
    }
    return ActionResult::failure(ActionResult::Status::InvalidInput, errors);
}

int RunCommand::print(const ActionResult &result, bool allPages)
{
    if (!allPages || !result.isSuccess()) {
        out() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
        out().flush();
    } else {
        out().flush();
        err() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact) << "\n";
    }
    printProblems(result);
    return exitCodeOf(result.status);
}
