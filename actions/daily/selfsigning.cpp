#include "selfsigning.h"

using namespace ActionNode;

SelfSigning *SelfSigning::forThread(const QJsonObject &transport, const Connection &connection)
{
    thread_local std::unique_ptr<SelfSigning> current;
    // Copies of one declaration share their data, so comparing transports is a pointer check.
    if (current && current->m_transport == transport && current->m_connectionRevision == connection.revision())
        return current.get();
    if (transport.value(QLatin1String("selfSigned")).toObject().isEmpty())
        return nullptr;
    current.reset(new SelfSigning(transport, connection));
    return current.get();
}

SelfSigning::SelfSigning(const QJsonObject &transport, const Connection &connection)
    : m_transport(transport), m_connectionRevision(connection.revision())
{
    // The connection enforces the manifest: token_mode is rest or self-signed, api_key is set.
    m_signsLocally = connection.value(QStringLiteral("token_mode")) != QLatin1String("rest");
    if (!m_signsLocally)
        return;
    m_domainId = connection.value(QStringLiteral("domain_id"));
    const QJsonObject selfSigned = transport.value(QLatin1String("selfSigned")).toObject();
    m_extraClaims = {{selfSigned.value(QLatin1String("domainClaim")).toString(), m_domainId},
                     {selfSigned.value(QLatin1String("issuedAtClaim")).toString(), 0}};
    // The meta-schema allows only the algorithms Jwt signs with, and selfSigned only with a tokenHeader.
    const QJsonObject header = transport.value(QLatin1String("tokenHeader")).toObject();
    // Only what differs from Jwt's own header, so that the usual header stays Jwt's.
    QJsonObject headerFields = header;
    headerFields.remove(QStringLiteral("alg"));
    if (headerFields.value(QLatin1String("typ")) == QLatin1String("JWT"))
        headerFields.remove(QStringLiteral("typ"));
    QByteArray key = connection.value(QStringLiteral("api_key")).toUtf8();
    m_signer = std::make_unique<JwtSigner>(
        key, Jwt::algorithmNamed(header.value(QLatin1String("alg")).toString()).value_or(Jwt::Algorithm::HS256),
        headerFields);
    key.fill('\0'); // the signer keeps the one copy it needs
}

const QList<QPair<QString, QJsonValue>> &SelfSigning::extraClaims(qint64 issuedAt)
{
    m_extraClaims.last().second = issuedAt;
    return m_extraClaims;
}
