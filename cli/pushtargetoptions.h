#pragma once

#include <actionnode/pushsubscriptions.h>

#include <QCommandLineOption>
#include <QCommandLineParser>

/*!
    The one place where the commands that keep push subscriptions declare
    and read how targets are checked (\c --allow-loopback-targets,
    \c --allow-private-targets) and, for those that deliver (serve),
    how pushes are retried (\c --push-retry-schedule, \c --push-timeout-ms).
*/
class PushTargetOptions
{
public:
    //! What the command does with the subscriptions.
    enum class Use {
        Manages,  //!< makes and changes them; a host on the same store delivers
        Delivers, //!< pushes their events too
    };

    explicit PushTargetOptions(Use use) : m_use(use) {}

    void addTo(QCommandLineParser &parser) const;
    //! Takes the parsed options; false with \a errorString when a schedule or timeout is out of range.
    bool read(const QCommandLineParser &parser, QString *errorString);
    //! The options read, to construct ActionNode::PushSubscriptions with.
    const ActionNode::PushOptions &options() const { return m_options; }

private:
    Use m_use;
    ActionNode::PushOptions m_options;
    QCommandLineOption m_allowLoopbackTargets{
        QStringLiteral("allow-loopback-targets"),
        QStringLiteral("Let subscriptions push to loopback addresses, over plain http too (development only).")};
    QCommandLineOption m_allowPrivateTargets{
        QStringLiteral("allow-private-targets"),
        QStringLiteral("Let subscriptions push to private, link-local, unique-local and metadata addresses.")};
    QCommandLineOption m_pushRetrySchedule{
        QStringLiteral("push-retry-schedule"),
        QStringLiteral("Waits before each retry of a failed push, in milliseconds, comma-separated (default "
                       "5000,300000,1800000,7200000,18000000,28800000,28800000)."),
        QStringLiteral("ms,...")};
    QCommandLineOption m_pushTimeout{QStringLiteral("push-timeout-ms"),
                                     QStringLiteral("How long a push target has to connect, then to answer (default "
                                                    "10000 and 30000)."),
                                     QStringLiteral("ms")};
};
