#include "describecommand.h"

#include <actionnode/metadatarenderer.h>

#include <QJsonDocument>

using namespace ActionNode;

int DescribeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("markdown (default) or json."),
                                    QStringLiteral("format"), QStringLiteral("markdown"));
    parser.addOption(format);
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("Action or trigger id, e.g. daily.create_meeting_token."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("markdown") && formatName != QLatin1String("json")) {
        err() << "actionnode describe: --format must be markdown or json, not \"" << formatName << "\"\n";
        return UsageError;
    }
    if (parser.positionalArguments().size() != 1) {
        err() << "actionnode describe: name exactly one action or trigger (see 'actionnode list')\n";
        return UsageError;
    }
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode describe: " << error << "\n";
        return Failure;
    }
    const QString id = parser.positionalArguments().constFirst();
    const bool json = formatName == QLatin1String("json");
    if (runtime.knownTriggerIds().contains(id)) {
        const TriggerSpec trigger = runtime.trigger(id);
        if (trigger.hasError()) {
            err() << "actionnode describe: " << trigger.errorString() << "\n";
            return Failure;
        }
        if (json)
            out() << QJsonDocument(MetadataRenderer::toJson(trigger, runtime.license())).toJson(QJsonDocument::Indented);
        else
            out() << MetadataRenderer::toMarkdown(trigger, runtime.license());
        return Success;
    }
    const ActionSpec action = runtime.action(id);
    if (action.hasError()) {
        err() << "actionnode describe: " << action.errorString() << "\n";
        return Failure;
    }
    if (json)
        out() << QJsonDocument(MetadataRenderer::toJson(action, runtime.license())).toJson(QJsonDocument::Indented);
    else
        out() << MetadataRenderer::toMarkdown(action, runtime.license());
    return Success;
}
