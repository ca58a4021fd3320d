#pragma once

#include <actionnode/connection.h>
#include <actionnode/sdk/claimmapping.h>
#include <actionnode/sdk/jwt.h>

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

/*!
    What signing Daily's meeting tokens locally needs of one self-signable
    declaration and one connection: the declaration's claim names and
    header, the connection's token mode, domain id and API key (as UTF-8).
    Made again only when either changes (another transport, another
    Connection::revision()), so that a token reads neither the declaration
    nor the connection. Immutable once made: threads share it.
*/
class SelfSigning
{
public:
    SelfSigning(const QJsonObject &transport, const ActionNode::Connection &connection);
    ~SelfSigning();
    SelfSigning(const SelfSigning &) = delete;
    SelfSigning &operator=(const SelfSigning &) = delete;

    //! True when a declaration with \a transport can be self-signed (it has transport.selfSigned).
    static bool isSelfSignable(const QJsonObject &transport);
    //! True when it was made for \a transport and these settings of \a connection.
    bool isFor(const QJsonObject &transport, const ActionNode::Connection &connection) const;

    //! False in token_mode "rest": the declared REST call makes the token.
    bool signsLocally() const { return m_signsLocally; }
    //! The connection's domain_id; empty when it is not set.
    const QString &domainId() const { return m_domainId; }
    //! The claims a token carries besides the inputs': the domain, and \a issuedAt.
    QList<ActionNode::ExtraClaim> extraClaims(qint64 issuedAt) const;
    //! The token of \a payload, signed with the API key.
    QByteArray sign(const QByteArray &payload) const;

private:
    QJsonObject m_transport; //!< what it was made for; copies of one declaration share it
    quint64 m_connectionRevision;
    bool m_signsLocally;
    QString m_domainId;
    QList<ActionNode::ExtraClaim> m_extraClaims; //!< the domain, then the issued-at time (0)
    QByteArray m_apiKey;                         //!< wiped when it is destroyed
    ActionNode::Jwt::Algorithm m_algorithm = ActionNode::Jwt::Algorithm::HS256;
    QJsonObject m_headerFields; //!< transport.tokenHeader where it differs from Jwt's own
};
