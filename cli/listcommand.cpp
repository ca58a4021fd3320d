#include "listcommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace ActionNode;

void ListCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOption(m_format);
}

int ListCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.value(m_format) != QLatin1String("text") && parser.value(m_format) != QLatin1String("json"))
        return fail(QStringLiteral("--format must be text or json"), UsageError);
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("takes no arguments"), UsageError);
    return Success;
}

int ListCommand::execute(const Context &context)
{
    const ActionResult listed = context.session.list();
    // Actions first, then triggers; each entry names its kind.
    QJsonArray nodes = listed.outputs.value(QStringLiteral("actions")).toArray();
    for (const QJsonValue &trigger : listed.outputs.value(QStringLiteral("triggers")).toArray())
        nodes.append(trigger);
    if (context.parser.value(m_format) == QLatin1String("json")) {
        out() << QJsonDocument(nodes).toJson(QJsonDocument::Indented);
    } else {
        for (const QJsonValue &node : std::as_const(nodes)) {
            const QJsonObject object = node.toObject();
            out() << object.value(QStringLiteral("id")).toString().leftJustified(34) << ' '
                  << object.value(QStringLiteral("kind")).toString().leftJustified(8) << ' '
                  << object.value(QStringLiteral("title")).toString() << '\n';
        }
    }
    // Load problems are warnings while anything loaded, and the failure when nothing did.
    const bool nothingLoaded = nodes.isEmpty() && !listed.warnings.isEmpty();
    for (const ActionError &problem : listed.warnings)
        fail((nothingLoaded ? QStringLiteral("error: ") : QStringLiteral("warning: ")) + problem.message);
    return nothingLoaded ? Failure : Success;
}
