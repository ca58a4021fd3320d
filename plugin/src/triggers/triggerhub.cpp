#include <actionnode/triggerhub.h>
#include <actionnode/errorcodes.h>
#include <actionnode/runtime.h>
#include <actionnode/store.h>

#include "logging.h"
#include "strictjson.h"
#include "triggerpoller.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

namespace ActionNode {

using namespace Internal;

namespace {

// Ids are kept in the log for deduplication: a bounded length keeps its rows bounded too.
constexpr qsizetype maxEventIdLength = 256;

TriggerHub::Receipt refusal(int status, ErrorCode code, const QString &message)
{
    return {status, ErrorCodes::name(code), message, 0};
}

// Daily checks a new webhook's endpoint with this body before creating it.
bool isEndpointCheck(const QJsonObject &body)
{
    return body.size() == 1 && body.contains(QLatin1String("test"));
}

// What makes a body an event; the first missing piece, or empty.
QString eventProblem(const QJsonObject &event)
{
    if (!event.value(QLatin1String("type")).isString() || event.value(QLatin1String("type")).toString().isEmpty())
        return QStringLiteral("/type must be a non-empty string");
    const QString id = event.value(QLatin1String("id")).toString();
    if (!event.value(QLatin1String("id")).isString() || id.isEmpty() || id.size() > maxEventIdLength)
        return QStringLiteral("/id must be a string of 1 to %1 characters").arg(maxEventIdLength);
    if (!event.value(QLatin1String("payload")).isObject())
        return QStringLiteral("/payload must be an object");
    return {};
}

// The event as \a trigger's subscribers get it.
QJsonObject firedEvent(const TriggerSpec &trigger, const QJsonObject &outputs, const StoredEvent &logged)
{
    return {{QStringLiteral("trigger"), trigger.id()},
            {QStringLiteral("log_id"), logged.logId},
            {QStringLiteral("event_id"), logged.event.value(QLatin1String("id")).toString()},
            {QStringLiteral("event_type"), logged.event.value(QLatin1String("type")).toString()},
            {QStringLiteral("received_at"),
             QDateTime::fromSecsSinceEpoch(logged.receivedAt, Qt::UTC).toString(Qt::ISODate)},
            {QStringLiteral("outputs"), outputs}};
}

} // namespace

QJsonObject TriggerHub::Receipt::toJson() const
{
    return {{QStringLiteral("status"), code},
            {QStringLiteral("message"), message},
            {QStringLiteral("subscribersReached"), subscribersReached}};
}

class TriggerHub::Private
{
public:
    explicit Private(Runtime *runtime) : runtime(runtime) {}

    /*!
        The store of setStore(), else the hub's own in memory, opened when
        first needed: most processes (describe, run) never receive an event.
    */
    Store *currentStore()
    {
        if (!storeChosen) {
            storeChosen = true;
            QString error;
            ownStore = Store::open(Store::inMemory(), &error);
            if (!ownStore)
                qCWarning(lcRuntime).noquote() << "triggers have no store:" << error;
            store = ownStore.get();
        }
        return store;
    }

    Runtime *runtime;
    QHash<QString, WebhookVerifier> verifiers;
    struct Endpoint
    {
        WebhookVerifier verifier;
        QString owner;
    };
    QHash<QString, Endpoint> endpoints; // by endpointKey()
    static QString endpointKey(const QString &provider, const QString &endpoint)
    {
        return provider + QLatin1Char('/') + endpoint;
    }
    //! Every verifier, for the settings they all share.
    template<typename Change>
    void forEachVerifier(Change change)
    {
        for (WebhookVerifier &verifier : verifiers)
            change(verifier);
        for (Endpoint &endpoint : endpoints)
            change(endpoint.verifier);
    }
    int replayWindow = WebhookVerifier::defaultReplayWindowSeconds;
    std::function<qint64()> clock;
    std::unique_ptr<Store> ownStore; // until setStore()
    Store *store = nullptr;
    bool storeChosen = false; //!< by setStore(), or the own store was opened
    QList<QPointer<TriggerSubscription>> subscriptions;
    QHash<QString, TriggerPoller *> pollers; // by trigger id, while it has subscribers
    int pollIntervalMs = 0;                  // 0: each trigger's declared interval

