#include <actionnode/errorcodes.h>
#include <actionnode/providerwebhooks.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/runtime.h>
#include <actionnode/store.h>
#include <actionnode/triggerhub.h>

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <map>

// Provider webhooks registered, updated, repaired or deleted for subscriptions (README.md lists every category).
Q_LOGGING_CATEGORY(lcProviderWebhooks, "actionnode.webhooks", QtInfoMsg)

namespace ActionNode {

namespace {

constexpr int maxRetryDelayMs = 3600 * 1000;
const QString endpointPrefix = QStringLiteral("mwh_");
// Daily's longer retry schedule: a host restarting meanwhile still gets the event.
const QString retryType = QStringLiteral("exponential");

QString randomHex(int bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(random.begin(), random.end());
    return QString::fromLatin1(random.toHex());
}

QByteArray newSecret()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    return key.toBase64();
}

bool isNotFound(const ActionResult &result)
{
    return !result.errors.isEmpty() && result.errors.first().code == ErrorCodes::name(ErrorCode::NotFound);
}

// The first error's message: the provider's answer, never a secret.
QString reasonOf(const ActionResult &result)
{
    return result.errors.isEmpty() ? ActionResult::statusName(result.status) : result.errors.first().message;
}

QStringList sortedTypes(const QJsonArray &types)
{
    QStringList list;
    for (const QJsonValue &type : types)
        list.append(type.toString());
    list.sort();
    return list;
}

} // namespace

class ProviderWebhooks::Private
{
public:
    //! One account's webhook: its calls run one at a time.
    struct Account
    {
        QString provider;
        QString owner;
        InvokeOptions caller; // the connection and licence of the last change
        bool running = false;
        bool again = false;             // a change came while running
        bool checkWithProvider = false; // list the provider's webhooks first (the host's account at start)
        bool repair = false;            // update even when nothing differs: the provider marked it FAILED
        int failures = 0;
        QTimer retry;
    };

    Private(ProviderWebhooks *q, Runtime *runtime, TriggerHub *hub, Store *store, const QUrl &publicUrl)
        : q(q), runtime(runtime), hub(hub), store(store), publicUrl(publicUrl)
    {}

    static QString keyOf(const QString &provider, const QString &owner) { return provider + QLatin1Char('\n') + owner; }
    QString endpointsBase(const QString &provider) const;
    QString urlOf(const ManagedWebhook &webhook) const { return endpointsBase(webhook.provider) + webhook.endpoint; }
    Account &account(const QString &provider, const QString &owner, const InvokeOptions &caller);
    void run(Account *account);
    void checkWithProvider(Account *account);
    void apply(Account *account);
    void create(Account *account, ManagedWebhook webhook, const QStringList &types);
    void update(Account *account, ManagedWebhook webhook, const QStringList &types);
    void remove(Account *account, const ManagedWebhook &webhook);
    void finish(Account *account, bool succeeded, const QString &problem = {});
    //! The event types the account's kept subscriptions need, sorted; nullopt when the store fails.
    std::optional<QStringList> neededTypes(const Account &account, QString *errorString) const;
    bool keep(const ManagedWebhook &webhook, QString *errorString);
    bool forget(const ManagedWebhook &webhook, QString *errorString);
    QFuture<ActionResult> call(const Account &account, const QString &action, const QJsonObject &inputs) const;

    ProviderWebhooks *q;
    Runtime *runtime;
    TriggerHub *hub;
    Store *store;
    QUrl publicUrl;
    std::map<QString, ManagedWebhook> kept; // by keyOf(): the store's, read once
    std::map<QString, Account> accounts;    // by keyOf()
};

QString ProviderWebhooks::Private::endpointsBase(const QString &provider) const
{
    return publicUrl.toString(QUrl::StripTrailingSlash) + QStringLiteral("/v1/webhooks/") + provider + QLatin1Char('/');
}

