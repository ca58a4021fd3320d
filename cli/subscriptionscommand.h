#pragma once

#include "command.h"
#include "pushtargetoptions.h"
#include "runtimeoptions.h"
#include "storeoptions.h"

#include <actionnode/subscriptionapi.h>

#include <optional>

/*!
    \c actionnode \c subscriptions: the push subscriptions of a store
    (ActionNode::PushSubscriptions), managed from the command line while
    \c serve on the same \c --store delivers them (it takes up the changes
    within a second):

    \code
    actionnode subscriptions create TRIGGER [filter=value...] --target-url URL
    actionnode subscriptions list TRIGGER
    actionnode subscriptions delete SUBSCRIPTION
    actionnode subscriptions rotate-secret SUBSCRIPTION
    actionnode subscriptions deliveries SUBSCRIPTION [--limit N]
    actionnode subscriptions redeliver SUBSCRIPTION [--after-log-id N]
    \endcode

    Each prints the operation's answer as JSON (report()); only \c create
    and \c rotate-secret print a secret. The command acts as the host's own
    account, as an HTTP request without \c X-ActionNode-Connection does.
*/
class SubscriptionsCommand : public RuntimeCommand
{
public:
    SubscriptionsCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("subscriptions"); }
    QString summary() const override
    {
        return QStringLiteral("Create, list and delete the push subscriptions of a store; rotate a secret, read the "
                              "delivery log, redeliver.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    void configure(ActionNode::SessionOptions *options) const override;
    int execute(const Context &context) override;
    //! \c create: the trigger, its key=value filters and --target-url.
    ActionNode::ActionResult create(ActionNode::PushSubscriptions *subscriptions, const Context &context);

    StoreOptions m_storeOptions;
    PushTargetOptions m_pushOptions{PushTargetOptions::Use::Manages};
    QCommandLineOption m_targetUrl{QStringLiteral("target-url"),
                                   QStringLiteral("create: where the events are POSTed (https; http on loopback with "
                                                  "--allow-loopback-targets). Without it the subscription is not "
                                                  "pushed."),
                                   QStringLiteral("url")};
    QCommandLineOption m_limit{QStringLiteral("limit"),
                               QStringLiteral("deliveries: the newest attempts shown, 1 to %1 (default %2).")
                                   .arg(ActionNode::SubscriptionApi::maxPageSize)
                                   .arg(ActionNode::SubscriptionApi::defaultPageSize),
                               QStringLiteral("n"), QString::number(ActionNode::SubscriptionApi::defaultPageSize)};
    QCommandLineOption m_afterLogId{QStringLiteral("after-log-id"),
                                    QStringLiteral("redeliver: send every event after this log id again (default: "
                                                   "from where delivery stopped)."),
                                    QStringLiteral("id")};
    int m_pageSize = 0;
    std::optional<qint64> m_afterLog;
};
