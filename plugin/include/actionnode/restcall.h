#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/connection.h>

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace ActionNode {

/*!
    One HTTP request to a provider's REST API, made the way every provider
    needs it: asynchronously on the calling thread's event loop, with a
    timeout per attempt, and retried with exponential backoff after a 429
    or a 5xx answer or a failed connection; a \c Retry-After header of a 429
    or 503 answer (seconds or an HTTP-date) sets the wait instead. 4xx
    answers are final. TLS certificates are always verified; extra CA
    certificates may be trusted, checks are never turned off.

    Header values are never logged (they carry credentials).
*/
class ACTIONNODE_EXPORT RestCall
{
public:
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
        //! Longest wait honoured from a Retry-After header.
        int maxRetryAfterMs = 30000;
        //! PEM file of extra certificate authorities, or empty.
        QString caFile;
    };

    struct Reply
    {
        int status = 0;            //!< HTTP status, 0 when none was received
        QByteArray body;
        QString errorString;       //!< set when no HTTP answer was received
        int attempts = 0;
        bool hasHttpStatus() const { return status != 0; }
    };

    /*!
        Fills \a request's URL (\a path under \a baseUrl) and its timeout,
        retries and extra CA certificates from the provider's connection
        settings \c timeout_ms, \c max_retries and \c ca_file. Returns the
        problems, each naming the setting (\a baseSetting for the URL); an
        empty list means the request is ready but for method, headers and body.
    */
    static ActionErrors prepare(Request *request, const Connection &connection, const QString &baseUrl,
                                const QString &baseSetting, const QString &path);

    /*!
        The network access manager of the calling thread, made on first use.
        On the application's thread it is a child of the application, so it
        is destroyed with it; on other threads, when the thread finishes.
    */
    static QNetworkAccessManager *threadNetwork();

    //! Starts \a request with \a network (which must live in the calling thread).
    static QFuture<Reply> start(QNetworkAccessManager *network, const Request &request);

    //! Retries started by every call of this process so far (for a host's metrics).
    static quint64 retriesStarted();
};

} // namespace ActionNode
