#include "httpconnection.h"

#include <QTcpSocket>

namespace ActionNode {

namespace {

// Kept between reads for the next bytes; a larger buffer (a long head read in pieces) is freed once used.
constexpr qsizetype KeptBufferBytes = 64 * 1024;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpHostOptions &options, Dispatcher dispatcher)
    : QObject(socket),
      m_socket(socket),
      m_client(socket->peerAddress()),
      m_dispatcher(std::move(dispatcher)),
      m_checker({options.maxHeaderBytes, HttpHostOptions::maxHeaderLines, options.maxBodyBytes}),
      m_parser(options.maxHeaderBytes, options.maxBodyBytes),
      m_idleTimeoutMs(options.idleTimeoutMs),
      m_headerTimeoutMs(options.headerTimeoutMs),
      m_bodyTimeoutMs(options.bodyTimeoutMs)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::timerFired);
    m_clock.start();
    connect(socket, &QIODevice::readyRead, this, &HttpConnection::received);
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    rearm();
}

HttpConnection *HttpConnection::of(const QTcpSocket *socket)
{
    return socket ? socket->findChild<HttpConnection *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void HttpConnection::requestAnswered(QTcpSocket *socket)
{
    if (HttpConnection *connection = of(socket)) {
        connection->m_unanswered = qMax(0, connection->m_unanswered - 1);
        connection->rearm();
    }
}

void HttpConnection::streamStarted(QTcpSocket *socket)
{
    if (HttpConnection *connection = of(socket)) {
        connection->m_streaming = true;
        connection->m_received.clear();
        connection->rearm();
    }
}

void HttpConnection::received()
{
    if (m_refused || m_streaming) {
        // Nothing is read from it any more: dropped, so that it cannot pile up.
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    const qsizetype kept = m_received.size();
    const qint64 available = m_socket->bytesAvailable();
    m_received.resize(kept + qsizetype(available));
    const qint64 read = m_socket->read(m_received.data() + kept, available);
    m_received.resize(kept + qsizetype(qMax<qint64>(read, 0)));
    if (!m_checker.feed(QByteArrayView(m_received).sliced(kept)))
        return refuse(m_checker.refusal());
    if (readRequests())
        rearm();
}

bool HttpConnection::readRequests()
{
    qsizetype at = 0;
    while (at < m_received.size() && !m_streaming && m_socket->state() == QAbstractSocket::ConnectedState) {
        const qsizetype used = m_parser.parse(QByteArrayView(m_received).sliced(at));
        if (used < 0) {
            refuse({ErrorCode::BadRequest, m_parser.errorString()});
            return false;
        }
        at += used;
        if (m_parser.hasRequest()) {
            ++m_parsedRequests;
            ++m_unanswered;
            m_dispatcher(m_parser.takeRequest(), m_client, m_socket);
        } else if (used == 0) {
            break;
        }
    }
    const bool readOn = !m_streaming && m_socket->state() == QAbstractSocket::ConnectedState;
    // A request the checker read whole and the parser did not is refused, never left waiting.
    if (readOn && m_parsedRequests < m_checker.completedRequests()) {
        refuse({ErrorCode::BadRequest, QStringLiteral("the request cannot be read")});
        return false;
    }
    if (!readOn || at == m_received.size()) {
        if (m_received.capacity() > KeptBufferBytes)
            m_received.clear();
        else
            m_received.resize(0);
    } else {
        m_received.remove(0, at);
    }
    return true;
}

void HttpConnection::refuse(const HttpRequestChecker::Refusal &refusal)
{
    m_refused = true;
    m_deadlineMs = NoDeadline;
    m_deadline.stop();
    m_received.clear();
    m_socket->skip(m_socket->bytesAvailable());
    m_socket->write(HttpReply::error(refusal.code, refusal.message).serialized(true));
    m_socket->disconnectFromHost();
}

void HttpConnection::rearm()
{
    using Phase = HttpRequestChecker::Phase;
    const Phase phase = m_checker.phase();
    if (m_refused || m_streaming || (phase == Phase::Idle && m_unanswered > 0)) {
        m_deadlineMs = NoDeadline; // the timer, when it fires, finds nothing due
        return;
    }
    // Each deadline runs from the start of its phase: bytes trickling in do not extend it.
    if (m_deadlineMs != NoDeadline && phase == m_timedPhase && m_checker.completedRequests() == m_timedRequest)
        return;
    m_timedPhase = phase;
    m_timedRequest = m_checker.completedRequests();
    const int timeoutMs = phase == Phase::Head   ? m_headerTimeoutMs
                          : phase == Phase::Body ? m_bodyTimeoutMs
                                                 : m_idleTimeoutMs;
    m_deadlineMs = m_clock.elapsed() + timeoutMs;
    // Every request moves the deadline later. A timer started anew costs an allocation in the event
    // dispatcher, so one that fires before the deadline is left running and started again when it fires.
    if (!m_deadline.isActive() || m_timerDueMs > m_deadlineMs) {
        m_deadline.start(timeoutMs);
        m_timerDueMs = m_deadlineMs;
    }
}

void HttpConnection::timerFired()
{
    if (m_deadlineMs == NoDeadline)
        return;
    const qint64 leftMs = m_deadlineMs - m_clock.elapsed();
    if (leftMs > 0) {
        m_deadline.start(int(leftMs));
        m_timerDueMs = m_deadlineMs;
        return;
    }
    m_deadlineMs = NoDeadline;
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
