#include "selfsigning.h"

using namespace ActionNode;

SelfSigning::SelfSigning(const QJsonObject &transport, const Connection &connection)
    : m_transport(transport), m_connectionRevision(connection.revision())
{
    // The connection enforces the manifest: token_mode is rest or self-signed, api_key is set.
    m_signsLocally = connection.value(QStringLiteral("token_mode")) != QLatin1String("rest");
    if (!m_signsLocally)
        return;
    m_domainId = connection.value(QStringLiteral("domain_id"));
    m_apiKey = connection.value(QStringLiteral("api_key")).toUtf8();
    const QJsonObject selfSigned = transport.value(QLatin1String("selfSigned")).toObject();
    m_extraClaims = {ExtraClaim::of(selfSigned.value(QLatin1String("domainClaim")).toString(), m_domainId),
                     ExtraClaim::of(selfSigned.value(QLatin1String("issuedAtClaim")).toString(), 0)};
    // The meta-schema allows only the algorithms Jwt signs with, and selfSigned only with a tokenHeader.
    const QJsonObject header = transport.value(QLatin1String("tokenHeader")).toObject();
    m_algorithm = Jwt::algorithmNamed(header.value(QLatin1String("alg")).toString()).value_or(Jwt::Algorithm::HS256);
    // Only what differs from Jwt's own header, so that the usual header stays encoded once.
    m_headerFields = header;
    m_headerFields.remove(QStringLiteral("alg"));
    if (m_headerFields.value(QLatin1String("typ")) == QLatin1String("JWT"))
        m_headerFields.remove(QStringLiteral("typ"));
}

SelfSigning::~SelfSigning()
{
    m_apiKey.fill('\0');
}

bool SelfSigning::isSelfSignable(const QJsonObject &transport)
{
    return !transport.value(QLatin1String("selfSigned")).toObject().isEmpty();
}

bool SelfSigning::isFor(const QJsonObject &transport, const Connection &connection) const
{
    // Copies of one declaration share their data, so comparing transports is a pointer check.
    return connection.revision() == m_connectionRevision && transport == m_transport;
}

QList<ExtraClaim> SelfSigning::extraClaims(qint64 issuedAt) const
{
    // The domain is written as JSON once; per token only the time, whose JSON is its digits. The tokens a
    // thread signs within one second share one list, made again when the time or the SelfSigning changes.
    // The cache holds the list it copied, so no other list can take that data's address while it is cached.
    thread_local QList<ExtraClaim> copiedFrom;
    thread_local QList<ExtraClaim> claims;
    thread_local qint64 claimsIssuedAt = 0;
    if (copiedFrom.constData() != m_extraClaims.constData() || claimsIssuedAt != issuedAt) {
        copiedFrom = m_extraClaims;
        claims = m_extraClaims;
        claims.last().json = QByteArray::number(issuedAt);
        claimsIssuedAt = issuedAt;
    }
    return claims;
}

QByteArray SelfSigning::sign(const QByteArray &payload) const
{
    // Jwt keys each thread's HMAC once for as long as the key stays the same.
    return Jwt::signPayload(payload, m_apiKey, m_algorithm, m_headerFields);
}
