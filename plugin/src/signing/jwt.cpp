#include <actionnode/sdk/jwt.h>

#include "compactjson.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLatin1StringView>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <memory>

namespace ActionNode {

namespace {

constexpr int maxDigestSize = 64; // SHA-512

struct MacContextDeleter
{
    void operator()(EVP_MAC_CTX *context) const { EVP_MAC_CTX_free(context); }
};
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;

// An HMAC context with its digest set and no key: the prototype of every keyed one.
MacContext newHmacContext(const char *digestName)
{
    EVP_MAC *mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
    if (!mac)
        return {};
    MacContext context(EVP_MAC_CTX_new(mac));
    EVP_MAC_free(mac); // the context holds its own reference
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(digestName), 0),
        OSSL_PARAM_construct_end(),
    };
    if (context && EVP_MAC_CTX_set_params(context.get(), params) != 1)
        context.reset();
    return context;
}

// Set when the process exits, before OpenSSL cleans up after itself.
std::atomic<bool> processExiting{false};

const MacContext &unkeyedHmac(Jwt::Algorithm algorithm)
{
    static const MacContext sha256 = newHmacContext("SHA256");
    static const MacContext sha512 = newHmacContext("SHA512");
    // Registered after OpenSSL registered its own cleanup, so it runs first:
    // exit handlers run in reverse order.
    static const bool exitNoted = std::atexit([] { processExiting = true; }) == 0;
    Q_UNUSED(exitNoted)
    return algorithm == Jwt::Algorithm::HS512 ? sha512 : sha256;
}

/*
    An HMAC context keyed with the secret its thread signed with last, for
    one algorithm. Restarting it costs nothing; fetching the MAC and the
    digest and hashing the key into the inner and outer pads is most of
    what a one-shot HMAC() costs in OpenSSL 3 for a token-sized message.
    One context per thread rather than one per key shared by all: a shared
    one would need an EVP_MAC_CTX_dup (four allocations) per token.
*/
class KeyedHmac
{
public:
    ~KeyedHmac()
    {
        forgetSecret();
        // A thread that ends during exit (a thread pool joined by a static
        // destructor) may come after OpenSSL's cleanup: leave the context then.
        if (processExiting)
            (void)m_context.release();
    }

    bool holds(const QByteArray &secret) const
    {
        return m_context && m_secret.size() == secret.size()
               && CRYPTO_memcmp(m_secret.constData(), secret.constData(), size_t(secret.size())) == 0;
    }

    //! Keys the context with \a secret for \a algorithm; false on failure.
    bool setKey(Jwt::Algorithm algorithm, const QByteArray &secret)
    {
        forgetSecret();
        const MacContext &unkeyed = unkeyedHmac(algorithm);
        m_context.reset(unkeyed ? EVP_MAC_CTX_dup(unkeyed.get()) : nullptr);
        // HMAC with an empty key is well defined, but OpenSSL wants a non-null pointer.
        static const unsigned char emptyKey = 0;
        const auto *key = secret.isEmpty() ? &emptyKey : reinterpret_cast<const unsigned char *>(secret.constData());
        if (!m_context || EVP_MAC_init(m_context.get(), key, size_t(secret.size()), nullptr) != 1) {
            m_context.reset();
            return false;
        }
        m_secret = QByteArray(secret.constData(), secret.size()); // a copy of its own, to wipe
        return true;
    }

    //! Writes the HMAC of \a data to \a out; returns the digest size, or 0 on failure.
    int compute(const char *data, qsizetype size, unsigned char *out)
    {
        size_t length = 0;
        // A null key restarts the MAC with the key it holds.
        if (!m_context || EVP_MAC_init(m_context.get(), nullptr, 0, nullptr) != 1
            || EVP_MAC_update(m_context.get(), reinterpret_cast<const unsigned char *>(data), size_t(size)) != 1
            || EVP_MAC_final(m_context.get(), out, &length, maxDigestSize) != 1)
            return 0;
        return int(length);
    }

private:
    void forgetSecret()
    {
        OPENSSL_cleanse(m_secret.data(), size_t(m_secret.size()));
        m_secret.clear();
    }

    QByteArray m_secret;
    MacContext m_context;
};

/*
    This thread's HMAC contexts of one algorithm, one per secret it signed
    with lately: a host that signs for several accounts (a key sent with
    each call) keys each context once, not once per token. At most
    keyedHmacsPerThread secrets are kept; a new one replaces the least
    recently used.
*/
constexpr int keyedHmacsPerThread = 8;

