#include "signalwirestate.h"

#include <QDateTime>
#include <QUuid>

namespace ActionNode {

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

// The items of \a list whose \a key is \a value.
QJsonArray whose(const QJsonArray &list, const QString &key, const QString &value)
{
    QJsonArray result;
    for (const QJsonValue &item : list) {
        if (item.toObject().value(key).toString() == value)
            result.append(item);
    }
    return result;
}

std::optional<QJsonObject> withId(const QJsonArray &list, const QString &id)
{
    const QJsonArray found = whose(list, QStringLiteral("id"), id);
    return found.isEmpty() ? std::nullopt : std::optional<QJsonObject>(found.first().toObject());
}

} // namespace

void SignalWireState::reset()
{
    m_rooms.clear();
    m_sessions = {};
    m_members = {};
    m_recordings = {};
}

std::optional<QJsonObject> SignalWireState::createRoom(const QJsonObject &body, bool *duplicate)
{
    const QString name = body.value(QLatin1String("name")).toString();
    *duplicate = std::any_of(m_rooms.begin(), m_rooms.end(), [&name](const QJsonObject &room) {
        return room.value(QLatin1String("name")).toString() == name;
    });
    if (*duplicate || m_rooms.size() >= maxRooms)
        return std::nullopt;
    // The defaults of the create-room page; a time or number left out is null in its answers.
    QJsonObject room{{QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("display_name"), name},
                     {QStringLiteral("description"), QJsonValue()},
                     {QStringLiteral("max_members"), 20},
                     {QStringLiteral("quality"), QStringLiteral("720p")},
                     {QStringLiteral("fps"), 20},
                     {QStringLiteral("join_from"), QJsonValue()},
                     {QStringLiteral("join_until"), QJsonValue()},
                     {QStringLiteral("remove_at"), QJsonValue()},
                     {QStringLiteral("remove_after_seconds_elapsed"), QJsonValue()},
                     {QStringLiteral("layout"), QStringLiteral("grid-responsive")},
                     {QStringLiteral("record_on_start"), false},
                     {QStringLiteral("tone_on_entry_and_exit"), true},
                     {QStringLiteral("room_join_video_off"), false},
                     {QStringLiteral("user_join_video_off"), false},
                     {QStringLiteral("enable_room_previews"), false},
                     {QStringLiteral("sync_audio_video"), true},
                     {QStringLiteral("meta"), QJsonObject()},
                     {QStringLiteral("prioritize_handraise"), false},
                     {QStringLiteral("created_at"), now()},
                     {QStringLiteral("updated_at"), now()}};
    for (auto it = body.begin(); it != body.end(); ++it)
        room.insert(it.key(), it.value());
    m_rooms.append(room);
    return room;
}

std::optional<QJsonObject> SignalWireState::room(const QString &id, bool withActiveSession) const
{
    for (QJsonObject room : m_rooms) {
        if (room.value(QLatin1String("id")).toString() != id)
            continue;
        if (withActiveSession) {
            for (const QJsonValue &session : whose(m_sessions, QStringLiteral("room_id"), id)) {
                if (session.toObject().value(QLatin1String("status")).toString() == QLatin1String("in-progress"))
                    room.insert(QStringLiteral("active_session"), session);
            }
        }
        return room;
    }
    return std::nullopt;
}

std::optional<QJsonObject> SignalWireState::updateRoom(const QString &id, const QJsonObject &body)
{
    for (QJsonObject &room : m_rooms) {
        if (room.value(QLatin1String("id")).toString() != id)
            continue;
        for (auto it = body.begin(); it != body.end(); ++it)
            room.insert(it.key(), it.value());
        room.insert(QStringLiteral("updated_at"), now());
        return room;
    }
    return std::nullopt;
}

bool SignalWireState::deleteRoom(const QString &id)
{
    return m_rooms.removeIf([&id](const QJsonObject &room) { return room.value(QLatin1String("id")).toString() == id; })
           > 0;
}

QJsonArray SignalWireState::rooms(bool withActiveSession) const
{
    QJsonArray list;
    for (const QJsonObject &stored : m_rooms)
        list.append(*room(stored.value(QLatin1String("id")).toString(), withActiveSession));
    return list;
}

bool SignalWireState::seed(const QJsonObject &fixtures, QString *error)
{
    for (const char *key : {"room_sessions", "members", "recordings"}) {
        const QJsonValue value = fixtures.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        bool wellFormed = value.isArray();
        for (const QJsonValue &item : value.toArray())
            wellFormed = wellFormed && item.isObject() && item.toObject().value(QLatin1String("id")).isString();
        if (!wellFormed) {
            *error = QStringLiteral("%1 must be an array of objects with a string id").arg(QLatin1String(key));
            return false;
        }
    }
    if (fixtures.contains(QLatin1String("room_sessions")))
        m_sessions = fixtures.value(QLatin1String("room_sessions")).toArray();
    if (fixtures.contains(QLatin1String("members")))
        m_members = fixtures.value(QLatin1String("members")).toArray();
    if (fixtures.contains(QLatin1String("recordings")))
        m_recordings = fixtures.value(QLatin1String("recordings")).toArray();
    return true;
}

