// actionnode-emulator: serves the emulated provider APIs on 127.0.0.1 until stopped.

#include "dailyemulator.h"
#include "dailywebhooks.h"
#include "emulatorlogging.h"
#include "emulatorserver.h"
#include "signalwireemulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace ActionNode;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("actionnode-emulator"));

    constexpr const char *signalWireTokenVariable = "ACTIONNODE_EMULATOR_SIGNALWIRE_TOKEN";
    const QString keyVariable = QStringLiteral("ACTIONNODE_EMULATOR_API_KEY");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Local emulator of Daily's meeting token and SignalWire's room token "
                       "REST APIs, for offline development and tests. Listens on 127.0.0.1 only."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("TCP port; 0 picks a free one (default 0)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption keyOption(QStringLiteral("api-key"),
                                       QStringLiteral(
                                           "API key clients must send (default: $%1, else \"emulator-demo-key\"). "
                                           "Prefer the environment: command lines are visible to other users.")
                                           .arg(keyVariable),
                                       QStringLiteral("KEY"));
    const QCommandLineOption domainOption(
        QStringLiteral("domain"),
        QStringLiteral("Daily domain name (default \"%1\").").arg(DailyEmulator::defaultDomainName()),
        QStringLiteral("NAME"), DailyEmulator::defaultDomainName());
    const QCommandLineOption domainIdOption(
        QStringLiteral("domain-id"),
        QStringLiteral("Daily domain_id (default %1).").arg(DailyEmulator::defaultDomainId()), QStringLiteral("ID"),
        DailyEmulator::defaultDomainId());
    const QCommandLineOption projectOption(QStringLiteral("signalwire-project"),
                                           QStringLiteral("SignalWire project id clients must send (default %1).")
                                               .arg(SignalWireEmulator::defaultProjectId()),
                                           QStringLiteral("ID"), SignalWireEmulator::defaultProjectId());
    const QCommandLineOption tokenOption(QStringLiteral("signalwire-token"),
                                         QStringLiteral(
                                             "SignalWire API token clients must send; it also signs room tokens "
                                             "(default: $%1, else \"%2\").")
                                             .arg(QLatin1String(signalWireTokenVariable),
                                                  QLatin1String(SignalWireEmulator::defaultApiToken())),
                                         QStringLiteral("TOKEN"));
    const QCommandLineOption retryOption(QStringLiteral("webhook-retry-ms"),
                                         QStringLiteral(
                                             "First wait before a failed webhook delivery is retried (default 1000)."),
                                         QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption declarationsOption(
        QStringLiteral("declarations"),
        QStringLiteral("Read the action declarations that requests are checked against from DIR/<provider>/ "
                       "(e.g. the source tree's schemas/) instead of the copies built in."),
        QStringLiteral("DIR"));
    parser.addOptions({portOption, keyOption, domainOption, domainIdOption, projectOption, tokenOption, retryOption,
                       declarationsOption});
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535) {
        std::fprintf(stderr, "actionnode-emulator: --port must be a number from 0 to 65535, got \"%s\"\n",
                     qPrintable(parser.value(portOption)));
        return 2;
    }
    QByteArray apiKey = parser.isSet(keyOption) ? parser.value(keyOption).toUtf8() : qgetenv(qPrintable(keyVariable));
    if (!parser.isSet(keyOption) && apiKey.isEmpty())
        apiKey = "emulator-demo-key";
    if (apiKey.isEmpty()) {
        std::fprintf(stderr, "actionnode-emulator: --api-key must not be empty\n");
        return 2;
    }
    QByteArray signalWireToken = parser.isSet(tokenOption) ? parser.value(tokenOption).toUtf8()
                                                           : qgetenv(signalWireTokenVariable);
    if (!parser.isSet(tokenOption) && signalWireToken.isEmpty())
        signalWireToken = SignalWireEmulator::defaultApiToken();
    if (signalWireToken.isEmpty()) {
        std::fprintf(stderr, "actionnode-emulator: --signalwire-token must not be empty\n");
        return 2;
    }
    for (const QCommandLineOption &option : {domainOption, domainIdOption, projectOption}) {
        if (parser.value(option).isEmpty()) {
            std::fprintf(stderr, "actionnode-emulator: --%s must not be empty\n",
                         qPrintable(option.names().constFirst()));
            return 2;
        }
    }

    bool retryOk = false;
    const int retryMs = parser.value(retryOption).toInt(&retryOk);
    if (!retryOk || retryMs < 1 || retryMs > 3600000) {
        std::fprintf(stderr, "actionnode-emulator: --webhook-retry-ms must be a number from 1 to 3600000\n");
        return 2;
    }
    EmulatorServer server;
    server.declarations().setDirectory(parser.value(declarationsOption));
    if (const QStringList problems = server.declarations().problems(); !problems.isEmpty()) {
        for (const QString &problem : problems)
            std::fprintf(stderr, "actionnode-emulator: %s\n", qPrintable(problem));
        return 1;
    }
    auto *daily = new DailyEmulator(apiKey, &server);
    daily->setDomainName(parser.value(domainOption));
    daily->setDomainId(parser.value(domainIdOption));
    daily->webhooks()->setRetryDelayMs(retryMs);
    auto *signalWire = new SignalWireEmulator(parser.value(projectOption), signalWireToken, &server);
    if (!server.listen(quint16(port))) {
        std::fprintf(stderr, "actionnode-emulator: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    // Scripts and tests wait for exactly this line to learn the port.
    std::printf("listening on %s\n", qPrintable(server.url().toString()));
    std::fflush(stdout);
    qCInfo(lcEmulator).noquote() << "Daily API at" << daily->apiBaseUrl() << "for domain" << daily->domainName()
                                 << "and SignalWire API at" << signalWire->apiBaseUrl();
    return app.exec();
}
