#pragma once

#include "httpconnection.h"

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
    accepted connection is served by an HttpConnection, which hands its
    requests to the dispatcher; with a TLS configuration a connection whose
    handshake is not done within a timeout is dropped.
*/
class HttpListener : public QTcpServer
{
    Q_OBJECT
public:
    HttpListener(const HttpHostOptions &options, HttpConnection::Dispatcher dispatcher, QObject *parent = nullptr);
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
    HttpConnection::Dispatcher m_dispatcher;
    std::optional<QSslConfiguration> m_tls;
    int m_connections = 0;
    QHash<QHostAddress, int> m_connectionsPerClient;
    QTimer m_acceptRetry;
};

} // namespace ActionNode
