#include "describecommand.h"

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
    const ActionResult described = context.session.describe(context.arguments.constFirst(),
                                                            context.parser.value(m_locale), {},
                                                            json ? Session::Format::Json : Session::Format::Markdown);
    if (json || !described.isSuccess())
        return report(described);
    out() << described.outputs.value(QStringLiteral("markdown")).toString();
    return Success;
}
