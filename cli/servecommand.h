#pragma once

#include "command.h"
#include "httplimitoptions.h"
#include "pushtargetoptions.h"
#include "runtimeoptions.h"
#include "storeoptions.h"

#include <actionnode/httphost.h>

#include <memory>

namespace ActionNode {
class McpServer;
class TriggerHub;
} // namespace ActionNode

/*!
    \c actionnode \c serve \c --stdio: a Model Context Protocol server on
    standard input and output (newline-delimited JSON-RPC 2.0). Standard
    output carries protocol messages only; logs go to standard error. When
    standard input closes, calls in flight are answered and the server exits.
    With \c --store, each tool call of an action is recorded in the run
    history there (origin \c mcp), and the push subscriptions kept there
    are offered as tools and pushed (PushTargetOptions); without, nothing
    is kept.
    \c serve \c --http is HttpServeCommand.
*/
class ServeCommand : public RuntimeCommand
{
public:
    ServeCommand() : RuntimeCommand(RuntimeOptions::InvokesActions, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override
    {
        return QStringLiteral("Offer the actions as MCP tools (--stdio) or over HTTP (--http ADDRESS:PORT).");
    }
    //! \c serve \c --http is HttpServeCommand's; anything else is served over stdio.
    int run(const QStringList &arguments) override;

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    void configure(ActionNode::SessionOptions *options) const override;
    int execute(const Context &context) override;
    /*!
        --webhook-port: receives webhooks for \a hub on an HttpHost of 127.0.0.1
        that serves nothing else; false (printed) when it cannot.
    */
    bool receiveWebhooks(const QCommandLineParser &parser, const ActionNode::Runtime &runtime,
                         ActionNode::TriggerHub *hub, std::unique_ptr<ActionNode::HttpHost> *host);
    //! Answers the messages of standard input until it closes; the exit code.
    static int serveStdio(ActionNode::McpServer *server, qsizetype maxMessageBytes);

    QCommandLineOption m_stdio{QStringLiteral("stdio"), QStringLiteral("Serve on standard input and output.")};
    QCommandLineOption m_maxMessage{QStringLiteral("max-message-bytes"),
                                    QStringLiteral("Largest message read (default 4194304)."), QStringLiteral("bytes"),
                                    QStringLiteral("4194304")};
    QCommandLineOption m_webhookPort{QStringLiteral("webhook-port"),
                                     QStringLiteral("Receive webhooks on this port (0: a free one) and offer the "
                                                    "triggers as subscribable resources."),
                                     QStringLiteral("n")};
    StoreOptions m_storeOptions;
    PushTargetOptions m_pushOptions{PushTargetOptions::Use::Delivers};
    HttpLimitOptions m_limitOptions; //!< of the webhook port, as listen and serve --http take them
    ActionNode::HttpHostOptions m_webhookHostOptions;
    qsizetype m_maxMessageBytes = 0;
};
