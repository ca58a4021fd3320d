#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QFlags>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace ActionNode {

class ActionInputs;
class ActionSpec;
struct ActionResult;
class SharedRateLimits;

//! One verified provider event in the store's event log.
struct ACTIONNODE_EXPORT StoredEvent
{
    qint64 logId = 0;      //!< increasing, never reused: the SSE \c id and \c listen \c --since value
    QString provider;      //!< "daily"
    QJsonObject event;     //!< the delivery's body: \c type, \c id, \c payload, ...
    qint64 receivedAt = 0; //!< Unix seconds
    //! The provider account it was received for (as StoredSubscription::owner); empty: the host's own.
    QString owner;
};

/*!
    One invocation as the run history keeps it. Nothing in it is a secret:
    sensitive inputs are replaced by FieldSpec::maskText() and named in
    maskedInputs, sensitive outputs are masked as FieldSpec::masked() shows
    them, and any of those values quoted in an error or warning message is
    masked there too (of()).
*/
struct ACTIONNODE_EXPORT RunRecord
{
    qint64 id = 0;         //!< increasing, never reused
    QString action;        //!< "daily.create_room"
    QString version;       //!< the declaration's version when it ran
    QString origin;        //!< the host that ran it: "http", "replay", ...
    qint64 startedAt = 0;  //!< Unix milliseconds
    double durationMs = 0; //!< until the result was known
    //! The inputs as sent, sensitive values masked: a JSON object's compact UTF-8 text, as the store keeps it.
    QByteArray inputs = QByteArrayLiteral("{}");
    QStringList maskedInputs; //!< keys of the inputs that were masked, so a replay asks for them again
    QString status;           //!< ActionResult::statusName()
    //! The outputs, sensitive values masked: a JSON object's compact UTF-8 text.
    QByteArray outputs = QByteArrayLiteral("{}");
    QJsonArray errors; //!< ActionError::toJson() each
    QJsonArray warnings;
    //! The provider account of the caller (as StoredSubscription::owner); empty: the host's own.
    QString owner;

    /*!
        The record of running \a action with \a inputs to \a result: the
        masking above, done here once for every host. Inputs that keep the
        text they were sent as (Runtime::readSentInputs()) are recorded as
        that text, its spaces between tokens dropped, when nothing in it is
        to be masked; other inputs are written out from their values.
    */
    static RunRecord of(const ActionSpec &action, const ActionInputs &inputs, const ActionResult &result);
    static RunRecord of(const ActionSpec &action, const QJsonObject &inputs, const ActionResult &result);
    //! inputs read as an object (an empty one for a text that is not an object).
    QJsonObject inputsObject() const;
    //! outputs read as an object (an empty one for a text that is not an object).
    QJsonObject outputsObject() const;
    QJsonObject toJson() const;
    //! The record toJson() wrote.
    static RunRecord fromJson(const QJsonObject &json);
};

/*!
    A trigger subscription the store keeps across restarts: what it
    listens to and, when it has a target URL, how far its events were
    pushed there. The secret signs its deliveries and is never part of
    toJson().
*/
struct ACTIONNODE_EXPORT StoredSubscription
{
    QString id;                     //!< "sub_" and 24 hex digits
    QString trigger;                //!< "daily.participant_knocking"
    QJsonObject filters;            //!< as validated by the trigger
    QString targetUrl;              //!< empty: read as an event stream, not pushed
    QString secret;                 //!< "whsec_" + base64 of the signing key
    QString previousSecret;         //!< the secret before the last rotation, still signing until previousSecretUntil
    qint64 previousSecretUntil = 0; //!< Unix seconds
    qint64 cursor = 0;              //!< log id of the last event delivered (or skipped by the filters)
    int failedAttempts = 0;         //!< of the event after the cursor
    qint64 nextAttemptAt = 0;       //!< Unix milliseconds; 0: at once
    bool enabled = true;
    QString disabledReason; //!< why delivery stopped, for the operator
    qint64 createdAt = 0;   //!< Unix seconds
    //! The provider account that made it (a digest of its settings, never a secret); empty: the host's own.
    QString owner;

    //! \c{{"subscription", "trigger", "filters", "target_url", "state", ...}}: no secret.
    QJsonObject toJson() const;
    //! Whether every field is the same.
    bool operator==(const StoredSubscription &other) const;
    bool operator!=(const StoredSubscription &other) const { return !(*this == other); }
};

//! One attempt to push an event to a subscription's target.
struct ACTIONNODE_EXPORT DeliveryAttempt
{
    qint64 id = 0; //!< increasing, never reused
    QString subscription;
    qint64 logId = 0;       //!< the event's log id
    QString webhookId;      //!< the \c webhook-id header: the same in every attempt of one event
    int attempt = 1;        //!< 1 for the first
    qint64 attemptedAt = 0; //!< Unix milliseconds
    int status = 0;         //!< the target's HTTP status; 0 when it gave none
    double latencyMs = 0;
    QString error; //!< why it failed; empty on success

