#include "redisstore.h"

#include "compactjson.h"
#include "redisratelimits.h"

#include <QDateTime>
#include <QJsonDocument>

namespace ActionNode::Internal {

namespace {

// The layout of the keys this code writes; a server holding another is refused.
const QByteArray layoutKey = "actionnode:layout";
constexpr int layoutVersion = 1;

const QByteArray nextEventKey = "actionnode:events:next";
const QByteArray eventLogKey = "actionnode:events:log";      // score: log id; member: "<log id> <entry JSON>"
const QByteArray eventAgeKey = "actionnode:events:age";      // score: received at; member: log id
const QByteArray eventIdByLogKey = "actionnode:events:keys"; // log id -> "<provider>\n<event id>"
const QByteArray logByEventIdKey = "actionnode:events:ids";  // "<provider>\n<event id>" -> log id
const QByteArray nextRunKey = "actionnode:runs:next";
const QByteArray runLogKey = "actionnode:runs:log";             // score: run id; member: "<run id> <RunRecord JSON>"
const QByteArray runStartKey = "actionnode:runs:start";         // score: started at (ms); member: run id
const QByteArray subscriptionsKey = "actionnode:subscriptions"; // id -> record JSON
const QByteArray subscriptionOrderKey = "actionnode:subscriptions:order"; // score: creation; member: id
const QByteArray nextDeliveryKey = "actionnode:deliveries:next";
const QByteArray deliveriesKeyPrefix = "actionnode:deliveries:";     // + subscription id: "<id> <JSON>", newest first
const QByteArray managedWebhooksKey = "actionnode:managed-webhooks"; // "<provider>\n<owner>" -> record JSON
const QByteArray pollCursorsKey = "actionnode:poll:cursors";         // "<trigger>\n<owner>" -> cursor JSON

QByteArray managedWebhookField(const QString &provider, const QString &owner)
{
    return provider.toUtf8() + '\n' + owner.toUtf8();
}

QByteArray pollCursorField(const QString &trigger, const QString &owner)
{
    return trigger.toUtf8() + '\n' + owner.toUtf8();
}

QByteArray deliveriesKey(const QString &subscription)
{
    return deliveriesKeyPrefix + subscription.toUtf8();
}

const QByteArray addSubscriptionScript = R"lua(
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return redis.error_reply('subscription ' .. ARGV[1] .. ' exists') end
redis.call('ZADD', KEYS[2], redis.call('ZCARD', KEYS[2]) == 0 and 1 or tonumber(redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')[2]) + 1, ARGV[1])
return 1
)lua";

// Replaces the record ARGV[1] only while it is still ARGV[2] (compare and set): 1 when written, 0 when it changed.
const QByteArray replaceSubscriptionScript = R"lua(
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
)lua";

// The record's keys of each part StoredSubscription has.
const QLatin1StringView secretKeys[] = {QLatin1StringView("secret"), QLatin1StringView("previous_secret"),
                                        QLatin1StringView("previous_secret_until")};
const QLatin1StringView deliveryStateKeys[] = {QLatin1StringView("cursor"), QLatin1StringView("failed_attempts"),
                                               QLatin1StringView("next_attempt_at"), QLatin1StringView("enabled"),
                                               QLatin1StringView("disabled_reason")};

const QByteArray removeSubscriptionScript = R"lua(
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
return removed
)lua";

const QByteArray listSubscriptionsScript = R"lua(
local records = {}
for i, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  records[#records + 1] = redis.call('HGET', KEYS[1], id) or ''
end
return records
)lua";

const QByteArray appendDeliveryScript = R"lua(
local id = redis.call('INCR', KEYS[1])
redis.call('LPUSH', KEYS[2], string.format('%d', id) .. ' ' .. ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
return id
)lua";

// Every field of a subscription, the secrets too: deliveries are signed with them after a restart.
QJsonObject subscriptionRecord(const StoredSubscription &subscription)
{
    return {{QStringLiteral("id"), subscription.id},
            {QStringLiteral("trigger"), subscription.trigger},
            {QStringLiteral("filters"), subscription.filters},
            {QStringLiteral("target_url"), subscription.targetUrl},
            {QStringLiteral("secret"), subscription.secret},
            {QStringLiteral("previous_secret"), subscription.previousSecret},
            {QStringLiteral("previous_secret_until"), subscription.previousSecretUntil},
            {QStringLiteral("cursor"), subscription.cursor},
            {QStringLiteral("failed_attempts"), subscription.failedAttempts},
            {QStringLiteral("next_attempt_at"), subscription.nextAttemptAt},
            {QStringLiteral("enabled"), subscription.enabled},
            {QStringLiteral("disabled_reason"), subscription.disabledReason},
            {QStringLiteral("created_at"), subscription.createdAt},
            {QStringLiteral("owner"), subscription.owner}};
}

StoredSubscription subscriptionFrom(const QJsonObject &record)
{
    StoredSubscription subscription;
    subscription.id = record.value(QLatin1String("id")).toString();
    subscription.trigger = record.value(QLatin1String("trigger")).toString();
    subscription.filters = record.value(QLatin1String("filters")).toObject();
    subscription.targetUrl = record.value(QLatin1String("target_url")).toString();
    subscription.secret = record.value(QLatin1String("secret")).toString();
    subscription.previousSecret = record.value(QLatin1String("previous_secret")).toString();
    subscription.previousSecretUntil = record.value(QLatin1String("previous_secret_until")).toInteger();
    subscription.cursor = record.value(QLatin1String("cursor")).toInteger();
    subscription.failedAttempts = record.value(QLatin1String("failed_attempts")).toInt();
    subscription.nextAttemptAt = record.value(QLatin1String("next_attempt_at")).toInteger();
    subscription.enabled = record.value(QLatin1String("enabled")).toBool(true);
    subscription.disabledReason = record.value(QLatin1String("disabled_reason")).toString();
    subscription.createdAt = record.value(QLatin1String("created_at")).toInteger();
    subscription.owner = record.value(QLatin1String("owner")).toString();
    return subscription;
}

// What SqliteStore::appendEvent() does in one transaction, here in one script.
const QByteArray appendEventScript = R"lua(
local known = redis.call('HGET', KEYS[5], ARGV[1])
if known then return {'duplicate', known} end
local now = tonumber(ARGV[2])
local prunable = now - tonumber(ARGV[3])
local function drop(id)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], id, id)
  redis.call('ZREM', KEYS[3], id)
  local key = redis.call('HGET', KEYS[4], id)
  if key then redis.call('HDEL', KEYS[5], key) end
  redis.call('HDEL', KEYS[4], id)
