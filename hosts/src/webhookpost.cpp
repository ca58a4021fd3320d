#include "webhookpost.h"

#include <QDateTime>
#include <QSslSocket>

namespace ActionNode {

namespace {

// Retry-After in seconds (RFC 9110: a number of seconds or an HTTP date); -1 when absent or unreadable.
qint64 retryAfterOf(const QByteArray &value)
{
    bool isNumber = false;
    const qint64 seconds = value.trimmed().toLongLong(&isNumber);
    if (isNumber)
        return seconds >= 0 ? seconds : -1;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value.trimmed()), Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(at));
}

} // namespace

WebhookPost *WebhookPost::start(const Request &request, QObject *parent)
{
    auto *post = new WebhookPost(request, parent);
    post->send();
    return post;
}

WebhookPost::WebhookPost(const Request &request, QObject *parent) : QObject(parent), m_request(request)
{
    m_timeout.setSingleShot(true);
}

void WebhookPost::send()
{
    m_clock.start();
    const bool tls = m_request.url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const quint16 port = quint16(m_request.url.port(tls ? 443 : 80));
    QByteArray head = "POST " + m_request.url.path(QUrl::FullyEncoded).toLatin1();
    if (m_request.url.path().isEmpty())
        head += '/';
    if (m_request.url.hasQuery())
        head += '?' + m_request.url.query(QUrl::FullyEncoded).toLatin1();
    head += " HTTP/1.1\r\nHost: " + m_request.url.authority(QUrl::FullyEncoded).toLatin1()
            + "\r\nContent-Length: " + QByteArray::number(m_request.body.size())
            + "\r\nConnection: close\r\nUser-Agent: actionnode-webhooks\r\n";
    for (const auto &[name, value] : std::as_const(m_request.headers))
        head += name + ": " + value + "\r\n";
    const QByteArray message = head + "\r\n" + m_request.body;

    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish({0, -1,
                m_socket->state() == QAbstractSocket::ConnectedState
                    ? QStringLiteral("no answer within %1 ms").arg(m_request.responseTimeoutMs)
                    : QStringLiteral("no connection within %1 ms").arg(m_request.connectTimeoutMs),
                0});
    });
    m_timeout.start(m_request.connectTimeoutMs);
    const auto sendMessage = [this, message] {
        m_timeout.start(m_request.responseTimeoutMs);
        m_socket->write(message);
    };
    if (tls) {
        auto *socket = new QSslSocket(this);
        m_socket = socket;
        connect(socket, &QSslSocket::encrypted, this, sendMessage);
        socket->connectToHostEncrypted(m_request.address.toString(), port, m_request.url.host());
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, sendMessage);
        m_socket->connectToHost(m_request.address, port);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &WebhookPost::readAnswer);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        readAnswer(); // a closing server may have answered first
        if (!m_finished)
            finish({0, -1, m_socket->errorString(), 0});
    });
}

void WebhookPost::readAnswer()
{
    if (m_finished)
        return;
    m_answer += m_socket->read(maxHeaderBytes + 4 - m_answer.size());
    const qsizetype end = m_answer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_answer.size() > maxHeaderBytes)
            finish({0, -1, QStringLiteral("the answer's headers exceed %1 bytes").arg(maxHeaderBytes), 0});
        return;
    }
    const QList<QByteArray> lines = m_answer.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    bool ok = false;
    const int status = statusLine.value(1).toInt(&ok);
    if (!statusLine.first().startsWith("HTTP/1.") || !ok || status < 100 || status > 599) {
        finish({0, -1, QStringLiteral("the answer is not HTTP/1.1"), 0});
        return;
    }
    Result result{status, -1, {}, 0};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0 && lines.at(i).left(colon).trimmed().toLower() == "retry-after")
            result.retryAfterSeconds = retryAfterOf(lines.at(i).mid(colon + 1));
    }
    finish(result);
}

void WebhookPost::finish(Result result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    result.latencyMs = double(m_clock.nsecsElapsed()) / 1e6;
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT finished(result);
    deleteLater();
}

} // namespace ActionNode