class KeyedHmacCache
{
public:
    //! The context keyed with \a secret, keyed anew in the least recently used slot when none is; null on failure.
    KeyedHmac *find(Jwt::Algorithm algorithm, const QByteArray &secret)
    {
        ++m_clock;
        int leastRecent = 0;
        for (int i = 0; i < keyedHmacsPerThread; ++i) {
            if (m_slots[i].holds(secret)) {
                m_lastUsed[i] = m_clock;
                return &m_slots[i];
            }
            if (m_lastUsed[i] < m_lastUsed[leastRecent])
                leastRecent = i;
        }
        m_lastUsed[leastRecent] = m_clock;
        return m_slots[leastRecent].setKey(algorithm, secret) ? &m_slots[leastRecent] : nullptr;
    }

private:
    KeyedHmac m_slots[keyedHmacsPerThread];
    quint64 m_lastUsed[keyedHmacsPerThread] = {};
    quint64 m_clock = 0;
};

// This thread's HMAC context for \a algorithm keyed with \a secret; null on failure.
KeyedHmac *threadHmac(Jwt::Algorithm algorithm, const QByteArray &secret)
{
    thread_local KeyedHmacCache keyed[2];
    return keyed[algorithm == Jwt::Algorithm::HS512 ? 1 : 0].find(algorithm, secret);
}

// Length of the base64url text (no padding) of \a size bytes.
constexpr qsizetype base64UrlSize(qsizetype size)
{
    return size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1);
}

/*
    Writes the base64url text (RFC 4648 5, no padding) of \a data to \a out,
    which has room for base64UrlSize(size) characters; returns the end.
    Written here because neither QByteArray::toBase64 nor EVP_EncodeBlock
    writes into a caller's buffer in this alphabet: a token is encoded in
    place, in one allocation.
*/
char *writeBase64Url(char *out, const unsigned char *data, qsizetype size)
{
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    qsizetype i = 0;
    for (; i + 3 <= size; i += 3) {
        const quint32 bits = quint32(data[i]) << 16 | quint32(data[i + 1]) << 8 | data[i + 2];
        *out++ = digits[bits >> 18];
        *out++ = digits[(bits >> 12) & 0x3f];
        *out++ = digits[(bits >> 6) & 0x3f];
        *out++ = digits[bits & 0x3f];
    }
    if (i < size) {
        const bool two = i + 1 < size;
        const quint32 bits = quint32(data[i]) << 16 | (two ? quint32(data[i + 1]) << 8 : 0);
        *out++ = digits[bits >> 18];
        *out++ = digits[(bits >> 12) & 0x3f];
        if (two)
            *out++ = digits[(bits >> 6) & 0x3f];
    }
    return out;
}

constexpr QLatin1StringView algorithmName(Jwt::Algorithm algorithm)
{
    return algorithm == Jwt::Algorithm::HS512 ? QLatin1StringView("HS512") : QLatin1StringView("HS256");
}

// The default header is the same for every token of an algorithm: encode it once.
const QByteArray &defaultEncodedHeader(Jwt::Algorithm algorithm)
{
    static const auto encode = [](Jwt::Algorithm a) {
        const QJsonObject header{{QStringLiteral("alg"), algorithmName(a)},
                                 {QStringLiteral("typ"), QStringLiteral("JWT")}};
        return Jwt::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact));
    };
    static const QByteArray hs256 = encode(Jwt::Algorithm::HS256);
    static const QByteArray hs512 = encode(Jwt::Algorithm::HS512);
    return algorithm == Jwt::Algorithm::HS512 ? hs512 : hs256;
}

// The header, with \a headerFields added to {"alg", "typ"}, encoded.
QByteArray encodedHeader(Jwt::Algorithm algorithm, const QJsonObject &headerFields)
{
    if (headerFields.isEmpty())
        return defaultEncodedHeader(algorithm);
    QJsonObject header{{QStringLiteral("alg"), algorithmName(algorithm)},
                       {QStringLiteral("typ"), QStringLiteral("JWT")}};
    for (auto it = headerFields.constBegin(); it != headerFields.constEnd(); ++it)
        header.insert(it.key(), it.value());
    // The signature must match the algorithm actually used, whatever the caller passed.
    header.insert(QStringLiteral("alg"), algorithmName(algorithm));
    return Jwt::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact));
}

