// Lines an MCP client sends to 'serve --stdio', each handled as the server
// handles a line; tool calls run self-signed (no network) to the end.
#include "mcpserver.h"

#include <actionnode/session.h>

#include <QCoreApplication>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace {
ActionNode::Session *session = nullptr;
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("DAILY_API_KEY", "fuzz-key");
    qputenv("DAILY_TOKEN_MODE", "self-signed");
    qputenv("DAILY_DOMAIN_ID", "fuzz-domain");
    qputenv("QT_LOGGING_RULES", "*=false");
    new QCoreApplication(*argc, *argv);
    // The providers of ACTIONNODE_PLUGIN_PATH, kept for the whole run, as 'serve --stdio' sets them up.
    session = new ActionNode::Session;
    QString error;
    if (!session->load(&error))
        qFatal("%s", qPrintable(error));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ActionNode::McpServer server(session);
    int answers = 0;
    QObject::connect(&server, &ActionNode::McpServer::send, [&answers](const QByteArray &) { ++answers; });
    const QList<QByteArray> lines = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)).split('\n');
    for (const QByteArray &line : lines) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            server.handleMessage(trimmed);
    }
    while (server.pendingCalls() > 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    if (answers > lines.size())
        qFatal("more answers than messages");
    return 0;
}
