#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace ActionNode {

/*!
    Which webhook targets the host may connect to, so that a subscriber
    cannot make it reach the operator's own network (SSRF). A target must
    be \c https; every address its host name resolves to must be public:
    loopback, private (RFC 1918, 100.64/10), link-local (169.254/16 with the
    cloud metadata address, fe80::/10), unique-local (fc00::/7),
    unspecified, multicast and broadcast addresses are refused, as are
    IPv4-mapped IPv6 forms of them. The operator may allow loopback targets,
    plain \c http among them (development), and private ones.

    The check runs on the resolved addresses, and the delivery connects to
    the address that passed (never resolving the name again), so a name
    that changes its answer between check and use gains nothing.
*/
class TargetPolicy
{
public:
    struct Rules
    {
        bool allowLoopback = false; //!< loopback targets, with \c http too
        bool allowPrivate = false;  //!< private, link-local and unique-local addresses (over https)
    };

    //! Calls \a done with the addresses of \a hostName, or an error sentence.
    using Done = std::function<void(const QList<QHostAddress> &addresses, const QString &error)>;
    using Resolver = std::function<void(const QString &hostName, QObject *context, const Done &done)>;

    //! The address a delivery connects to, or why there is none.
    struct Checked
    {
        QHostAddress address;
        QString error;
    };

    explicit TargetPolicy(const Rules &rules, Resolver resolver = systemResolver());

    //! QHostInfo's lookup (an address literal answers at once).
    static Resolver systemResolver();

    /*!
        Why \a url cannot be a target before any lookup (not absolute, not
        https where that is needed, user info, an address literal that is
        refused); empty when it may be one. Safe to show the caller.
    */
    QString problemWithUrl(const QUrl &url) const;
    //! Why \a address is refused; empty when it is allowed.
    QString problemWithAddress(const QHostAddress &address) const;
    //! Resolves \a url's host and calls \a done with the first address once every one of them passed.
    void check(const QUrl &url, QObject *context, const std::function<void(const Checked &)> &done) const;

private:
    Rules m_rules;
    Resolver m_resolver;
};

} // namespace ActionNode