end
-- Older than the retention's age, unless a provider's retry of them could still verify.
local expired = math.min(now - tonumber(ARGV[5]), prunable + 1)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. expired)) do drop(id) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4]) + 1
if excess > 0 then
  if redis.call('ZCOUNT', KEYS[3], '-inf', prunable) < excess then return {'full', '0'} end
  -- The lowest log ids that may go, as SQLite's ORDER BY log_id.
  local victims, offset = {}, 0
  while #victims < excess do
    local page = redis.call('ZRANGE', KEYS[2], offset, offset + 99, 'WITHSCORES')
    if #page == 0 then break end
    for i = 2, #page, 2 do
      if #victims < excess and tonumber(redis.call('ZSCORE', KEYS[3], page[i])) <= prunable then
        victims[#victims + 1] = page[i]
      end
    end
    offset = offset + 100
  end
  if #victims < excess then return {'full', '0'} end
  for _, id in ipairs(victims) do drop(id) end
end
local id = string.format('%d', redis.call('INCR', KEYS[1]))
redis.call('ZADD', KEYS[2], id, id .. ' ' .. ARGV[6])
redis.call('ZADD', KEYS[3], now, id)
redis.call('HSET', KEYS[4], id, ARGV[1])
redis.call('HSET', KEYS[5], ARGV[1], id)
return {'new', id}
)lua";

