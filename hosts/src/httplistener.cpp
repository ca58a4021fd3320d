#include "httplistener.h"

#include <actionnode/errorcodes.h>
#include <actionnode/httpexchange.h>

#include <QSslSocket>
#include <QTimer>

#include <limits>

namespace ActionNode {

namespace {

constexpr int TlsHandshakeTimeoutMs = 10000;
const char RefusedProperty[] = "actionnode.requestRefused";

// The Content-Length of the request head in \a head; -1 when not (yet) seen,
// and past every limit when it is not a number.
qint64 declaredContentLength(const QByteArray &head)
{
    static constexpr char name[] = "\r\ncontent-length:";
    const qsizetype nameLength = qsizetype(sizeof(name) - 1);
    const qsizetype headEnd = head.indexOf("\r\n\r\n");
    const qsizetype end = headEnd < 0 ? head.size() : headEnd;
    for (qsizetype i = 0; i + nameLength <= end; ++i) {
        if (head[i] != '\r' || qstrnicmp(head.constData() + i, name, nameLength) != 0)
            continue;
        qsizetype value = i + nameLength;
        while (value < end && (head[value] == ' ' || head[value] == '\t'))
            ++value;
        qsizetype valueEnd = value;
        while (valueEnd < end && head[valueEnd] >= '0' && head[valueEnd] <= '9')
            ++valueEnd;
        if (headEnd < 0 && valueEnd == end)
            return -1; // the value may go on in the next chunk
        bool ok = false;
        const qint64 length = head.mid(value, valueEnd - value).toLongLong(&ok);
        return ok ? length : std::numeric_limits<qint64>::max();
    }
    return -1;
}

} // namespace

HttpListener::HttpListener(qint64 maxBodyBytes, QObject *parent) : QTcpServer(parent), m_maxBodyBytes(maxBodyBytes) {}

void HttpListener::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

void HttpListener::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new RequestSizeGuard(socket, m_maxBodyBytes);
        addPendingConnection(socket);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setSslConfiguration(*m_tls);
    new RequestSizeGuard(socket, m_maxBodyBytes);
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        addPendingConnection(socket);
        emit newConnection();
    });
    // A client that never finishes the handshake does not keep its socket.
    connect(socket, &QAbstractSocket::disconnected, socket, [socket] {
        if (!socket->isEncrypted())
            socket->deleteLater();
    });
    QTimer::singleShot(TlsHandshakeTimeoutMs, socket, [socket] {
        if (!socket->isEncrypted())
            socket->abort();
    });
    socket->startServerEncryption();
}

RequestSizeGuard::RequestSizeGuard(QTcpSocket *socket, qint64 maxBodyBytes)
    : QObject(socket), m_socket(socket), m_maxBodyBytes(maxBodyBytes)
{
    // Connected before the HTTP parser's own slot, so this one runs first.
    connect(socket, &QIODevice::readyRead, this, &RequestSizeGuard::received);
}

bool RequestSizeGuard::refused(const QTcpSocket *socket)
{
    return socket->property(RefusedProperty).toBool();
}

void RequestSizeGuard::requestRead(QTcpSocket *socket)
{
    if (auto *guard = socket->findChild<RequestSizeGuard *>(QString(), Qt::FindDirectChildrenOnly))
        guard->m_received = 0;
}

void RequestSizeGuard::received()
{
    if (refused(m_socket)) {
        m_socket->readAll();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (m_received == 0) {
        // The start of a request: its declared length decides at once.
        const qint64 declared = declaredContentLength(m_socket->peek(qMin<qint64>(available, MaxHeaderBytes)));
        if (declared > m_maxBodyBytes)
            return refuse();
    }
    m_received += available;
    if (m_received > m_maxBodyBytes + MaxHeaderBytes)
        refuse();
}

void RequestSizeGuard::refuse()
{
    m_socket->setProperty(RefusedProperty, true);
    m_socket->readAll();
    const HttpReply reply =
        HttpReply::error(ErrorCode::BodyTooLarge,
                         QStringLiteral("the request body is larger than the limit of %1 bytes").arg(m_maxBodyBytes));
    m_socket->write(reply.serialized(true));
    m_socket->disconnectFromHost();
}

} // namespace ActionNode