QJsonArray SignalWireState::sessions(const QUrlQuery &filters) const
{
    QJsonArray result;
    const auto filter = [&filters](const char *name) {
        return filters.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    for (const QJsonValue &item : m_sessions) {
        const QJsonObject session = item.toObject();
        const QString name = session.value(QLatin1String("name")).toString();
        if ((!filter("room_id").isEmpty() && session.value(QLatin1String("room_id")).toString() != filter("room_id"))
            || (!filter("room_name").isEmpty() && name != filter("room_name"))
            || (!filter("room_name_matches").isEmpty() && !name.contains(filter("room_name_matches")))
            || (!filter("status").isEmpty() && session.value(QLatin1String("status")).toString() != filter("status")))
            continue;
        result.append(session);
    }
    return result;
}

std::optional<QJsonObject> SignalWireState::session(const QString &id) const
{
    return withId(m_sessions, id);
}

QJsonArray SignalWireState::members(const QString &sessionId) const
{
    return whose(m_members, QStringLiteral("room_session_id"), sessionId);
}

QJsonArray SignalWireState::recordings(const QString &sessionId) const
{
    return sessionId.isEmpty() ? m_recordings : whose(m_recordings, QStringLiteral("room_session_id"), sessionId);
}

std::optional<QJsonObject> SignalWireState::recording(const QString &id) const
{
    return withId(m_recordings, id);
}

bool SignalWireState::deleteRecording(const QString &id)
{
    for (qsizetype i = 0; i < m_recordings.size(); ++i) {
        if (m_recordings.at(i).toObject().value(QLatin1String("id")).toString() == id) {
            m_recordings.removeAt(i);
            return true;
        }
    }
    return false;
}

std::optional<QJsonObject> SignalWireState::page(const QJsonArray &items, const QUrl &url, const QUrlQuery &query,
                                                 QString *attribute, QString *error)
{
    const auto number = [&query](const char *name, qint64 fallback, bool *ok) {
        const QString text = query.queryItemValue(QLatin1String(name));
        *ok = true;
        return text.isEmpty() ? fallback : text.toLongLong(ok);
    };
    bool sizeOk = false;
    bool numberOk = false;
    const qint64 size = number("page_size", 50, &sizeOk);
    const qint64 pageNumber = number("page_number", 0, &numberOk);
    const QString token = query.queryItemValue(QStringLiteral("page_token"));
    if (!sizeOk || size < 1 || size > 1000) {
        *attribute = QStringLiteral("page_size");
        *error = QStringLiteral("must be between 1 and 1000");
        return std::nullopt;
    }
    // The emulator's page token names the page it leads to; SignalWire's is as opaque to a client.
    if (!numberOk || pageNumber < 0 || (pageNumber > 0 && token != QStringLiteral("PA%1").arg(pageNumber))) {
        *attribute = pageNumber > 0 ? QStringLiteral("page_token") : QStringLiteral("page_number");
        *error = pageNumber > 0 ? QStringLiteral("is required and must be the one of a link when page_number is "
                                                 "greater than 0")
                                : QStringLiteral("must be greater than or equal to 0");
        return std::nullopt;
    }
    const auto link = [&url, size](qint64 page) {
        QUrl linked = url;
        QUrlQuery linkQuery;
        linkQuery.addQueryItem(QStringLiteral("page_number"), QString::number(page));
        linkQuery.addQueryItem(QStringLiteral("page_size"), QString::number(size));
        if (page > 0)
            linkQuery.addQueryItem(QStringLiteral("page_token"), QStringLiteral("PA%1").arg(page));
        linked.setQuery(linkQuery);
        return linked.toString();
    };
    QJsonArray data;
    const qint64 first = pageNumber * size;
    for (qint64 i = first; i < items.size() && i < first + size; ++i)
        data.append(items.at(i));
    QJsonObject links{{QStringLiteral("self"), link(pageNumber)}, {QStringLiteral("first"), link(0)}};
    if (first + size < items.size())
        links.insert(QStringLiteral("next"), link(pageNumber + 1));
    if (pageNumber > 0)
        links.insert(QStringLiteral("prev"), link(pageNumber - 1));
    return QJsonObject{{QStringLiteral("links"), links}, {QStringLiteral("data"), data}};
}

} // namespace ActionNode
