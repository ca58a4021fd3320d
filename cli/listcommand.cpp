#include "listcommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace ActionNode;

int ListCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("text (default) or json."),
                                    QStringLiteral("format"), QStringLiteral("text"));
    parser.addOption(format);
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    if (parser.value(format) != QLatin1String("text") && parser.value(format) != QLatin1String("json")) {
        err() << "actionnode list: --format must be text or json\n";
        return UsageError;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err() << "actionnode list: takes no arguments\n";
        return UsageError;
    }
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode list: " << error << "\n";
        return Failure;
    }

    QJsonArray actions;
    for (const PluginSpec &plugin : runtime.plugins()) {
        if (plugin.hasError())
            continue;
        for (const QJsonValue &action : plugin.manifest().value(QStringLiteral("actions")).toArray()) {
            actions.append(QJsonObject{{QStringLiteral("id"), action.toObject().value(QStringLiteral("id"))},
                                       {QStringLiteral("title"), action.toObject().value(QStringLiteral("title"))},
                                       {QStringLiteral("provider"), plugin.id()},
                                       {QStringLiteral("version"), plugin.version()}});
        }
    }
    if (parser.value(format) == QLatin1String("json")) {
        out() << QJsonDocument(actions).toJson(QJsonDocument::Indented);
    } else {
        for (const QJsonValue &action : std::as_const(actions)) {
            const QJsonObject object = action.toObject();
            out() << object.value(QStringLiteral("id")).toString().leftJustified(34) << ' '
                  << object.value(QStringLiteral("title")).toString() << '\n';
        }
    }
    const QList<PluginSpec> plugins = runtime.plugins();
    const bool nothingLoaded = std::all_of(plugins.begin(), plugins.end(),
                                           [](const PluginSpec &plugin) { return plugin.hasError(); });
    for (const QString &problem : runtime.loadErrors())
        err() << "actionnode list: " << (nothingLoaded ? "error: " : "warning: ") << problem << '\n';
    return nothingLoaded ? Failure : Success;
}
