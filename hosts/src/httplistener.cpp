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

HttpListener::HttpListener(const HttpHostOptions &options, QObject *parent) : QTcpServer(parent), m_options(options)
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
    new ConnectionGuard(socket, m_options);
    if (!m_tls) {
        addPendingConnection(socket);
        return;
    }
    auto *tlsSocket = static_cast<QSslSocket *>(socket);
    tlsSocket->setSslConfiguration(*m_tls);
    connect(tlsSocket, &QSslSocket::encrypted, this, [this, tlsSocket] {
        addPendingConnection(tlsSocket);
        Q_EMIT newConnection();
    });
    // A client that never finishes the handshake does not keep its socket.
    connect(tlsSocket, &QAbstractSocket::disconnected, tlsSocket, [tlsSocket] {
        if (!tlsSocket->isEncrypted())
            tlsSocket->deleteLater();
    });
    QTimer::singleShot(TlsHandshakeTimeoutMs, tlsSocket, [tlsSocket] {
        if (!tlsSocket->isEncrypted())
            tlsSocket->abort();
    });
    tlsSocket->startServerEncryption();
}

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const HttpHostOptions &options)
    : QObject(socket),
      m_socket(socket),
      m_checker({options.maxHeaderBytes, HttpHostOptions::maxHeaderLines, options.maxBodyBytes}),
      m_idleTimeoutMs(options.idleTimeoutMs),
      m_headerTimeoutMs(options.headerTimeoutMs),
      m_bodyTimeoutMs(options.bodyTimeoutMs)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &ConnectionGuard::timedOut);
    // Connected before the HTTP parser's own slot, so this one runs first.
    connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::received);
    rearm();
}

ConnectionGuard *ConnectionGuard::of(const QTcpSocket *socket)
{
    return socket ? socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

bool ConnectionGuard::refused(const QTcpSocket *socket)
{
    const ConnectionGuard *guard = of(socket);
    return guard && guard->m_refused;
}

void ConnectionGuard::requestDispatched(QTcpSocket *socket)
{
    if (ConnectionGuard *guard = of(socket)) {
        ++guard->m_unanswered;
        guard->rearm();
    }
}

void ConnectionGuard::requestAnswered(QTcpSocket *socket)
{
    if (ConnectionGuard *guard = of(socket)) {
        guard->m_unanswered = qMax(0, guard->m_unanswered - 1);
        guard->rearm();
    }
}

void ConnectionGuard::streamStarted(QTcpSocket *socket)
{
    if (ConnectionGuard *guard = of(socket)) {
        guard->m_streaming = true;
        guard->rearm();
    }
}

void ConnectionGuard::received()
{
    if (m_refused) {
        m_socket->readAll();
        return;
    }
    if (m_streaming)
        return;
    if (!m_checker.feed(m_socket->peek(m_socket->bytesAvailable())))
        return refuse(m_checker.refusal());
    rearm();
}

void ConnectionGuard::refuse(const HttpRequestChecker::Refusal &refusal)
{
    m_refused = true;
    m_deadline.stop();
    m_socket->readAll();
    m_socket->write(HttpReply::error(refusal.code, refusal.message).serialized(true));
    m_socket->disconnectFromHost();
}

void ConnectionGuard::rearm()
{
    using Phase = HttpRequestChecker::Phase;
    const Phase phase = m_checker.phase();
    if (m_refused || m_streaming || (phase == Phase::Idle && m_unanswered > 0)) {
        m_deadline.stop();
        return;
    }
    // Each deadline runs from the start of its phase: bytes trickling in do not extend it.
    if (m_deadline.isActive() && phase == m_timedPhase && m_checker.completedRequests() == m_timedRequest)
        return;
    m_timedPhase = phase;
    m_timedRequest = m_checker.completedRequests();
    m_deadline.start(phase == Phase::Head   ? m_headerTimeoutMs
                     : phase == Phase::Body ? m_bodyTimeoutMs
                                            : m_idleTimeoutMs);
}

void ConnectionGuard::timedOut()
{
    if (m_checker.phase() == HttpRequestChecker::Phase::Idle) {
        m_socket->disconnectFromHost();
        return;
    }
    const bool inHead = m_checker.phase() == HttpRequestChecker::Phase::Head;
    refuse({ErrorCode::RequestTimeout,
            inHead ? QStringLiteral("the request head did not arrive within %1 ms").arg(m_headerTimeoutMs)
                   : QStringLiteral("the request body did not arrive within %1 ms").arg(m_bodyTimeoutMs)});
}

} // namespace ActionNode
