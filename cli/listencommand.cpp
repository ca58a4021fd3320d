#include "listencommand.h"
#include "eventlinewriter.h"
#include "terminationsignal.h"
#include "triggerhttproutes.h"
#include "webhooksecrets.h"

#include <actionnode/errorcodes.h>
#include <actionnode/triggerhub.h>

#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>

#include <csignal>
#include <cstdio>

#include <unistd.h>

using namespace ActionNode;

int ListenCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Starts a webhook listener (POST /v1/webhooks/<provider>, GET /v1/triggers/<id>/events) and prints "
            "each event of <trigger> that passes the filters as one JSON line. The provider's webhook secret "
            "(Daily: the webhook's base64 hmac) comes from --hmac-file or $<PROVIDER>_WEBHOOK_HMAC."));
    const QCommandLineOption address(QStringLiteral("address"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                     QStringLiteral("ip"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port; 0 picks a free one (default 0)."),
                                  QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption hmacFile(QStringLiteral("hmac-file"),
                                      QStringLiteral("File holding the webhook secret (base64)."), QStringLiteral("file"));
    const QCommandLineOption queue(QStringLiteral("queue"),
                                   QStringLiteral("Events kept while standard output is not read (default 256)."),
                                   QStringLiteral("n"), QString::number(TriggerHub::defaultQueueCapacity));
    const QCommandLineOption replayWindow(QStringLiteral("replay-window"),
                                          QStringLiteral("Oldest (or most future) delivery accepted, in seconds (default 300)."),
                                          QStringLiteral("seconds"),
                                          QString::number(WebhookVerifier::defaultReplayWindowSeconds));
    parser.addOptions({address, port, hmacFile, queue, replayWindow});
    parser.addPositionalArgument(QStringLiteral("trigger"), QStringLiteral("Trigger id, e.g. daily.waiting_participant_joined."));
    parser.addPositionalArgument(QStringLiteral("filters"), QStringLiteral("Filters as key=value, e.g. room=standup."),
                                 QStringLiteral("[key=value...]"));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    QStringList positional = parser.positionalArguments();
    bool portOk = false;
    bool queueOk = false;
    bool windowOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    const qsizetype capacity = parser.value(queue).toLongLong(&queueOk);
    const int window = parser.value(replayWindow).toInt(&windowOk);
    const QHostAddress host(parser.value(address));
    if (positional.isEmpty() || !portOk || portNumber > 65535 || !queueOk || capacity < 1 || !windowOk
        || window < 1 || host.isNull()) {
        err() << "actionnode listen: name a trigger (see 'actionnode list'); --port 0-65535, --queue and "
                 "--replay-window of 1 or more, --address an IP address\n";
        return UsageError;
    }
    const QString triggerId = positional.takeFirst();

    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode listen: " << error << "\n";
        return Failure;
    }
    const TriggerSpec trigger = runtime.trigger(triggerId);
    if (trigger.hasError()) {
        err() << "actionnode listen: " << trigger.errorString() << "\n";
        return Failure;
    }
    QJsonObject filters;
    ActionErrors errors;
    for (const QString &assignment : std::as_const(positional)) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            err() << "actionnode listen: filters are key=value, not \"" << assignment.left(64) << "\"\n";
            return UsageError;
        }
        QString problem;
        const QString key = assignment.left(equals);
        filters.insert(key, trigger.filterFromText(key, assignment.mid(equals + 1), &problem));
        if (!problem.isEmpty())
            errors.append({ErrorCodes::name(ErrorCode::InvalidInput), QLatin1Char('/') + key, {}, problem});
    }

    QByteArray secret = qgetenv(qPrintable(TriggerHub::secretVariable(trigger.provider())));
    if (parser.isSet(hmacFile)) {
        const std::optional<QByteArray> fromFile = WebhookSecrets::readFile(parser.value(hmacFile), &error);
        if (!fromFile) {
            err() << "actionnode listen: " << error << "\n";
            return Failure;
        }
        secret = *fromFile;
    }
    TriggerHub hub(&runtime);
    hub.setReplayWindow(window);
    if (!hub.setWebhookSecret(trigger.provider(), secret, &error)) {
        err() << "actionnode listen: " << error << " (set $" << TriggerHub::secretVariable(trigger.provider())
              << " or --hmac-file)\n";
        return Failure;
    }
    std::unique_ptr<TriggerSubscription> subscription;
    if (errors.isEmpty())
        subscription = hub.subscribe(triggerId, filters, &errors, capacity);
    if (!subscription) {
        const QString bundleRequired = ErrorCodes::name(ErrorCode::BundleRequired);
        const bool refused = std::all_of(errors.cbegin(), errors.cend(),
                                         [&bundleRequired](const ActionError &e) { return e.code == bundleRequired; });
        for (const ActionError &problem : std::as_const(errors))
            err() << "actionnode listen: " << problem.toString() << "\n";
        return refused ? LicenseRefused : InvalidInput;
    }

    QHttpServer server;
    TriggerHttpRoutes routes(&hub);
    routes.addTo(&server);
    const quint16 listening = server.listen(host, quint16(portNumber));
    if (listening == 0) {
        err() << "actionnode listen: cannot listen on " << host.toString() << ':' << portNumber << "\n";
        return Failure;
    }
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + host.toString() + QLatin1Char(']') : host.toString();
    // Scripts and tests wait for this line to learn the URL to register.
    err() << "actionnode listen: receiving " << trigger.provider() << " webhooks at http://" << hostText << ':'
          << listening << "/v1/webhooks/" << trigger.provider() << "\n";
    err().flush();

    // A closed standard output must end the writer with an error, not the process with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    TerminationSignal stopSignals;
    EventLineWriter writer(subscription.get(), stdout);
    QObject::connect(&stopSignals, &TerminationSignal::received, qApp, &QCoreApplication::quit);
    QObject::connect(&writer, &EventLineWriter::outputClosed, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    writer.start();
    const int result = QCoreApplication::exec();
    subscription->close();
    writer.stop();
    if (!writer.wait(2000)) {
        // Blocked writing to a reader that stopped reading but did not close: leave without it.
        err() << "actionnode listen: standard output is not being read; leaving events unwritten\n";
        err().flush();
        ::_exit(result == 0 ? Success : Failure);
    }
    return result == 0 ? Success : Failure;
}
