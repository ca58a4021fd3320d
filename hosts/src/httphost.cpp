#include <actionnode/httphost.h>
#include <actionnode/boundedfile.h>
#include <actionnode/errorcodes.h>
#include <actionnode/httpmetrics.h>

#include "apikeys.h"
#include "httplistener.h"
#include "httprequestchecker.h"
#include "regexpattern.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>

#include <vector>

#include <sys/resource.h>

namespace ActionNode {

namespace {

constexpr int DeadlineSweepMs = 100;
constexpr qsizetype MaxLoggedPathLength = 256;
// Descriptors a host needs besides its connections: provider calls, files, the event loop.
constexpr rlim_t DescriptorReserve = 256;

Q_LOGGING_CATEGORY(lcHttpHost, "actionnode.http", QtInfoMsg)

struct Route
{
    QByteArray method;
    std::unique_ptr<Internal::RegexPattern> path; //!< anchored at both ends; null for a pattern that does not compile
    HttpHost::Access access;
    HttpHost::Handler handler;
};

// "localhost", "127.0.0.1:8080", "[::1]:8080": a name that can only mean this machine.
bool isLoopbackHost(const QByteArray &hostHeader)
{
    const std::optional<QByteArray> host = HttpRequestChecker::hostOf(hostHeader);
    if (!host || host->isEmpty())
        return false;
    if (*host == "localhost")
        return true;
    const QHostAddress address(QString::fromLatin1(*host));
    return !address.isNull() && address.isLoopback();
}

/*
    Raises the soft limit of open descriptors so that every allowed
    connection fits, as far as the hard limit allows: past it, accept()
    fails with EMFILE (and HttpListener pauses instead of spinning).
*/
void makeRoomForConnections(int connections)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = rlim_t(connections) + DescriptorReserve;
    if (limit.rlim_cur >= wanted)
        return;
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : qMin(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace

class HttpHost::Private
{
public:
    Private(HttpHost *q, const HttpHostOptions &options) : q(q), options(options)
    {
        deadlineSweep.setInterval(DeadlineSweepMs);
        QObject::connect(&deadlineSweep, &QTimer::timeout, q, [this] { expireOverdue(); });
    }

    bool loadTls(QString *errorString);
    //! True when a route needs a key: only then do the keys and the Host check matter.
    bool hasKeyRoutes() const
    {
        return std::any_of(routes.cbegin(), routes.cend(),
                           [](const Route &route) { return route.access == Access::ApiKey; });
    }
    void dispatch(HttpRequest &&request, const QHostAddress &client, QTcpSocket *socket);
    void route(const HttpExchangePtr &exchange);
    bool namesThisMachine(QByteArrayView hostHeader);
    bool applyCors(const HttpExchangePtr &exchange);
    void answered(const HttpExchange &exchange, const HttpReply *reply);
    void log(const HttpExchange &exchange, int status, qsizetype bytes) const;
    void expireOverdue();
    void finishStop();

    HttpHost *q;
    HttpHostOptions options;
    ApiKeys keys;
    HttpMetrics metrics;
    std::unique_ptr<HttpListener> listener;
    QSslConfiguration tls;
    bool tlsEnabled = false;
    std::vector<Route> routes;
    // Exchanges a handler left unanswered, kept until answered or overdue.
    QHash<const HttpExchange *, HttpExchangePtr> unanswered;
    QTimer deadlineSweep;
    QUrl url;
    bool stopping = false;
    bool stopEmitted = false;
    QByteArray lastLoopbackHost; //!< the Host header namesThisMachine() accepted last
};

bool HttpHost::Private::loadTls(QString *errorString)
{
    if (options.tlsCertificateFile.isEmpty() && options.tlsKeyFile.isEmpty())
        return true;
    if (options.tlsCertificateFile.isEmpty() || options.tlsKeyFile.isEmpty()) {
        *errorString = QStringLiteral("TLS needs both a certificate and a private key file");
        return false;
    }
    const std::optional<QByteArray> certificatePem = BoundedFile::read(options.tlsCertificateFile,
                                                                       BoundedFile::maxCertificateBytes, errorString);
    const std::optional<QByteArray> keyPem = certificatePem
                                                 ? BoundedFile::read(options.tlsKeyFile,
                                                                     BoundedFile::maxCertificateBytes, errorString)
                                                 : std::nullopt;
    if (!keyPem)
        return false;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty()) {
        *errorString = QStringLiteral("%1: holds no PEM certificate").arg(options.tlsCertificateFile);
        return false;
    }
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        key = QSslKey(*keyPem, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *errorString = QStringLiteral("%1: holds no unencrypted PEM EC or RSA private key").arg(options.tlsKeyFile);
        return false;
    }
    tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    tlsEnabled = true;
    return true;
}

void HttpHost::Private::dispatch(HttpRequest &&request, const QHostAddress &client, QTcpSocket *socket)
{
    // Told of the reply through a bare pointer, which a std::function holds without allocating:
    // ~HttpHost() takes the observer off every exchange still unanswered.
    auto exchange = std::make_shared<HttpExchange>(std::move(request), client, socket,
                                                   [this](const HttpExchange &exchange, const HttpReply *reply) {
                                                       answered(exchange, reply);
                                                   });
    route(exchange);
    if (!exchange->isAnswered()) {
        unanswered.insert(exchange.get(), exchange);
        if (!deadlineSweep.isActive())
            deadlineSweep.start();
    }
}

void HttpHost::Private::route(const HttpExchangePtr &exchange)
{
    if (stopping) {
        exchange->reply(HttpReply::error(ErrorCode::ShuttingDown,
                                         QStringLiteral("the service is stopping; retry on another instance")));
        return;
    }
    if (!applyCors(exchange))
        return;
    const QStringView path = exchange->pathView();
    // The routes of the request's method first: each path a route is tried on costs a match.
    for (const Route &route : routes) {
        if (route.method != exchange->method())
            continue;
        QVarLengthArray<Internal::RegexPattern::Capture, 4> captures(route.path ? route.path->captureCount() : 0);
        if (!route.path
            || route.path->search(path, captures.data(), captures.size()) != Internal::RegexPattern::Result::Match)
            continue;
        if (route.access == Access::ApiKey && keys.isEmpty() && !namesThisMachine(exchange->headerView("host"))) {
            // Without keys only this machine may call; a page whose name was
            // made to point at 127.0.0.1 (DNS rebinding) still sends its own name.
            exchange->reply(HttpReply::error(ErrorCode::HostNotServed,
                                             QStringLiteral("without API keys only loopback host names are served")));
            return;
        }
        if (route.access == Access::ApiKey && !keys.isEmpty() && !keys.accepts(exchange->headerView("authorization"))) {
            HttpReply reply = HttpReply::error(ErrorCode::Unauthorized,
                                               QStringLiteral("send a valid API key as 'Authorization: Bearer <key>'"));
            reply.headers.append({QByteArrayLiteral("WWW-Authenticate"), "Bearer"});
            exchange->reply(reply);
            return;
        }
        exchange->m_pathArguments.clear();
        for (const Internal::RegexPattern::Capture &capture : captures)
            exchange->m_pathArguments.append({capture.at, capture.size});
        route.handler(exchange);
        return;
    }
    QByteArrayList allowed;
    for (const Route &route : routes) {
        if (route.path && route.path->search(path) == Internal::RegexPattern::Result::Match)
            allowed.append(route.method);
    }
    if (!allowed.isEmpty()) {
        HttpReply reply = HttpReply::error(ErrorCode::MethodNotAllowed,
                                           QStringLiteral("%1 is not served at this path; use %2")
                                               .arg(QString::fromLatin1(exchange->method()),
                                                    QString::fromLatin1(allowed.join(", "))));
        reply.headers.append({QByteArrayLiteral("Allow"), allowed.join(", ")});
        exchange->reply(reply);
        return;
    }
    exchange->reply(HttpReply::error(ErrorCode::NotFound, QStringLiteral("nothing is served at this path")));
}

// Whether a Host header names this machine. A client sends the same one with every request, and
// reading it as an address makes two QStrings: the last one accepted is known by its bytes.
bool HttpHost::Private::namesThisMachine(QByteArrayView hostHeader)
{
    if (!lastLoopbackHost.isEmpty() && hostHeader == lastLoopbackHost)
        return true;
    if (!isLoopbackHost(hostHeader.toByteArray()))
        return false;
    lastLoopbackHost = hostHeader.toByteArray();
    return true;
}

// False when the request was answered here (a preflight, or a refused origin).
bool HttpHost::Private::applyCors(const HttpExchangePtr &exchange)
{
    const QByteArray origin = exchange->header("origin");
    const bool allowedOrigin = !origin.isEmpty() && options.corsOrigins.contains(QString::fromUtf8(origin));
    if (allowedOrigin) {
        exchange->addReplyHeader("Access-Control-Allow-Origin", origin);
        exchange->addReplyHeader("Vary", "Origin");
    }
    if (exchange->method() != "OPTIONS" || exchange->header("access-control-request-method").isEmpty())
        return true;
    if (!allowedOrigin) {
        exchange->reply(HttpReply::error(ErrorCode::OriginNotAllowed,
                                         QStringLiteral("cross-origin requests from this origin are not allowed")));
        return false;
    }
    HttpReply reply;
    reply.status = 204;
    reply.contentType.clear();
    reply.headers = {{"Access-Control-Allow-Methods", "GET, POST"},
                     {"Access-Control-Allow-Headers", "Authorization, Content-Type, X-ActionNode-License"},
                     {"Access-Control-Max-Age", "600"}};
    exchange->reply(reply);
    return false;
}

void HttpHost::Private::answered(const HttpExchange &exchange, const HttpReply *reply)
{
    unanswered.remove(&exchange);
    const int status = reply ? reply->status : 101;
    metrics.recordRequest(status);
    log(exchange, status, reply ? reply->body.size() : 0);
    if (stopping && unanswered.isEmpty())
        finishStop();
}

void HttpHost::Private::log(const HttpExchange &exchange, int status, qsizetype bytes) const
{
    if (!options.accessLog)
        return;
    // Headers are never logged: they carry keys and licences. The query
    // string is left out for the same reason.
    QJsonObject line{{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                     {QStringLiteral("remote"), exchange.remoteAddress().toString()},
                     {QStringLiteral("method"), QString::fromLatin1(exchange.method())},
                     {QStringLiteral("path"), exchange.path().left(MaxLoggedPathLength)},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("bytes"), bytes},
                     {QStringLiteral("ms"), double(exchange.elapsedNs() / 1000) / 1000.0}};
    if (!exchange.logLabel().isEmpty())
        line.insert(QStringLiteral("action"), exchange.logLabel());
    options.accessLog(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

void HttpHost::Private::expireOverdue()
{
    QList<HttpExchangePtr> overdue;
    for (const HttpExchangePtr &exchange : std::as_const(unanswered)) {
        if (exchange->elapsedMs() >= options.requestTimeoutMs)
            overdue.append(exchange);
    }
    for (const HttpExchangePtr &exchange : std::as_const(overdue))
        exchange->reply(HttpReply::error(ErrorCode::Timeout,
                                         QStringLiteral("no result within %1 ms").arg(options.requestTimeoutMs)));
    if (unanswered.isEmpty())
        deadlineSweep.stop();
}

void HttpHost::Private::finishStop()
{
    if (stopEmitted)
        return;
    stopEmitted = true;
    const int left = int(unanswered.size());
    QMetaObject::invokeMethod(
        q, [this, left] { Q_EMIT q->stopped(left); }, Qt::QueuedConnection);
}

HttpHost::HttpHost(const HttpHostOptions &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, options))
{}

HttpHost::~HttpHost()
{
    // A handler may still hold an exchange, and answer it after the host has gone.
    for (const HttpExchangePtr &exchange : std::as_const(d->unanswered))
        exchange->m_observer = nullptr;
}

void HttpHost::addRoute(const QByteArray &method, const QString &pathPattern, Access access, Handler handler)
{
    // Compiled alone too: a problem's offset is then the pattern's own, and a pattern that only
    // compiles wrapped ("a)|(b") is not served as what the wrapping makes of it.
    const Internal::RegexPattern alone(pathPattern);
    auto path = std::make_unique<Internal::RegexPattern>(QStringLiteral("\\A(?:%1)\\z").arg(pathPattern));
    if (!alone.isValid() || !path->isValid()) {
        qCWarning(lcHttpHost).noquote() << "the route" << method << pathPattern << "matches no path:"
                                        << (alone.isValid()
                                                ? QStringLiteral("anchored at both ends, %1").arg(path->errorString())
                                                : alone.errorString());
        path.reset();
    }
    d->routes.push_back({method, std::move(path), access, std::move(handler)});
}

bool HttpHost::listen(QString *errorString)
{
    if (!d->options.apiKeysFile.isEmpty()) {
        if (!d->keys.load(d->options.apiKeysFile, errorString))
            return false;
    } else if (!d->options.address.isLoopback() && d->hasKeyRoutes()) {
        *errorString = QStringLiteral("serving %1, which is not a loopback address, needs API keys (--api-keys)")
                           .arg(d->options.address.toString());
        return false;
    }
    if (!d->loadTls(errorString))
        return false;
    makeRoomForConnections(d->options.maxConnections);
    d->listener = std::make_unique<HttpListener>(d->options,
                                                 [d = d.get()](HttpRequest &&request, const QHostAddress &client,
                                                               QTcpSocket *socket) {
                                                     d->dispatch(std::move(request), client, socket);
                                                 });
    if (d->tlsEnabled)
        d->listener->setTlsConfiguration(d->tls);
    if (!d->listener->listen(d->options.address, d->options.port)) {
        *errorString = QStringLiteral("cannot listen on %1:%2: %3")
                           .arg(d->options.address.toString())
                           .arg(d->options.port)
                           .arg(d->listener->errorString());
        return false;
    }
    d->url.setScheme(d->tlsEnabled ? QStringLiteral("https") : QStringLiteral("http"));
    d->url.setHost(d->options.address.toString());
    d->url.setPort(d->listener->serverPort());
    return true;
}

QUrl HttpHost::url() const
{
    return d->url;
}

HttpMetrics *HttpHost::metrics() const
{
    return &d->metrics;
}

int HttpHost::pendingExchanges() const
{
    return int(d->unanswered.size());
}

bool HttpHost::isStopping() const
{
    return d->stopping;
}

void HttpHost::stop(int graceMs)
{
    if (d->stopping)
        return;
    d->stopping = true;
    if (d->listener)
        d->listener->close();
    if (d->unanswered.isEmpty()) {
        d->finishStop();
        return;
    }
    QTimer::singleShot(graceMs, this, [this] { d->finishStop(); });
}

} // namespace ActionNode
