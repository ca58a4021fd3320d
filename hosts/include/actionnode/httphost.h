#pragma once

#include <actionnode/httpexchange.h>

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

namespace ActionNode {

class HttpMetrics;

//! How an HTTP host is exposed and protected.
struct HttpHostOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; //!< 0 picks a free port
    /*!
        File of accepted bearer keys, hashed: one \c sha256:<hex digest> a
        line (\c # starts a comment). Empty: no key is asked for, which is
        only allowed on a loopback address (or when every route is public),
        and then only requests naming a loopback host (\c localhost,
        \c 127.0.0.1, \c [::1]) are served by the key routes (421 otherwise).
    */
    QString apiKeysFile;
    //! A larger body gets 413 \c body_too_large before it is read.
    qint64 maxBodyBytes = 1024 * 1024;
    //! A larger request head (request line and headers) gets 431 \c headers_too_large.
    qint64 maxHeaderBytes = 64 * 1024;
    //! More header lines get 431 \c headers_too_large (Qt's parser would drop them all).
    static constexpr int maxHeaderLines = 64;
    //! Connections open at once; more are answered 503 \c too_many_connections and closed.
    int maxConnections = 1024;
    //! Connections open at once from one client address; more as maxConnections.
    int maxConnectionsPerClient = 128;
    //! A connection with no request under way is closed after this time.
    int idleTimeoutMs = 30000;
    //! A request head not read whole within this time (from its first byte) gets 408 \c request_timeout.
    int headerTimeoutMs = 10000;
    //! A request body not read whole within this time (from the end of its head) gets 408 \c request_timeout.
    int bodyTimeoutMs = 30000;
    //! A request not answered within this time gets 504 \c timeout.
    int requestTimeoutMs = 30000;
    //! Origins allowed to call from a browser (CORS); none by default.
    QStringList corsOrigins;
    //! PEM certificate (chain) and private key: HTTPS when both are set.
    QString tlsCertificateFile;
    QString tlsKeyFile;
    //! Receives one JSON line per answered request (method, path, status, duration...).
    std::function<void(const QByteArray &line)> accessLog;
};

/*!
    An HTTP/1.1 server for actionnode hosts: routing, bearer-key checks,
    request framing checked (RFC 9112) and bounded (head, body, headers,
    connections, timeouts), CORS, TLS, a JSON access log and a graceful stop. It serves nothing by itself: components
   register routes (ActionApi the invocation API and the panel; others their own, such as webhooks or event streams):

    \code
    ActionNode::HttpHost host(options);
    host.addRoute("GET", QStringLiteral("/v1/events/([^/]+)"), HttpHost::Access::ApiKey,
                  [](const ActionNode::HttpExchangePtr &exchange) {
                      QString id = exchange->pathArguments().value(0);
                      ...
                      exchange->reply(ActionNode::HttpReply::json(200, {...}));
                  });
    QString error;
    if (!host.listen(&error)) ...
    \endcode

    A handler may reply at once or keep the exchange and reply later; an
    exchange not answered within HttpHostOptions::requestTimeoutMs gets a
    504. Secrets in headers (bearer keys, licences) are never logged.
*/
class HttpHost : public QObject
{
    Q_OBJECT
public:
    enum class Access {
        Public, //!< health probes, the panel's files, the OpenAPI document
        ApiKey, //!< needs a bearer key from HttpHostOptions::apiKeysFile, when one is set
    };
    using Handler = std::function<void(const HttpExchangePtr &exchange)>;

    explicit HttpHost(const HttpHostOptions &options, QObject *parent = nullptr);
    ~HttpHost() override;

    /*!
        Adds a route for \a method and \a pathPattern, a regular expression
        (PCRE2's, as QRegularExpression's) matched against the whole path;
        its capture groups become HttpExchange::pathArguments(). Routes are
        tried in the order added. A pattern that does not compile matches
        nothing, and says why in the log.
    */
    void addRoute(const QByteArray &method, const QString &pathPattern, Access access, Handler handler);

    //! Reads the keys and TLS files and starts listening; false with \a errorString otherwise.
    bool listen(QString *errorString);
    //! http(s)://host:port once listening.
    QUrl url() const;

    //! Request counters and whatever other components record (shown at /metrics by ActionApi).
    HttpMetrics *metrics() const;

    //! Exchanges received and not answered yet.
    int pendingExchanges() const;
    bool isStopping() const;

    /*!
        Stops accepting connections and answers new requests on open ones
        with 503; emits stopped() once every pending exchange is answered,
        or after \a graceMs, whichever comes first.
    */
    void stop(int graceMs);

Q_SIGNALS:
    //! After stop(): every exchange is answered, or the grace period ran out.
    void stopped(int unansweredExchanges);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ActionNode
