#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace ActionNode {

/*!
    One webhook POST over HTTP/1.1 to an address TargetPolicy checked: the
    socket connects to that address (TLS names the URL's host for SNI and
    verification), so no second lookup can lead it elsewhere. Hand-written
    rather than QNetworkAccessManager, which resolves names itself and
    cannot be held to a checked address.

    The answer's status line and headers are all it reads (at most
    maxHeaderBytes); the body is not read. Redirects are answers like any
    other, never followed. finished() comes once, then the object deletes
    itself.
*/
class WebhookPost : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxHeaderBytes = 16 * 1024;

    struct Request
    {
        QUrl url;
        QHostAddress address; //!< checked
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        int connectTimeoutMs = 10000;
        int responseTimeoutMs = 30000; //!< from sending to the end of the answer's headers
    };
    struct Result
    {
        int status = 0;                //!< 0 when no answer came
        qint64 retryAfterSeconds = -1; //!< the answer's Retry-After, -1 without one
        QString error;                 //!< why there is no answer; empty when there is one
        double latencyMs = 0;
    };

    //! Starts \a request; the caller connects to finished().
    static WebhookPost *start(const Request &request, QObject *parent);

Q_SIGNALS:
    void finished(const ActionNode::WebhookPost::Result &result);

private:
    WebhookPost(const Request &request, QObject *parent);
    void send();
    void readAnswer();
    void finish(Result result);

    Request m_request;
    QTcpSocket *m_socket = nullptr;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    QByteArray m_answer;
    bool m_finished = false;
};

} // namespace ActionNode