ProviderWebhooks::Private::Account &ProviderWebhooks::Private::account(const QString &provider, const QString &owner,
                                                                       const InvokeOptions &caller)
{
    const QString key = keyOf(provider, owner);
    auto found = accounts.find(key);
    if (found == accounts.end()) {
        found = accounts.try_emplace(key).first;
        Account *added = &found->second;
        added->provider = provider;
        added->owner = owner;
        added->retry.setSingleShot(true);
        QObject::connect(&added->retry, &QTimer::timeout, q, [this, added] { run(added); });
    }
    found->second.caller = caller;
    return found->second;
}

std::optional<QStringList> ProviderWebhooks::Private::neededTypes(const Account &account, QString *errorString) const
{
    const std::optional<QList<StoredSubscription>> all = store->subscriptions(errorString);
    if (!all)
        return std::nullopt;
    QSet<QString> types;
    for (const StoredSubscription &subscription : *all) {
        const TriggerSpec trigger = hub->trigger(subscription.trigger);
        if (subscription.owner == account.owner && !trigger.hasError() && trigger.provider() == account.provider) {
            for (const QString &type : trigger.eventTypes())
                types.insert(type);
        }
    }
    QStringList sorted(types.cbegin(), types.cend());
    sorted.sort();
    return sorted;
}

bool ProviderWebhooks::Private::keep(const ManagedWebhook &webhook, QString *errorString)
{
    if (!store->putManagedWebhook(webhook, errorString))
        return false;
    kept[keyOf(webhook.provider, webhook.owner)] = webhook;
    return hub->setEndpointSecret(webhook.provider, webhook.endpoint, webhook.secret, webhook.owner, errorString);
}

bool ProviderWebhooks::Private::forget(const ManagedWebhook &webhook, QString *errorString)
{
    if (!store->removeManagedWebhook(webhook.provider, webhook.owner, errorString))
        return false;
    kept.erase(keyOf(webhook.provider, webhook.owner));
    hub->removeEndpoint(webhook.provider, webhook.endpoint);
    return true;
}

QFuture<ActionResult> ProviderWebhooks::Private::call(const Account &account, const QString &action,
                                                      const QJsonObject &inputs) const
{
    return runtime->invoke(account.provider + QLatin1Char('.') + action, inputs, account.caller);
}

void ProviderWebhooks::Private::run(Account *account)
{
    if (account->running) {
        account->again = true;
        return;
    }
    account->running = true;
    account->again = false;
    account->retry.stop();
    if (account->checkWithProvider)
        checkWithProvider(account);
    else
        apply(account);
}

// The provider's own list: is the kept webhook still there, active and as kept; any stray of ours?
void ProviderWebhooks::Private::checkWithProvider(Account *account)
{
    call(*account, QStringLiteral("list_webhooks"), {}).then(q, [this, account](const ActionResult &result) {
        if (!result.isSuccess()) {
            finish(account, false, QStringLiteral("listing the webhooks failed: ") + reasonOf(result));
            return;
        }
        account->checkWithProvider = false;
        const auto found = kept.find(keyOf(account->provider, account->owner));
        std::optional<ManagedWebhook> mine;
        if (found != kept.end())
            mine = found->second;
        bool listed = false;
        const QString ours = endpointsBase(account->provider) + endpointPrefix;
        for (const QJsonValue &value : result.outputs.value(QStringLiteral("webhooks")).toArray()) {
            const QJsonObject webhook = value.toObject();
            const QString uuid = webhook.value(QLatin1String("uuid")).toString();
            if (mine && uuid == mine->webhookId) {
                listed = true;
                if (webhook.value(QLatin1String("state")).toString() == QLatin1String("FAILED")) {
                    qCWarning(lcProviderWebhooks).noquote()
                        << account->provider << "marked webhook" << uuid << "FAILED; it is updated to re-activate it";
                    account->repair = true;
                }
                mine->eventTypes = sortedTypes(webhook.value(QLatin1String("eventTypes")).toArray());
                mine->url = webhook.value(QLatin1String("url")).toString();
            } else if (webhook.value(QLatin1String("url")).toString().startsWith(ours)) {
                // An endpoint of this host that the store does not know: nobody verifies its deliveries.
                qCInfo(lcProviderWebhooks).noquote() << "deleting" << account->provider << "webhook" << uuid
                                                     << "of an endpoint this host no longer keeps";
                call(*account, QStringLiteral("delete_webhook"), {{QStringLiteral("uuid"), uuid}});
            }
        }
        if (mine && !listed) {
            qCWarning(lcProviderWebhooks).noquote()
                << account->provider << "no longer has webhook" << mine->webhookId << "; it is registered again";
            mine->webhookId.clear();
        }
        QString error;
        if (mine && !keep(*mine, &error)) {
            finish(account, false, error);
            return;
        }
        apply(account);
    });
}

