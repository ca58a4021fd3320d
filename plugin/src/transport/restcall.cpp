#include "restcall.h"

#include <actionnode/boundedfile.h>
#include <actionnode/errorcodes.h>

#include "logging.h"

#include <QDateTime>
#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QPromise>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <limits>
#include <memory>

namespace ActionNode::Internal {

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
    for (const char *format :
         {"ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yyyy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy"}) {
        QDateTime when = QLocale::c().toDateTime(text, QLatin1String(format));
        if (when.isValid()) {
            when.setTimeSpec(Qt::UTC);
            // A date already past means "now".
            return qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
        }
    }
    return -1;
}

/*
    Qt sends at most six requests at once to one host and queues the rest
    inside QNetworkAccessManager, where a timeout started on sending would
    count the wait in its queue. So each network manager gets one of these:
    an attempt asks for a slot of its origin and is handed to Qt only when
    it has one, which makes the timeout measure the request itself.
*/
class OriginSlots : public QObject
{
public:
    static constexpr int slotsPerOrigin = 6; // QHttpNetworkConnection's default

    static OriginSlots *of(QNetworkAccessManager *network)
    {
        // A manager and its slots live in one thread; the slots die with their manager.
        static thread_local QHash<QNetworkAccessManager *, QPointer<OriginSlots>> slotsOfManager;
        QPointer<OriginSlots> &entry = slotsOfManager[network];
        if (!entry)
            entry = new OriginSlots(network);
        return entry;
    }

    //! Calls \a start now or when a slot of \a origin frees; \a owner going away cancels it.
    void acquire(const QString &origin, QObject *owner, std::function<void()> start)
    {
        Origin &entry = m_origins[origin];
        if (entry.inFlight < slotsPerOrigin) {
            ++entry.inFlight;
            start();
            return;
        }
        entry.waiting.append({QPointer<QObject>(owner), std::move(start)});
    }

    void release(const QString &origin)
    {
        Origin &entry = m_origins[origin];
        while (!entry.waiting.isEmpty()) {
            Waiting next = entry.waiting.takeFirst();
            if (next.owner) {
                next.start(); // the slot passes on
                return;
            }
        }
        if (--entry.inFlight == 0)
            m_origins.remove(origin);
    }

private:
    explicit OriginSlots(QObject *parent) : QObject(parent) {}

    struct Waiting
    {
        QPointer<QObject> owner;
        std::function<void()> start;
    };
    struct Origin
    {
        int inFlight = 0;
        QList<Waiting> waiting;
    };
    QHash<QString, Origin> m_origins;
};

QString originOf(const QUrl &url)
{
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':')
           + QString::number(
               url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80));
}

// A CR or LF would end the header line: what follows would become a header of its own.
bool hasControlCharacter(const QByteArray &value)
{
    return std::any_of(value.begin(), value.end(),
                       [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; });
}

// Drives the attempts of one request; deletes itself when the promise is fulfilled.
class RestAttempts : public QObject
{
public:
    RestAttempts(QNetworkAccessManager *network, const RestCall::Request &request)
        : QObject(network), m_network(network), m_request(request), m_url(request.url)
    {
        m_promise.start();
    }

    QFuture<RestCall::Reply> future() { return m_promise.future(); }

    void start()
    {
        for (const auto &header : std::as_const(m_request.headers)) {
            if (hasControlCharacter(header.first) || hasControlCharacter(header.second)) {
                // Never the value: it may be a credential.
                m_reply.errorString = QStringLiteral("the %1 header holds a control character")
                                          .arg(QString::fromLatin1(header.first.left(64)));
                fulfil();
                return;
            }
        }
        attempt();
    }

private:
    void attempt()
    {
        ++m_reply.attempts;
        send();
    }

