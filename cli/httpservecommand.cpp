#include "httpservecommand.h"
#include "terminationsignal.h"

#include <actionnode/actionapi.h>
#include <actionnode/providerwebhooks.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/runhistoryapi.h>
#include <actionnode/session.h>
#include <actionnode/subscriptionapi.h>
#include <actionnode/triggerhttproutes.h>
#include <actionnode/triggerhub.h>

#include <QCoreApplication>

#include <memory>

#include <cstdio>
#include <limits>

using namespace ActionNode;

namespace {

// "127.0.0.1:8080", "[::1]:0", "0.0.0.0:80", "localhost:8080".
bool parseEndpoint(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    *port = quint16(number);
    if (host == QLatin1String("localhost"))
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(host))
        return false;
    return true;
}

bool numberInRange(const QString &text, qint64 minimum, qint64 maximum, qint64 *value)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok && *value >= minimum && *value <= maximum;
}

} // namespace

bool HttpServeCommand::wanted(const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--http") || argument.startsWith(QLatin1String("--http=")))
            return true;
    }
    return false;
}

void HttpServeCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_http, m_apiKeys, m_maxBody, m_timeout, m_maxConcurrent, m_grace, m_cors, m_tlsCertificate,
                       m_tlsKey, m_accessLog, m_connections, m_publicUrlOption});
    m_pushOptions.addTo(parser);
    m_webhookOptions.addTo(parser);
    m_storeOptions.addTo(parser);
    m_limitOptions.addTo(parser);
}

int HttpServeCommand::checkArguments(const QCommandLineParser &parser)
{
    const int exitCode = readHostOptions(parser, &m_hostOptions);
    if (exitCode != Success)
        return exitCode;
    return openAccessLog(parser, &m_hostOptions) ? Success : Failure;
}

void HttpServeCommand::configure(SessionOptions *options) const
{
    m_storeOptions.configure(options);
}

int HttpServeCommand::execute(const Context &context)
{
    QString error;
    if (m_connectionsPerRequest)
        dropHostAccounts(*context.session.runtime());
    TriggerHub *hub = context.session.triggerHub();
    ActionApiOptions apiOptions;
    apiOptions.maxConcurrentInvocations = m_maxConcurrentInvocations;
    apiOptions.connectionsPerRequest = m_connectionsPerRequest;
    // A provider without a secret gets 503 for its deliveries.
    if (m_webhookOptions.configure(hub, *context.session.runtime(), &error) < 0)
        return fail(error);

    HttpHost host(m_hostOptions);
    ActionApi api(&context.session, &host, apiOptions);
    RunHistoryApi runHistory(&context.session, &api, &host);
    PushSubscriptions subscriptions(hub, context.session.store(), m_pushOptions.options());
    if (!subscriptions.start(&error))
        return fail(error);
    context.session.setPushSubscriptions(&subscriptions);
    const auto detachSubscriptions = qScopeGuard([&context] { context.session.setPushSubscriptions(nullptr); });
    SubscriptionApi subscriptionApi(&subscriptions, hub, &api, &host);
    TriggerHttpRoutes triggerRoutes(hub);
    triggerRoutes.setCallerOptions([&api](const HttpExchangePtr &exchange, const QString &providerId) {
        return api.providerCallOptions(exchange, providerId);
    });
    triggerRoutes.addTo(&host);
    if (!host.listen(&error))
        return fail(error);
    // Started once listening: the provider checks the endpoint when a webhook is registered.
    std::unique_ptr<ProviderWebhooks> providerWebhooks;
    if (!m_publicUrl.isEmpty()) {
        QUrl publicUrl = m_publicUrl;
        if (publicUrl.port() == 0)
            publicUrl.setPort(host.url().port());
        providerWebhooks = std::make_unique<ProviderWebhooks>(context.session.runtime(), hub, context.session.store(),
                                                              &subscriptions, publicUrl);
        if (!providerWebhooks->start(&error))
            return fail(error);
    }
    out() << "listening on " << host.url().toString() << "\n";
    out().flush();
    return serve(&host);
}

