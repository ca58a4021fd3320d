#pragma once

#include <actionnode/connection.h>
#include <actionnode/jwt.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

/*!
    What signing Daily's meeting tokens locally needs of one self-signable
    declaration and one connection: the declaration's claim names and
    header, the connection's token mode and domain id, and a JwtSigner keyed
    with its API key. Made again only when either changes (another
    transport, another Connection::revision()), so that a token reads
    neither the declaration nor the connection, takes no lock and keys no
    HMAC.

    Reentrant, not thread-safe (its signer is not): each thread keeps its
    own, see forThread().
*/
class SelfSigning
{
public:
    /*!
        This thread's self-signing for \a transport (a declaration's) and
        \a connection, made anew when either differs from the last ones;
        null when the declaration cannot be self-signed. A thread keeps one:
        alternating between two self-signable declarations or two
        connections makes it anew each time.
    */
    static SelfSigning *forThread(const QJsonObject &transport, const ActionNode::Connection &connection);

    //! False in token_mode "rest": the declared REST call makes the token.
    bool signsLocally() const { return m_signsLocally; }
    //! The connection's domain_id; empty when it is not set.
    const QString &domainId() const { return m_domainId; }
    //! The claims a token carries besides the inputs': the domain, and \a issuedAt.
    const QList<QPair<QString, QJsonValue>> &extraClaims(qint64 issuedAt);
    ActionNode::JwtSigner &signer() { return *m_signer; }

private:
    SelfSigning(const QJsonObject &transport, const ActionNode::Connection &connection);

    QJsonObject m_transport; //!< what it was made for; another declaration's transport makes it anew
    quint64 m_connectionRevision;
    bool m_signsLocally;
    QString m_domainId;
    QList<QPair<QString, QJsonValue>> m_extraClaims; //!< the domain, then the issued-at time
    std::unique_ptr<ActionNode::JwtSigner> m_signer;
};
