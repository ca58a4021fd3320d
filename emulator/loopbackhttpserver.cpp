#include "loopbackhttpserver.h"

#include "emulatorreply.h"

#include <QHttpServerResponder>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace ActionNode {

LoopbackHttpServer::LoopbackHttpServer(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{}

quint16 LoopbackHttpServer::listenOnLoopback(quint16 port, QString *errorString)
{
    auto *tcpServer = new QTcpServer(this);
    if (!tcpServer->listen(QHostAddress::LocalHost, port)) {
        *errorString = QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcpServer->errorString());
        delete tcpServer;
        return 0;
    }
    bind(tcpServer);
    return tcpServer->serverPort();
}

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status < 400 ? "OK" : "Error";
    }
}

// Written directly rather than through QHttpServerResponder, which only
// knows a fixed set of status codes and takes headers as initializer lists.
QByteArray head(const EmulatorReply &reply, qint64 contentLength)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    if (!reply.contentType.isEmpty())
        head += "Content-Type: " + reply.contentType + "\r\n";
    for (const auto &header : reply.headers)
        head += header.first + ": " + header.second + "\r\n";
    return head + "Content-Length: " + QByteArray::number(contentLength) + "\r\n\r\n";
}

} // namespace

void LoopbackHttpServer::reply(QTcpSocket *socket, const EmulatorReply &reply)
{
    if (!socket->isOpen())
        return;
    socket->write(head(reply, reply.body.size()));
    socket->write(reply.body);
}

void LoopbackHttpServer::stall(QTcpSocket *socket, const EmulatorReply &reply)
{
    if (!socket->isOpen())
        return;
    socket->write(head(reply, reply.body.size()));
    socket->write(reply.body.left(reply.body.size() / 2));
}

void LoopbackHttpServer::stream(QTcpSocket *socket, qint64 bytes)
{
    if (!socket->isOpen())
        return;
    EmulatorReply answer;
    answer.contentType = "application/json";
    socket->write(head(answer, bytes));
    // {"padding":"xxx...x"}: the opening, the filler, then the closing, a piece at a time.
    const QByteArray opening = "{\"padding\":\"";
    const QByteArray closing = "\"}";
    socket->write(opening);
    auto left = std::make_shared<qint64>(bytes - opening.size() - closing.size());
    const auto more = [socket, left, closing] {
        constexpr qint64 piece = 64 * 1024;
        while (*left > 0 && socket->bytesToWrite() < 4 * piece) {
            const qint64 size = qMin(*left, piece);
            socket->write(QByteArray(size, 'x'));
            *left -= size;
        }
        if (*left == 0) {
            socket->write(closing);
            *left = -1;
        }
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, more);
    more();
}

void LoopbackHttpServer::drop(QTcpSocket *socket)
{
    socket->abort();
}

bool LoopbackHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_handler(request, socket);
    return true;
}

void LoopbackHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached, since handleRequest() takes every request; answer sanely anyway.
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace ActionNode
