#include <actionnode/restcall.h>

#include "logging.h"

#include <QDateTime>
#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QPromise>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <limits>
#include <memory>

namespace ActionNode {

Q_LOGGING_CATEGORY(lcRest, "actionnode.rest", QtInfoMsg)

namespace {

// Shared by the calls of every thread; read by hosts for their metrics.
std::atomic<quint64> retries{0};

/*
    Milliseconds to wait as asked by a Retry-After value: delay-seconds or an
    HTTP-date in any of the three forms RFC 7231 obliges a client to accept
    (IMF-fixdate, RFC 850, asctime). -1 when the value is neither.
*/
qint64 retryAfterMs(const QByteArray &value)
{
    bool ok = false;
    const qint64 seconds = value.trimmed().toLongLong(&ok);
    if (ok) // capped so that the product cannot overflow
        return seconds >= 0 ? qMin<qint64>(seconds, std::numeric_limits<int>::max()) * 1000 : -1;
    QString text = QString::fromLatin1(value).simplified();
    // RFC 850 years have two digits: the latest such year not more than 50 years ahead.
    static const QRegularExpression rfc850Year(QStringLiteral("^(\\w+, \\d\\d-\\w{3}-)(\\d\\d)( .*)$"));
    const QRegularExpressionMatch match = rfc850Year.match(text);
    if (match.hasMatch()) {
        const int thisYear = QDateTime::currentDateTimeUtc().date().year();
        int year = thisYear - thisYear % 100 + match.captured(2).toInt();
        if (year > thisYear + 50)
            year -= 100;
        text = match.captured(1) + QString::number(year) + match.captured(3);
    }
    for (const char *format : {"ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yyyy HH:mm:ss 'GMT'",
                               "ddd MMM d HH:mm:ss yyyy"}) {
        QDateTime when = QLocale::c().toDateTime(text, QLatin1String(format));
        if (when.isValid()) {
            when.setTimeSpec(Qt::UTC);
            // A date already past means "now".
            return qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
        }
    }
    return -1;
}

// Drives the attempts of one request; deletes itself when the promise is fulfilled.
class RestAttempts : public QObject
{
public:
    RestAttempts(QNetworkAccessManager *network, const RestCall::Request &request)
        : QObject(network), m_network(network), m_request(request)
    {
        m_promise.start();
    }

    QFuture<RestCall::Reply> future() { return m_promise.future(); }

    void attempt()
    {
        ++m_reply.attempts;
        QNetworkRequest request(m_request.url);
        for (const auto &header : std::as_const(m_request.headers))
            request.setRawHeader(header.first, header.second);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        if (!m_request.caFile.isEmpty()) {
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            ssl.addCaCertificates(QSslCertificate::fromPath(m_request.caFile, QSsl::Pem));
            request.setSslConfiguration(ssl);
        }
        qCDebug(lcRest).noquote() << m_request.method << m_request.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                                  << "attempt" << m_reply.attempts;
        QNetworkReply *reply = m_network->sendCustomRequest(request, m_request.method, m_request.body);
        auto timedOut = std::make_shared<bool>(false);
        QTimer::singleShot(m_request.timeoutMs, reply, [reply, timedOut] {
            *timedOut = true;
            reply->abort();
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, timedOut] {
            reply->deleteLater();
            finished(reply, *timedOut);
        });
    }

private:
    void finished(QNetworkReply *reply, bool timedOut)
    {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool retryable = status == 429 || status >= 500 || status == 0;
        if (status != 0) {
            m_reply.status = status;
            m_reply.body = reply->readAll();
            m_reply.errorString.clear();
        } else {
            m_reply.status = 0;
            m_reply.body.clear();
            m_reply.errorString = timedOut
                ? QStringLiteral("no answer within %1 ms").arg(m_request.timeoutMs)
                : reply->errorString();
        }
        // TLS failures are final: retrying cannot make a certificate valid.
        const bool tlsFailure = reply->error() == QNetworkReply::SslHandshakeFailedError;
        if (!retryable || tlsFailure || m_reply.attempts > m_request.maxRetries) {
            m_promise.addResult(m_reply);
            m_promise.finish();
            deleteLater();
            return;
        }
        int delay = m_request.backoffMs << (m_reply.attempts - 1);
        // RFC 7231 gives Retry-After to 503 answers as well as to 429 ones.
        if (status == 429 || status == 503) {
            const qint64 asked = retryAfterMs(reply->rawHeader("Retry-After"));
            if (asked >= 0)
                delay = int(qMin<qint64>(asked, m_request.maxRetryAfterMs));
        }
        retries.fetch_add(1, std::memory_order_relaxed);
        qCInfo(lcRest).noquote() << "retrying in" << delay << "ms after"
                                 << (status ? QStringLiteral("HTTP %1").arg(status) : m_reply.errorString);
        QTimer::singleShot(delay, this, &RestAttempts::attempt);
    }

    QNetworkAccessManager *m_network;
    RestCall::Request m_request;
    RestCall::Reply m_reply;
    QPromise<RestCall::Reply> m_promise;
};

} // namespace

ActionErrors RestCall::prepare(Request *request, const Connection &connection, const QString &baseUrl,
                              const QString &baseSetting, const QString &path)
{
    const QString connectionError = QStringLiteral("connection_error");
    ActionErrors errors;
    request->url = QUrl(baseUrl.endsWith(QLatin1Char('/')) ? baseUrl.chopped(1) + path : baseUrl + path);
    if (!request->url.isValid() || request->url.host().isEmpty()
        || (request->url.scheme() != QLatin1String("https") && request->url.scheme() != QLatin1String("http")))
        errors.append({connectionError, baseSetting, {}, QStringLiteral("\"%1\" is not an http(s) URL").arg(baseUrl)});
    bool ok = false;
    request->timeoutMs = connection.value(QStringLiteral("timeout_ms")).toInt(&ok);
    if (!ok || request->timeoutMs <= 0)
        errors.append({connectionError, QStringLiteral("timeout_ms"), {},
                       QStringLiteral("must be a positive number of milliseconds")});
    request->maxRetries = connection.value(QStringLiteral("max_retries")).toInt(&ok);
    if (!ok || request->maxRetries < 0)
        errors.append({connectionError, QStringLiteral("max_retries"), {},
                       QStringLiteral("must be a whole number, 0 or more")});
    request->caFile = connection.value(QStringLiteral("ca_file"));
    return errors;
}

QNetworkAccessManager *RestCall::threadNetwork()
{
    static thread_local QPointer<QNetworkAccessManager> network;
    if (!network) {
        QCoreApplication *application = QCoreApplication::instance();
        const bool applicationThread = application && application->thread() == QThread::currentThread();
        network = new QNetworkAccessManager(applicationThread ? application : nullptr);
        if (!applicationThread)
            QObject::connect(QThread::currentThread(), &QThread::finished, network, &QObject::deleteLater);
    }
    return network;
}

quint64 RestCall::retriesStarted()
{
    return retries.load(std::memory_order_relaxed);
}

QFuture<RestCall::Reply> RestCall::start(QNetworkAccessManager *network, const Request &request)
{
    auto *attempts = new RestAttempts(network, request);
    QFuture<Reply> future = attempts->future();
    attempts->attempt();
    return future;
}

} // namespace ActionNode