// What SqliteStore::appendRuns() does: insert each run (ARGV[3], ARGV[4] its record and start,
// ARGV[5], ARGV[6] the next's...), then prune by age (ARGV[1]) and count (ARGV[2]) once.
const QByteArray appendRunsScript = R"lua(
local id = 0
for i = 3, #ARGV, 2 do
  id = redis.call('INCR', KEYS[1])
  local sid = string.format('%d', id)
  redis.call('ZADD', KEYS[2], id, sid .. ' ' .. ARGV[i])
  redis.call('ZADD', KEYS[3], ARGV[i + 1], sid)
end
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[1])) do
  redis.call('ZREMRANGEBYSCORE', KEYS[2], old, old)
  redis.call('ZREM', KEYS[3], old)
end
local last = id - tonumber(ARGV[2])
if last > 0 then
  local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', last, 'WITHSCORES')
  for i = 2, #old, 2 do redis.call('ZREM', KEYS[3], old[i]) end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', last)
end
return id
)lua";

// A log member "<id> <JSON object>": the id and the object.
std::pair<qint64, QJsonObject> member(const QByteArray &text)
{
    const qsizetype space = text.indexOf(' ');
    return {text.left(space).toLongLong(), QJsonDocument::fromJson(text.mid(space + 1)).object()};
}

QByteArray number(qint64 value)
{
    return QByteArray::number(value);
}

// How many runs of every account RedisStore::runs() reads at once.
constexpr int runPageSize = 256;

// A run log member "<run id> <RunRecord JSON>".
RunRecord runFrom(const QByteArray &text)
{
    const auto [id, record] = member(text);
    RunRecord run = RunRecord::fromJson(record);
    run.id = id;
    return run;
}

} // namespace

RedisStore::RedisStore(RedisConnection::Address address)
    : m_connection(std::make_unique<RedisConnection>(std::move(address)))
{}

std::unique_ptr<RedisStore> RedisStore::open(const QString &location, QString *errorString)
{
    std::optional<RedisConnection::Address> address = RedisConnection::parse(location, errorString);
    if (!address)
        return nullptr;
    std::unique_ptr<RedisStore> store(new RedisStore(std::move(*address)));
    QString reason;
    if (!store->m_connection->connect(&reason)) {
        *errorString = store->failure(QStringLiteral("cannot be opened"), reason);
        return nullptr;
    }
    std::optional<RedisReply> layout = store->m_connection->command({"SET", layoutKey, number(layoutVersion), "NX"},
                                                                    &reason);
    if (layout)
        layout = store->m_connection->command({"GET", layoutKey}, &reason);
    if (!layout) {
        *errorString = store->failure(QStringLiteral("cannot be read"), reason);
        return nullptr;
    }
    if (layout->string != number(layoutVersion)) {
        *errorString = store->failure(QStringLiteral("cannot be used"),
                                      QStringLiteral("it holds keys of layout %1, this actionnode writes layout %2")
                                          .arg(QString::fromUtf8(layout->string.left(32)))
                                          .arg(layoutVersion));
        return nullptr;
    }
    return store;
}

QString RedisStore::failure(const QString &what, const QString &reason) const
{
    return QStringLiteral("the store %1 %2: %3").arg(location(), what, reason);
}

std::shared_ptr<SharedRateLimits> RedisStore::sharedRateLimits()
{
    return std::make_shared<RedisRateLimits>(m_connection->address());
}

qint64 RedisStore::cardinality(const QByteArray &key) const
{
    QString error;
    const std::optional<RedisReply> reply = m_connection->command({"ZCARD", key}, &error);
    return reply ? reply->integer : -1;
}