// The compact token of \a payload signed by \a hmac, in one allocation: every part is encoded in place.
QByteArray signedToken(KeyedHmac *hmac, const QByteArray &encodedHeader, QByteArrayView payload,
                       Jwt::Algorithm algorithm)
{
    const int digestSize = algorithm == Jwt::Algorithm::HS512 ? 64 : 32;
    const qsizetype signingInputSize = encodedHeader.size() + 1 + base64UrlSize(payload.size());
    // A token is handed over and let go before the next is signed: the thread writes each in the same bytes.
    thread_local QByteArray kept;
    QByteArray &token = Internal::CompactJson::reusable(kept);
    token.resize(signingInputSize + 1 + base64UrlSize(digestSize));
    char *out = std::copy(encodedHeader.cbegin(), encodedHeader.cend(), token.data());
    *out++ = '.';
    out = writeBase64Url(out, reinterpret_cast<const unsigned char *>(payload.data()), payload.size());

    std::array<unsigned char, maxDigestSize> digest;
    if (hmac->compute(token.constData(), signingInputSize, digest.data()) != digestSize)
        return {};
    *out++ = '.';
    writeBase64Url(out, digest.data(), digestSize);
    return Internal::CompactJson::handOut(kept);
}

// Value of a base64url digit, or -1.
int base64UrlDigit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

struct Parts
{
    QByteArray header;
    QByteArray payload;
    QByteArray signature;
    qsizetype signingInputSize = 0; //!< bytes covered by the signature
};

// Splits a compact token into views on its three parts (no copies).
bool splitToken(const QByteArray &token, Parts *parts, QString *errorString)
{
    if (token.isEmpty()) {
        *errorString = QStringLiteral("malformed token: the token is empty");
        return false;
    }
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
        *errorString = QStringLiteral("malformed token: expected 3 dot-separated parts "
                                      "(header.payload.signature), found %1")
                           .arg(token.count('.') + 1);
        return false;
    }
    parts->header = QByteArray::fromRawData(token.constData(), firstDot);
    parts->payload = QByteArray::fromRawData(token.constData() + firstDot + 1, secondDot - firstDot - 1);
    parts->signature = QByteArray::fromRawData(token.constData() + secondDot + 1, token.size() - secondDot - 1);
    parts->signingInputSize = secondDot;
    return true;
}

bool decodeJsonPart(const QByteArray &encoded, QLatin1StringView name, QJsonObject *object, QString *errorString)
{
    if (encoded.isEmpty()) {
        *errorString = QStringLiteral("malformed token: the %1 is empty").arg(name);
        return false;
    }
    bool ok = false;
    const QByteArray json = Jwt::base64UrlDecode(encoded, &ok);
    if (!ok) {
        *errorString = QStringLiteral("malformed token: the %1 is not valid base64url").arg(name);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *errorString = QStringLiteral("malformed token: the %1 is not valid JSON (%2 at offset %3)")
                           .arg(name, parseError.errorString())
                           .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        *errorString = QStringLiteral("malformed token: the %1 is not a JSON object").arg(name);
        return false;
    }
    *object = document.object();
    return true;
}

bool decodeParts(const Parts &parts, Jwt::Decoded *decoded)
{
    return decodeJsonPart(parts.header, QLatin1StringView("header"), &decoded->header, &decoded->errorString)
           && decodeJsonPart(parts.payload, QLatin1StringView("payload"), &decoded->claims, &decoded->errorString);
}

bool fail(QString *errorString, const QString &message)
{
    if (errorString)
        *errorString = message;
    return false;
}

} // namespace

std::optional<Jwt::Algorithm> Jwt::algorithmNamed(const QString &name)
{
    for (const Algorithm algorithm : {Algorithm::HS256, Algorithm::HS512}) {
        if (name == algorithmName(algorithm))
            return algorithm;
    }
    return std::nullopt;
}

QByteArray Jwt::sign(const QJsonObject &claims, const QByteArray &secret, Algorithm algorithm,
                     const QJsonObject &headerFields)
{
    return signPayload(QJsonDocument(claims).toJson(QJsonDocument::Compact), secret, algorithm, headerFields);
}

