#pragma once

#include <actionnode/actionresult.h>
#include <actionnode/invokeoptions.h>

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QFuture>
#include <QObject>

namespace ActionNode {

class McpTriggerResources;
class Session;

/*!
    A Model Context Protocol server (JSON-RPC 2.0) that offers every action
    of a Session as a tool, and two of the Session's operations as tools of
    their own: fieldOptionsTool (a field's choices: \c action, \c field,
    \c search, \c cursor) and connectionTestTool (\c provider).

    Tool names are action ids with '.' replaced by '_'
    (\c daily_create_meeting_token). MCP 2025-06-18 sets no rule for tool
    names and later revisions allow [A-Za-z0-9_.-], but hosts that pass tools
    on to a language model's function calling often accept only
    [A-Za-z0-9_-]: the underscore form is valid everywhere. A
    tool's \c inputSchema is the declaration's inputs schema without the
    fields whose bundle the license does not unlock (the description names
    them); its \c outputSchema is the declaration's outputs schema. A call
    answers \c structuredContent with the outputs, or \c isError with every
    validation, license or provider message, each with its code in
    brackets (\c{[invalid_input]}).

    An action's tool also takes \c saved_version (unless the action has a
    field of that name): the declaration version its arguments were saved
    under, migrated to the current one first (each change a warning). A
    call to any tool may bring the caller's own provider account in
    \c{params._meta["actionnode/connection"]}, an object keyed by provider id
    as \c X-ActionNode-Connection is (\c{{"daily": {"api_key": ...}}}): it
    travels beside the arguments, not in them, so that a model never sees
    the key. It is checked as that header is (RequestConnections: account
    settings only), used for that call and forgotten; a refused one fails
    the call with \c invalid_connection, never quoting a value. When the
    Session has a store, each call of an action is recorded in its run
    history (origin \c mcp), the connection never.

    Protocol versions 2025-06-18, 2025-03-26 and 2024-11-05 are answered
    as asked; any other request gets 2025-06-18, for the client to accept or
    disconnect. Requests other than ping before initialize are refused with
    -32002, and batches (removed in 2025-06-18) with -32600.

    handleMessage() takes one message; replies leave through send(). Calls
    run concurrently and answer in the order they finish.
*/
class McpServer : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *latestProtocolVersion = "2025-06-18";
    static constexpr const char *fieldOptionsTool = "actionnode_field_options";
    static constexpr const char *connectionTestTool = "actionnode_test_connection";
    static constexpr const char *savedVersionArgument = "saved_version";
    static constexpr const char *connectionMetaKey = "actionnode/connection";
    // The tools of the push subscriptions (PushSubscriptions), offered when the session has them.
    static constexpr const char *createSubscriptionTool = "actionnode_create_subscription";
    static constexpr const char *listSubscriptionsTool = "actionnode_list_subscriptions";
    static constexpr const char *deleteSubscriptionTool = "actionnode_delete_subscription";
    static constexpr const char *rotateSecretTool = "actionnode_rotate_subscription_secret";
    static constexpr const char *deliveriesTool = "actionnode_subscription_deliveries";
    static constexpr const char *redeliverTool = "actionnode_redeliver_subscription";

    explicit McpServer(ActionNode::Session *session, QObject *parent = nullptr);

    void handleMessage(const QByteArray &message);
    //! Answers a message that was too large to read.
    void rejectOversizedMessage(qsizetype length);
    //! Offers the triggers as subscribable resources too (not owned).
    void setTriggerResources(McpTriggerResources *resources);
    //! Calls started and not yet answered.
    int pendingCalls() const { return m_pendingCalls; }

Q_SIGNALS:
    void send(const QByteArray &message);
    //! Emitted when the last pending call has been answered.
    void idle();

private:
    void handleRequest(const QJsonValue &id, const QString &method, const QJsonObject &params);
    QJsonObject initialize(const QJsonObject &params);
    QJsonObject listTools();
    void callTool(const QJsonValue &id, const QJsonObject &params);
    /*!
        The caller's options of a request: its connections from
        \c{_meta["actionnode/connection"]}; none, with the refusal in
        \a refused, when they are not valid connections.
    */
    std::optional<ActionNode::InvokeOptions> callerOptions(const QJsonObject &params,
                                                           ActionNode::ActionResult *refused) const;
    //! The Session's answer to a call of tool \a name (an action's, or one of the operations').
    QFuture<ActionNode::ActionResult> runTool(const QString &name, QJsonObject arguments,
                                              const ActionNode::InvokeOptions &options);
    static bool isSubscriptionTool(const QString &name);
    //! The answer of PushSubscriptions to a call of subscription tool \a name.
    ActionNode::ActionResult runSubscriptionTool(const QString &name, const QJsonObject &arguments,
                                                 const ActionNode::InvokeOptions &options);
    //! Answers request \a id with \a future's result, as a tool result, when it comes.
    void answerTool(const QJsonValue &id, const QFuture<ActionNode::ActionResult> &future);
    void reply(const QJsonValue &id, const QJsonObject &result);
    void replyError(const QJsonValue &id, int code, const QString &message);

    ActionNode::Session *m_session;
    QHash<QString, QString> m_actionOfTool;
    McpTriggerResources *m_resources = nullptr;
    bool m_initialized = false;
    int m_pendingCalls = 0;
};

} // namespace ActionNode
