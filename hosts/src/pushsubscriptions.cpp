#include <actionnode/connection.h>
#include <actionnode/errorcodes.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/store.h>
#include <actionnode/triggerhub.h>
#include <actionnode/triggersubscription.h>

#include "targetpolicy.h"
#include "webhookpost.h"
#include "webhooksigner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

#include <map>
#include <set>

Q_LOGGING_CATEGORY(lcPush, "actionnode.push", QtInfoMsg)

namespace ActionNode {

namespace {

using Status = ActionResult::Status;

constexpr int maxTargetUrlLength = 2048;

ActionResult failure(Status status, ErrorCode code, const QString &message, const QString &field = {})
{
    return ActionResult::failure(status, {{ErrorCodes::name(code), field, {}, message}});
}

ActionResult notFound(const QString &triggerId, const QString &id)
{
    return failure(Status::ConfigurationError, ErrorCode::NotFound,
                   triggerId.isEmpty()
                       ? QStringLiteral("no subscription \"%1\"").arg(id.left(64))
                       : QStringLiteral("trigger %1 has no subscription \"%2\"").arg(triggerId.left(64), id.left(64)));
}

// The store's reason names a file: it goes to the log, the caller gets a sentence.
ActionResult storeFailure(const QString &reason)
{
    qCWarning(lcPush).noquote() << reason;
    return failure(Status::ConfigurationError, ErrorCode::StoreUnavailable,
                   QStringLiteral("the subscriptions cannot be kept: the store failed"));
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString newSubscriptionId()
{
    quint32 words[3];
    QRandomGenerator::system()->fillRange(words);
    return QStringLiteral("sub_")
           + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

} // namespace

class PushSubscriptions::Private
{
public:
    struct Entry
    {
        StoredSubscription record;
        //! The hub's live subscription: it validates the filters, selects logged events and wakes us.
        std::unique_ptr<TriggerSubscription> live;
        bool inFlight = false;
    };

    Private(PushSubscriptions *q, TriggerHub *hub, Store *store, const PushOptions &options)
        : q(q),
          hub(hub),
          store(store),
          options(options),
          policy({options.allowLoopbackTargets, options.allowPrivateTargets},
                 options.resolver ? TargetPolicy::Resolver(options.resolver) : TargetPolicy::systemResolver())
    {
        wake.setSingleShot(true);
    }

    //! The entry \a id of \a triggerId (empty: any) that \a caller's account owns, or null.
    Entry *find(const QString &triggerId, const QString &id, const InvokeOptions &caller);
    //! The account \a caller subscribes to \a triggerId with (InvokeOptions::ownerFor()).
    QString ownerOf(const QString &triggerId, const InvokeOptions &caller) const;
    //! Adds \a record's entry, subscribed to the hub; false with \a errors when the hub refuses it (then not
    //! delivered).
    bool track(const StoredSubscription &record, const InvokeOptions &options, ActionErrors *errors);
    //! Writes \a record's delivery state, the part of it this object changes as it delivers.
    bool saveDeliveryState(const StoredSubscription &record);
    //! Takes up the subscriptions other processes made, changed or removed in the store.
    void followStore();
    void disable(Entry *entry, const QString &reason);
    //! Starts every due delivery and sets the timer for the next one.
    void pump();
    void deliverNext(Entry *entry);
    void finishAttempt(const QString &id, const DeliveryAttempt &started, const WebhookPost::Result &result);
    qint64 retryDelay(int failedAttempts, qint64 retryAfterSeconds) const;

    PushSubscriptions *q;
    TriggerHub *hub;
    Store *store;
    PushOptions options;
    TargetPolicy policy;
    std::map<QString, Entry> entries;
    QTimer wake;
    QTimer follower;
    bool followFailing = false; // said once per outage in the log
    bool pumpQueued = false;
};

PushSubscriptions::Private::Entry *PushSubscriptions::Private::find(const QString &triggerId, const QString &id,
                                                                    const InvokeOptions &caller)
{
    const auto it = entries.find(id);
    if (it == entries.end() || (!triggerId.isEmpty() && it->second.record.trigger != triggerId)
        || it->second.record.owner != ownerOf(it->second.record.trigger, caller))
        return nullptr;
    return &it->second;
}

QString PushSubscriptions::Private::ownerOf(const QString &triggerId, const InvokeOptions &caller) const
{
    return caller.ownerFor(hub->trigger(triggerId).provider());
}

bool PushSubscriptions::Private::track(const StoredSubscription &record, const InvokeOptions &callOptions,
                                       ActionErrors *errors)
{
    // The queue only wakes us; the events themselves are read from the log.
    std::unique_ptr<TriggerSubscription> live = hub->subscribe(record.trigger, record.filters, errors, 1, callOptions);
    if (!live) {
        entries[record.id] = Entry{record, nullptr, false};
        return false;
    }
    live->setOwner(record.owner); // a restored record comes without its connection
    QObject::connect(live.get(), &TriggerSubscription::eventsAvailable, q, [this, raw = live.get()] {
        raw->takeEvents();
        if (!pumpQueued) {
            pumpQueued = true;
            QMetaObject::invokeMethod(
                q, [this] { pump(); }, Qt::QueuedConnection);
        }
    });
    entries[record.id] = Entry{record, std::move(live), false};
    return true;
}

bool PushSubscriptions::Private::saveDeliveryState(const StoredSubscription &record)
{
    QString error;
    if (store->updateSubscription(record, Store::SubscriptionPart::DeliveryState, &error))
        return true;
    qCWarning(lcPush).noquote() << "subscription" << record.id << "could not be saved:" << error;
    return false;
}

void PushSubscriptions::Private::disable(Entry *entry, const QString &reason)
{
    entry->record.enabled = false;
    entry->record.disabledReason = reason;
    entry->record.nextAttemptAt = 0;
    saveDeliveryState(entry->record);
    qCWarning(lcPush).noquote() << "subscription" << entry->record.id << "of" << entry->record.trigger
                                << "is disabled:" << reason;
    Q_EMIT q->subscriptionDisabled(entry->record.id, reason);
}

void PushSubscriptions::Private::followStore()
{
    QString error;
    const std::optional<QList<StoredSubscription>> kept = store->subscriptions(&error);
    if (!kept) {
        if (!followFailing)
            qCWarning(lcPush).noquote() << "the subscriptions cannot be read again:" << error;
        followFailing = true;
        return;
    }
    followFailing = false;
    std::set<QString> keptIds;
    // Providers whose webhook the host's own account may now need to change (another process's
    // subscriptions of other accounts are taken up at that account's next call, whose key the host lacks).
    std::set<QString> hostAccountChanges;
    const auto noteChange = [&](const StoredSubscription &record) {
        if (record.owner.isEmpty())
            hostAccountChanges.insert(hub->trigger(record.trigger).provider());
    };
    for (const StoredSubscription &record : *kept) {
        keptIds.insert(record.id);
        const auto it = entries.find(record.id);
        if (it == entries.end()) {
            noteChange(record);
            ActionErrors errors;
            if (track(record, {}, &errors))
                qCInfo(lcPush).noquote() << "subscription" << record.id << "of" << record.trigger
                                         << "was made by another process";
            else
                qCWarning(lcPush).noquote() << "subscription" << record.id << "of" << record.trigger
                                            << "cannot be delivered:" << errors.value(0).message;
        } else if (it->second.record != record) {
            // Changed elsewhere (a new secret, a redeliver); an attempt in flight still finishes.
            it->second.record = record;
        }
    }
    for (auto it = entries.begin(); it != entries.end();) {
        if (keptIds.count(it->first) == 0) {
            qCInfo(lcPush).noquote() << "subscription" << it->first << "was removed by another process";
            noteChange(it->second.record);
            it = entries.erase(it);
        } else {
            ++it;
        }
    }
    for (const QString &provider : hostAccountChanges)
        Q_EMIT q->subscriptionsChanged(provider, InvokeOptions());
    pump();
}

void PushSubscriptions::Private::pump()
{
    pumpQueued = false;
    if (!options.delivers)
        return;
    const qint64 now = nowMs();
    qint64 nextDue = std::numeric_limits<qint64>::max();
    for (auto &[id, entry] : entries) {
        if (!entry.live || !entry.record.enabled || entry.record.targetUrl.isEmpty() || entry.inFlight)
            continue;
        if (entry.record.nextAttemptAt <= now)
            deliverNext(&entry);
        if (!entry.inFlight && entry.record.nextAttemptAt > now)
            nextDue = std::min(nextDue, entry.record.nextAttemptAt);
    }
    if (nextDue != std::numeric_limits<qint64>::max())
        wake.start(int(std::clamp<qint64>(nextDue - now, 0, std::numeric_limits<int>::max())));
}

void PushSubscriptions::Private::deliverNext(Entry *entry)
{
    StoredSubscription &record = entry->record;
    for (;;) {
        qint64 scanned = record.cursor;
        QString error;
        const std::optional<QList<QJsonObject>> events = hub->missedEvents(*entry->live, record.cursor, 256, &scanned,
                                                                           &error);
        if (!events) {
            qCWarning(lcPush).noquote() << "subscription" << record.id << "cannot read the event log:" << error;
            record.nextAttemptAt = nowMs() + 1000;
            return;
        }
        if (events->isEmpty()) {
            if (scanned == record.cursor)
                return; // delivered through the newest event
            // Only events the filters refused: nothing to send for them.
            record.cursor = scanned;
            saveDeliveryState(record);
            continue;
        }
        const QJsonObject event = events->first();
        DeliveryAttempt attempt;
        attempt.subscription = record.id;
        attempt.logId = event.value(QLatin1String("log_id")).toInteger();
        attempt.webhookId = QStringLiteral("msg_%1_%2").arg(record.id.mid(4)).arg(attempt.logId);
        attempt.attempt = record.failedAttempts + 1;
        attempt.attemptedAt = nowMs();
        const qint64 timestamp = attempt.attemptedAt / 1000;
        QList<QString> secrets{record.secret};
        if (!record.previousSecret.isEmpty() && record.previousSecretUntil > timestamp)
            secrets.append(record.previousSecret);
        WebhookPost::Request request;
        request.url = QUrl(record.targetUrl);
        request.body = QJsonDocument(event).toJson(QJsonDocument::Compact);
        request.headers = {{"Content-Type", "application/json"},
                           {"webhook-id", attempt.webhookId.toLatin1()},
                           {"webhook-timestamp", QByteArray::number(timestamp)},
                           {"webhook-signature", WebhookSigner::signatureHeader(secrets, attempt.webhookId.toLatin1(),
                                                                                timestamp, request.body)}};
        request.connectTimeoutMs = options.connectTimeoutMs;
        request.responseTimeoutMs = options.responseTimeoutMs;
        entry->inFlight = true;
        const QString id = record.id;
        policy.check(request.url, q, [this, id, attempt, request](const TargetPolicy::Checked &checked) mutable {
            if (!checked.error.isEmpty()) {
                finishAttempt(id, attempt, {0, -1, QStringLiteral("the target is refused: ") + checked.error, 0});
                return;
            }
            request.address = checked.address;
            WebhookPost *post = WebhookPost::start(request, q);
            QObject::connect(post, &WebhookPost::finished, q, [this, id, attempt](const WebhookPost::Result &result) {
                finishAttempt(id, attempt, result);
            });
        });
        return;
    }
}

qint64 PushSubscriptions::Private::retryDelay(int failedAttempts, qint64 retryAfterSeconds) const
{
    const qint64 scheduled = options.retryDelaysMs.at(failedAttempts - 1);
    const double factor = 1.0 + options.jitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    qint64 delay = qint64(double(scheduled) * factor);
    if (retryAfterSeconds >= 0)
        delay = std::max(delay, std::min(retryAfterSeconds * 1000, options.maxRetryAfterMs));
    return delay;
}

void PushSubscriptions::Private::finishAttempt(const QString &id, const DeliveryAttempt &started,
                                               const WebhookPost::Result &result)
{
    const auto it = entries.find(id);
    if (it == entries.end())
        return; // removed while in flight
    Entry &entry = it->second;
    entry.inFlight = false;
    DeliveryAttempt attempt = started;
    attempt.status = result.status;
    attempt.latencyMs = result.latencyMs;
    const bool succeeded = result.status >= 200 && result.status < 300;
    attempt.error = result.status == 0 ? result.error
                    : succeeded        ? QString()
                                       : QStringLiteral("the target answered %1").arg(result.status);
    QString error;
    if (!store->appendDelivery(attempt, &error))
        qCWarning(lcPush).noquote() << "a delivery attempt of" << id << "was not logged:" << error;
    StoredSubscription &record = entry.record;
    if (succeeded) {
        record.cursor = attempt.logId;
        record.failedAttempts = 0;
        record.nextAttemptAt = 0;
        saveDeliveryState(record);
    } else if (result.status == 410) {
        disable(&entry, QStringLiteral("the target answered 410 Gone"));
    } else if (++record.failedAttempts > options.retryDelaysMs.size()) {
        disable(&entry, QStringLiteral("%1 attempts to deliver event %2 failed, the last: %3")
                            .arg(record.failedAttempts)
                            .arg(attempt.logId)
                            .arg(attempt.error));
    } else {
        record.nextAttemptAt = nowMs() + retryDelay(record.failedAttempts, result.retryAfterSeconds);
        saveDeliveryState(record);
    }
    pump();
}

PushSubscriptions::PushSubscriptions(TriggerHub *hub, Store *store, const PushOptions &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, hub, store, options))
{
    connect(&d->wake, &QTimer::timeout, this, [this] { d->pump(); });
    d->follower.setInterval(options.followIntervalMs);
    connect(&d->follower, &QTimer::timeout, this, [this] { d->followStore(); });
}

PushSubscriptions::~PushSubscriptions() = default;

bool PushSubscriptions::start(QString *errorString)
{
    const std::optional<QList<StoredSubscription>> kept = d->store->subscriptions(errorString);
    if (!kept)
        return false;
    for (const StoredSubscription &record : *kept) {
        ActionErrors errors;
        if (!d->track(record, {}, &errors)) {
            // Kept, listed and removable, but nothing to deliver until the declarations have the trigger again.
            qCWarning(lcPush).noquote() << "subscription" << record.id << "of" << record.trigger
                                        << "cannot be delivered:" << errors.value(0).message;
        }
    }
    if (d->options.delivers) {
        d->follower.start();
        d->pump();
    }
    return true;
}

ActionResult PushSubscriptions::create(const QString &triggerId, const QJsonObject &filters, const QString &targetUrl,
                                       const InvokeOptions &options)
{
    if (targetUrl.size() > maxTargetUrlLength)
        return failure(Status::InvalidInput, ErrorCode::InvalidInput,
                       QStringLiteral("target_url must be at most %1 characters").arg(maxTargetUrlLength),
                       QStringLiteral("target_url"));
    if (!targetUrl.isEmpty()) {
        const QString problem = d->policy.problemWithUrl(QUrl(targetUrl, QUrl::StrictMode));
        if (!problem.isEmpty())
            return failure(Status::InvalidInput, ErrorCode::InvalidInput, problem, QStringLiteral("target_url"));
    }
    if (qsizetype(d->entries.size()) >= d->options.maxSubscriptions)
        return failure(Status::InvalidInput, ErrorCode::TooManyStreams,
                       QStringLiteral("%1 subscriptions are kept already").arg(d->options.maxSubscriptions));
    StoredSubscription record;
    record.id = newSubscriptionId();
    record.trigger = triggerId;
    record.filters = filters;
    record.targetUrl = targetUrl;
    record.secret = WebhookSigner::generateSecret();
    record.createdAt = nowMs() / 1000;
    record.owner = d->ownerOf(triggerId, options);
    if (record.secret.isEmpty())
        return failure(Status::ConfigurationError, ErrorCode::NotConfigured,
                       QStringLiteral("no secret could be generated: the random generator failed"));
    ActionErrors errors;
    if (!d->track(record, options, &errors)) {
        d->entries.erase(record.id);
        const std::optional<ErrorCode> code = ErrorCodes::fromName(errors.value(0).code);
        return ActionResult::failure(code ? ErrorCodes::status(*code).value_or(Status::InvalidInput)
                                          : Status::InvalidInput,
                                     errors);
    }
    QString error;
    // Events from now on: an event logged before the subscription is not its business.
    const std::optional<qint64> latest = d->store->lastLogId(&error);
    if (latest)
        d->entries[record.id].record.cursor = record.cursor = *latest;
    if (!latest || !d->store->addSubscription(record, &error)) {
        d->entries.erase(record.id);
        return storeFailure(error);
    }
    QJsonObject answer = record.toJson();
    answer.insert(QStringLiteral("secret"), record.secret);
    Q_EMIT subscriptionsChanged(d->hub->trigger(triggerId).provider(), options);
    return ActionResult::success(answer);
}

ActionResult PushSubscriptions::list(const QString &triggerId, const InvokeOptions &caller) const
{
    if (d->hub->trigger(triggerId).hasError())
        return failure(Status::ConfigurationError, ErrorCode::UnknownTrigger, d->hub->trigger(triggerId).errorString());
    const QString owner = d->ownerOf(triggerId, caller);
    QJsonArray list;
    for (const auto &[id, entry] : d->entries) {
        if (entry.record.trigger == triggerId && entry.record.owner == owner)
            list.append(entry.record.toJson());
    }
    return ActionResult::success(QJsonObject{{QStringLiteral("subscriptions"), list}});
}

ActionResult PushSubscriptions::remove(const QString &triggerId, const QString &id, const InvokeOptions &caller)
{
    if (!d->find(triggerId, id, caller))
        return notFound(triggerId, id);
    QString error;
    if (!d->store->removeSubscription(id, &error))
        return storeFailure(error);
    const QString provider = d->hub->trigger(d->entries.at(id).record.trigger).provider();
    d->entries.erase(id);
    Q_EMIT subscriptionsChanged(provider, caller);
    return ActionResult::success(QJsonObject{{QStringLiteral("subscription"), id}});
}

ActionResult PushSubscriptions::rotateSecret(const QString &triggerId, const QString &id, const InvokeOptions &caller)
{
    Private::Entry *entry = d->find(triggerId, id, caller);
    if (!entry)
        return notFound(triggerId, id);
    StoredSubscription record = entry->record;
    const QString secret = WebhookSigner::generateSecret();
    if (secret.isEmpty())
        return failure(Status::ConfigurationError, ErrorCode::NotConfigured,
                       QStringLiteral("no secret could be generated: the random generator failed"));
    record.previousSecret = record.secret;
    record.previousSecretUntil = nowMs() / 1000 + d->options.rotationOverlapSeconds;
    record.secret = secret;
    QString error;
    if (!d->store->updateSubscription(record, Store::SubscriptionPart::Secrets, &error))
        return storeFailure(error);
    entry->record.secret = record.secret;
    entry->record.previousSecret = record.previousSecret;
    entry->record.previousSecretUntil = record.previousSecretUntil;
    return ActionResult::success(
        QJsonObject{{QStringLiteral("subscription"), id},
                    {QStringLiteral("secret"), secret},
                    {QStringLiteral("previous_secret_expires_at"),
                     QDateTime::fromSecsSinceEpoch(record.previousSecretUntil, Qt::UTC).toString(Qt::ISODate)}});
}

ActionResult PushSubscriptions::deliveries(const QString &triggerId, const QString &id, int limit,
                                           const InvokeOptions &caller)
{
    if (!d->find(triggerId, id, caller))
        return notFound(triggerId, id);
    QString error;
    const std::optional<QList<DeliveryAttempt>> attempts = d->store->deliveries(id, limit, &error);
    if (!attempts)
        return storeFailure(error);
    QJsonArray list;
    for (const DeliveryAttempt &attempt : *attempts)
        list.append(attempt.toJson());
    return ActionResult::success(QJsonObject{{QStringLiteral("deliveries"), list}});
}

ActionResult PushSubscriptions::redeliver(const QString &triggerId, const QString &id, std::optional<qint64> afterLogId,
                                          const InvokeOptions &caller)
{
    Private::Entry *entry = d->find(triggerId, id, caller);
    if (!entry)
        return notFound(triggerId, id);
    if (entry->record.targetUrl.isEmpty())
        return failure(Status::InvalidInput, ErrorCode::InvalidInput,
                       QStringLiteral("subscription %1 has no target_url to deliver to").arg(id),
                       QStringLiteral("target_url"));
    StoredSubscription record = entry->record;
    if (afterLogId)
        record.cursor = *afterLogId;
    record.enabled = true;
    record.disabledReason.clear();
    record.failedAttempts = 0;
    record.nextAttemptAt = 0;
    QString error;
    if (!d->store->updateSubscription(record, Store::SubscriptionPart::DeliveryState, &error))
        return storeFailure(error);
    // An attempt in flight still finishes, and moves the cursor on when it succeeds.
    entry->record = record;
    d->pump();
    return ActionResult::success(entry->record.toJson());
}

} // namespace ActionNode
