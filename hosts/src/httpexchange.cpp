#include <actionnode/httpexchange.h>

#include <actionnode/actionerror.h>

#include "decimaltext.h"
#include "httpconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>

#include <sys/socket.h>
#include <sys/uio.h>

namespace ActionNode {

namespace {

/*
    Writes \a head and then \a body now. A plain TCP socket with nothing
    queued gets one sendmsg() of its own: QAbstractSocket::write() would arm
    a write notifier for every answer (a new event source and a wake-up of
    the event loop each time), which costs more than answering a small
    request, and the two parts need not be joined first. What the kernel
    does not take at once, and TLS sockets, go through Qt's buffer.
*/
void send(QTcpSocket *socket, QByteArrayView head, const QByteArray &body)
{
    qsizetype sent = 0;
    if (!qobject_cast<QSslSocket *>(socket) && socket->bytesToWrite() == 0
        && socket->state() == QAbstractSocket::ConnectedState) {
        iovec parts[2] = {{const_cast<char *>(head.data()), size_t(head.size())},
                          {const_cast<char *>(body.constData()), size_t(body.size())}};
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = 2;
        const ssize_t written = ::sendmsg(int(socket->socketDescriptor()), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        sent = written > 0 ? qsizetype(written) : 0;
    }
    if (sent >= head.size() + body.size())
        return;
    if (sent < head.size()) {
        socket->write(head.data() + sent, head.size() - sent);
        socket->write(body);
    } else {
        socket->write(body.constData() + (sent - head.size()), body.size() - (sent - head.size()));
    }
    socket->flush();
}

// The status line and header fields of \a reply, and the blank line that ends them.
template<typename Buffer>
void appendHead(Buffer *out, const HttpReply &reply, bool closeConnection)
{
    const auto add = [out](QByteArrayView text) { out->append(text.data(), text.size()); };
    add("HTTP/1.1 ");
    appendDecimal(out, reply.status);
    add(" ");
    add(HttpReply::reasonPhrase(reply.status));
    add("\r\n");
    if (!reply.contentType.isEmpty()) {
        add("Content-Type: ");
        add(reply.contentType);
        add("\r\n");
    }
    for (const auto &header : reply.headers) {
        add(header.first);
        add(": ");
        add(header.second);
        add("\r\n");
    }
    add("Content-Length: ");
    appendDecimal(out, reply.body.size());
    add("\r\n");
    if (closeConnection)
        add("Connection: close\r\n");
    add("\r\n");
}

} // namespace

HttpReply HttpReply::json(int status, const QJsonObject &document)
{
    HttpReply reply;
    reply.status = status;
    reply.body = QJsonDocument(document).toJson(QJsonDocument::Compact);
    return reply;
}

HttpReply HttpReply::error(ErrorCode code, const QString &message)
{
    return error(code, {{ErrorCodes::name(code), {}, {}, message}});
}

HttpReply HttpReply::error(ErrorCode code, const ActionErrors &errors)
{
    return json(statusOf(code), {{QStringLiteral("status"), ErrorCodes::name(code)},
                                 {QStringLiteral("errors"), ActionResult::toJson(errors)}});
}

int HttpReply::statusOf(ActionResult::Status status)
{
    switch (status) {
    case ActionResult::Status::Succeeded: return 200;
    case ActionResult::Status::InvalidInput: return 422;
    case ActionResult::Status::LicenseRefused: return 403;
    case ActionResult::Status::ConfigurationError: return 500;
    case ActionResult::Status::ProviderFailed: return 502;
    case ActionResult::Status::NetworkFailed: return 504;
    }
    return 500;
}

int HttpReply::statusOf(ErrorCode code)
{
    switch (code) {
    // Refused before an invocation: the path names nothing.
    case ErrorCode::UnknownAction:
    case ErrorCode::UnknownTrigger:
    case ErrorCode::NotFound:
    case ErrorCode::UnknownProvider: return 404;
    case ErrorCode::InvalidJson:
    case ErrorCode::InvalidLocale:
    case ErrorCode::BadRequest:
    case ErrorCode::Usage:
    case ErrorCode::InvalidConnection:
    case ErrorCode::ConnectionRequired:
    case ErrorCode::Malformed: return 400;
    case ErrorCode::Unauthorized:
    case ErrorCode::InvalidSignature:
    case ErrorCode::InvalidTimestamp: return 401;
    case ErrorCode::OriginNotAllowed: return 403;
    case ErrorCode::LicenseInvalid: return 422;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::RequestTimeout: return 408;
    case ErrorCode::BodyTooLarge:
    case ErrorCode::TooLarge: return 413;
    case ErrorCode::UnsupportedMediaType: return 415;
    case ErrorCode::HostNotServed: return 421;
    case ErrorCode::HeadersTooLarge: return 431;
    case ErrorCode::TooManyRequests: return 429;
    case ErrorCode::NotReady:
    case ErrorCode::ShuttingDown:
    case ErrorCode::TooManyStreams:
    case ErrorCode::TooManyConnections:
    case ErrorCode::NotConfigured:
    case ErrorCode::TooManyEvents:
    case ErrorCode::StoreUnavailable: return 503;
    case ErrorCode::Timeout: return 504;
    // The codes of results: as a result failing with them.
    case ErrorCode::InvalidInput:
    case ErrorCode::NotSelfSignable:
    case ErrorCode::BundleRequired:
    case ErrorCode::InvalidDeclaration:
    case ErrorCode::NoTransport:
    case ErrorCode::ConnectionError:
    case ErrorCode::ProviderError:
    case ErrorCode::NetworkError:
    case ErrorCode::Canceled: return statusOf(*ErrorCodes::status(code));
    }
    return 500;
}

QByteArray HttpReply::reasonPhrase(int status)
{
    // Literals: a phrase is handed out as static data, with no copy made per answer.
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 204: return QByteArrayLiteral("No Content");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 421: return QByteArrayLiteral("Misdirected Request");
    case 422: return QByteArrayLiteral("Unprocessable Content");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    }
    return status < 400 ? QByteArrayLiteral("OK") : QByteArrayLiteral("Error");
}

QByteArray HttpReply::serialized(bool closeConnection) const
{
    QByteArray out;
    out.reserve(body.size() + 256);
    appendHead(&out, *this, closeConnection);
    out.append(body);
    return out;
}

HttpExchange::HttpExchange(HttpRequest &&request, const QHostAddress &client, QTcpSocket *socket,
                           ReplyObserver observer)
    : m_request(std::move(request)), m_remoteAddress(client), m_socket(socket), m_observer(std::move(observer))
{
    m_timer.start();
    readTarget(m_request.view(m_request.target));
    m_closeAfterReply = headerView("connection").compare("close", Qt::CaseInsensitive) == 0;
}

void HttpExchange::readTarget(QByteArrayView target)
{
    // Absolute-form (RFC 9112 §3.2.2): the authority was checked against Host; the path follows it.
    if (!target.startsWith('/')) {
        const qsizetype schemeEnd = target.indexOf("://");
        if (schemeEnd >= 0) {
            target = target.sliced(schemeEnd + 3);
            qsizetype pathStart = target.size();
            for (const char start : {'/', '?', '#'}) {
                const qsizetype at = target.indexOf(start);
                if (at >= 0)
                    pathStart = qMin(pathStart, at);
            }
            target = target.sliced(pathStart);
        }
    }
    const qsizetype fragment = target.indexOf('#');
    if (fragment >= 0)
        target = target.first(fragment);
    const qsizetype queryStart = target.indexOf('?');
    const QByteArrayView path = queryStart < 0 ? target : target.first(queryStart);
    if (queryStart < 0 && !path.contains('%')) {
        // Nothing to decode: the path's characters are the checked ones (visible ASCII).
        m_path.resize(path.size());
        std::transform(path.begin(), path.end(), m_path.begin(), [](char c) { return char16_t(uchar(c)); });
        return;
    }
    QUrl url;
    url.setPath(QString::fromLatin1(path), QUrl::TolerantMode);
    if (queryStart >= 0)
        url.setQuery(QString::fromLatin1(target.sliced(queryStart + 1)));
    const QString decoded = url.path();
    m_path.resize(decoded.size());
    std::copy_n(decoded.utf16(), decoded.size(), m_path.begin());
    m_query = QUrlQuery(url);
}

QStringList HttpExchange::pathArguments() const
{
    QStringList arguments;
    arguments.reserve(m_pathArguments.size());
    for (qsizetype index = 0; index < m_pathArguments.size(); ++index)
        arguments.append(pathArgument(index).toString());
    return arguments;
}

QStringView HttpExchange::pathArgument(qsizetype index) const
{
    if (index < 0 || index >= m_pathArguments.size() || m_pathArguments[index].at < 0)
        return {};
    return pathView().sliced(m_pathArguments[index].at, m_pathArguments[index].size);
}

QByteArrayView HttpExchange::headerView(QByteArrayView name) const
{
    for (const HttpRequest::Field &header : m_request.fields) {
        if (m_request.view(header.name).compare(name, Qt::CaseInsensitive) == 0)
            return m_request.view(header.value);
    }
    return {};
}

QList<QByteArray> HttpExchange::headerValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    for (const HttpRequest::Field &header : m_request.fields) {
        if (m_request.view(header.name).compare(name, Qt::CaseInsensitive) == 0)
            values.append(m_request.view(header.value).toByteArray());
    }
    return values;
}

void HttpExchange::addReplyHeader(const QByteArray &name, const QByteArray &value)
{
    m_replyHeaders.append({name, value});
}

void HttpExchange::reply(const HttpReply &reply)
{
    if (m_answered)
        return;
    m_answered = true;
    HttpReply sent = reply;
    sent.headers += m_replyHeaders;
    if (m_socket && m_socket->isOpen()) {
        // The head is written on the stack: only a reply with many or long header fields allocates for it.
        QVarLengthArray<char, 512> head;
        appendHead(&head, sent, m_closeAfterReply);
        send(m_socket, QByteArrayView(head.constData(), head.size()), sent.body);
        if (m_closeAfterReply)
            m_socket->disconnectFromHost();
        HttpConnection::requestAnswered(m_socket);
    }
    if (m_observer)
        m_observer(*this, &sent);
}

QTcpSocket *HttpExchange::takeSocket()
{
    if (m_answered)
        return nullptr;
    m_answered = true;
    HttpConnection::streamStarted(m_socket);
    if (m_observer)
        m_observer(*this, nullptr);
    return m_socket;
}

} // namespace ActionNode
