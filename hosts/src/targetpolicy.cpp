#include "targetpolicy.h"

#include <QHostInfo>

namespace ActionNode {

namespace {

bool inSubnet(const QHostAddress &address, const char *subnet)
{
    return address.isInSubnet(QHostAddress::parseSubnet(QString::fromLatin1(subnet)));
}

bool isLoopbackName(const QString &host)
{
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
}

// The IPv4 address an IPv4-mapped IPv6 one stands for; the address itself otherwise.
QHostAddress unmapped(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

TargetPolicy::TargetPolicy(const Rules &rules, Resolver resolver) : m_rules(rules), m_resolver(std::move(resolver)) {}

TargetPolicy::Resolver TargetPolicy::systemResolver()
{
    return [](const QString &hostName, QObject *context, const Done &done) {
        QHostInfo::lookupHost(hostName, context, [done](const QHostInfo &info) {
            if (info.error() != QHostInfo::NoError)
                done({}, QStringLiteral("its host name does not resolve: %1").arg(info.errorString()));
            else
                done(info.addresses(), {});
        });
    };
}

QString TargetPolicy::problemWithUrl(const QUrl &url) const
{
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QStringLiteral("target_url must be an absolute https URL");
    if (!url.userInfo().isEmpty())
        return QStringLiteral("target_url must not carry a user name or password");
    if (!url.fragment().isEmpty())
        return QStringLiteral("target_url must not have a fragment");
    const QHostAddress literal(url.host());
    const bool loopbackHost = isLoopbackName(url.host()) || (!literal.isNull() && unmapped(literal).isLoopback());
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && !(scheme == QLatin1String("http") && m_rules.allowLoopback && loopbackHost))
        return m_rules.allowLoopback ? QStringLiteral("target_url must be https (http only for a loopback host)")
                                     : QStringLiteral("target_url must be https");
    if (isLoopbackName(url.host()) && !m_rules.allowLoopback)
        return QStringLiteral("target_url must not be a loopback host (the operator has not allowed them)");
    if (!literal.isNull()) {
        const QString problem = problemWithAddress(literal);
        if (!problem.isEmpty())
            return QStringLiteral("target_url: ") + problem;
    }
    return {};
}

QString TargetPolicy::problemWithAddress(const QHostAddress &given) const
{
    const QHostAddress address = unmapped(given);
    const QString shown = address.toString();
    if (address.isLoopback())
        return m_rules.allowLoopback
                   ? QString()
                   : QStringLiteral("%1 is a loopback address (the operator has not allowed them)").arg(shown);
    if (address.isNull() || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6
        || address.isMulticast() || address.isBroadcast() || inSubnet(address, "0.0.0.0/8")
        || inSubnet(address, "240.0.0.0/4"))
        return QStringLiteral("%1 is not an address a webhook can be sent to").arg(shown);
    const bool isPrivate = address.isUniqueLocalUnicast() || address.isSiteLocal() || address.isLinkLocal()
                           || inSubnet(address, "10.0.0.0/8") || inSubnet(address, "172.16.0.0/12")
                           || inSubnet(address, "192.168.0.0/16") || inSubnet(address, "100.64.0.0/10")
                           || inSubnet(address, "192.0.0.0/24");
    if (isPrivate && !m_rules.allowPrivate)
        return QStringLiteral("%1 is a private, link-local or metadata address (the operator has not allowed them)")
            .arg(shown);
    return {};
}

void TargetPolicy::check(const QUrl &url, QObject *context, const std::function<void(const Checked &)> &done) const
{
    const QString urlProblem = problemWithUrl(url);
    if (!urlProblem.isEmpty()) {
        done({{}, urlProblem});
        return;
    }
    const TargetPolicy policy = *this;
    const bool plainHttp = url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0;
    m_resolver(url.host(), context,
               [policy, plainHttp, done](const QList<QHostAddress> &addresses, const QString &error) {
                   if (!error.isEmpty() || addresses.isEmpty()) {
                       done({{}, error.isEmpty() ? QStringLiteral("its host name has no address") : error});
                       return;
                   }
                   // One refused address refuses them all: which one a connection would get is not ours to choose.
                   for (const QHostAddress &address : addresses) {
                       const QString problem = policy.problemWithAddress(address);
                       if (!problem.isEmpty()) {
                           done({{}, problem});
                           return;
                       }
                       if (plainHttp && !unmapped(address).isLoopback()) {
                           done({{},
                                 QStringLiteral("http is allowed for loopback addresses only, not %1")
                                     .arg(address.toString())});
                           return;
                       }
                   }
                   done({addresses.first(), {}});
               });
}

} // namespace ActionNode
