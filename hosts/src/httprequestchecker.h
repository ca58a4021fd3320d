#pragma once

#include <actionnode/errorcodes.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace ActionNode {

/*!
    Reads the bytes of one HTTP/1.1 connection as they arrive, ahead of
    Qt's parser, and refuses a request the moment it breaks a limit or
    RFC 9112's framing rules, so that nothing unbounded is buffered and no
    request is read two ways:

    \list
    \li a head (request line and header lines) over the byte or line limit:
        431 \c headers_too_large (Qt 6.4's parser silently drops every
        header past a few dozen lines, so the count is checked here);
    \li a line that ends with a bare LF instead of CRLF, a malformed
        request line or header line, an obsolete line fold,
        a missing, repeated or malformed \c Host, an absolute-form target
        whose authority is not the \c Host, a repeated \c Content-Length,
        \c Content-Length with \c Transfer-Encoding, or a transfer coding
        other than \c chunked: 400 \c bad_request;
    \li a body whose declared length, or running count of chunk sizes, is
        over the body limit: 413 \c body_too_large, before it is read.
    \endlist

    It keeps only counters, a line that arrives in parts (at most the
    head limit), and an absolute-form target's authority with the Host
    value it must match, so memory is flat whatever the client sends. What it accepts,
    HttpRequestParser (Boost.Beast) reads. Hand-written, because Beast's
    parser knows no count of header lines, no rule on \c Host or on how a
    body is framed beyond its own, and no phase a timeout could follow.
*/
class HttpRequestChecker
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 64 * 1024;
        int maxHeaderLines = 64;
        qint64 maxBodyBytes = 1024 * 1024;
    };
    enum class Phase {
        Idle, //!< between requests: nothing of the next one has arrived
        Head, //!< inside a request line or header lines
        Body, //!< inside a body (by Content-Length or chunked)
        Refused,
    };
    struct Refusal
    {
        ErrorCode code = ErrorCode::BadRequest;
        QString message;
    };

    explicit HttpRequestChecker(const Limits &limits);

    //! Reads \a bytes, the next ones received; false once the connection is refused (see refusal()).
    bool feed(QByteArrayView bytes);
    Phase phase() const { return m_phase; }
    //! Requests read whole so far.
    qint64 completedRequests() const { return m_completed; }
    //! Why the connection was refused; meaningful once phase() is Refused.
    const Refusal &refusal() const { return m_refusal; }

    /*!
        The host named by a \c Host field value \a field (RFC 9110 §7.2:
        \c{uri-host [":" port]}), lower-cased and without brackets or port;
        none when the value is not of that form (\c{localhost:80@evil.example},
        \c{[::1}, a user part, a bad port).
    */
    static std::optional<QByteArray> hostOf(QByteArrayView field);

private:
    bool refuse(ErrorCode code, const QString &message);
    //! hostOf()'s host as it is written, within \a field.
    static std::optional<QByteArrayView> hostPartOf(QByteArrayView field);
    bool readHeadLine(QByteArrayView line);
    bool readRequestLine(QByteArrayView line);
    bool readHeaderField(QByteArrayView line);
    bool headEnded();
    bool readChunkSizeLine(QByteArrayView line);
    void requestEnded();
    //! Reads \a bytes into the line being read (\a used of them), refusing a line over its limit
    //! before its end is seen; the line, without its end, once it ends: a view into \a bytes, or into
    //! m_line when it came in parts, valid until the next call or a refusal.
    std::optional<QByteArrayView> takeLine(QByteArrayView bytes, qsizetype *used);

    enum class BodyPart { Data, ChunkSize, ChunkDataEnd, Trailer };

    Limits m_limits;
    Phase m_phase = Phase::Idle;
    Refusal m_refusal;
    QByteArray m_line;            //!< a line that came in parts, until it ends
    bool m_lineHandedOut = false; //!< takeLine() handed out m_line last
    qint64 m_headBytes = 0;
    int m_headerLines = 0;
    bool m_requestLineRead = false;
    bool m_http10 = false;
    QByteArray m_targetAuthority; //!< of an absolute-form target, lower-cased
    QByteArray m_hostField;       //!< the Host value, lower-cased; kept only to compare with m_targetAuthority
    int m_hostFields = 0;
    std::optional<qint64> m_contentLength;
    bool m_chunked = false;
    BodyPart m_bodyPart = BodyPart::Data;
    qint64 m_bodyRemaining = 0;
    qint64 m_bodyTotal = 0;
    qint64 m_completed = 0;
};

} // namespace ActionNode
