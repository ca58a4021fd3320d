#pragma once

#include "command.h"
#include "httplimitoptions.h"
#include "runtimeoptions.h"
#include "storeoptions.h"
#include "webhookoptions.h"

#include <actionnode/triggerhub.h>

#include <QHostAddress>

#include <memory>

namespace ActionNode {
class HttpHost;
} // namespace ActionNode

/*!
    \c actionnode \c listen: receives a provider's webhooks on an HttpHost of
    its own, which serves the webhook route and nothing else (it is meant to
    be reachable from the provider, so from the internet), and prints each event of one trigger that passes the filters
   as a JSON line on standard output, until SIGINT/SIGTERM or until standard output is closed. Events are logged in
   the store (StoreOptions) first; with \c --since the logged events after that log id come first.
*/
class ListenCommand : public RuntimeCommand
{
public:
    ListenCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Trigger) {}
    QString name() const override { return QStringLiteral("listen"); }
    QString summary() const override
    {
        return QStringLiteral("Print a trigger's events as JSON lines, from webhooks received.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    void configure(ActionNode::SessionOptions *options) const override;
    int execute(const Context &context) override;
    //! --address, --port, --queue and --since, checked; false when one is not valid.
    bool readListenerOptions(const QCommandLineParser &parser);
    //! The key=value \a assignments as filters of \a trigger (InputParser); a value that does not fit goes to \a
    //! errors.
    int parseFilters(const ActionNode::TriggerSpec &trigger, const QStringList &assignments, QJsonObject *filters,
                     ActionNode::ActionErrors *errors);
    //! Prints why the subscription was refused; the exit code.
    int refused(const ActionNode::ActionErrors &errors);
    //! Starts \a host and prints the URL to register; false (printed) when it cannot listen.
    bool listen(ActionNode::HttpHost *host, const QString &provider);
    //! Writes the events \a subscription would have had since --since; false (printed) on failure.
    bool writeMissedEvents(const ActionNode::TriggerHub &hub, const ActionNode::TriggerSubscription &subscription);
    //! Writes the events to standard output until a termination signal or until it is closed.
    int writeEvents(ActionNode::TriggerSubscription *subscription);

    WebhookOptions m_webhookOptions;
    StoreOptions m_storeOptions;
    HttpLimitOptions m_limitOptions;
    QCommandLineOption m_address{QStringLiteral("address"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                 QStringLiteral("ip"), QStringLiteral("127.0.0.1")};
    QCommandLineOption m_port{QStringLiteral("port"), QStringLiteral("Port; 0 picks a free one (default 0)."),
                              QStringLiteral("n"), QStringLiteral("0")};
    QCommandLineOption m_queue{QStringLiteral("queue"),
                               QStringLiteral("Events kept while standard output is not read (default %1).")
                                   .arg(ActionNode::TriggerHub::defaultQueueCapacity),
                               QStringLiteral("n"), QString::number(ActionNode::TriggerHub::defaultQueueCapacity)};
    QCommandLineOption m_sinceOption{QStringLiteral("since"),
                                     QStringLiteral(
                                         "First print the stored events after this log id (an event's log_id)."),
                                     QStringLiteral("id")};
    ActionNode::HttpHostOptions m_hostOptions;
    qsizetype m_queueCapacity = 0;
    qint64 m_since = -1; //!< -1: no --since
};
