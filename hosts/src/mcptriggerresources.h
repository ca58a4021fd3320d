#pragma once

#include <actionnode/runtime.h>
#include <actionnode/triggerhub.h>

#include <QJsonObject>
#include <QObject>

#include <map>
#include <memory>

namespace ActionNode {

/*!
    The triggers of a Runtime as MCP resources, one per trigger
    (\c{actionnode://triggers/<id>}, JSON), for McpServer.

    \c resources/list names them; \c resources/subscribe starts receiving
    the trigger's events from the TriggerHub (refused with the reason when
    the license lacks the trigger's bundle), after which every event sends
    \c notifications/resources/updated for the resource; \c resources/read
    answers the trigger's last recentEvents events and how many were
    dropped; \c resources/unsubscribe stops. Events wait in the
    subscription's bounded queue, so a client that does not keep up loses
    the oldest news only, and is told how many. A subscription is the
    caller's account's (\c{_meta["actionnode/connection"]}, else the
    host's own): it gets that account's events only, and a request of
    another account reads it as not subscribed.
*/
class McpTriggerResources : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype recentEvents = 20;
    static constexpr int resourceNotFound = -32002; //!< MCP's error code for an unknown resource
    static constexpr int invalidParams = -32602;

    //! The answer to one request: a result, or an error code with its message.
    struct Answer
    {
        QJsonObject result;
        int errorCode = 0;
        QString errorMessage;
    };

    McpTriggerResources(ActionNode::Runtime *runtime, ActionNode::TriggerHub *hub, QObject *parent = nullptr);
    ~McpTriggerResources() override;

    static bool handles(const QString &method);
    //! Answers \a method for \a caller, whose account's events alone it subscribes to and reads.
    Answer handle(const QString &method, const QJsonObject &params, const ActionNode::InvokeOptions &caller);

Q_SIGNALS:
    //! A JSON-RPC notification for the client.
    void notification(const QJsonObject &message);

private:
    struct Subscribed
    {
        std::unique_ptr<ActionNode::TriggerSubscription> subscription;
        QList<QJsonObject> recent;
    };
    static QString uriOf(const QString &triggerId);
    //! The trigger id a URI names, or empty.
    QString triggerOf(const QJsonObject &params) const;
    //! resources/list: every trigger as a resource.
    Answer list() const;
    //! resources/subscribe: events of \a triggerId are kept and announced from now on.
    Answer subscribe(const QString &triggerId, const ActionNode::InvokeOptions &caller);
    //! resources/read: the recent events of \a triggerId (none unless \a caller's account subscribed).
    Answer read(const QString &triggerId, const ActionNode::InvokeOptions &caller);
    //! The subscription to \a triggerId of \a caller's account, or null.
    Subscribed *subscriptionOf(const QString &triggerId, const ActionNode::InvokeOptions &caller);
    void collect(const QString &triggerId);

    ActionNode::Runtime *m_runtime;
    ActionNode::TriggerHub *m_hub;
    std::map<QString, Subscribed> m_subscribed; //!< by trigger id (move-only values)
};

} // namespace ActionNode
