#include "dailystate.h"

#include "providerreference.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

namespace ActionNode {

namespace {

const QLatin1String propertiesKey("properties");
// What Daily's room body holds beside "properties".
const QStringList topLevelMembers = {QStringLiteral("name"), QStringLiteral("privacy")};

// Daily's room body, its properties and what goes beside them in one object, as its reference states it.
ActionSpec roomBody()
{
    return ProviderReference::body(QStringLiteral("daily"), QStringLiteral("room-body.json"));
}

QJsonArray filtered(const QJsonArray &items, const QString &key, const QString &value)
{
    if (value.isEmpty())
        return items;
    QJsonArray result;
    for (const QJsonValue &item : items) {
        if (item.toObject().value(key).toString() == value)
            result.append(item);
    }
    return result;
}

} // namespace

DailyState::DailyState(QString domainName) : m_domainName(std::move(domainName)) {}

void DailyState::reset()
{
    m_rooms.clear();
    m_meetings = {};
    m_recordings = {};
    m_presence = {};
}

bool DailyState::checkRoom(const QJsonObject &topLevel, const QJsonObject &properties, QString *error) const
{
    QJsonObject body = properties;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (topLevelMembers.contains(it.key())) {
            *error = QStringLiteral("%1 is not a room property; it goes beside \"properties\"").arg(it.key());
            return false;
        }
    }
    for (auto it = topLevel.begin(); it != topLevel.end(); ++it) {
        if (it.key() == propertiesKey)
            continue;
        if (!topLevelMembers.contains(it.key())) {
            *error = QStringLiteral("unknown field \"%1\" in the request body; room settings go in \"properties\"")
                         .arg(it.key().left(64));
            return false;
        }
        body.insert(it.key(), it.value());
    }
    *error = ProviderReference::problem(roomBody(), body);
    return error->isEmpty();
}

QString DailyState::generatedName() const
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString name;
    for (int i = 0; i < 20; ++i)
        name.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet - 1))]));
    return name;
}

std::optional<QJsonObject> DailyState::createRoom(const QJsonObject &body, QString *error)
{
    const QJsonObject properties = body.value(propertiesKey).toObject();
    if (!checkRoom(body, properties, error))
        return std::nullopt;
    if (m_rooms.size() >= maxRooms) {
        *error = QStringLiteral("this domain already has %1 rooms").arg(maxRooms);
        return std::nullopt;
    }
    QString name = body.value(QLatin1String("name")).toString();
    if (name.isEmpty())
        name = generatedName();
    if (room(name)) {
        *error = QStringLiteral("a room named %1 already exists").arg(name);
        return std::nullopt;
    }
    const QJsonValue privacy = body.value(QLatin1String("privacy"));
    const QJsonObject created{
        {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("name"), name},
        {QStringLiteral("api_created"), true},
        {QStringLiteral("privacy"), privacy.isString() ? privacy.toString() : QStringLiteral("public")},
        {QStringLiteral("url"), QStringLiteral("https://%1.daily.co/%2").arg(m_domainName, name)},
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("config"), properties},
    };
    m_rooms.append(created);
    return created;
}

std::optional<QJsonObject> DailyState::room(const QString &name) const
{
    for (const QJsonObject &room : m_rooms) {
        if (room.value(QLatin1String("name")).toString() == name)
            return room;
    }
    return std::nullopt;
}

std::optional<QJsonObject> DailyState::updateRoom(const QString &name, const QJsonObject &body, QString *error,
                                                  bool *notFound)
{
    *notFound = false;
    for (QJsonObject &room : m_rooms) {
        if (room.value(QLatin1String("name")).toString() != name)
            continue;
        const QJsonValue privacy = body.value(QLatin1String("privacy"));
        const QJsonObject properties = body.value(propertiesKey).toObject();
        QJsonObject config = room.value(QLatin1String("config")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            config.insert(it.key(), it.value());
        // The room as it would be after the update is checked as a created one.
        const QJsonObject topLevel{
            {QStringLiteral("privacy"), privacy.isUndefined() ? room.value(QLatin1String("privacy")) : privacy}};
        if (!checkRoom(topLevel, config, error))
            return std::nullopt;
        room.insert(QStringLiteral("config"), config);
        if (privacy.isString())
            room.insert(QStringLiteral("privacy"), privacy);
        return room;
    }
    *notFound = true;
    return std::nullopt;
}

bool DailyState::deleteRoom(const QString &name)
{
    for (qsizetype i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms.at(i).value(QLatin1String("name")).toString() == name) {
            m_rooms.removeAt(i);
            return true;
        }
    }
    return false;
}