    QJsonObject toJson() const;
};

/*!
    A provider webhook the host registered for one account's trigger
    subscriptions (ProviderWebhooks), kept so that a restarted host verifies
    its deliveries and finds it again. The secret is the webhook's signing
    key: it is part of the stored record, never of anything shown.
*/
struct ACTIONNODE_EXPORT ManagedWebhook
{
    QString provider;       //!< "daily"
    QString owner;          //!< the account (StoredSubscription::owner); empty: the host's own
    QString endpoint;       //!< "mwh_" and 24 hex digits: the last segment of the webhook's URL on this host
    QString url;            //!< where the provider posts, as registered
    QByteArray secret;      //!< base64, as the provider takes it (Daily's \c hmac)
    QString webhookId;      //!< the provider's id of the webhook (Daily's \c uuid); empty until registered
    QStringList eventTypes; //!< as registered, sorted

    //! The stored record, secret included.
    QJsonObject toRecord() const;
    //! The record toRecord() wrote.
    static ManagedWebhook fromRecord(const QJsonObject &record);
};

/*!
    How much a store keeps; older entries are pruned as new ones arrive, so
    its size stays flat. An event is kept while its age is under
    maxEventAgeSeconds and it is among the newest maxEvents (the log's
    length is the de-duplication window and how far back a subscriber can
    resume). Runs likewise.
*/
struct ACTIONNODE_EXPORT StoreRetention
{
    qint64 maxEvents = 100000;
    qint64 maxEventAgeSeconds = 7 * 24 * 3600;
    qint64 maxRuns = 10000;
    qint64 maxRunAgeSeconds = 30 * 24 * 3600;
    qint64 maxDeliveriesPerSubscription = 1000;
};

/*!
    Where a host keeps what must outlive a request or a restart: the log of
    verified trigger events and the run history. One interface, two
    implementations that open() chooses by location: the embedded one,
    SQLite (Qt SQL's QSQLITE driver, write-ahead log, every commit synced),
    in a file or in memory; and Redis (\c{redis://host:port/db}), which
    replicas of a host share (isShared()), with the rate limits
    (sharedRateLimits()).

    A store is used from the thread that opened it. Every method reports a
    failure (an unwritable disk, a locked or corrupt file, a server that
    does not answer within its timeout) with a sentence naming the store
    and the problem, never by throwing, crashing or hanging.
*/
class ACTIONNODE_EXPORT Store
{
public:
    //! What appendEvent() did.
    enum class Append {
        New,       //!< logged under a new log id
        Duplicate, //!< the provider's event id is in the log already (its log id is given)
        Full,      //!< maxEvents are kept and none may be pruned yet (see appendEvent())
        Failed,    //!< not written (errorString says why)
    };
    struct AppendResult
    {
        Append outcome = Append::Failed;
        qint64 logId = 0;
        QString errorString;
    };

    //! What open() takes for a store that lives in memory only, for tests and throwaway hosts.
    static QString inMemory();
    //! \c $ACTIONNODE_DATA_DIR, else the user's data directory for actionnode (~/.local/share/actionnode).
    static QString dataDirectory();
    //! \c store.sqlite in dataDirectory().
    static QString defaultLocation();

    /*!
        Opens the store at \a location: a Redis server
        (\c{redis://[:password@]host[:port][/db]}, port 6379 and database 0
        by default; connects and commands time out after 2 s), else a
        SQLite file (created with its directory when missing) or
        inMemory(). Null with \a errorString when it cannot be opened or
        holds another program's tables or keys.
    */
    static std::unique_ptr<Store> open(const QString &location, QString *errorString);

    virtual ~Store();

    virtual QString location() const = 0;
    virtual void setRetention(const StoreRetention &retention) = 0;
    virtual StoreRetention retention() const = 0;
    /*!
        Whether other hosts append to this store too (Redis): a TriggerHub
        then follows the log to pass on the events they received.
    */
    virtual bool isShared() const { return false; }
    //! The rate limits replicas share through this store; null when it is a host's own.
    virtual std::shared_ptr<SharedRateLimits> sharedRateLimits() { return nullptr; }

    /*!
        Appends \a event of \a provider, whose id is \a eventId, received at
        \a now (Unix seconds) for account \a owner, unless that id is logged
        already (the provider's event ids are unique across its accounts).
        Events younger than \a protectSeconds are never pruned to make room
        (a provider's retry of them could still verify, and must be known as
        a duplicate): with maxEvents such events the outcome is Full.
    */
    virtual AppendResult appendEvent(const QString &provider, const QString &eventId, const QJsonObject &event,
                                     qint64 now, qint64 protectSeconds, const QString &owner) = 0;
    //! Up to \a limit events whose log id is above \a afterLogId, oldest first; nullopt on failure.
    virtual std::optional<QList<StoredEvent>> eventsAfter(qint64 afterLogId, int limit, QString *errorString) = 0;
    //! The newest log id handed out so far (0 before the first); nullopt on failure.
    virtual std::optional<qint64> lastLogId(QString *errorString) = 0;
    //! Events kept now.
    virtual qint64 eventCount() const = 0;

