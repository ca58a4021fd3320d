#include "describecommand.h"

#include <actionnode/metadatarenderer.h>

#include <QJsonDocument>

using namespace ActionNode;

int DescribeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({m_format, m_locale});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("Action or trigger id, e.g. daily.create_meeting_token."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QString formatName = parser.value(m_format);
    if (formatName != QLatin1String("markdown") && formatName != QLatin1String("json"))
        return fail(QStringLiteral("--format must be markdown or json, not \"%1\"").arg(formatName), UsageError);
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("name exactly one action or trigger (see 'actionnode list')"), UsageError);
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error))
        return fail(error);
    const QString id = parser.positionalArguments().constFirst();
    const bool json = formatName == QLatin1String("json");
    if (runtime.knownTriggerIds().contains(id))
        return print(runtime.trigger(id), runtime.license(), json);
    ActionSpec action = runtime.action(id);
    if (!action.hasError() && parser.isSet(m_locale))
        action = action.localized(parser.value(m_locale));
    return print(action, runtime.license(), json);
}

template<typename Spec>
int DescribeCommand::print(const Spec &spec, const License &license, bool json)
{
    if (spec.hasError())
        return fail(spec.errorString());
    if (json)
        out() << QJsonDocument(MetadataRenderer::toJson(spec, license)).toJson(QJsonDocument::Indented);
    else
        out() << MetadataRenderer::toMarkdown(spec, license);
    return Success;
}
