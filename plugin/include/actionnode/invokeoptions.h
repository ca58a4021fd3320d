#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/connection.h>
#include <actionnode/license.h>

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace ActionNode {

/*!
    How one call of Runtime::invoke() (or Runtime::check()) differs from the
    runtime's own settings, so that a host serving many callers passes each
    caller's licence and connections with its call instead of changing the
    shared runtime.

    \code
    ActionNode::InvokeOptions options;
    options.license = License::fromJson(document);   // this caller's licence
    options.strict = true;                            // warnings are errors
    options.connections.append(callersDailyConnection);
    runtime.invoke("daily.create_meeting_token", inputs, options);
    \endcode

    Each member left as it is falls back to the runtime: Runtime::license(),
    Runtime::warningsAsErrors(), Runtime::connection().
*/
struct ACTIONNODE_EXPORT InvokeOptions
{
    //! The licence the call is gated by; absent: the runtime's.
    std::optional<License> license;
    //! Whether declared warnings refuse the call as errors; absent: Runtime::warningsAsErrors().
    std::optional<bool> strict;
    /*!
        The version of the declaration the inputs were saved under: they are
        upgraded with its \c migrations (ActionSpec::migrateInputs()) before
        anything else, each change reported as a warning \c migrated. Inputs
        it cannot migrate are refused as \c invalid_input naming both
        versions. Empty: the inputs are of the current version.
    */
    QString savedVersion;
    /*!
        Only validate and gate: the call answers what invoking would refuse
        (invalid inputs, locked fields, warnings when strict) or succeeds
        with no outputs and the warnings, without resolving a connection or
        sending anything.
    */
    bool dryRun = false;
    /*!
        Connections used for this call instead of the runtime's, one per
        provider (Connection::providerId()); a provider without one here uses
        the runtime's. Each is checked as the runtime's are: its problems()
        refuse the call as a configuration error (\c connection_error), before
        anything is sent.
    */
    QList<Connection> connections;

    //! Receives one item of a list action's result.
    using ItemSink = std::function<void(const QJsonObject &item)>;
    /*!
        When set, a paginated list action runs over every page, one page at a
        time, handing each item here as its page arrives, so that memory does
        not grow with the number of items. The result's outputs are those of
        the last page without the items, plus \c pages and \c items (counts).
        A provider whose cursor comes back to one of an earlier page, or that
        is still answering full pages after Runtime::maxPages(), fails the
        list with \c provider_error (rule \c pagination_limit). An action
        without pagination runs as without it. Unset: a list action returns
        one page.
    */
    ItemSink allPages;

    //! The connection given for \a providerId, or null when the runtime's applies.
    const Connection *connectionFor(const QString &providerId) const;
    /*!
        The provider account a call of \a providerId's is made for, which
        owns the runs, events and subscriptions it leaves: a digest of the
        account settings of the connection given for it (never a secret;
        the same settings always give the same owner), empty when the
        runtime's own connection applies.
    */
    QString ownerFor(const QString &providerId) const;
};

} // namespace ActionNode