    /*!
        Appends \a runs (their ids are ignored) in one write and prunes once;
        their new ids are consecutive, and the last is returned; 0 when
        \a runs is empty, or with \a errorString when none could be kept. Run history matters less than
        the event log: SqliteStore does not wait for the disk to sync these
        writes, so a power cut (never a crash of the process) may lose the
        last of them.
    */
    virtual qint64 appendRuns(const QList<RunRecord> &runs, QString *errorString) = 0;
    //! appendRuns() of \a run alone: its new id.
    qint64 appendRun(const RunRecord &run, QString *errorString) { return appendRuns({run}, errorString); }
    /*!
        The run \a id when one of \a owners made it; nullopt when unknown or
        another account's (\a errorString empty) or on failure.
    */
    virtual std::optional<RunRecord> run(qint64 id, const QStringList &owners, QString *errorString) = 0;
    /*!
        Up to \a limit runs of \a owners whose id is below \a beforeId (0: the
        newest), newest first; nullopt on failure.
    */
    virtual std::optional<QList<RunRecord>> runs(qint64 beforeId, int limit, const QStringList &owners,
                                                 QString *errorString) = 0;
    //! Runs kept now.
    virtual qint64 runCount() const = 0;

    // Trigger subscriptions and their delivery log --------------------------

    //! Keeps \a subscription (a new id); false with \a errorString on failure.
    virtual bool addSubscription(const StoredSubscription &subscription, QString *errorString) = 0;
    /*!
        The parts of a kept subscription that change after
        addSubscription(). Each writer writes only its own part, so that
        the processes sharing a store do not undo each other's changes: a
        host pushing the events writes the delivery state, a command that
        rotates the secret writes the secrets.
    */
    enum class SubscriptionPart {
        Secrets = 0x1,       //!< secret, previousSecret, previousSecretUntil
        DeliveryState = 0x2, //!< cursor, failedAttempts, nextAttemptAt, enabled, disabledReason
    };
    Q_DECLARE_FLAGS(SubscriptionParts, SubscriptionPart)
    /*!
        Writes the \a parts of \a subscription over the kept subscription of
        the same id, leaving its other fields as they are (a subscription
        removed meanwhile stays removed); false with \a errorString on
        failure.
    */
    virtual bool updateSubscription(const StoredSubscription &subscription, SubscriptionParts parts,
                                    QString *errorString) = 0;
    //! Forgets subscription \a id and its delivery log: true, false when unknown, nullopt on failure.
    virtual std::optional<bool> removeSubscription(const QString &id, QString *errorString) = 0;
    //! Every kept subscription, oldest first; nullopt on failure.
    virtual std::optional<QList<StoredSubscription>> subscriptions(QString *errorString) = 0;
    //! Logs \a attempt (its id is ignored), keeping maxDeliveriesPerSubscription; false on failure.
    virtual bool appendDelivery(const DeliveryAttempt &attempt, QString *errorString) = 0;
    //! Up to \a limit attempts of \a subscription, newest first; nullopt on failure.
    virtual std::optional<QList<DeliveryAttempt>> deliveries(const QString &subscription, int limit,
                                                             QString *errorString) = 0;

    // Provider webhooks registered for trigger subscriptions ----------------

    //! Keeps \a webhook, replacing the one of the same provider and owner; false with \a errorString on failure.
    virtual bool putManagedWebhook(const ManagedWebhook &webhook, QString *errorString) = 0;
    //! Forgets the webhook of \a provider kept for \a owner: true, false when none, nullopt on failure.
    virtual std::optional<bool> removeManagedWebhook(const QString &provider, const QString &owner,
                                                     QString *errorString) = 0;
    //! Every kept provider webhook; nullopt on failure.
    virtual std::optional<QList<ManagedWebhook>> managedWebhooks(QString *errorString) = 0;

    // Polling cursors -----------------------------------------------------

    /*!
        What a polling trigger \a trigger of account \a owner (empty: the
        host's own) kept with setPollCursor(): an empty object before its
        first poll; nullopt on failure.
    */
    virtual std::optional<QJsonObject> pollCursor(const QString &trigger, const QString &owner,
                                                  QString *errorString) = 0;
    //! Keeps \a cursor for \a trigger and \a owner in place of the one before; false on failure.
    virtual bool setPollCursor(const QString &trigger, const QString &owner, const QJsonObject &cursor,
                               QString *errorString) = 0;

protected:
    Store() = default;
    Q_DISABLE_COPY_MOVE(Store)
};

Q_DECLARE_OPERATORS_FOR_FLAGS(Store::SubscriptionParts)

} // namespace ActionNode
