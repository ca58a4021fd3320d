#include "describecommand.h"

#include <actionnode/metadatarenderer.h>

#include <QJsonDocument>

using namespace ActionNode;

int DescribeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("markdown (default) or json."),
                                    QStringLiteral("format"), QStringLiteral("markdown"));
    const QCommandLineOption locale(QStringLiteral("locale"),
                                    QStringLiteral("Texts in <locale> (de, pt-BR), English where not translated."),
                                    QStringLiteral("locale"));
    parser.addOptions({format, locale});
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
    const auto describe = [&](const auto &spec) {
        if (spec.hasError()) {
            err() << "actionnode describe: " << spec.errorString() << "\n";
            return Failure;
        }
        if (formatName == QLatin1String("json"))
            out() << QJsonDocument(MetadataRenderer::toJson(spec, runtime.license())).toJson(QJsonDocument::Indented);
        else
            out() << MetadataRenderer::toMarkdown(spec, runtime.license());
        return Success;
    };
    if (runtime.knownTriggerIds().contains(id))
        return describe(runtime.trigger(id));
    ActionSpec action = runtime.action(id);
    if (!action.hasError() && parser.isSet(locale))
        action = action.localized(parser.value(locale));
    return describe(action);
}
