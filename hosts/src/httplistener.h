#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace ActionNode {

/*!
    The listening socket of the HTTP host. Each accepted connection gets a
    RequestSizeGuard before the HTTP parser sees a byte, so an oversized
    request is refused with 413 instead of being buffered; with a TLS
    configuration the connection is handed on only once the handshake is
    done (or dropped after a handshake timeout).
*/
class HttpListener : public QTcpServer
{
    Q_OBJECT
public:
    HttpListener(qint64 maxBodyBytes, QObject *parent = nullptr);
    void setTlsConfiguration(const QSslConfiguration &configuration);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    qint64 m_maxBodyBytes;
    std::optional<QSslConfiguration> m_tls;
};

/*!
    Counts the bytes of the request being received on one connection and,
    past the body limit (from Content-Length or as they arrive), answers
    413 and closes the connection. Counting restarts once a request has
    been read whole (requestRead()).
*/
class RequestSizeGuard : public QObject
{
    Q_OBJECT
public:
    //! Requests with more bytes of headers are refused too.
    static constexpr qint64 MaxHeaderBytes = 64 * 1024;

    RequestSizeGuard(QTcpSocket *socket, qint64 maxBodyBytes);
    //! True once the connection was refused: its requests must not be served.
    static bool refused(const QTcpSocket *socket);
    //! A request was read whole from \a socket: the next one starts.
    static void requestRead(QTcpSocket *socket);

private:
    void received();
    void refuse();

    QTcpSocket *m_socket;
    qint64 m_maxBodyBytes;
    qint64 m_received = 0;
};

} // namespace ActionNode
