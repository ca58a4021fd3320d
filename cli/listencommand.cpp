#include "listencommand.h"
#include "eventlinewriter.h"
#include "inputparser.h"
#include "terminationsignal.h"

#include <actionnode/errorcodes.h>
#include <actionnode/session.h>
#include <actionnode/httphost.h>
#include <actionnode/triggerhttproutes.h>
#include <actionnode/triggerhub.h>

#include <QCoreApplication>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include <unistd.h>

using namespace ActionNode;

void ListenCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_address, m_port, m_queue, m_sinceOption});
    m_webhookOptions.addTo(parser);
    m_storeOptions.addTo(parser);
    m_limitOptions.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("trigger"),
                                 QStringLiteral("Trigger id, e.g. daily.waiting_participant_joined."));
    parser.addPositionalArgument(QStringLiteral("filters"), QStringLiteral("Filters as key=value, e.g. room=standup."),
                                 QStringLiteral("[key=value...]"));
}

int ListenCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().isEmpty() || !readListenerOptions(parser))
        return fail(QStringLiteral("name a trigger (see 'actionnode list'); --port 0-65535, --queue of 1 or more, "
                                   "--address an IP address, --since a log id (0 or more)"),
                    UsageError);
    QString error;
    if (!m_webhookOptions.read(parser, &error) || !m_storeOptions.read(parser, &error)
        || !m_limitOptions.read(parser, &m_hostOptions, &error))
        return fail(error, UsageError);
    return Success;
}

void ListenCommand::configure(SessionOptions *options) const
{
    m_storeOptions.configure(options);
    options->subscriptionQueueCapacity = m_queueCapacity;
}

int ListenCommand::execute(const Context &context)
{
    const TriggerSpec &trigger = context.trigger;
    QJsonObject filters;
    ActionErrors errors;
    const int exitCode = parseFilters(trigger, context.arguments, &filters, &errors);
    if (exitCode != Success)
        return exitCode;
    // A filter that does not fit its field is an input error, as for run, whatever else is missing.
    if (!errors.isEmpty())
        return refused(errors);
    QString error;
    TriggerHub &hub = *context.session.triggerHub();
    // A polling trigger needs no webhook secret and no listener: the hub polls while we subscribe.
    if (trigger.isPolling())
        m_webhookOptions.configurePolling(&hub);
    else if (!m_webhookOptions.configure(&hub, trigger.provider(), &error))
        return fail(error);
    const ActionResult subscribed = context.session.subscribe(trigger.id(), filters);
    if (!subscribed.isSuccess())
        return refused(subscribed.errors);
    TriggerSubscription *subscription = context.session.subscription(
        subscribed.outputs.value(QStringLiteral("subscription")).toString());
    // A closed standard output must end the writer with an error, not the process with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    // What was logged since is written before any new delivery can arrive.
    if (m_since >= 0 && !writeMissedEvents(hub, *subscription))
        return Failure;

    if (trigger.isPolling()) {
        err() << "actionnode listen: polling " << trigger.poll().action << " for " << trigger.id() << "\n";
        err().flush();
        return writeEvents(subscription);
    }
    // Deliveries larger than the hub takes are refused by the host before they are read.
    m_hostOptions.maxBodyBytes = TriggerHub::maxBodyBytes;
    HttpHost host(m_hostOptions);
    TriggerHttpRoutes routes(&hub);
    routes.addTo(&host, TriggerHttpRoutes::Routes::Webhooks);
    if (!listen(&host, trigger.provider()))
        return Failure;
    return writeEvents(subscription);
}

bool ListenCommand::readListenerOptions(const QCommandLineParser &parser)
{
    bool portOk = false;
    bool queueOk = false;
    const uint port = parser.value(m_port).toUInt(&portOk);
    m_hostOptions.port = quint16(port);
    m_queueCapacity = parser.value(m_queue).toLongLong(&queueOk);
    m_hostOptions.address = QHostAddress(parser.value(m_address));
    bool sinceOk = true;
    m_since = parser.isSet(m_sinceOption) ? parser.value(m_sinceOption).toLongLong(&sinceOk) : -1;
    return portOk && port <= 65535 && queueOk && m_queueCapacity >= 1 && !m_hostOptions.address.isNull() && sinceOk
           && (m_since >= 0 || !parser.isSet(m_sinceOption));
}

int ListenCommand::parseFilters(const TriggerSpec &trigger, const QStringList &assignments, QJsonObject *filters,
                                ActionErrors *errors)
{
    QString usageError;
    if (!InputParser::parse(trigger.filters(), assignments, filters, errors, &usageError))
        return fail(usageError, UsageError);
    return Success;
}

int ListenCommand::refused(const ActionErrors &errors)
{
    const QString bundleRequired = ErrorCodes::name(ErrorCode::BundleRequired);
    const bool licenseRefused = std::all_of(errors.cbegin(), errors.cend(), [&bundleRequired](const ActionError &e) {
        return e.code == bundleRequired;
    });
    for (const ActionError &problem : errors)
        fail(problem.toString());
    return licenseRefused ? LicenseRefused : InvalidInput;
}

bool ListenCommand::listen(HttpHost *host, const QString &provider)
{
    QString error;
    if (!host->listen(&error)) {
        fail(error);
        return false;
    }
    // Scripts and tests wait for this line to learn the URL to register.
    err() << "actionnode listen: receiving " << provider << " webhooks at " << host->url().toString() << "/v1/webhooks/"
          << provider << "\n";
    err().flush();
    return true;
}

bool ListenCommand::writeMissedEvents(const TriggerHub &hub, const TriggerSubscription &subscription)
{
    constexpr int pageSize = 512;
    qint64 cursor = m_since;
    for (;;) {
        QString error;
        const qint64 before = cursor;
        const std::optional<QList<QJsonObject>> events = hub.missedEvents(subscription, cursor, pageSize, &cursor,
                                                                          &error);
        if (!events) {
            fail(error);
            return false;
        }
        for (const QJsonObject &event : *events) {
            if (!EventLineWriter::writeEvent(stdout, event)) {
                fail(QStringLiteral("standard output cannot be written"));
                return false;
            }
        }
        if (cursor == before)
            return true;
    }
}

int ListenCommand::writeEvents(TriggerSubscription *subscription)
{
    TerminationSignal stopSignals;
    EventLineWriter writer(subscription, stdout);
    QObject::connect(&stopSignals, &TerminationSignal::received, qApp, &QCoreApplication::quit);
    QObject::connect(&writer, &EventLineWriter::outputClosed, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    writer.start();
    const int result = QCoreApplication::exec();
    subscription->close();
    writer.stop();
    if (!writer.wait(2000)) {
        // Blocked writing to a reader that stopped reading but did not close: leave without it.
        fail(QStringLiteral("standard output is not being read; leaving events unwritten"));
        err().flush();
        ::_exit(result == 0 ? Success : Failure);
    }
    return result == 0 ? Success : Failure;
}
