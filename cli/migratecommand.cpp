#include "migratecommand.h"

#include <QJsonDocument>

using namespace ActionNode;

void MigrateCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOption(m_from);
    m_input.addTo(parser);
    addActionArgument(parser);
}

int MigrateCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() != 1 || !parser.isSet(m_from) || !m_input.isSet(parser))
        return fail(QStringLiteral("name one action, --from VERSION and --input FILE"), UsageError);
    return Success;
}

int MigrateCommand::execute(const Context &context)
{
    QJsonObject inputs;
    QString error;
    bool unreadable = false;
    if (!m_input.readObject(context.parser, &inputs, &error, &unreadable))
        return fail(error, unreadable ? Failure : InvalidInput);
    const MigratedInputs migrated = context.action.migrateInputs(inputs, context.parser.value(m_from));
    if (!migrated.isValid())
        return fail(migrated.errorString, InvalidInput);
    out() << QJsonDocument(migrated.toJson()).toJson(QJsonDocument::Indented);
    return Success;
}
