#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace ActionNode {

/*!
    What the emulated Daily domain holds between requests: its rooms (made,
    read, listed, changed and deleted through the API) and the meetings,
    presence and recordings that tests seed through the control API
    (\c{POST /_emulator/daily/fixtures}).

    Room bodies are checked against Daily's reference
    (\c emulator/reference/daily/room-body.json, through ProviderReference),
    not against the create-room declaration, so that a declaration that
    strays from Daily is refused here as Daily would refuse it. Each
    method answers with an error text in \a error for Daily's
    \c invalid-request-error, or sets \a notFound.
*/
class DailyState
{
public:
    //! At most this many rooms are kept: a hostile client cannot exhaust memory.
    static constexpr int maxRooms = 10000;

    explicit DailyState(QString domainName);

    void setDomainName(const QString &name) { m_domainName = name; }
    void reset();

    std::optional<QJsonObject> createRoom(const QJsonObject &body, QString *error);
    std::optional<QJsonObject> room(const QString &name) const;
    std::optional<QJsonObject> updateRoom(const QString &name, const QJsonObject &body, QString *error, bool *notFound);
    bool deleteRoom(const QString &name);
    //! One page of \a items (newest first) as Daily lists: {"total_count", "data"}; null with \a error for bad paging.
    static std::optional<QJsonObject> page(const QJsonArray &items, const QUrlQuery &query, QString *error);
    QJsonArray rooms() const;

    /*!
        Replaces the seeded fixtures given in \a fixtures: \c meetings and
        \c recordings (arrays of objects, each with an \c id), \c presence
        (an object). False with \a error when they are malformed.
    */
    bool seed(const QJsonObject &fixtures, QString *error);
    //! The seeded meetings \a query selects (room, timeframe, ongoing); \c no_participants=true leaves out their lists.
    QJsonArray meetings(const QUrlQuery &query) const;
    QJsonObject presence() const { return m_presence; }
    QJsonArray recordings(const QUrlQuery &query) const;
    std::optional<QJsonObject> recording(const QString &id) const;

private:
    /*!
        Whether Daily's reference accepts a room with body fields
        \a topLevel (name, privacy; "properties" is skipped) and
        \a properties; else false with \a error naming the property.
    */
    bool checkRoom(const QJsonObject &topLevel, const QJsonObject &properties, QString *error) const;
    QString generatedName() const;

    QString m_domainName;
    QList<QJsonObject> m_rooms; //!< oldest first
    QJsonArray m_meetings;
    QJsonArray m_recordings;
    QJsonObject m_presence;
};

} // namespace ActionNode
