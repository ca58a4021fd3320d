#pragma once

#include <actionnode/runtime.h>

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>

namespace ActionNode {

class McpTriggerResources;

/*!
    A Model Context Protocol server (JSON-RPC 2.0) that offers every action
    of a Runtime as a tool.

    Tool names are action ids with '.' replaced by '_'
    (\c daily_create_meeting_token). MCP 2025-06-18 sets no rule for tool
    names and later revisions allow [A-Za-z0-9_.-], but hosts that pass tools
    on to a language model's function calling often accept only
    [A-Za-z0-9_-]: the underscore form is valid everywhere. A
    tool's \c inputSchema is the declaration's inputs schema without the
    fields whose bundle the license does not unlock (the description names
    them); its \c outputSchema is the declaration's outputs schema. A call
    answers \c structuredContent with the outputs, or \c isError with every
    validation, license or provider message.

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

    explicit McpServer(ActionNode::Runtime *runtime, QObject *parent = nullptr);

    void handleMessage(const QByteArray &message);
    //! Answers a message that was too large to read.
    void rejectOversizedMessage(qsizetype length);
    //! Offers the triggers as subscribable resources too (not owned).
    void setTriggerResources(McpTriggerResources *resources);
    //! Calls started and not yet answered.
    int pendingCalls() const { return m_pendingCalls; }

signals:
    void send(const QByteArray &message);
    //! Emitted when the last pending call has been answered.
    void idle();

private:
    void handleRequest(const QJsonValue &id, const QString &method, const QJsonObject &params);
    QJsonObject initialize(const QJsonObject &params);
    QJsonObject listTools();
    void callTool(const QJsonValue &id, const QJsonObject &params);
    void reply(const QJsonValue &id, const QJsonObject &result);
    void replyError(const QJsonValue &id, int code, const QString &message);

    ActionNode::Runtime *m_runtime;
    QHash<QString, QString> m_actionOfTool;
    McpTriggerResources *m_resources = nullptr;
    bool m_initialized = false;
    int m_pendingCalls = 0;
};

} // namespace ActionNode
