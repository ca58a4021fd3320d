#include "describecommand.h"

#include <actionnode/metadatarenderer.h>

#include <QJsonDocument>

using namespace ActionNode;

void DescribeCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_format, m_locale});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("Action or trigger id, e.g. daily.create_meeting_token."));
}

int DescribeCommand::checkArguments(const QCommandLineParser &parser)
{
    const QString formatName = parser.value(m_format);
    if (formatName != QLatin1String("markdown") && formatName != QLatin1String("json"))
        return fail(QStringLiteral("--format must be markdown or json, not \"%1\"").arg(formatName), UsageError);
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("name exactly one action or trigger (see 'actionnode list')"), UsageError);
    return Success;
}

int DescribeCommand::execute(const Context &context)
{
    const bool json = context.parser.value(m_format) == QLatin1String("json");
    if (context.namesTrigger)
        return print(context.trigger, context.runtime.license(), json);
    const ActionSpec action = context.parser.isSet(m_locale) ? context.action.localized(context.parser.value(m_locale))
                                                             : context.action;
    return print(action, context.runtime.license(), json);
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
