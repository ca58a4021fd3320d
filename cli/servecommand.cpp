#include "servecommand.h"
#include "httpservecommand.h"
#include "mcpserver.h"
#include "mcptriggerresources.h"
#include "linereader.h"
#include "triggerhttproutes.h"
#include "webhooksecrets.h"

#include <actionnode/triggerhub.h>

#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>

#include <cstdio>

#include <unistd.h>

using namespace ActionNode;

int ServeCommand::run(const QStringList &arguments)
{
    if (HttpServeCommand::wanted(arguments))
        return HttpServeCommand().run(arguments);
    QCommandLineParser parser;
    const QCommandLineOption stdio(QStringLiteral("stdio"), QStringLiteral("Serve on standard input and output."));
    const QCommandLineOption maxMessage(QStringLiteral("max-message-bytes"),
                                        QStringLiteral("Largest message read (default 4194304)."),
                                        QStringLiteral("bytes"), QStringLiteral("4194304"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Treat warnings as errors."));
    const QCommandLineOption webhookPort(QStringLiteral("webhook-port"),
                                         QStringLiteral("Receive webhooks on this port (0: a free one) and offer the "
                                                        "triggers as subscribable resources."),
                                         QStringLiteral("n"));
    parser.addOptions({stdio, maxMessage, strict, webhookPort});
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    bool ok = false;
    const qsizetype limit = parser.value(maxMessage).toLongLong(&ok);
    if (!parser.isSet(stdio) || !ok || limit < 1024) {
        err() << "actionnode serve: use --stdio or --http ADDRESS:PORT, and --max-message-bytes of 1024 or more\n";
        return UsageError;
    }
    Runtime runtime;
    runtime.setWarningsAsErrors(parser.isSet(strict));
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode serve: " << error << "\n";
        return Failure;
    }

    McpServer server(&runtime);
    LineReader reader(STDIN_FILENO, limit);
    QObject::connect(&server, &McpServer::send, [&reader](const QByteArray &message) {
        std::fwrite(message.constData(), 1, size_t(message.size()), stdout);
        std::fputc('\n', stdout);
        // The client is gone (EPIPE: SIGPIPE is ignored): nobody is left to answer.
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            reader.stop();
            QCoreApplication::exit(Failure);
        }
    });
    // Triggers as resources: events come in through a webhook listener of its own.
    TriggerHub hub(&runtime);
    QHttpServer webhooks;
    TriggerHttpRoutes routes(&hub);
    McpTriggerResources resources(&runtime, &hub);
    if (parser.isSet(webhookPort)) {
        bool portOk = false;
        const uint port = parser.value(webhookPort).toUInt(&portOk);
        const int secrets = WebhookSecrets::apply(&hub, runtime, std::nullopt, &error);
        if (secrets < 0) {
            err() << "actionnode serve: " << error << "\n";
            return Failure;
        }
        routes.addTo(&webhooks);
        const quint16 listening = portOk && port <= 65535 && secrets > 0
                ? webhooks.listen(QHostAddress::LocalHost, quint16(port)) : 0;
        if (listening == 0) {
            err() << "actionnode serve: --webhook-port needs a free port from 0 to 65535 and a webhook secret ($"
                  << TriggerHub::secretVariable(QStringLiteral("daily")) << ")\n";
            return Failure;
        }
        err() << "actionnode serve: receiving webhooks at http://127.0.0.1:" << listening << "/v1/webhooks/<provider>\n";
        err().flush();
        server.setTriggerResources(&resources);
    }
    QObject::connect(&reader, &LineReader::lineRead, &server, [&server](const QByteArray &line) {
        if (!line.isEmpty())
            server.handleMessage(line);
    });
    QObject::connect(&reader, &LineReader::lineTooLong, &server, &McpServer::rejectOversizedMessage);
    // Once standard input is closed, answer what is in flight, then leave.
    QObject::connect(&reader, &QThread::finished, &server, [&server] {
        if (server.pendingCalls() == 0)
            QCoreApplication::quit();
        else
            QObject::connect(&server, &McpServer::idle, qApp, &QCoreApplication::quit);
    });
    reader.start();
    const int result = QCoreApplication::exec();
    reader.stop();
    reader.wait();
    return result == 0 ? Success : Failure;
}
