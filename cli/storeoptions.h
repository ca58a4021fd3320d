#pragma once

#include <actionnode/session.h>
#include <actionnode/store.h>

#include <QCommandLineOption>
#include <QCommandLineParser>

/*!
    The one place where the commands that keep state (serve --http, listen)
    declare and read the store's options: \c --store (a SQLite file,
    \c :memory:, or a Redis server \c{redis://host:port/db} that replicas
    share; default Store::defaultLocation()) and its retention,
    \c --keep-events, \c --keep-event-days, \c --keep-runs and
    \c --keep-run-days.
*/
class StoreOptions
{
public:
    void addTo(QCommandLineParser &parser) const;
    //! Takes the parsed options; false with \a errorString when a retention is not a whole number of 1 or more.
    bool read(const QCommandLineParser &parser, QString *errorString);
    //! Whether \c --store was given (a command whose store is optional keeps none otherwise).
    bool isSet() const { return m_given; }
    //! Sets the session's store location and retention from the options read.
    void configure(ActionNode::SessionOptions *options) const;

private:
    QCommandLineOption m_store{QStringLiteral("store"),
                               QStringLiteral("The store of events and runs: a SQLite file, :memory:, or "
                                              "redis://host:port/db, shared by replicas with their rate limits "
                                              "(default %1).")
                                   .arg(ActionNode::Store::defaultLocation()),
                               QStringLiteral("location")};
    QCommandLineOption m_keepEvents{
        QStringLiteral("keep-events"),
        QStringLiteral("Trigger events kept (default %1).").arg(ActionNode::StoreRetention().maxEvents),
        QStringLiteral("count"), QString::number(ActionNode::StoreRetention().maxEvents)};
    QCommandLineOption m_keepEventDays{QStringLiteral("keep-event-days"),
                                       QStringLiteral("Days a trigger event is kept (default %1).")
                                           .arg(ActionNode::StoreRetention().maxEventAgeSeconds / 86400),
                                       QStringLiteral("days"),
                                       QString::number(ActionNode::StoreRetention().maxEventAgeSeconds / 86400)};
    QCommandLineOption m_keepRuns{
        QStringLiteral("keep-runs"),
        QStringLiteral("Runs kept in the history (default %1).").arg(ActionNode::StoreRetention().maxRuns),
        QStringLiteral("count"), QString::number(ActionNode::StoreRetention().maxRuns)};
    QCommandLineOption m_keepRunDays{
        QStringLiteral("keep-run-days"),
        QStringLiteral("Days a run is kept (default %1).").arg(ActionNode::StoreRetention().maxRunAgeSeconds / 86400),
        QStringLiteral("days"), QString::number(ActionNode::StoreRetention().maxRunAgeSeconds / 86400)};
    QString m_location;
    bool m_given = false;
    ActionNode::StoreRetention m_retention;
};
