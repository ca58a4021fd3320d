#include "servecommand.h"
#include "httpservecommand.h"
#include "linereader.h"
#include "mcpserver.h"
#include "mcptriggerresources.h"
#include "webhookoptions.h"

#include <actionnode/httphost.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/triggerhttproutes.h>
#include <actionnode/session.h>
#include <actionnode/triggerhub.h>

#include <QCoreApplication>
#include <QScopeGuard>

#include <cstdio>

#include <unistd.h>

using namespace ActionNode;

int ServeCommand::run(const QStringList &arguments)
{
    if (HttpServeCommand::wanted(arguments))
        return HttpServeCommand().run(arguments);
    return RuntimeCommand::run(arguments);
}

void ServeCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_stdio, m_maxMessage, m_webhookPort});
    m_storeOptions.addTo(parser);
    m_pushOptions.addTo(parser);
    m_limitOptions.addTo(parser);
}

int ServeCommand::checkArguments(const QCommandLineParser &parser)
{
    bool ok = false;
    m_maxMessageBytes = parser.value(m_maxMessage).toLongLong(&ok);
    if (!parser.isSet(m_stdio) || !ok || m_maxMessageBytes < 1024)
        return fail(QStringLiteral("use --stdio or --http ADDRESS:PORT, and --max-message-bytes of 1024 or more"),
                    UsageError);
    QString error;
    if (!m_storeOptions.read(parser, &error) || !m_pushOptions.read(parser, &error)
        || !m_limitOptions.read(parser, &m_webhookHostOptions, &error))
        return fail(error, UsageError);
    return Success;
}

void ServeCommand::configure(SessionOptions *options) const
{
    if (m_storeOptions.isSet())
        m_storeOptions.configure(options);
}

int ServeCommand::execute(const Context &context)
{
    const QCommandLineParser &parser = context.parser;
    // With a store, its push subscriptions are tools, and pushed from here as serve --http does.
    std::unique_ptr<PushSubscriptions> subscriptions;
    if (context.session.store()) {
        subscriptions = std::make_unique<PushSubscriptions>(context.session.triggerHub(), context.session.store(),
                                                            m_pushOptions.options());
        QString error;
        if (!subscriptions->start(&error))
            return fail(error);
        context.session.setPushSubscriptions(subscriptions.get());
    }
    const auto detachSubscriptions = qScopeGuard([&context] { context.session.setPushSubscriptions(nullptr); });
    McpServer server(&context.session);
    // Triggers as resources: events come in through a webhook listener of its own.
    TriggerHub *hub = context.session.triggerHub();
    std::unique_ptr<HttpHost> webhooks;
    McpTriggerResources resources(context.session.runtime(), hub);
    if (parser.isSet(m_webhookPort)) {
        if (!receiveWebhooks(parser, *context.session.runtime(), hub, &webhooks))
            return Failure;
        server.setTriggerResources(&resources);
    }
    return serveStdio(&server, m_maxMessageBytes);
}

bool ServeCommand::receiveWebhooks(const QCommandLineParser &parser, const Runtime &runtime, TriggerHub *hub,
                                   std::unique_ptr<HttpHost> *host)
{
    bool portOk = false;
    const uint port = parser.value(m_webhookPort).toUInt(&portOk);
    QString error;
    const int secrets = WebhookOptions().configure(hub, runtime, &error);
    if (secrets < 0) {
        fail(error);
        return false;
    }
    if (!portOk || port > 65535 || secrets == 0) {
        fail(QStringLiteral("--webhook-port needs a port from 0 to 65535 and a webhook secret ($%1)")
                 .arg(TriggerHub::secretVariable(QStringLiteral("daily"))));
        return false;
    }
    HttpHostOptions options = m_webhookHostOptions;
    options.port = quint16(port);
    options.maxBodyBytes = TriggerHub::maxBodyBytes;
    *host = std::make_unique<HttpHost>(options);
    // The routes live as long as the host: they are its child.
    (new TriggerHttpRoutes(hub, host->get()))->addTo(host->get(), TriggerHttpRoutes::Routes::Webhooks);
    if (!(*host)->listen(&error)) {
        fail(QStringLiteral("--webhook-port: ") + error);
        return false;
    }
    err() << "actionnode serve: receiving webhooks at " << (*host)->url().toString() << "/v1/webhooks/<provider>\n";
    err().flush();
    return true;
}

int ServeCommand::serveStdio(McpServer *server, qsizetype maxMessageBytes)
{
    LineReader reader(STDIN_FILENO, maxMessageBytes);
    QObject::connect(server, &McpServer::send, &reader, [&reader](const QByteArray &message) {
        std::fwrite(message.constData(), 1, size_t(message.size()), stdout);
        std::fputc('\n', stdout);
        // The client is gone (EPIPE: SIGPIPE is ignored): nobody is left to answer.
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            reader.stop();
            QCoreApplication::exit(Failure);
        }
    });
    QObject::connect(&reader, &LineReader::linesReady, server, [server, &reader] {
        for (const LineReader::Line &line : reader.takeLines()) {
            if (line.isTooLong())
                server->rejectOversizedMessage(line.tooLongLength);
            else if (!line.text.isEmpty())
                server->handleMessage(line.text);
        }
    });
    // Once standard input is closed, answer what is in flight, then leave.
    QObject::connect(&reader, &QThread::finished, server, [server] {
        if (server->pendingCalls() == 0)
            QCoreApplication::quit();
        else
            QObject::connect(server, &McpServer::idle, qApp, &QCoreApplication::quit);
    });
    reader.start();
    const int result = QCoreApplication::exec();
    reader.stop();
    reader.wait();
    return result == 0 ? Success : Failure;
}
