// A host application: loads the installed providers through a Session,
// renders an action's property panel, and runs it, as a no-code builder would.
#include <actionnode/session.h>

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

    // Plugins beside the library, connection settings from the environment.
    ActionNode::Session session;
    QString error;
    if (!session.load(&error)) {
        err << error << "\n";
        return 1;
    }
    const QString actionId = QStringLiteral("daily.create_meeting_token");

    // The property panel: groups, fields and which of them are locked.
    const ActionNode::ActionResult described = session.describe(actionId);
    if (!described.isSuccess()) {
        err << "cannot describe " << actionId << ": " << described.errors.value(0).message << "\n";
        return 1;
    }
    for (const QJsonValue &group : described.outputs.value(QStringLiteral("groups")).toArray()) {
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
    watcher.setFuture(session.invoke(actionId, inputs));
    return app.exec();
}
