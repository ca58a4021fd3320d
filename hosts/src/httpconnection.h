#pragma once

#include "httprequestchecker.h"
#include "httprequestparser.h"

#include <actionnode/httphost.h>

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace ActionNode {

/*!
    One connection of the HTTP host, from its first byte to its close.
    Every byte received goes through an HttpRequestChecker, which refuses
    a request the moment it breaks a limit or RFC 9112's framing rules
    (answered 400, 413 or 431, then the connection is closed); the bytes
    it accepts are read by an HttpRequestParser, and each whole request is
    handed to the dispatcher in the order received, pipelined ones too.

    It also closes a connection that stays idle between requests longer
    than HttpHostOptions::idleTimeoutMs, and answers 408 \c request_timeout
    to one whose request head takes longer than headerTimeoutMs or whose
    body takes longer than bodyTimeoutMs. A connection taken over for a
    stream (HttpExchange::takeSocket()) is no longer read, checked or timed.
    The socket is deleted once it disconnects.
*/
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    using Dispatcher = std::function<void(HttpRequest &&request, const QHostAddress &client, QTcpSocket *socket)>;

    //! Serves \a socket (it becomes the parent) until it disconnects.
    HttpConnection(QTcpSocket *socket, const HttpHostOptions &options, Dispatcher dispatcher);
    //! A request of \a socket was answered.
    static void requestAnswered(QTcpSocket *socket);
    //! \a socket now carries a stream: it is no longer read, checked or timed.
    static void streamStarted(QTcpSocket *socket);

private:
    static HttpConnection *of(const QTcpSocket *socket);
    void received();
    //! Hands on every whole request in the bytes received; false once the connection is refused.
    bool readRequests();
    void refuse(const HttpRequestChecker::Refusal &refusal);
    //! Sets the deadline of the phase the connection is in.
    void rearm();
    //! Closes or refuses the connection when its deadline has passed; otherwise waits on for it.
    void timerFired();

    QTcpSocket *m_socket;
    QHostAddress m_client;
    Dispatcher m_dispatcher;
    HttpRequestChecker m_checker;
    HttpRequestParser m_parser;
    QByteArray m_received; //!< bytes checked but not yet read into a request
    int m_idleTimeoutMs;
    int m_headerTimeoutMs;
    int m_bodyTimeoutMs;
    HttpRequestChecker::Phase m_timedPhase = HttpRequestChecker::Phase::Idle;
    qint64 m_timedRequest = 0; //!< the request whose phase is timed, counted as completed requests
    qint64 m_parsedRequests = 0;
    int m_unanswered = 0;
    bool m_refused = false;
    bool m_streaming = false;
    static constexpr qint64 NoDeadline = -1;
    QElapsedTimer m_clock;
    qint64 m_deadlineMs = NoDeadline; //!< on m_clock
    qint64 m_timerDueMs = 0;          //!< when m_deadline fires, on m_clock
    QTimer m_deadline;
};

} // namespace ActionNode
