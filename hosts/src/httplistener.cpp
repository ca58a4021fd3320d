#include "httplistener.h"

#include <actionnode/errorcodes.h>
#include <actionnode/httpexchange.h>

#include <QSslSocket>

namespace ActionNode {

namespace {

constexpr int TlsHandshakeTimeoutMs = 10000;
// After the process ran out of descriptors, how long accepting pauses before it is tried again.
constexpr int AcceptRetryMs = 200;

} // namespace

HttpListener::HttpListener(const HttpHostOptions &options, HttpConnection::Dispatcher dispatcher, QObject *parent)
    : QTcpServer(parent), m_options(options), m_dispatcher(std::move(dispatcher))
{
    // Qt stops accepting after an accept() error such as EMFILE; try again later, not in a loop.
    m_acceptRetry.setSingleShot(true);
    m_acceptRetry.setInterval(AcceptRetryMs);
    connect(&m_acceptRetry, &QTimer::timeout, this, &QTcpServer::resumeAccepting);
    connect(this, &QTcpServer::acceptError, this, &HttpListener::acceptFailed);
}

void HttpListener::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

void HttpListener::acceptFailed(QAbstractSocket::SocketError error)
{
    Q_UNUSED(error);
    pauseAccepting();
    m_acceptRetry.start();
}

bool HttpListener::admit(QTcpSocket *socket)
{
    const QHostAddress client = socket->peerAddress();
    const int fromClient = m_connectionsPerClient.value(client);
    if (m_connections < m_options.maxConnections && fromClient < m_options.maxConnectionsPerClient) {
        ++m_connections;
        m_connectionsPerClient.insert(client, fromClient + 1);
        connect(socket, &QObject::destroyed, this, [this, client] {
            --m_connections;
            const int left = m_connectionsPerClient.value(client) - 1;
            if (left > 0)
                m_connectionsPerClient.insert(client, left);
            else
                m_connectionsPerClient.remove(client);
        });
        return true;
    }
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    // A TLS client would not read a plain answer: it is only closed.
    if (!m_tls) {
        const bool serverFull = m_connections >= m_options.maxConnections;
        const HttpReply reply = HttpReply::error(
            ErrorCode::TooManyConnections,
            serverFull ? QStringLiteral("the server holds its limit of %1 connections").arg(m_options.maxConnections)
                       : QStringLiteral("this address holds its limit of %1 connections")
                             .arg(m_options.maxConnectionsPerClient));
        socket->write(reply.serialized(true));
    }
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
    return false;
}

void HttpListener::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (!admit(socket))
        return;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    new HttpConnection(socket, m_options, m_dispatcher);
    if (!m_tls)
        return;
    auto *tlsSocket = static_cast<QSslSocket *>(socket);
    tlsSocket->setSslConfiguration(*m_tls);
    // A client that never finishes the handshake does not keep its socket.
    QTimer::singleShot(TlsHandshakeTimeoutMs, tlsSocket, [tlsSocket] {
        if (!tlsSocket->isEncrypted())
            tlsSocket->abort();
    });
    tlsSocket->startServerEncryption();
}

} // namespace ActionNode
