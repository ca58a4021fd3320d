#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace ActionNode {

/*!
    What the emulated SignalWire project holds between requests: its video
    rooms (made, read, listed, changed and deleted through the API) and the
    room sessions, their members and the recordings that tests seed through
    the control API (\c{POST /_emulator/signalwire/fixtures}); recordings can
    also be deleted. Lists are paged as SignalWire's Paging page says:
    \c page_size (1 to 1000, 50 by default), \c page_number and
    \c page_token, and \c links with \c self, \c first, \c next and \c prev
    URLs to follow.
*/
class SignalWireState
{
public:
    //! At most this many rooms are kept: a hostile client cannot exhaust memory.
    static constexpr int maxRooms = 10000;

    void reset();

    //! The new room; null with \a duplicate set when its name is taken.
    std::optional<QJsonObject> createRoom(const QJsonObject &body, bool *duplicate);
    std::optional<QJsonObject> room(const QString &id, bool withActiveSession) const;
    std::optional<QJsonObject> updateRoom(const QString &id, const QJsonObject &body);
    bool deleteRoom(const QString &id);
    QJsonArray rooms(bool withActiveSession) const;

    //! Replaces the fixtures given: \c room_sessions, \c members and \c recordings (objects with a string \c id).
    bool seed(const QJsonObject &fixtures, QString *error);
    QJsonArray sessions(const QUrlQuery &filters) const;
    std::optional<QJsonObject> session(const QString &id) const;
    QJsonArray members(const QString &sessionId) const;
    QJsonArray recordings(const QString &sessionId = {}) const;
    std::optional<QJsonObject> recording(const QString &id) const;
    bool deleteRecording(const QString &id);

    /*!
        One page of \a items as SignalWire lists them: {"links", "data"}, the
        links absolute URLs under \a url (the request's, without query).
        Null with \a error for bad paging parameters.
    */
    static std::optional<QJsonObject> page(const QJsonArray &items, const QUrl &url, const QUrlQuery &query,
                                           QString *attribute, QString *error);

private:
    QList<QJsonObject> m_rooms; //!< oldest first
    QJsonArray m_sessions;
    QJsonArray m_members;
    QJsonArray m_recordings;
};

} // namespace ActionNode
