#include <actionnode/webhookverifier.h>

#include <QDateTime>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace ActionNode {

namespace {

constexpr int maxTimestampDigits = 13; // milliseconds until the year 2286: longer is not a time
// Daily's reference does not say whether the timestamp is in seconds or
// milliseconds; seconds stay below this until the year 33658.
constexpr qint64 firstMillisecondTimestamp = 1'000'000'000'000;

QByteArray decodedKey(const QByteArray &base64Secret)
{
    const auto decoded = QByteArray::fromBase64Encoding(base64Secret.trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? decoded.decoded : QByteArray();
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &timestamp, const QByteArray &body)
{
    const QByteArray message = timestamp + '.' + body;
    unsigned char digest[EVP_MAX_MD_SIZE];
    size_t length = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.constData(), size_t(key.size()),
                   reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()), digest,
                   sizeof digest, &length))
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), qsizetype(length));
}

} // namespace

WebhookVerifier::WebhookVerifier() : m_now([] { return QDateTime::currentSecsSinceEpoch(); }) {}

bool WebhookVerifier::setSecret(const QByteArray &base64Secret, QString *errorString)
{
    const QByteArray key = decodedKey(base64Secret);
    if (key.isEmpty()) {
        *errorString = base64Secret.trimmed().isEmpty()
                           ? QStringLiteral("the webhook secret is empty")
                           : QStringLiteral("the webhook secret is not base64 (Daily's hmac is base64-encoded)");
        return false;
    }
    m_key = key;
    return true;
}

WebhookVerifier::Result WebhookVerifier::verify(const QByteArray &timestamp, const QByteArray &signature,
                                                const QByteArray &body) const
{
    if (m_key.isEmpty())
        return {Verdict::NoSecret, QStringLiteral("no webhook secret is configured, so no delivery can be verified")};
    if (timestamp.isEmpty() || signature.isEmpty())
        return {Verdict::MissingHeaders, QStringLiteral("the %1 and %2 headers are required")
                                             .arg(QLatin1String(timestampHeader()), QLatin1String(signatureHeader()))};
    bool isNumber = timestamp.size() <= maxTimestampDigits;
    for (const char c : timestamp)
        isNumber = isNumber && c >= '0' && c <= '9';
    if (!isNumber)
        return {Verdict::MalformedTimestamp,
                QStringLiteral("%1 must be Unix seconds or milliseconds").arg(QLatin1String(timestampHeader()))};
    const qint64 value = timestamp.toLongLong();
    const qint64 seconds = value >= firstMillisecondTimestamp ? value / 1000 : value;
    const qint64 age = m_now() - seconds;
    if (age > m_replayWindow)
        return {Verdict::StaleTimestamp, QStringLiteral("%1 is %2 s old; deliveries older than %3 s are refused")
                                             .arg(QLatin1String(timestampHeader()))
                                             .arg(age)
                                             .arg(m_replayWindow)};
    if (-age > m_replayWindow)
        return {Verdict::FutureTimestamp, QStringLiteral("%1 is %2 s ahead of this clock; at most %3 s are allowed")
                                              .arg(QLatin1String(timestampHeader()))
                                              .arg(-age)
                                              .arg(m_replayWindow)};
    // Decoding first keeps the comparison on fixed-size digests: its time
    // depends on neither the expected value nor where the inputs differ.
    const auto received = QByteArray::fromBase64Encoding(signature.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray expected = hmacSha256(m_key, timestamp, body);
    if (!received || expected.isEmpty() || received.decoded.size() != expected.size()
        || CRYPTO_memcmp(received.decoded.constData(), expected.constData(), size_t(expected.size())) != 0)
        return {Verdict::BadSignature,
                QStringLiteral("%1 does not match the body and timestamp").arg(QLatin1String(signatureHeader()))};
    return {Verdict::Valid, {}};
}

QByteArray WebhookVerifier::sign(const QByteArray &base64Secret, const QByteArray &timestamp, const QByteArray &body)
{
    const QByteArray key = decodedKey(base64Secret);
    return key.isEmpty() ? QByteArray() : hmacSha256(key, timestamp, body).toBase64();
}

} // namespace ActionNode