int HttpServeCommand::readHostOptions(const QCommandLineParser &parser, HttpHostOptions *options)
{
    if (!parseEndpoint(parser.value(m_http), &options->address, &options->port))
        return fail(QStringLiteral(
                        "--http needs ADDRESS:PORT with a numeric address (127.0.0.1:8080, [::1]:0), not \"%1\"")
                        .arg(parser.value(m_http)),
                    UsageError);
    QString error;
    if (!m_webhookOptions.read(parser, &error) || !m_storeOptions.read(parser, &error)
        || !m_limitOptions.read(parser, options, &error) || !m_pushOptions.read(parser, &error))
        return fail(error, UsageError);
    qint64 maxBodyBytes = 0, timeoutMs = 0, maxConcurrent = 0, graceMs = 0;
    if (!numberInRange(parser.value(m_maxBody), 1024, std::numeric_limits<qint64>::max(), &maxBodyBytes)
        || !numberInRange(parser.value(m_timeout), 1, 3600000, &timeoutMs)
        || !numberInRange(parser.value(m_maxConcurrent), 1, 100000, &maxConcurrent)
        || !numberInRange(parser.value(m_grace), 0, 3600000, &graceMs))
        return fail(QStringLiteral(
                        "--max-body-bytes must be 1024 or more, --timeout-ms and --grace-ms at most 3600000, "
                        "--max-concurrent between 1 and 100000"),
                    UsageError);
    options->maxBodyBytes = maxBodyBytes;
    options->requestTimeoutMs = int(timeoutMs);
    options->apiKeysFile = parser.value(m_apiKeys);
    options->corsOrigins = parser.values(m_cors);
    options->tlsCertificateFile = parser.value(m_tlsCertificate);
    options->tlsKeyFile = parser.value(m_tlsKey);
    m_maxConcurrentInvocations = int(maxConcurrent);
    m_graceMs = int(graceMs);
    const QString connections = parser.value(m_connections);
    if (connections != QLatin1String("host") && connections != QLatin1String("per-request"))
        return fail(QStringLiteral("--connections must be host or per-request, not \"%1\"").arg(connections),
                    UsageError);
    m_connectionsPerRequest = connections == QLatin1String("per-request");
    return readPublicUrl(parser);
}

int HttpServeCommand::readPublicUrl(const QCommandLineParser &parser)
{
    if (!parser.isSet(m_publicUrlOption))
        return Success;
    const QUrl url(parser.value(m_publicUrlOption), QUrl::StrictMode);
    const bool web = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
    if (!url.isValid() || !web || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery()
        || url.hasFragment())
        return fail(QStringLiteral("--public-url must be an http or https URL with a host and no user, query or "
                                   "fragment (https://actionnode.example.com), not \"%1\"")
                        .arg(QUrl(parser.value(m_publicUrlOption)).toString(QUrl::RemoveUserInfo).left(200)),
                    UsageError);
    m_publicUrl = url;
    return Success;
}

void HttpServeCommand::dropHostAccounts(Runtime &runtime)
{
    for (const PluginSpec &plugin : runtime.plugins()) {
        if (plugin.hasError())
            continue;
        Connection connection = runtime.connection(plugin.id());
        QStringList dropped;
        for (const QString &key : connection.keys()) {
            if (connection.isAccountSetting(key) && connection.hasValue(key))
                dropped.append(key);
        }
        if (dropped.isEmpty())
            continue;
        QString error;
        connection.setAccount({}, plugin.id(), &error); // no setting given: none refused
        runtime.setConnection(connection);
        err() << "actionnode: note: --connections per-request: the host's " << plugin.id() << " "
              << dropped.join(QStringLiteral(", ")) << " are not used; each call sends its own\n";
    }
}

bool HttpServeCommand::openAccessLog(const QCommandLineParser &parser, HttpHostOptions *options)
{
    const QString target = parser.value(m_accessLog);
    if (target == QLatin1String("off"))
        return true;
    if (target == QLatin1String("-")) {
        options->accessLog = [](const QByteArray &line) {
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fputc('\n', stderr);
        };
        return true;
    }
    m_accessLogFile.setFileName(target);
    if (!m_accessLogFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        fail(QStringLiteral("%1: cannot be written: %2").arg(target, m_accessLogFile.errorString()));
        return false;
    }
    options->accessLog = [this](const QByteArray &line) { m_accessLogFile.write(line + '\n'); };
    return true;
}

int HttpServeCommand::serve(HttpHost *host)
{
    TerminationSignal termination;
    const int graceMs = m_graceMs;
    QObject::connect(&termination, &TerminationSignal::received, host, [host, graceMs](int) { host->stop(graceMs); });
    int unanswered = 0;
    QObject::connect(host, &HttpHost::stopped, qApp, [&unanswered](int left) {
        unanswered = left;
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    if (unanswered > 0)
        fail(QStringLiteral("stopped with %1 request(s) unanswered after the grace period").arg(unanswered));
    return Success;
}
