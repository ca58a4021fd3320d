#include "httptransport.h"
#include "httplistener.h"

#include <QHttpServerResponder>
#include <QTcpSocket>

namespace ActionNode {

HttpTransport::HttpTransport(Dispatcher dispatcher, QObject *parent)
    : QAbstractHttpServer(parent), m_dispatcher(std::move(dispatcher))
{}

bool HttpTransport::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (ConnectionGuard::refused(socket))
        return true;
    ConnectionGuard::requestDispatched(socket);
    m_dispatcher(request, socket);
    return true;
}

void HttpTransport::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached, since handleRequest() takes every request.
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace ActionNode