Store::AppendResult RedisStore::appendEvent(const QString &provider, const QString &eventId, const QJsonObject &event,
                                            qint64 now, qint64 protectSeconds, const QString &owner)
{
    // Provider ids hold no line feed, so the pair is unambiguous.
    const QByteArray key = provider.toUtf8() + '\n' + eventId.toUtf8();
    const QJsonObject entry{{QStringLiteral("provider"), provider},
                            {QStringLiteral("received_at"), now},
                            {QStringLiteral("event"), event},
                            {QStringLiteral("owner"), owner}};
    QString reason;
    const std::optional<RedisReply> reply = m_connection->script(
        appendEventScript, {nextEventKey, eventLogKey, eventAgeKey, eventIdByLogKey, logByEventIdKey},
        {key, number(now), number(protectSeconds), number(m_retention.maxEvents),
         number(m_retention.maxEventAgeSeconds), CompactJson::text(entry)},
        &reason);
    if (!reply || reply->elements.size() != 2)
        return {Append::Failed, 0,
                failure(QStringLiteral("cannot be written"), reply ? QStringLiteral("odd reply") : reason)};
    const QByteArray outcome = reply->elements.at(0).string;
    const qint64 logId = reply->elements.at(1).string.toLongLong();
    if (outcome == "duplicate")
        return {Append::Duplicate, logId, {}};
    if (outcome == "full")
        return {Append::Full, 0, {}};
    return {Append::New, logId, {}};
}

