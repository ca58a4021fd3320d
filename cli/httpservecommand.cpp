#include "httpservecommand.h"
#include "terminationsignal.h"
#include "triggerhttproutes.h"
#include "webhooksecrets.h"

#include <actionnode/actionapi.h>
#include <actionnode/httphost.h>
#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

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

bool positiveNumber(const QString &text, qint64 minimum, qint64 *value)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok && *value >= minimum;
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

int HttpServeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption http(QStringLiteral("http"), QStringLiteral("Address and port to serve (port 0: a free one)."),
                                  QStringLiteral("address:port"));
    const QCommandLineOption apiKeys(QStringLiteral("api-keys"),
                                     QStringLiteral("File of accepted bearer keys as sha256:<hex digest> lines "
                                                    "(needed off loopback)."), QStringLiteral("file"));
    const QCommandLineOption maxBody(QStringLiteral("max-body-bytes"), QStringLiteral("Largest request body (default 1048576)."),
                                     QStringLiteral("bytes"), QStringLiteral("1048576"));
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"), QStringLiteral("Longest time to answer a request (default 30000)."),
                                     QStringLiteral("ms"), QStringLiteral("30000"));
    const QCommandLineOption concurrency(QStringLiteral("max-concurrent"),
                                         QStringLiteral("Invocations running at once; more get 429 (default 64)."),
                                         QStringLiteral("count"), QStringLiteral("64"));
    const QCommandLineOption grace(QStringLiteral("grace-ms"),
                                   QStringLiteral("On SIGTERM, how long calls in flight may take to finish (default 10000)."),
                                   QStringLiteral("ms"), QStringLiteral("10000"));
    const QCommandLineOption cors(QStringLiteral("cors-origin"), QStringLiteral("Origin allowed to call from a browser (repeatable)."),
                                  QStringLiteral("origin"));
    const QCommandLineOption tlsCertificate(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate chain: serve HTTPS."),
                                            QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("file"));
    const QCommandLineOption accessLog(QStringLiteral("access-log"),
                                       QStringLiteral("Where JSON access log lines go: - for standard error (default), off, or a file."),
                                       QStringLiteral("target"), QStringLiteral("-"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Treat warnings as errors."));
    const QCommandLineOption hmacFile(QStringLiteral("hmac-file"),
                                      QStringLiteral("File holding the webhook secret (base64) of POST /v1/webhooks/<provider> "
                                                     "(default: $<PROVIDER>_WEBHOOK_HMAC)."), QStringLiteral("file"));
    const QCommandLineOption replayWindow(QStringLiteral("replay-window"),
                                          QStringLiteral("Oldest (or most future) webhook delivery accepted, in seconds (default 300)."),
                                          QStringLiteral("seconds"),
                                          QString::number(WebhookVerifier::defaultReplayWindowSeconds));
    parser.addOptions({http, apiKeys, maxBody, timeout, concurrency, grace, cors, tlsCertificate, tlsKey, accessLog, strict,
                       hmacFile, replayWindow});
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;

    HttpHostOptions hostOptions;
    if (!parseEndpoint(parser.value(http), &hostOptions.address, &hostOptions.port)) {
        err() << "actionnode serve: --http needs ADDRESS:PORT with a numeric address (127.0.0.1:8080, [::1]:0), not \""
              << parser.value(http) << "\"\n";
        return UsageError;
    }
    qint64 maxBodyBytes = 0, timeoutMs = 0, maxConcurrent = 0, graceMs = 0, window = 0;
    if (!positiveNumber(parser.value(replayWindow), 1, &window) || window > 86400) {
        err() << "actionnode serve: --replay-window must be from 1 to 86400 seconds\n";
        return UsageError;
    }
    if (!positiveNumber(parser.value(maxBody), 1024, &maxBodyBytes)
        || !positiveNumber(parser.value(timeout), 1, &timeoutMs) || timeoutMs > 3600000
        || !positiveNumber(parser.value(concurrency), 1, &maxConcurrent) || maxConcurrent > 100000
        || !positiveNumber(parser.value(grace), 0, &graceMs) || graceMs > 3600000) {
        err() << "actionnode serve: --max-body-bytes must be 1024 or more, --timeout-ms and --grace-ms at most 3600000, "
                 "--max-concurrent between 1 and 100000\n";
        return UsageError;
    }
    hostOptions.maxBodyBytes = maxBodyBytes;
    hostOptions.requestTimeoutMs = int(timeoutMs);
    hostOptions.apiKeysFile = parser.value(apiKeys);
    hostOptions.corsOrigins = parser.values(cors);
    hostOptions.tlsCertificateFile = parser.value(tlsCertificate);
    hostOptions.tlsKeyFile = parser.value(tlsKey);

    QFile logFile;
    const QString logTarget = parser.value(accessLog);
    if (logTarget == QLatin1String("-")) {
        hostOptions.accessLog = [](const QByteArray &line) {
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fputc('\n', stderr);
        };
    } else if (logTarget != QLatin1String("off")) {
        logFile.setFileName(logTarget);
        if (!logFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
            err() << "actionnode serve: " << logTarget << ": cannot be written: " << logFile.errorString() << "\n";
            return Failure;
        }
        hostOptions.accessLog = [&logFile](const QByteArray &line) { logFile.write(line + '\n'); };
    }

    Runtime runtime;
    runtime.setWarningsAsErrors(parser.isSet(strict));
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode serve: " << error << "\n";
        return Failure;
    }
    ActionApiOptions apiOptions;
    apiOptions.maxConcurrentInvocations = int(maxConcurrent);
    const QString licenseKeyFile = parser.value(QStringLiteral("license-key"));
    if (!licenseKeyFile.isEmpty()) {
        QFile file(licenseKeyFile);
        if (file.open(QIODevice::ReadOnly))
            apiOptions.licensePublicKeyPem = file.readAll();
    }

    std::optional<QByteArray> fileSecret;
    if (parser.isSet(hmacFile) && !(fileSecret = WebhookSecrets::readFile(parser.value(hmacFile), &error))) {
        err() << "actionnode serve: " << error << "\n";
        return Failure;
    }
    // Triggers read the licence from the runtime; a provider without a secret gets 503 for its deliveries.
    TriggerHub hub(&runtime);
    hub.setReplayWindow(int(window));
    if (WebhookSecrets::apply(&hub, runtime, fileSecret, &error) < 0) {
        err() << "actionnode serve: " << error << "\n";
        return Failure;
    }

    HttpHost host(hostOptions);
    ActionApi api(&runtime, &host, apiOptions);
    TriggerHttpRoutes triggerRoutes(&hub);
    triggerRoutes.addTo(&host);
    if (!host.listen(&error)) {
        err() << "actionnode serve: " << error << "\n";
        return Failure;
    }
    out() << "listening on " << host.url().toString() << "\n";
    out().flush();

    TerminationSignal termination;
    QObject::connect(&termination, &TerminationSignal::received, &host, [&host, graceMs](int) {
        host.stop(int(graceMs));
    });
    int unanswered = 0;
    QObject::connect(&host, &HttpHost::stopped, qApp, [&unanswered](int left) {
        unanswered = left;
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    if (unanswered > 0)
        err() << "actionnode serve: stopped with " << unanswered << " request(s) unanswered after the grace period\n";
    return Success;
}
