#include "optionscommand.h"

#include <actionnode/optionsloader.h>

#include <QFutureWatcher>
#include <QJsonDocument>

using namespace ActionNode;

int OptionsCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption search(QStringLiteral("search"), QStringLiteral("Only options whose label contains <text>."),
                                    QStringLiteral("text"));
    parser.addOption(search);
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("Action id, e.g. daily.create_meeting_token."));
    parser.addPositionalArgument(QStringLiteral("field"), QStringLiteral("The field's key, e.g. room_name."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        err() << "actionnode options: name an action and one of its fields\n";
        return UsageError;
    }
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode options: " << error << "\n";
        return Failure;
    }
    const ActionSpec action = runtime.action(positional.constFirst());
    if (action.hasError()) {
        err() << "actionnode options: " << action.errorString() << "\n";
        return Failure;
    }
    if (action.field(positional.at(1)).key().isEmpty()) {
        err() << "actionnode options: \"" << positional.at(1) << "\" is not a field of " << action.id() << "\n";
        return UsageError;
    }
    QFutureWatcher<OptionsLoader::Options> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcher<OptionsLoader::Options>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(OptionsLoader::load(&runtime, action, positional.at(1), parser.value(search)));
    if (!watcher.isFinished())
        loop.exec();
    const OptionsLoader::Options options = watcher.result();
    out() << QJsonDocument(options.toJson()).toJson(QJsonDocument::Indented);
    if (options.freeText)
        err() << "free text: " << options.reason << "\n";
    return Success;
}