    // Following a shared store's log: the last log id passed on (-1: not known yet).
    QTimer follower;
    qint64 followedThrough = -1;
    bool followFailing = false; // said once per outage in the log
};

TriggerHub::TriggerHub(Runtime *runtime, QObject *parent) : QObject(parent), d(std::make_unique<Private>(runtime))
{
    d->follower.setInterval(followIntervalMs);
    connect(&d->follower, &QTimer::timeout, this, [this] { followLog(0); });
}

TriggerHub::~TriggerHub() = default;

QString TriggerHub::secretVariable(const QString &provider)
{
    return provider.toUpper() + QStringLiteral("_WEBHOOK_HMAC");
}

bool TriggerHub::setWebhookSecret(const QString &provider, const QByteArray &base64Secret, QString *errorString)
{
    WebhookVerifier verifier;
    if (!verifier.setSecret(base64Secret, errorString))
        return false;
    verifier.setReplayWindow(d->replayWindow);
    if (d->clock)
        verifier.setClock(d->clock);
    d->verifiers.insert(provider, verifier);
    return true;
}

bool TriggerHub::setEndpointSecret(const QString &provider, const QString &endpoint, const QByteArray &base64Secret,
                                   const QString &owner, QString *errorString)
{
    Private::Endpoint entry{{}, owner};
    if (!entry.verifier.setSecret(base64Secret, errorString))
        return false;
    entry.verifier.setReplayWindow(d->replayWindow);
    if (d->clock)
        entry.verifier.setClock(d->clock);
    d->endpoints.insert(Private::endpointKey(provider, endpoint), entry);
    return true;
}

void TriggerHub::removeEndpoint(const QString &provider, const QString &endpoint)
{
    d->endpoints.remove(Private::endpointKey(provider, endpoint));
}

void TriggerHub::setReplayWindow(int seconds)
{
    d->replayWindow = seconds;
    d->forEachVerifier([seconds](WebhookVerifier &verifier) { verifier.setReplayWindow(seconds); });
}

void TriggerHub::setClock(std::function<qint64()> nowSeconds)
{
    d->clock = std::move(nowSeconds);
    d->forEachVerifier([this](WebhookVerifier &verifier) { verifier.setClock(d->clock); });
}

void TriggerHub::setStore(Store *store)
{
    // Pollers keep their cursors in the store: they start again on the new one.
    const QStringList polled = d->pollers.keys();
    for (TriggerPoller *poller : std::as_const(d->pollers))
        poller->deleteLater();
    d->pollers.clear();
    d->store = store;
    d->storeChosen = true;
    d->ownStore.reset();
    for (const QString &triggerId : polled)
        updatePolling(triggerId);
    d->follower.stop();
    d->followedThrough = -1;
    if (store && store->isShared()) {
        followLog(0); // from the log's end: what other hosts received before is not new
        d->follower.start();
    }
}

Store *TriggerHub::store() const
{
    return d->currentStore();
}

void TriggerHub::setPollInterval(int milliseconds)
{
    d->pollIntervalMs = milliseconds;
    for (auto it = d->pollers.cbegin(); it != d->pollers.cend(); ++it)
        it.value()->setIntervalMs(milliseconds > 0 ? milliseconds
                                                   : d->runtime->trigger(it.key()).poll().intervalSeconds * 1000);
}

bool TriggerHub::isPolling(const QString &triggerId) const
{
    return d->pollers.contains(triggerId);
}

void TriggerHub::updatePolling(const QString &triggerId, const QObject *leaving)
{
    const TriggerSpec trigger = d->runtime->trigger(triggerId);
    if (!trigger.isPolling())
        return;
    const bool wanted = std::any_of(d->subscriptions.cbegin(), d->subscriptions.cend(),
                                    [&](const QPointer<TriggerSubscription> &subscription) {
                                        return subscription && subscription.data() != leaving
                                               && subscription->trigger().id() == triggerId;
                                    });
    if (!wanted) {
        // Later: the last subscriber may leave from inside the poller's own call.
        if (TriggerPoller *poller = d->pollers.take(triggerId))
            poller->deleteLater();
        return;
    }
    if (d->pollers.contains(triggerId) || !d->currentStore())
        return;
    const QString provider = trigger.provider();
    auto *poller = new TriggerPoller(
        d->runtime, d->currentStore(), trigger,
        [this, provider](const QString &eventId, const QJsonObject &event) -> std::optional<bool> {
            int reached = 0;
            // Polls use the host's own connection: their events are its account's.
            const Store::AppendResult appended = logEvent(provider, eventId, event, 0, QString(), &reached);
            if (appended.outcome == Store::Append::New || appended.outcome == Store::Append::Duplicate)
                return appended.outcome == Store::Append::New;
            qCWarning(lcRuntime).noquote() << "a polled" << provider << "event was not stored:" << appended.errorString;
            return std::nullopt;
        },
        this);
    if (d->pollIntervalMs > 0)
        poller->setIntervalMs(d->pollIntervalMs);
    connect(poller, &TriggerPoller::polled, this, [this, triggerId](int events) { Q_EMIT polled(triggerId, events); });
    d->pollers.insert(triggerId, poller);
    poller->start();
}

TriggerSpec TriggerHub::trigger(const QString &id) const
{
    return d->runtime->trigger(id);
}

std::unique_ptr<TriggerSubscription> TriggerHub::subscribe(const QString &triggerId, const QJsonObject &filters,
                                                           ActionErrors *errors, qsizetype queueCapacity,
                                                           const InvokeOptions &options)
{
    *errors = d->runtime->checkTrigger(triggerId, filters, options);
    if (!errors->isEmpty())
        return nullptr;
    const TriggerSpec trigger = d->runtime->trigger(triggerId);
    std::unique_ptr<TriggerSubscription> subscription(new TriggerSubscription(trigger, filters, queueCapacity));
    subscription->setOwner(options.ownerFor(trigger.provider()));
    d->subscriptions.append(subscription.get());
    connect(subscription.get(), &QObject::destroyed, this,
            [this, triggerId](QObject *leaving) { updatePolling(triggerId, leaving); });
    updatePolling(triggerId);
    return subscription;
}

TriggerHub::Receipt TriggerHub::receiveWebhook(const QString &provider, const QByteArray &timestamp,
                                               const QByteArray &signature, const QByteArray &body,
                                               const QString &owner)
{
    const auto verifier = d->verifiers.constFind(provider);
    if (verifier == d->verifiers.constEnd()) {
        const QList<PluginSpec> plugins = d->runtime->plugins();
        const bool known = std::any_of(plugins.cbegin(), plugins.cend(),
                                       [&](const PluginSpec &plugin) { return plugin.id() == provider; });
        return known ? refusal(503, ErrorCode::NotConfigured,
                               QStringLiteral("no webhook secret is configured for provider \"%1\"").arg(provider))
                     : refusal(404, ErrorCode::UnknownProvider,
                               QStringLiteral("no provider \"%1\"").arg(provider.left(64)));
    }
    return receiveVerifiable(provider, *verifier, owner, timestamp, signature, body);
}

TriggerHub::Receipt TriggerHub::receiveEndpointWebhook(const QString &provider, const QString &endpoint,
                                                       const QByteArray &timestamp, const QByteArray &signature,
                                                       const QByteArray &body)
{
    const auto found = d->endpoints.constFind(Private::endpointKey(provider, endpoint));
    if (found == d->endpoints.constEnd())
        return refusal(
            404, ErrorCode::NotFound,
            QStringLiteral("no webhook endpoint \"%1\" of provider \"%2\"").arg(endpoint.left(64), provider.left(64)));
    return receiveVerifiable(provider, found->verifier, found->owner, timestamp, signature, body);
}

TriggerHub::Receipt TriggerHub::receiveVerifiable(const QString &provider, const WebhookVerifier &verifier,
                                                  const QString &owner, const QByteArray &timestamp,
                                                  const QByteArray &signature, const QByteArray &body)
{
    if (body.size() > maxBodyBytes)
        return refusal(413, ErrorCode::TooLarge,
                       QStringLiteral("a delivery may have at most %1 bytes").arg(maxBodyBytes));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (timestamp.isEmpty() && signature.isEmpty() && document.isObject() && isEndpointCheck(document.object()))
        return {200, Receipt::endpointCheck, QStringLiteral("endpoint is ready"), 0};

    const WebhookVerifier::Result verdict = verifier.verify(timestamp, signature, body);
    if (!verdict.isValid()) {
        qCInfo(lcRuntime).noquote() << "refused a" << provider << "delivery:" << verdict.reason;
        return refusal(401,
                       verdict.verdict == WebhookVerifier::Verdict::BadSignature ? ErrorCode::InvalidSignature
                                                                                 : ErrorCode::InvalidTimestamp,
                       verdict.reason);
    }
    const QString jsonProblem = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : strictJsonProblem(body);
    if (!jsonProblem.isEmpty() || !document.isObject())
        return refusal(400, ErrorCode::Malformed,
                       !jsonProblem.isEmpty() ? QStringLiteral("the body is not JSON: ") + jsonProblem
                                              : QStringLiteral("the body must be a JSON object"));
    const QJsonObject event = document.object();
    if (isEndpointCheck(event))
        return {200, Receipt::endpointCheck, QStringLiteral("endpoint is ready"), 0};
    const QString problem = eventProblem(event);
    if (!problem.isEmpty())
        return refusal(400, ErrorCode::Malformed, QStringLiteral("not an event: ") + problem);
    const QString eventId = event.value(QLatin1String("id")).toString();
    if (!d->currentStore())
        return refusal(503, ErrorCode::StoreUnavailable,
                       QStringLiteral("no store is open to keep the event; retry later"));
    // A delivery signed at T is accepted until T + window, and T may lie a window ahead of
    // the clock: its id stays in the log for two windows, so no replay of it is ever accepted again.
    Receipt receipt{200, Receipt::accepted, QStringLiteral("event %1 accepted").arg(eventId), 0};
    const Store::AppendResult appended = logEvent(provider, eventId, event, 2 * qint64(d->replayWindow), owner,
                                                  &receipt.subscribersReached);
    switch (appended.outcome) {
    case Store::Append::Duplicate:
        return {200, Receipt::duplicate, QStringLiteral("event %1 was already received").arg(eventId), 0};
    case Store::Append::Full:
        return refusal(503, ErrorCode::TooManyEvents,
                       QStringLiteral("more than %1 events arrived within the replay window; retry later")
                           .arg(d->currentStore()->retention().maxEvents));
    case Store::Append::Failed:
        qCWarning(lcRuntime).noquote() << "a" << provider << "event was not stored:" << appended.errorString;
        return refusal(503, ErrorCode::StoreUnavailable, QStringLiteral("the event could not be stored; retry later"));
    case Store::Append::New: break;
    }
    return receipt;
}

Store::AppendResult TriggerHub::logEvent(const QString &provider, const QString &eventId, const QJsonObject &event,
                                         qint64 protectSeconds, const QString &owner, int *reached)
{
    const qint64 now = d->clock ? d->clock() : QDateTime::currentSecsSinceEpoch();
    const Store::AppendResult appended = d->currentStore()->appendEvent(provider, eventId, event, now, protectSeconds,
                                                                        owner);
    if (appended.outcome == Store::Append::New) {
        // From a shared log, events pass on in log order, this host's among the others'.
        *reached = d->currentStore()->isShared() ? followLog(appended.logId)
                                                 : dispatch({appended.logId, provider, event, now, owner});
    }
    return appended;
}

int TriggerHub::followLog(qint64 ownLogId)
{
    QString error;
    const auto failed = [&] {
        if (!d->followFailing)
            qCWarning(lcRuntime).noquote() << "events other hosts received cannot be read:" << error;
        d->followFailing = true;
        return 0;
    };
    if (d->followedThrough < 0) {
        const std::optional<qint64> last = d->currentStore()->lastLogId(&error);
        if (!last)
            return failed();
        d->followedThrough = ownLogId > 0 ? qMin(*last, ownLogId - 1) : *last;
    }
    int ownReached = 0;
    for (int page = 0; page < followPagesPerRound; ++page) {
        const std::optional<QList<StoredEvent>> logged = d->currentStore()->eventsAfter(d->followedThrough,
                                                                                        followPageSize, &error);
        if (!logged)
            return failed();
        if (d->followFailing)
            qCInfo(lcRuntime) << "events other hosts received can be read again";
        d->followFailing = false;
        for (const StoredEvent &entry : *logged) {
            d->followedThrough = entry.logId; // first: a subscriber's slot may come back here
            const int reached = dispatch(entry);
            if (entry.logId == ownLogId)
                ownReached = reached;
        }
        if (logged->size() < followPageSize)
            break;
    }
    return ownReached;
}

int TriggerHub::dispatch(const StoredEvent &logged)
{
    const QJsonObject &event = logged.event;
    const QString type = event.value(QLatin1String("type")).toString();
    d->subscriptions.removeAll(nullptr);
    int reached = 0;
    for (const TriggerSpec &trigger : d->runtime->triggers()) {
        if (trigger.provider() != logged.provider || !trigger.eventTypes().contains(type))
            continue;
        const QJsonObject outputs = trigger.outputsFor(event);
        const QJsonObject fired = firedEvent(trigger, outputs, logged);
        Q_EMIT triggered(trigger.id(), fired);
        // A copy: a subscriber's slot may unsubscribe another while we go.
        const QList<QPointer<TriggerSubscription>> subscriptions = d->subscriptions;
        for (const QPointer<TriggerSubscription> &subscription : subscriptions) {
            if (subscription && subscription->trigger().id() == trigger.id() && subscription->owner() == logged.owner
                && trigger.matches(subscription->filters(), outputs) && subscription->offer(fired))
                ++reached;
        }
    }
    return reached;
}

std::optional<QList<QJsonObject>> TriggerHub::missedEvents(const TriggerSubscription &subscription, qint64 afterLogId,
                                                           int limit, qint64 *scannedTo, QString *errorString) const
{
    if (!d->currentStore()) {
        *errorString = QStringLiteral("no store is open to read events from");
        return std::nullopt;
    }
    const std::optional<QList<StoredEvent>> logged = d->currentStore()->eventsAfter(afterLogId, limit, errorString);
    if (!logged)
        return std::nullopt;
    const TriggerSpec trigger = subscription.trigger();
    QList<QJsonObject> missed;
    for (const StoredEvent &entry : *logged) {
        *scannedTo = entry.logId;
        if (entry.provider != trigger.provider() || entry.owner != subscription.owner()
            || !trigger.eventTypes().contains(entry.event.value(QLatin1String("type")).toString()))
            continue;
        const QJsonObject outputs = trigger.outputsFor(entry.event);
        if (trigger.matches(subscription.filters(), outputs))
            missed.append(firedEvent(trigger, outputs, entry));
    }
    return missed;
}

} // namespace ActionNode
