#include "optionscommand.h"

#include <actionnode/optionsloader.h>

#include <QJsonDocument>

using namespace ActionNode;

int OptionsCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(m_search);
    addActionArgument(parser);
    parser.addPositionalArgument(QStringLiteral("field"), QStringLiteral("The field's key, e.g. room_name."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return fail(QStringLiteral("name an action and one of its fields"), UsageError);
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error))
        return fail(error);
    const ActionSpec action = runtime.action(positional.constFirst());
    if (action.hasError())
        return fail(action.errorString());
    if (action.field(positional.at(1)).key().isEmpty())
        return fail(QStringLiteral("\"%1\" is not a field of %2").arg(positional.at(1), action.id()), UsageError);
    const OptionsLoader::Options options = await(
        OptionsLoader::load(&runtime, action, positional.at(1), parser.value(m_search)));
    out() << QJsonDocument(options.toJson()).toJson(QJsonDocument::Indented);
    if (options.freeText)
        err() << "free text: " << options.reason << "\n";
    return Success;
}
