#pragma once

#include <actionnode/errorcodes.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <QVarLengthArray>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace ActionNode {

/*!
    An answer of the HTTP host. Every error has one shape, the shape of a
    failed result document:
    \code
    {"status": "unauthorized", "errors": [{"code": "unauthorized", "message": "..."}]}
    \endcode
*/
struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json"); // static text: a reply allocates none for it
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpReply json(int status, const QJsonObject &document);
    //! A refusal with \a code, answered with statusOf(\a code).
    static HttpReply error(ErrorCode code, const QString &message);
    //! A refusal with \a code and every error of \a errors (each with its own code, field and message).
    static HttpReply error(ErrorCode code, const ActionErrors &errors);
    /*!
        The host's one mapping from the error list: the HTTP status of a
        result with \a status, and of a refusal with \a code (see errorcodes.h).
    */
    static int statusOf(ActionResult::Status status);
    static int statusOf(ErrorCode code);
    //! The reason phrase of \a status ("Unprocessable Entity").
    static QByteArray reasonPhrase(int status);
    //! The status line, headers and body as sent.
    QByteArray serialized(bool closeConnection) const;
};

/*!
    One request as read off a connection. Its target and header fields are
    kept one after another in one buffer, \c text, and located by Span.
*/
struct HttpRequest
{
    //! Where a piece of the request is in \c text.
    struct Span
    {
        qsizetype at = 0;
        qsizetype size = 0;
    };
    //! A header field: its name as sent and its value without surrounding whitespace.
    struct Field
    {
        Span name;
        Span value;
    };

    QByteArray method; //!< as sent: "GET", "POST"...
    //! The target, then each header field's name and value: held in place for most requests, with no allocation.
    QVarLengthArray<char, 512> text;
    Span target; //!< as sent: "/v1/actions?locale=de", or an absolute URI
    //! The header fields in the order sent (most requests send fewer than 16: held inline).
    QVarLengthArray<Field, 16> fields;
    QByteArray body; //!< chunks decoded

    //! The bytes of \a span.
    QByteArrayView view(Span span) const
    {
        Q_ASSERT(span.at >= 0 && span.size >= 0 && span.at + span.size <= text.size());
        return QByteArrayView(text.constData() + span.at, span.size);
    }
};

/*!
    One request and the means to answer it, now or later. A handler may
    keep the exchange (it is shared) and reply() when an invocation
    finishes. The first reply() counts; later ones are ignored,
    and a reply to a client that went away is dropped.
*/
class HttpExchange
{
public:
    //! Told of the reply sent, or of null when the connection was taken over.
    using ReplyObserver = std::function<void(const HttpExchange &, const HttpReply *)>;

    //! \a request of \a client, received on \a socket.
    HttpExchange(HttpRequest &&request, const QHostAddress &client, QTcpSocket *socket, ReplyObserver observer);

    QByteArray method() const { return m_request.method; }
    //! The target's path, percent-encoding decoded ("/v1/actions").
    QString path() const { return pathView().toString(); }
    //! path(), not copied: valid as long as the exchange.
    QStringView pathView() const { return QStringView(m_path.constData(), m_path.size()); }
    QUrlQuery query() const { return m_query; }
    //! The value of header \a name (case-insensitive), empty when absent.
    QByteArray header(QByteArrayView name) const { return headerView(name).toByteArray(); }
    //! header(), not copied: valid as long as the exchange.
    QByteArrayView headerView(QByteArrayView name) const;
    //! Every value of header \a name (case-insensitive), in the order sent: for a header that must come once.
    QList<QByteArray> headerValues(QByteArrayView name) const;
    QByteArray body() const { return m_request.body; }
    QHostAddress remoteAddress() const { return m_remoteAddress; }
    /*!
        The route's captured path segments, in order (set by the host before
        the handler runs); a null string for a group that took no part.
    */
    QStringList pathArguments() const;
    //! Entry \a index of pathArguments(), not copied (null when there is none): valid as long as the exchange.
    QStringView pathArgument(qsizetype index) const;
    //! Milliseconds since the request was read.
    qint64 elapsedMs() const { return m_timer.elapsed(); }
    //! Nanoseconds since the request was read.
    qint64 elapsedNs() const { return m_timer.nsecsElapsed(); }

    //! Set by handlers for the access log (for example the action id).
    QString logLabel() const { return m_logLabel; }
    void setLogLabel(const QString &label) { m_logLabel = label; }

    //! Headers added to whatever reply is sent (CORS, set by the host).
    void addReplyHeader(const QByteArray &name, const QByteArray &value);

    bool isAnswered() const { return m_answered; }
    void reply(const HttpReply &reply);

    /*!
        Hands the connection over for a streamed answer (server-sent events):
        the host neither answers nor times out this exchange any more, and
        the caller writes the status line, headers and stream itself.
        Returns null when the client has gone.
    */
    QTcpSocket *takeSocket();

private:
    friend class HttpHost; // sets the path arguments; takes its observer off when it goes first
    void readTarget(QByteArrayView target);

    HttpRequest m_request;
    QVarLengthArray<char16_t, 64> m_path; // most paths fit: reading one allocates nothing
    QUrlQuery m_query;
    QList<QPair<QByteArray, QByteArray>> m_replyHeaders;
    QHostAddress m_remoteAddress;
    QVarLengthArray<HttpRequest::Span, 4> m_pathArguments; // in m_path; at -1 for a group that took no part
    QString m_logLabel;
    QPointer<QTcpSocket> m_socket;
    ReplyObserver m_observer;
    QElapsedTimer m_timer;
    bool m_closeAfterReply = false;
    bool m_answered = false;
};

using HttpExchangePtr = std::shared_ptr<HttpExchange>;

} // namespace ActionNode
