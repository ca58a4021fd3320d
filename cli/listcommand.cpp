#include "listcommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

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
    const Runtime &runtime = context.runtime;
    const QJsonArray nodes = nodesOf(runtime);
    if (context.parser.value(m_format) == QLatin1String("json")) {
        out() << QJsonDocument(nodes).toJson(QJsonDocument::Indented);
    } else {
        for (const QJsonValue &node : nodes) {
            const QJsonObject object = node.toObject();
            out() << object.value(QStringLiteral("id")).toString().leftJustified(34) << ' '
                  << object.value(QStringLiteral("kind")).toString().leftJustified(8) << ' '
                  << object.value(QStringLiteral("title")).toString() << '\n';
        }
    }
    const QList<PluginSpec> plugins = runtime.plugins();
    const bool nothingLoaded = std::all_of(plugins.begin(), plugins.end(),
                                           [](const PluginSpec &plugin) { return plugin.hasError(); });
    for (const QString &problem : runtime.loadErrors())
        fail((nothingLoaded ? QStringLiteral("error: ") : QStringLiteral("warning: ")) + problem);
    return nothingLoaded ? Failure : Success;
}

QJsonArray ListCommand::nodesOf(const Runtime &runtime)
{
    QJsonArray nodes;
    for (const PluginSpec &plugin : runtime.plugins()) {
        if (plugin.hasError())
            continue;
        for (const char *kind : {"action", "trigger"}) {
            const QString list = QLatin1String(kind) + QLatin1Char('s');
            for (const QJsonValue &node : plugin.manifest().value(list).toArray()) {
                nodes.append(QJsonObject{{QStringLiteral("id"), node.toObject().value(QStringLiteral("id"))},
                                         {QStringLiteral("title"), node.toObject().value(QStringLiteral("title"))},
                                         {QStringLiteral("kind"), QLatin1String(kind)},
                                         {QStringLiteral("provider"), plugin.id()},
                                         {QStringLiteral("version"), plugin.version()}});
            }
        }
    }
    return nodes;
}