    void send()
    {
        OriginSlots::of(m_network)->acquire(originOf(m_url), this, [this] {
            QNetworkRequest request(m_url);
            for (const auto &header : std::as_const(m_request.headers))
                request.setRawHeader(header.first, header.second);
            // Redirects are followed here, within one origin only (credentials go with them).
            request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
            if (!m_request.caCertificates.isEmpty()) {
                QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
                ssl.addCaCertificates(m_request.caCertificates);
                request.setSslConfiguration(ssl);
            }
            qCDebug(lcRest).noquote() << method() << m_url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                                      << "attempt" << m_reply.attempts;
            QNetworkReply *reply = m_network->sendCustomRequest(request, method(), body());
            auto timedOut = std::make_shared<bool>(false);
            QTimer::singleShot(m_request.timeoutMs, reply, [reply, timedOut] {
                *timedOut = true;
                reply->abort();
            });
            m_body.clear();
            m_tooLarge = false;
            // The body is taken as it arrives, so that an answer over the limit is refused then, not at its end.
            connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
                if (reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > m_request.maxReplyBytes)
                    refuseTooLarge(reply);
            });
            connect(reply, &QNetworkReply::readyRead, this, [this, reply] { readBody(reply); });
            connect(reply, &QNetworkReply::finished, this, [this, reply, timedOut] {
                reply->deleteLater();
                OriginSlots::of(m_network)->release(originOf(reply->request().url()));
                finished(reply, *timedOut);
            });
        });
    }

    void readBody(QNetworkReply *reply)
    {
        if (m_tooLarge || !reply->isOpen()) // refused, or aborted on a timeout
            return;
        m_body += reply->read(m_request.maxReplyBytes + 1 - m_body.size());
        if (m_body.size() > m_request.maxReplyBytes)
            refuseTooLarge(reply);
    }

    void refuseTooLarge(QNetworkReply *reply)
    {
        m_tooLarge = true;
        m_body.clear();
        reply->abort();
    }

    QByteArray method() const { return m_seeOther ? QByteArray("GET") : m_request.method; }
    QByteArray body() const { return m_seeOther ? QByteArray() : m_request.body; }

    void fulfil()
    {
        m_promise.addResult(m_reply);
        m_promise.finish();
        deleteLater();
    }

    // True when the redirect was taken; false when the reply is final.
    bool followRedirect(QNetworkReply *reply, int status)
    {
        const QUrl target = m_url.resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        if (!target.isValid() || target.isEmpty())
            return false;
        if (originOf(target) != originOf(m_url) || target.scheme() != m_url.scheme()) {
            m_reply.errorString = QStringLiteral("refused to follow a redirect (HTTP %1) to %2: credentials are only "
                                                 "sent to %3")
                                      .arg(status)
                                      .arg(originOf(target), originOf(m_url));
            return false;
        }
        if (++m_redirects > RestCall::maxRedirects) {
            m_reply.errorString = QStringLiteral("more than %1 redirects").arg(RestCall::maxRedirects);
            return false;
        }
        m_seeOther = m_seeOther || status == 303;
        m_url = target;
        send();
        return true;
    }

    void finished(QNetworkReply *reply, bool timedOut)
    {
        readBody(reply);
        // Errors below 100 are the connection's (refused, closed, timed out, TLS): an answer cut
        // short by one is no answer, whatever its status line said.
        const bool connectionFailed = reply->error() > QNetworkReply::NoError && reply->error() < 100;
        const int status = m_tooLarge || !connectionFailed
                               ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                               : 0;
        const bool retryable = status == 429 || status >= 500 || status == 0;
        m_reply.status = status;
        if (m_tooLarge) {
            m_reply.body.clear();
            m_reply.errorString = QStringLiteral("the answer is larger than the limit of %1 (maxAnswerBytes)")
                                      .arg(BoundedFile::sizeText(m_request.maxReplyBytes));
            fulfil(); // a provider that answers too much would do it again
            return;
        }
        if (status != 0) {
            m_reply.body = m_body;
            m_reply.errorString.clear();
        } else {
            m_reply.body.clear();
            m_reply.errorString =
                !timedOut ? reply->errorString()
                : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()
                    ? QStringLiteral("the answer did not arrive in full within %1 ms").arg(m_request.timeoutMs)
                    : QStringLiteral("no answer within %1 ms").arg(m_request.timeoutMs);
        }
        m_body.clear();
        if (status >= 300 && status < 400 && followRedirect(reply, status))
            return;
        // TLS failures are final: retrying cannot make a certificate valid.
        const bool tlsFailure = reply->error() == QNetworkReply::SslHandshakeFailedError;
        if (!retryable || tlsFailure || m_reply.attempts > m_request.maxRetries) {
            fulfil();
            return;
        }
        qint64 delay = RestCall::backoffDelay(m_request, m_reply.attempts,
                                              QRandomGenerator::global()->generateDouble());
        // RFC 7231 gives Retry-After to 503 answers as well as to 429 ones.
        if (status == 429 || status == 503) {
            const qint64 asked = retryAfterMs(reply->rawHeader("Retry-After"));
            if (asked >= 0)
                delay = qMin<qint64>(asked, m_request.maxRetryAfterMs);
        }
        if (m_waitedMs + delay > m_request.maxTotalBackoffMs) {
            qCInfo(lcRest).noquote() << "not retrying: waiting" << delay << "ms more would exceed"
                                     << m_request.maxTotalBackoffMs << "ms in all";
            fulfil();
            return;
        }
        m_waitedMs += delay;
        retries.fetch_add(1, std::memory_order_relaxed);
        qCInfo(lcRest).noquote() << "retrying in" << delay << "ms after"
                                 << (status ? QStringLiteral("HTTP %1").arg(status) : m_reply.errorString);
        // Precise: a coarse timer may fire 5 % early, before the Retry-After the provider asked for.
        QTimer::singleShot(std::chrono::milliseconds(delay), Qt::PreciseTimer, this, &RestAttempts::attempt);
    }

    QNetworkAccessManager *m_network;
    RestCall::Request m_request;
    QUrl m_url;              //!< the request's URL, or where a redirect within its origin led
    bool m_seeOther = false; //!< a 303 turned the request into a GET
    int m_redirects = 0;
    qint64 m_waitedMs = 0;
    QByteArray m_body;       //!< the current attempt's body so far
    bool m_tooLarge = false; //!< the current attempt's answer passed maxReplyBytes
    RestCall::Reply m_reply;
    QPromise<RestCall::Reply> m_promise;
};

