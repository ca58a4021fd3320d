#include "migratecommand.h"

#include <QJsonDocument>

using namespace ActionNode;

int MigrateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(m_from);
    m_input.addTo(parser);
    addActionArgument(parser);
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(m_from) || !m_input.isSet(parser))
        return fail(QStringLiteral("name one action, --from VERSION and --input FILE"), UsageError);
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error))
        return fail(error);
    const ActionSpec action = runtime.action(parser.positionalArguments().constFirst());
    if (action.hasError())
        return fail(action.errorString());
    QJsonObject inputs;
    bool unreadable = false;
    if (!m_input.readObject(parser, &inputs, &error, &unreadable))
        return fail(error, unreadable ? Failure : InvalidInput);
    const MigratedInputs migrated = action.migrateInputs(inputs, parser.value(m_from));
    if (!migrated.isValid())
        return fail(migrated.errorString, InvalidInput);
    out() << QJsonDocument(migrated.toJson()).toJson(QJsonDocument::Indented);
    return Success;
}
