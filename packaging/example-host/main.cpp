// A host application: loads the installed provider plugins, renders an
// action's property panel, and runs it, as a no-code builder would.
#include <actionnode/metadatarenderer.h>
#include <actionnode/runtime.h>

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    ActionNode::Runtime runtime;
    runtime.discoverPlugins();
    const QString actionId = QStringLiteral("daily.create_meeting_token");
    const ActionNode::ActionSpec action = runtime.action(actionId);
    if (action.hasError()) {
        err << "cannot load " << actionId << ": " << action.errorString() << "\n";
        return 1;
    }

    // The property panel: groups, fields and which of them are locked.
    const QJsonObject panel = ActionNode::MetadataRenderer::toJson(action, runtime.license());
    for (const QJsonValue &group : panel.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject object = group.toObject();
        out << "group " << object.value(QStringLiteral("title")).toString() << ": "
            << object.value(QStringLiteral("fields")).toArray().size() << " fields"
            << (object.value(QStringLiteral("locked")).toBool() ? " (locked)" : "") << "\n";
    }

    const QJsonObject inputs{{QStringLiteral("room_name"), QStringLiteral("standup")},
                             {QStringLiteral("user_name"), QStringLiteral("Alice")},
                             {QStringLiteral("exp"), qint64(4102444800)}};
    QFutureWatcher<ActionNode::ActionResult> watcher;
    QObject::connect(&watcher, &QFutureWatcher<ActionNode::ActionResult>::finished, &app, [&] {
        const ActionNode::ActionResult result = watcher.result();
        out << QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact) << "\n";
        out.flush();
        app.exit(result.isSuccess() ? 0 : 1);
    });
    watcher.setFuture(runtime.invoke(actionId, inputs));
    return app.exec();
}