/*
    The application thread's manager is deleted by a post routine, while
    QCoreApplication still exists. Deleted later, as the application's
    child, its HTTP thread could still deliver an event after the
    application has gone: a crash at exit, and leaks reported at exit.
*/
QPointer<QNetworkAccessManager> applicationNetwork;

void deleteApplicationNetwork()
{
    delete applicationNetwork.data();
}

} // namespace

ActionErrors RestCall::prepare(Request *request, const Connection &connection, const QString &baseUrl,
                               const QString &baseSetting, const QString &path)
{
    const QString connectionError = ErrorCodes::name(ErrorCode::ConnectionError);
    ActionErrors errors;
    request->url = QUrl(baseUrl.endsWith(QLatin1Char('/')) ? baseUrl.chopped(1) + path : baseUrl + path);
    if (!request->url.isValid() || request->url.host().isEmpty()
        || (request->url.scheme() != QLatin1String("https") && request->url.scheme() != QLatin1String("http")))
        errors.append({connectionError, baseSetting, {}, QStringLiteral("\"%1\" is not an http(s) URL").arg(baseUrl)});
    bool ok = false;
    request->timeoutMs = connection.value(QStringLiteral("timeout_ms")).toInt(&ok);
    if (!ok || request->timeoutMs <= 0)
        errors.append({connectionError,
                       QStringLiteral("timeout_ms"),
                       {},
                       QStringLiteral("must be a positive number of milliseconds")});
    request->maxRetries = connection.value(QStringLiteral("max_retries")).toInt(&ok);
    if (!ok || request->maxRetries < 0)
        errors.append(
            {connectionError, QStringLiteral("max_retries"), {}, QStringLiteral("must be a whole number, 0 or more")});
    const QString caFile = connection.value(QStringLiteral("ca_file"));
    if (!caFile.isEmpty()) {
        QString errorString;
        const std::optional<QByteArray> pem = BoundedFile::read(caFile, BoundedFile::maxCertificateBytes, &errorString);
        request->caCertificates = pem ? QSslCertificate::fromData(*pem, QSsl::Pem) : QList<QSslCertificate>();
        if (pem && request->caCertificates.isEmpty())
            errorString = QStringLiteral("%1: holds no PEM certificate").arg(caFile);
        if (!errorString.isEmpty())
            errors.append({connectionError, QStringLiteral("ca_file"), {}, errorString});
    }
    return errors;
}

QNetworkAccessManager *RestCall::threadNetwork()
{
    static thread_local QPointer<QNetworkAccessManager> network;
    if (!network) {
        QCoreApplication *application = QCoreApplication::instance();
        const bool applicationThread = application && application->thread() == QThread::currentThread();
        network = new QNetworkAccessManager(applicationThread ? application : nullptr);
        if (applicationThread) {
            applicationNetwork = network;
            qAddPostRoutine(deleteApplicationNetwork);
        } else {
            QObject::connect(QThread::currentThread(), &QThread::finished, network, &QObject::deleteLater);
        }
    }
    return network;
}

quint64 RestCall::retriesStarted()
{
    return retries.load(std::memory_order_relaxed);
}

qint64 RestCall::backoffDelay(const Request &request, int attempts, double random)
{
    // Shifted as a 64-bit number no further than the cap needs: no overflow at any attempt.
    const int doublings = qBound(0, attempts - 1, 32);
    const qint64 ceiling = qMin<qint64>(qint64(qMax(request.backoffMs, 0)) << doublings, request.maxBackoffMs);
    // "Equal jitter": half the delay fixed, half random, so that clients
    // failing together do not all come back at the same moment.
    return ceiling / 2 + qint64(double(ceiling - ceiling / 2) * qBound(0.0, random, 1.0));
}

QFuture<RestCall::Reply> RestCall::start(QNetworkAccessManager *network, const Request &request)
{
    auto *attempts = new RestAttempts(network, request);
    QFuture<Reply> future = attempts->future();
    attempts->start();
    return future;
}

} // namespace ActionNode::Internal