std::optional<QList<StoredEvent>> RedisStore::eventsAfter(qint64 afterLogId, int limit, QString *errorString)
{
    const std::optional<RedisReply> reply = m_connection->command(
        {"ZRANGEBYSCORE", eventLogKey, '(' + number(afterLogId), "+inf", "LIMIT", "0", number(limit)}, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    QList<StoredEvent> events;
    for (const RedisReply &element : reply->elements) {
        const auto [logId, entry] = member(element.string);
        events.append(
            {logId, entry.value(QLatin1String("provider")).toString(), entry.value(QLatin1String("event")).toObject(),
             entry.value(QLatin1String("received_at")).toInteger(), entry.value(QLatin1String("owner")).toString()});
    }
    return events;
}

std::optional<qint64> RedisStore::lastLogId(QString *errorString)
{
    const std::optional<RedisReply> reply = m_connection->command({"GET", nextEventKey}, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    return reply->string.toLongLong(); // 0 while nil
}

qint64 RedisStore::eventCount() const
{
    return cardinality(eventLogKey);
}

qint64 RedisStore::appendRuns(const QList<RunRecord> &runs, QString *errorString)
{
    if (runs.isEmpty())
        return 0;
    QList<QByteArray> arguments{number(QDateTime::currentMSecsSinceEpoch() - m_retention.maxRunAgeSeconds * 1000),
                                number(m_retention.maxRuns)};
    for (const RunRecord &run : runs) {
        QJsonObject record = run.toJson();
        record.remove(QLatin1String("id")); // the key's
        arguments << CompactJson::text(record) << number(run.startedAt);
    }
    const std::optional<RedisReply> reply = m_connection->script(appendRunsScript, {nextRunKey, runLogKey, runStartKey},
                                                                 arguments, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be written"), *errorString);
        return 0;
    }
    return reply->integer;
}

std::optional<RunRecord> RedisStore::run(qint64 id, const QStringList &owners, QString *errorString)
{
    const std::optional<RedisReply> reply = m_connection->command({"ZRANGEBYSCORE", runLogKey, number(id), number(id)},
                                                                  errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    errorString->clear();
    if (reply->elements.isEmpty())
        return std::nullopt;
    RunRecord run = runFrom(reply->elements.first().string);
    if (!owners.contains(run.owner))
        return std::nullopt;
    return run;
}

std::optional<QList<RunRecord>> RedisStore::runs(qint64 beforeId, int limit, const QStringList &owners,
                                                 QString *errorString)
{
    // One log for every account, read a page at a time until \a limit of \a owners' are found:
    // the retention's maxRuns bounds the pages.
    QList<RunRecord> runs;
    QByteArray below = beforeId > 0 ? '(' + number(beforeId) : QByteArray("+inf");
    while (runs.size() < limit) {
        const std::optional<RedisReply> reply = m_connection->command({"ZREVRANGEBYSCORE", runLogKey, below, "-inf",
                                                                       "LIMIT", "0", number(runPageSize)},
                                                                      errorString);
        if (!reply) {
            *errorString = failure(QStringLiteral("cannot be read"), *errorString);
            return std::nullopt;
        }
        for (const RedisReply &element : reply->elements) {
            RunRecord run = runFrom(element.string);
            below = '(' + number(run.id);
            if (owners.contains(run.owner) && runs.size() < limit)
                runs.append(run);
        }
        if (reply->elements.size() < runPageSize)
            break;
    }
    errorString->clear();
    return runs;
}

qint64 RedisStore::runCount() const
{
    return cardinality(runLogKey);
}

std::optional<RedisReply> RedisStore::write(const QByteArray &script, const QByteArrayList &keys,
                                            const QByteArrayList &arguments, QString *errorString)
{
    std::optional<RedisReply> reply = m_connection->script(script, keys, arguments, errorString);
    if (!reply)
        *errorString = failure(QStringLiteral("cannot be written"), *errorString);
    return reply;
}

bool RedisStore::addSubscription(const StoredSubscription &subscription, QString *errorString)
{
    return write(addSubscriptionScript, {subscriptionsKey, subscriptionOrderKey},
                 {subscription.id.toUtf8(), CompactJson::text(subscriptionRecord(subscription))}, errorString)
        .has_value();
}

bool RedisStore::updateSubscription(const StoredSubscription &subscription, SubscriptionParts parts,
                                    QString *errorString)
{
    const QJsonObject written = subscriptionRecord(subscription);
    // Read, merge the parts and write back unless another writer came in between; then again with its record.
    constexpr int rounds = 8;
    for (int round = 0; round < rounds; ++round) {
        const std::optional<RedisReply> kept =
            m_connection->command({"HGET", subscriptionsKey, subscription.id.toUtf8()}, errorString);
        if (!kept) {
            *errorString = failure(QStringLiteral("cannot be read"), *errorString);
            return false;
        }
        if (kept->type == RedisReply::Type::Nil)
            return true; // removed meanwhile: stays removed
        QJsonObject record = QJsonDocument::fromJson(kept->string).object();
        if (parts & SubscriptionPart::Secrets) {
            for (const QLatin1StringView key : secretKeys)
                record.insert(key, written.value(key));
        }
        if (parts & SubscriptionPart::DeliveryState) {
            for (const QLatin1StringView key : deliveryStateKeys)
                record.insert(key, written.value(key));
        }
        const std::optional<RedisReply> replaced =
            write(replaceSubscriptionScript, {subscriptionsKey},
                  {subscription.id.toUtf8(), kept->string, CompactJson::text(record)}, errorString);
        if (!replaced)
            return false;
        if (replaced->integer == 1)
            return true;
    }
    *errorString =
        failure(QStringLiteral("cannot be written"),
                QStringLiteral("subscription %1 changed under %2 writes in a row").arg(subscription.id).arg(rounds));
    return false;
}

std::optional<bool> RedisStore::removeSubscription(const QString &id, QString *errorString)
{
    const std::optional<RedisReply> reply = write(removeSubscriptionScript,
                                                  {subscriptionsKey, subscriptionOrderKey, deliveriesKey(id)},
                                                  {id.toUtf8()}, errorString);
    if (!reply)
        return std::nullopt;
    return reply->integer > 0;
}

std::optional<QList<StoredSubscription>> RedisStore::subscriptions(QString *errorString)
{
    const std::optional<RedisReply> reply = m_connection->script(listSubscriptionsScript,
                                                                 {subscriptionsKey, subscriptionOrderKey}, {},
                                                                 errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    QList<StoredSubscription> subscriptions;
    for (const RedisReply &element : reply->elements) {
        if (!element.string.isEmpty())
            subscriptions.append(subscriptionFrom(QJsonDocument::fromJson(element.string).object()));
    }
    return subscriptions;
}

bool RedisStore::appendDelivery(const DeliveryAttempt &attempt, QString *errorString)
{
    QJsonObject record = attempt.toJson();
    record.remove(QLatin1String("id")); // the key's
    // toJson() writes the time as text; the number is what a record is read back from.
    record.insert(QStringLiteral("attempted_at"), attempt.attemptedAt);
    record.insert(QStringLiteral("error"), attempt.error);
    return write(appendDeliveryScript, {nextDeliveryKey, deliveriesKey(attempt.subscription)},
                 {CompactJson::text(record), number(m_retention.maxDeliveriesPerSubscription)}, errorString)
        .has_value();
}

std::optional<QList<DeliveryAttempt>> RedisStore::deliveries(const QString &subscription, int limit,
                                                             QString *errorString)
{
    const std::optional<RedisReply> reply =
        m_connection->command({"LRANGE", deliveriesKey(subscription), "0", number(qMax(limit, 1) - 1)}, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    QList<DeliveryAttempt> attempts;
    for (qsizetype i = 0; i < reply->elements.size() && i < limit; ++i) {
        const auto [id, record] = member(reply->elements.at(i).string);
        DeliveryAttempt attempt;
        attempt.id = id;
        attempt.subscription = subscription;
        attempt.logId = record.value(QLatin1String("log_id")).toInteger();
        attempt.webhookId = record.value(QLatin1String("webhook_id")).toString();
        attempt.attempt = record.value(QLatin1String("attempt")).toInt();
        attempt.attemptedAt = record.value(QLatin1String("attempted_at")).toInteger();
        attempt.status = record.value(QLatin1String("status")).toInt();
        attempt.latencyMs = record.value(QLatin1String("latency_ms")).toDouble();
        attempt.error = record.value(QLatin1String("error")).toString();
        attempts.append(attempt);
    }
    return attempts;
}

bool RedisStore::putManagedWebhook(const ManagedWebhook &webhook, QString *errorString)
{
    const std::optional<RedisReply> reply = m_connection->command({"HSET", managedWebhooksKey,
                                                                   managedWebhookField(webhook.provider, webhook.owner),
                                                                   CompactJson::text(webhook.toRecord())},
                                                                  errorString);
    if (!reply)
        *errorString = failure(QStringLiteral("cannot be written"), *errorString);
    return reply.has_value();
}

std::optional<bool> RedisStore::removeManagedWebhook(const QString &provider, const QString &owner,
                                                     QString *errorString)
{
    const std::optional<RedisReply> reply =
        m_connection->command({"HDEL", managedWebhooksKey, managedWebhookField(provider, owner)}, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be written"), *errorString);
        return std::nullopt;
    }
    return reply->integer > 0;
}

std::optional<QList<ManagedWebhook>> RedisStore::managedWebhooks(QString *errorString)
{
    const std::optional<RedisReply> reply = m_connection->command({"HVALS", managedWebhooksKey}, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    QList<ManagedWebhook> webhooks;
    for (const RedisReply &element : reply->elements)
        webhooks.append(ManagedWebhook::fromRecord(QJsonDocument::fromJson(element.string).object()));
    return webhooks;
}


std::optional<QJsonObject> RedisStore::pollCursor(const QString &trigger, const QString &owner, QString *errorString)
{
    const std::optional<RedisReply> reply =
        m_connection->command({"HGET", pollCursorsKey, pollCursorField(trigger, owner)}, errorString);
    if (!reply) {
        *errorString = failure(QStringLiteral("cannot be read"), *errorString);
        return std::nullopt;
    }
    return QJsonDocument::fromJson(reply->string).object(); // nil: an empty object
}

bool RedisStore::setPollCursor(const QString &trigger, const QString &owner, const QJsonObject &cursor,
                               QString *errorString)
{
    if (m_connection->command({"HSET", pollCursorsKey, pollCursorField(trigger, owner), CompactJson::text(cursor)},
                              errorString))
        return true;
    *errorString = failure(QStringLiteral("cannot be written"), *errorString);
    return false;
}

} // namespace ActionNode::Internal
