#include "optionscommand.h"

using namespace ActionNode;

void OptionsCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_search, m_cursor});
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
    const ActionResult options = await(context.session.fieldOptions(context.arguments.at(0), context.arguments.at(1),
                                                                    context.parser.value(m_search),
                                                                    context.parser.value(m_cursor)));
    const int exitCode = report(options);
    if (options.isSuccess() && options.outputs.value(QStringLiteral("freeText")).toBool())
        err() << "free text: " << options.outputs.value(QStringLiteral("reason")).toString() << "\n";
    return exitCode;
}