void ProviderWebhooks::Private::apply(Account *account)
{
    QString error;
    const std::optional<QStringList> types = neededTypes(*account, &error);
    if (!types) {
        finish(account, false, error);
        return;
    }
    const auto found = kept.find(keyOf(account->provider, account->owner));
    if (types->isEmpty()) {
        if (found == kept.end())
            finish(account, true);
        else if (found->second.webhookId.isEmpty())
            finish(account, forget(found->second, &error), error);
        else
            remove(account, found->second);
        return;
    }
    if (found == kept.end()) {
        ManagedWebhook webhook;
        webhook.provider = account->provider;
        webhook.owner = account->owner;
        webhook.endpoint = endpointPrefix + randomHex(12);
        webhook.secret = newSecret();
        // The endpoint answers the provider's check before the webhook exists.
        if (!keep(webhook, &error)) {
            finish(account, false, error);
            return;
        }
        create(account, webhook, *types);
        return;
    }
    const ManagedWebhook &webhook = found->second;
    if (webhook.webhookId.isEmpty())
        create(account, webhook, *types);
    else if (account->repair || webhook.eventTypes != *types || webhook.url != urlOf(webhook))
        update(account, webhook, *types);
    else
        finish(account, true);
}

void ProviderWebhooks::Private::create(Account *account, ManagedWebhook webhook, const QStringList &types)
{
    const QJsonObject inputs{{QStringLiteral("url"), urlOf(webhook)},
                             {QStringLiteral("event_types"), QJsonArray::fromStringList(types)},
                             {QStringLiteral("hmac"), QString::fromLatin1(webhook.secret)},
                             {QStringLiteral("retry_type"), retryType}};
    call(*account, QStringLiteral("create_webhook"), inputs)
        .then(q, [this, account, webhook, types](const ActionResult &result) mutable {
            if (!result.isSuccess()) {
                finish(account, false, QStringLiteral("registering the webhook failed: ") + reasonOf(result));
                return;
            }
            webhook.webhookId = result.outputs.value(QStringLiteral("uuid")).toString();
            webhook.url = urlOf(webhook);
            webhook.eventTypes = types;
            QString error;
            const bool kept = keep(webhook, &error);
            if (kept)
                qCInfo(lcProviderWebhooks).noquote() << "registered" << webhook.provider << "webhook"
                                                     << webhook.webhookId << "for" << types.join(QStringLiteral(", "));
            finish(account, kept, error);
        });
}

void ProviderWebhooks::Private::update(Account *account, ManagedWebhook webhook, const QStringList &types)
{
    const QJsonObject inputs{{QStringLiteral("uuid"), webhook.webhookId},
                             {QStringLiteral("url"), urlOf(webhook)},
                             {QStringLiteral("event_types"), QJsonArray::fromStringList(types)},
                             {QStringLiteral("hmac"), QString::fromLatin1(webhook.secret)},
                             {QStringLiteral("retry_type"), retryType}};
    call(*account, QStringLiteral("update_webhook"), inputs)
        .then(q, [this, account, webhook, types](const ActionResult &result) mutable {
            QString error;
            if (isNotFound(result)) {
                // Deleted at the provider meanwhile: registered again.
                webhook.webhookId.clear();
                if (!keep(webhook, &error)) {
                    finish(account, false, error);
                    return;
                }
                create(account, webhook, types);
                return;
            }
            if (!result.isSuccess()) {
                finish(account, false, QStringLiteral("updating the webhook failed: ") + reasonOf(result));
                return;
            }
            webhook.url = urlOf(webhook);
            webhook.eventTypes = types;
            account->repair = false;
            const bool kept = keep(webhook, &error);
            if (kept)
                qCInfo(lcProviderWebhooks).noquote() << "updated" << webhook.provider << "webhook" << webhook.webhookId
                                                     << "for" << types.join(QStringLiteral(", "));
            finish(account, kept, error);
        });
}

