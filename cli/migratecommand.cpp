#include "migratecommand.h"

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
    return report(context.session.migrate(context.arguments.constFirst(), context.parser.value(m_from), inputs));
}
