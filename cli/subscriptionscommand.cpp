#include "subscriptionscommand.h"
#include "inputparser.h"

#include <actionnode/pushsubscriptions.h>
#include <actionnode/subscriptionapi.h>

using namespace ActionNode;

namespace {

const QString usage = QStringLiteral(
    "use 'actionnode subscriptions create TRIGGER [filter=value...] [--target-url URL]', 'list TRIGGER', or "
    "'delete', 'rotate-secret', 'deliveries', 'redeliver' with a SUBSCRIPTION id");

// Each operation and whether it takes a trigger (else a subscription id) and further arguments.
struct Operation
{
    QLatin1StringView name;
    bool takesTrigger;
    bool takesFilters;
};
constexpr Operation operations[] = {
    {QLatin1StringView("create"), true, true},       {QLatin1StringView("list"), true, false},
    {QLatin1StringView("delete"), false, false},     {QLatin1StringView("rotate-secret"), false, false},
    {QLatin1StringView("deliveries"), false, false}, {QLatin1StringView("redeliver"), false, false},
};

const Operation *operationNamed(const QString &name)
{
    for (const Operation &operation : operations) {
        if (name == operation.name)
            return &operation;
    }
    return nullptr;
}

} // namespace

void SubscriptionsCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_targetUrl, m_limit, m_afterLogId});
    m_storeOptions.addTo(parser);
    m_pushOptions.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("operation"),
                                 QStringLiteral("create, list, delete, rotate-secret, deliveries or redeliver."));
    parser.addPositionalArgument(QStringLiteral("id"),
                                 QStringLiteral("The trigger (create, list) or the subscription (the others)."));
    parser.addPositionalArgument(QStringLiteral("filters"), QStringLiteral("create: filter=value..."),
                                 QStringLiteral("[filter=value...]"));
}

int SubscriptionsCommand::checkArguments(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    const Operation *operation = positional.isEmpty() ? nullptr : operationNamed(positional.first());
    if (!operation || positional.size() < 2 || (!operation->takesFilters && positional.size() > 2))
        return fail(usage, UsageError);
    bool ok = true;
    m_pageSize = parser.value(m_limit).toInt(&ok);
    if (!ok || m_pageSize < 1 || m_pageSize > SubscriptionApi::maxPageSize)
        return fail(QStringLiteral("--limit must be from 1 to %1").arg(SubscriptionApi::maxPageSize), UsageError);
    if (parser.isSet(m_afterLogId)) {
        m_afterLog = parser.value(m_afterLogId).toLongLong(&ok);
        if (!ok || *m_afterLog < 0)
            return fail(QStringLiteral("--after-log-id must be a log id, 0 or more"), UsageError);
    }
    QString error;
    if (!m_storeOptions.read(parser, &error) || !m_pushOptions.read(parser, &error))
        return fail(error, UsageError);
    return Success;
}

void SubscriptionsCommand::configure(SessionOptions *options) const
{
    m_storeOptions.configure(options);
}

int SubscriptionsCommand::execute(const Context &context)
{
    QString error;
    // Manages only: the host serving the same store delivers, and takes up the changes.
    PushSubscriptions subscriptions(context.session.triggerHub(), context.session.store(), m_pushOptions.options());
    if (!subscriptions.start(&error))
        return fail(error);
    const QString operation = context.arguments.at(0);
    const QString id = context.arguments.at(1);
    if (operation == QLatin1String("create"))
        return report(create(&subscriptions, context));
    if (operation == QLatin1String("list"))
        return report(subscriptions.list(id));
    if (operation == QLatin1String("delete"))
        return report(subscriptions.remove({}, id));
    if (operation == QLatin1String("rotate-secret"))
        return report(subscriptions.rotateSecret({}, id));
    if (operation == QLatin1String("deliveries"))
        return report(subscriptions.deliveries({}, id, m_pageSize));
    return report(subscriptions.redeliver({}, id, m_afterLog));
}

ActionResult SubscriptionsCommand::create(PushSubscriptions *subscriptions, const Context &context)
{
    const QString triggerId = context.arguments.at(1);
    const TriggerSpec trigger = context.session.runtime()->trigger(triggerId);
    QJsonObject filters;
    ActionErrors errors;
    QString usageError;
    if (!trigger.hasError()
        && !InputParser::parse(trigger.filters(), context.arguments.mid(2), &filters, &errors, &usageError))
        errors.append({ErrorCodes::name(ErrorCode::InvalidInput), {}, {}, usageError});
    if (!errors.isEmpty())
        return ActionResult::failure(ActionResult::Status::InvalidInput, errors);
    return subscriptions->create(triggerId, filters, context.parser.value(m_targetUrl));
}