void ProviderWebhooks::Private::remove(Account *account, const ManagedWebhook &webhook)
{
    call(*account, QStringLiteral("delete_webhook"), {{QStringLiteral("uuid"), webhook.webhookId}})
        .then(q, [this, account, webhook](const ActionResult &result) {
            if (!result.isSuccess() && !isNotFound(result)) {
                finish(account, false, QStringLiteral("deleting the webhook failed: ") + reasonOf(result));
                return;
            }
            QString error;
            const bool forgotten = forget(webhook, &error);
            if (forgotten)
                qCInfo(lcProviderWebhooks).noquote()
                    << "deleted" << webhook.provider << "webhook" << webhook.webhookId << ": no subscription needs it";
            finish(account, forgotten, error);
        });
}

void ProviderWebhooks::Private::finish(Account *account, bool succeeded, const QString &problem)
{
    account->running = false;
    if (succeeded) {
        account->failures = 0;
    } else {
        ++account->failures;
        const int delay = int(qMin<qint64>(qint64(retryDelayMs) << qMin(account->failures - 1, 20), maxRetryDelayMs));
        qCWarning(lcProviderWebhooks).noquote()
            << "the" << account->provider << "webhook of"
            << (account->owner.isEmpty() ? QStringLiteral("the host's account") : QStringLiteral("an account"))
            << "is not in step:" << problem << "; tried again in" << delay << "ms";
        account->retry.start(delay);
    }
    if (account->again)
        run(account);
}

ProviderWebhooks::ProviderWebhooks(Runtime *runtime, TriggerHub *hub, Store *store, PushSubscriptions *subscriptions,
                                   const QUrl &publicUrl, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, runtime, hub, store, publicUrl))
{
    connect(subscriptions, &PushSubscriptions::subscriptionsChanged, this, &ProviderWebhooks::reconcile);
}

ProviderWebhooks::~ProviderWebhooks() = default;

bool ProviderWebhooks::start(QString *errorString)
{
    const std::optional<QList<ManagedWebhook>> webhooks = d->store->managedWebhooks(errorString);
    if (!webhooks)
        return false;
    QSet<QString> providers;
    for (const ManagedWebhook &webhook : *webhooks) {
        d->kept[Private::keyOf(webhook.provider, webhook.owner)] = webhook;
        if (!d->hub->setEndpointSecret(webhook.provider, webhook.endpoint, webhook.secret, webhook.owner, errorString))
            return false;
    }
    // The host's own account, for every provider that declares webhook actions.
    for (const QString &actionId : d->runtime->knownActionIds()) {
        if (actionId.endsWith(QLatin1String(".list_webhooks")))
            providers.insert(actionId.section(QLatin1Char('.'), 0, 0));
    }
    for (const QString &provider : std::as_const(providers)) {
        Private::Account &account = d->account(provider, {}, {});
        // A host that never had a webhook here and has no subscription needs no call.
        const std::optional<QStringList> needed = d->neededTypes(account, errorString);
        if (!needed)
            return false;
        if (needed->isEmpty() && d->kept.count(Private::keyOf(provider, {})) == 0)
            continue;
        account.checkWithProvider = true;
        d->run(&account);
    }
    return true;
}

void ProviderWebhooks::reconcile(const QString &provider, const InvokeOptions &caller)
{
    d->run(&d->account(provider, caller.ownerFor(provider), caller));
}

} // namespace ActionNode
