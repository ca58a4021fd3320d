#pragma once

#include "httprequestchecker.h"

#include <actionnode/httphost.h>

#include <QHash>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <optional>

namespace ActionNode {

/*!
    The listening socket of the HTTP host. It holds at most
    HttpHostOptions::maxConnections connections, and
    HttpHostOptions::maxConnectionsPerClient from one address: a connection
    past either cap is answered 503 \c too_many_connections and closed at
    once. When the process runs out of descriptors anyway (EMFILE), it
    stops accepting for a moment instead of retrying in a busy loop. Each
    accepted connection gets a ConnectionGuard before the HTTP parser sees
    a byte; with a TLS configuration the connection is handed on only once
    the handshake is done (or dropped after a handshake timeout).
*/
class HttpListener : public QTcpServer
{
    Q_OBJECT
public:
    explicit HttpListener(const HttpHostOptions &options, QObject *parent = nullptr);
    void setTlsConfiguration(const QSslConfiguration &configuration);
    //! Connections open now.
    int connectionCount() const { return m_connections; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    //! Counts \a socket against the caps; false (and \a socket answered and closed) when one is taken.
    bool admit(QTcpSocket *socket);
    void acceptFailed(QAbstractSocket::SocketError error);

    HttpHostOptions m_options;
    std::optional<QSslConfiguration> m_tls;
    int m_connections = 0;
    QHash<QHostAddress, int> m_connectionsPerClient;
    QTimer m_acceptRetry;
};

/*!
    Watches one connection for the HTTP host: every byte goes through an
    HttpRequestChecker before Qt's parser reads it, and a refused request
    is answered (400, 413 or 431) and the connection closed. It also
    closes a connection that stays idle between requests longer than
    HttpHostOptions::idleTimeoutMs, and answers 408 \c request_timeout to
    one whose request head takes longer than headerTimeoutMs or whose body
    takes longer than bodyTimeoutMs. A connection taken over for a stream
    (HttpExchange::takeSocket()) is no longer watched.
*/
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, const HttpHostOptions &options);
    //! True once the connection was refused: its requests must not be served.
    static bool refused(const QTcpSocket *socket);
    //! A request of \a socket was handed to the host.
    static void requestDispatched(QTcpSocket *socket);
    //! A request of \a socket was answered.
    static void requestAnswered(QTcpSocket *socket);
    //! \a socket now carries a stream: it is no longer checked or timed.
    static void streamStarted(QTcpSocket *socket);

private:
    static ConnectionGuard *of(const QTcpSocket *socket);
    void received();
    void refuse(const HttpRequestChecker::Refusal &refusal);
    //! Arms the timer for the phase the connection is in.
    void rearm();
    void timedOut();

    QTcpSocket *m_socket;
    HttpRequestChecker m_checker;
    int m_idleTimeoutMs;
    int m_headerTimeoutMs;
    int m_bodyTimeoutMs;
    HttpRequestChecker::Phase m_timedPhase = HttpRequestChecker::Phase::Idle;
    qint64 m_timedRequest = 0; //!< the request whose phase is timed, counted as completed requests
    int m_unanswered = 0;
    bool m_refused = false;
    bool m_streaming = false;
    QTimer m_deadline;
};

} // namespace ActionNode