QJsonArray DailyState::rooms() const
{
    QJsonArray newestFirst;
    for (auto it = m_rooms.crbegin(); it != m_rooms.crend(); ++it)
        newestFirst.append(*it);
    return newestFirst;
}

std::optional<QJsonObject> DailyState::page(const QJsonArray &items, const QUrlQuery &query, QString *error)
{
    int limit = 100;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 100) {
            *error = QStringLiteral("limit must be an integer from 1 to 100");
            return std::nullopt;
        }
    }
    qsizetype first = 0;
    qsizetype end = items.size();
    const auto indexOf = [&items](const QString &id) -> qsizetype {
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (items.at(i).toObject().value(QLatin1String("id")).toString() == id)
                return i;
        }
        return -1;
    };
    if (query.hasQueryItem(QStringLiteral("starting_after"))) {
        const qsizetype at = indexOf(query.queryItemValue(QStringLiteral("starting_after"), QUrl::FullyDecoded));
        if (at < 0) {
            *error = QStringLiteral("starting_after names no known id");
            return std::nullopt;
        }
        first = at + 1;
    }
    if (query.hasQueryItem(QStringLiteral("ending_before"))) {
        const qsizetype at = indexOf(query.queryItemValue(QStringLiteral("ending_before"), QUrl::FullyDecoded));
        if (at < 0) {
            *error = QStringLiteral("ending_before names no known id");
            return std::nullopt;
        }
        end = at;
        first = std::max<qsizetype>(first, end - limit);
    }
    QJsonArray data;
    for (qsizetype i = first; i < end && data.size() < limit; ++i)
        data.append(items.at(i));
    return QJsonObject{{QStringLiteral("total_count"), items.size()}, {QStringLiteral("data"), data}};
}

bool DailyState::seed(const QJsonObject &fixtures, QString *error)
{
    for (const char *key : {"meetings", "recordings"}) {
        const QJsonValue value = fixtures.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        if (!value.isArray()) {
            *error = QStringLiteral("%1 must be an array of objects").arg(QLatin1String(key));
            return false;
        }
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isObject() || !item.toObject().value(QLatin1String("id")).isString()) {
                *error = QStringLiteral("every item of %1 must be an object with a string id").arg(QLatin1String(key));
                return false;
            }
        }
    }
    const QJsonValue presence = fixtures.value(QLatin1String("presence"));
    if (!presence.isUndefined() && !presence.isObject()) {
        *error = QStringLiteral("presence must be an object of room name -> participants");
        return false;
    }
    if (fixtures.contains(QLatin1String("meetings")))
        m_meetings = fixtures.value(QLatin1String("meetings")).toArray();
    if (fixtures.contains(QLatin1String("recordings")))
        m_recordings = fixtures.value(QLatin1String("recordings")).toArray();
    if (presence.isObject())
        m_presence = presence.toObject();
    return true;
}

QJsonArray DailyState::meetings(const QUrlQuery &query) const
{
    QJsonArray result;
    const QString room = query.queryItemValue(QStringLiteral("room"), QUrl::FullyDecoded);
    const QString ongoing = query.queryItemValue(QStringLiteral("ongoing"));
    const bool withoutParticipants = query.queryItemValue(QStringLiteral("no_participants")) == QLatin1String("true");
    bool hasStart = false;
    bool hasEnd = false;
    const qint64 start = query.queryItemValue(QStringLiteral("timeframe_start")).toLongLong(&hasStart);
    const qint64 end = query.queryItemValue(QStringLiteral("timeframe_end")).toLongLong(&hasEnd);
    for (const QJsonValue &item : filtered(m_meetings, QStringLiteral("room"), room)) {
        const QJsonObject meeting = item.toObject();
        const qint64 startTime = meeting.value(QLatin1String("start_time")).toInteger();
        if ((hasStart && startTime < start) || (hasEnd && startTime >= end))
            continue;
        if (!ongoing.isEmpty()
            && meeting.value(QLatin1String("ongoing")).toBool() != (ongoing == QLatin1String("true")))
            continue;
        QJsonObject listed = meeting;
        if (withoutParticipants)
            listed.remove(QLatin1String("participants"));
        result.append(listed);
    }
    return result;
}

QJsonArray DailyState::recordings(const QUrlQuery &query) const
{
    return filtered(m_recordings, QStringLiteral("room_name"),
                    query.queryItemValue(QStringLiteral("room_name"), QUrl::FullyDecoded));
}

std::optional<QJsonObject> DailyState::recording(const QString &id) const
{
    for (const QJsonValue &item : m_recordings) {
        if (item.toObject().value(QLatin1String("id")).toString() == id)
            return item.toObject();
    }
    return std::nullopt;
}

} // namespace ActionNode
