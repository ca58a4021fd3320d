#include "optionscommand.h"

#include <actionnode/optionsloader.h>

#include <QJsonDocument>

using namespace ActionNode;

void OptionsCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOption(m_search);
    addActionArgument(parser);
    parser.addPositionalArgument(QStringLiteral("field"), QStringLiteral("The field's key, e.g. room_name."));
}

int OptionsCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() != 2)
        return fail(QStringLiteral("name an action and one of its fields"), UsageError);
    return Success;
}

int OptionsCommand::execute(const Context &context)
{
    const QString field = context.arguments.constFirst();
    if (context.action.field(field).key().isEmpty())
        return fail(QStringLiteral("\"%1\" is not a field of %2").arg(field, context.action.id()), UsageError);
    const OptionsLoader::Options options = await(
        OptionsLoader::load(&context.runtime, context.action, field, context.parser.value(m_search)));
    out() << QJsonDocument(options.toJson()).toJson(QJsonDocument::Indented);
    if (options.freeText)
        err() << "free text: " << options.reason << "\n";
    return Success;
}
