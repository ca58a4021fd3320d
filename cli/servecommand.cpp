#include "servecommand.h"
#include "httpservecommand.h"
#include "mcpserver.h"
#include "linereader.h"

#include <QCoreApplication>

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
    parser.addOptions({stdio, maxMessage, strict});
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