QByteArray Jwt::signPayload(const QByteArray &payload, const QByteArray &secret, Algorithm algorithm,
                            const QJsonObject &headerFields)
{
    KeyedHmac *hmac = threadHmac(algorithm, secret);
    return hmac ? signedToken(hmac, encodedHeader(algorithm, headerFields), payload, algorithm) : QByteArray();
}

Jwt::Decoded Jwt::decode(const QByteArray &token)
{
    Decoded decoded;
    Parts parts;
    if (splitToken(token, &parts, &decoded.errorString))
        decodeParts(parts, &decoded);
    if (!decoded.isValid()) {
        decoded.header = {};
        decoded.claims = {};
    }
    return decoded;
}

bool Jwt::verify(const QByteArray &token, const QByteArray &secret, QString *errorString)
{
    if (secret.isEmpty())
        return fail(errorString, QStringLiteral("cannot verify a token with an empty secret"));

    Parts parts;
    Decoded decoded;
    if (!splitToken(token, &parts, &decoded.errorString) || !decodeParts(parts, &decoded))
        return fail(errorString, decoded.errorString);

    const QJsonValue alg = decoded.header.value(QLatin1StringView("alg"));
    if (!alg.isString())
        return fail(errorString, QStringLiteral("invalid token header: \"alg\" is missing or not a string"));
    const QString algName = alg.toString();
    const std::optional<Algorithm> algorithm = algorithmNamed(algName);
    if (!algorithm && algName.compare(QLatin1StringView("none"), Qt::CaseInsensitive) == 0)
        return fail(errorString, QStringLiteral("unsupported algorithm \"%1\": unsigned tokens "
                                                "are refused")
                                     .arg(algName));
    if (!algorithm)
        return fail(errorString, QStringLiteral("unsupported algorithm \"%1\": only HS256 and "
                                                "HS512 are accepted")
                                     .arg(algName));
    // RFC 7515 4.1.11: extensions listed in "crit" must be understood; we implement none.
    if (decoded.header.contains(QLatin1StringView("crit")))
        return fail(errorString, QStringLiteral("invalid token header: critical extensions "
                                                "(\"crit\") are not supported"));

    if (parts.signature.isEmpty())
        return fail(errorString, QStringLiteral("malformed token: the signature is empty"));
    bool ok = false;
    const QByteArray signature = base64UrlDecode(parts.signature, &ok);
    if (!ok)
        return fail(errorString, QStringLiteral("malformed token: the signature is not valid base64url"));

    std::array<unsigned char, maxDigestSize> expected;
    KeyedHmac *hmac = threadHmac(*algorithm, secret);
    const int expectedSize = hmac ? hmac->compute(token.constData(), parts.signingInputSize, expected.data()) : 0;
    if (expectedSize == 0)
        return fail(errorString, QStringLiteral("cannot compute the %1 signature").arg(algName));
    if (signature.size() != expectedSize
        || CRYPTO_memcmp(signature.constData(), expected.data(), size_t(expectedSize)) != 0) {
        return fail(errorString, QStringLiteral("signature mismatch: the token was not signed "
                                                "with this secret or has been altered"));
    }
    return true;
}

QByteArray Jwt::base64UrlEncode(const QByteArray &data)
{
    QByteArray encoded(base64UrlSize(data.size()), Qt::Uninitialized);
    writeBase64Url(encoded.data(), reinterpret_cast<const unsigned char *>(data.constData()), data.size());
    return encoded;
}

QByteArray Jwt::base64UrlDecode(const QByteArray &data, bool *ok)
{
    // Strict form only (RFC 7515 2): no padding, no impossible length, and no
    // set bits after the last whole byte, so every value has exactly one encoding.
    const qsizetype remainder = data.size() % 4;
    bool valid = remainder != 1 && !data.contains('=');
    if (valid && remainder != 0) {
        const int last = base64UrlDigit(data.back());
        const int unusedBitsMask = remainder == 2 ? 0x0f : 0x03;
        valid = last >= 0 && (last & unusedBitsMask) == 0;
    }
    QByteArray decoded;
    if (valid) {
        auto result = QByteArray::fromBase64Encoding(data, QByteArray::Base64UrlEncoding
                                                               | QByteArray::AbortOnBase64DecodingErrors);
        valid = result.decodingStatus == QByteArray::Base64DecodingStatus::Ok;
        if (valid)
            decoded = std::move(result.decoded);
    }
    if (ok)
        *ok = valid;
    return decoded;
}

} // namespace ActionNode
