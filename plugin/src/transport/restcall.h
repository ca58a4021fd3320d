#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/connection.h>

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace ActionNode::Internal {

/*!
    One HTTP request to a provider's REST API, made the way every provider
    needs it: asynchronously on the calling thread's event loop, with a
    timeout per attempt, and retried after a 429 or a 5xx answer or a failed
    connection. 4xx answers are final. TLS certificates are always
    verified; extra CA certificates may be trusted, checks are never turned
    off.

    Retries wait with exponential backoff (backoffDelay(): doubled per
    retry, capped, half of it random) or as long as a \c Retry-After header
    of a 429 or 503 answer asks (seconds or an HTTP-date, capped); when the
    next wait would take the total past \c maxTotalBackoffMs, the last
    answer is final. A POST retried after a dropped connection may have
    reached the provider the first time.

    At most six requests per origin are handed to Qt at once (its
    connection limit); the others wait in turn, and the timeout of an
    attempt starts only when it is handed over, so time spent waiting for a
    connection is not counted against it.

    Redirects are followed within the request's origin (scheme, host and
    port) only, at most maxRedirects times: the headers carry credentials,
    which must never reach another host. A redirect elsewhere is the final
    answer, its status kept and errorString saying why it was not followed.

    Header values are never logged (they carry credentials), and a header
    holding a control character (CR or LF would inject header lines) is
    never sent: the reply names the header, not its value.

    An answer is read as it arrives and refused as soon as it passes
    \c maxReplyBytes (or declares a larger \c Content-Length): the status is
    kept, the body dropped, errorString says why, and it is not retried. An
    answer whose body stops arriving or is cut off is no answer: a timeout
    or a network failure, retried as any other.
*/
class ACTIONNODE_EXPORT RestCall
{
public:
    //! The answer limit of a provider whose manifest declares none (\c maxAnswerBytes).
    static constexpr qint64 defaultMaxReplyBytes = 16 * 1024 * 1024;

    struct Request
    {
        QByteArray method = "POST";
        QUrl url;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        int timeoutMs = 15000;
        int maxRetries = 3;
        //! First backoff delay; doubled after each retry.
        int backoffMs = 250;
        //! Longest backoff delay before one retry.
        int maxBackoffMs = 8000;
        //! Longest wait honoured from a Retry-After header.
        int maxRetryAfterMs = 30000;
        //! Longest time spent waiting between attempts, over all retries.
        int maxTotalBackoffMs = 60000;
        //! Extra certificate authorities trusted besides the system's.
        QList<QSslCertificate> caCertificates;
        //! Largest answer body read; a larger one is refused.
        qint64 maxReplyBytes = defaultMaxReplyBytes;
    };

    struct Reply
    {
        int status = 0; //!< HTTP status, 0 when none was received
        QByteArray body;
        /*!
            Set when no HTTP answer was received, or why the answer received
            was refused: a redirect not followed, a body over maxReplyBytes.
        */
        QString errorString;
        int attempts = 0;
        bool hasHttpStatus() const { return status != 0; }
    };

    /*!
        Fills \a request's URL (\a path under \a baseUrl) and its timeout,
        retries and extra CA certificates from the provider's connection
        settings \c timeout_ms, \c max_retries and \c ca_file (a PEM file read
        through BoundedFile, up to BoundedFile::maxCertificateBytes). Returns
        the problems, each naming the setting (\a baseSetting for the URL); an
        empty list means the request is ready but for method, headers, body
        and answer limit.
    */
    static ActionErrors prepare(Request *request, const Connection &connection, const QString &baseUrl,
                                const QString &baseSetting, const QString &path);

    /*!
        The network access manager of the calling thread, made on first use.
        On the application's thread it is a child of the application, so it
        is destroyed with it; on other threads, when the thread finishes.
    */
    static QNetworkAccessManager *threadNetwork();

    //! Redirects followed within one origin before the answer is final.
    static constexpr int maxRedirects = 5;

    /*!
        The wait before retry number \a attempts (1 for the first retry) of
        \a request: \c backoffMs doubled per earlier retry, capped at
        \c maxBackoffMs, of which the upper half is scaled by \a random
        (from 0 to 1).
    */
    static qint64 backoffDelay(const Request &request, int attempts, double random);

    //! Starts \a request with \a network (which must live in the calling thread).
    static QFuture<Reply> start(QNetworkAccessManager *network, const Request &request);

    //! Retries started by every call of this process so far (for a host's metrics).
    static quint64 retriesStarted();
};

} // namespace ActionNode::Internal
