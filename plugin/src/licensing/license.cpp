#include <actionnode/license.h>
#include <actionnode/boundedfile.h>

#include "logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSharedData>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <climits>
#include <memory>

namespace ActionNode {

using namespace Internal;

namespace {

// Verifies licenses issued by the vendor. Only the public half lives here; the
// private key stays with the vendor's license tooling.
constexpr char VendorPublicKeyPem[] = "-----BEGIN PUBLIC KEY-----\n"
                                      "MCowBQYDK2VwAyEA6+fgb6dm4S/ewDczjVIL97Ug+JOwWr9w3oPAqohOJZE=\n"
                                      "-----END PUBLIC KEY-----\n";

constexpr qsizetype Ed25519SignatureSize = 64;

struct BioDeleter
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct PkeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};

using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// Takes the oldest queued OpenSSL error as text and clears the queue, so that a
// failure here never surfaces later in unrelated OpenSSL users.
QString takeOpenSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

// Refuses to prompt for a passphrase on the terminal: an encrypted key simply fails to load.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

BioPtr memoryBio(const QByteArray &data)
{
    if (data.size() > INT_MAX)
        return {};
    return BioPtr(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
}

enum class KeyKind { Public, Private };

// Loads an Ed25519 key from PEM; on failure returns null and says why in *error.
PkeyPtr readEd25519Key(const QByteArray &pem, KeyKind kind, QString *error)
{
    const QString what = kind == KeyKind::Public ? QStringLiteral("public") : QStringLiteral("private");
    PkeyPtr key;
    if (BioPtr bio = memoryBio(pem)) {
        key.reset(kind == KeyKind::Public ? PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr)
                                          : PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    }
    ERR_clear_error();
    if (!key) {
        *error = QStringLiteral("The %1 key is not a readable PEM %1 key (an unencrypted Ed25519 key is required)")
                     .arg(what);
        return {};
    }
    if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
        const char *type = EVP_PKEY_get0_type_name(key.get());
        *error = QStringLiteral("The %1 key has type %2; an Ed25519 key is required")
                     .arg(what, type ? QString::fromLatin1(type) : QStringLiteral("unknown"));
        return {};
    }
    return key;
}

// The exact bytes the signature covers.
QByteArray signedPayload(const QJsonObject &license)
{
    return QJsonDocument(license).toJson(QJsonDocument::Compact);
}

QDateTime parseTimestamp(const QString &text)
{
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    // Without an offset the time would be read in the host's local zone, so
    // the same license would expire at different instants on different machines.
    if (!parsed.isValid() || parsed.timeSpec() == Qt::LocalTime)
        return {};
    return parsed.toUTC();
}

QString formatTimestamp(const QDateTime &dateTime)
{
    return dateTime.toUTC().toString(Qt::ISODate);
}

} // namespace

class LicenseData : public QSharedData
{
public:
    bool null = true;
    bool valid = false;
    QString errorString;
    QString licensee;
    QStringList bundles;
    QDateTime expires;
};

namespace {

// Fields of a structurally correct document, before its signature is checked.
struct ParsedDocument
{
    QJsonObject license;
    QString licensee;
    QStringList bundles;
    QDateTime expires;
    QByteArray signature;
};

bool parseDocument(const QByteArray &document, ParsedDocument *parsed, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("The license is not valid JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!json.isObject()) {
        *error = QStringLiteral("The license document is not a JSON object");
        return false;
    }
    const QJsonObject root = json.object();

    const QJsonValue license = root.value(QLatin1String("license"));
    if (!license.isObject()) {
        *error = QStringLiteral("The license document has no \"license\" object");
        return false;
    }
    parsed->license = license.toObject();

    const QJsonValue licensee = parsed->license.value(QLatin1String("licensee"));
    if (!licensee.isString() || licensee.toString().isEmpty()) {
        *error = QStringLiteral("The license has no \"licensee\" (a non-empty string is required)");
        return false;
    }
    parsed->licensee = licensee.toString();

    const QJsonValue bundles = parsed->license.value(QLatin1String("bundles"));
    if (!bundles.isArray()) {
        *error = QStringLiteral("The license \"bundles\" is not an array of bundle names");
        return false;
    }
    const QJsonArray bundleArray = bundles.toArray();
    for (qsizetype i = 0; i < bundleArray.size(); ++i) {
        const QJsonValue bundle = bundleArray.at(i);
        if (!bundle.isString() || bundle.toString().isEmpty()) {
            *error = QStringLiteral("The license \"bundles\" entry %1 is not a non-empty string").arg(i);
            return false;
        }
        parsed->bundles.append(bundle.toString());
    }

    const QJsonValue expires = parsed->license.value(QLatin1String("expires"));
    if (!expires.isString()) {
        *error = QStringLiteral("The license has no \"expires\" date (an ISO 8601 string is required)");
        return false;
    }
    parsed->expires = parseTimestamp(expires.toString());
    if (!parsed->expires.isValid()) {
        *error = QStringLiteral("The license \"expires\" value \"%1\" is not an ISO 8601 date and time "
                                "with a timezone, such as 2027-12-31T23:59:59Z")
                     .arg(expires.toString());
        return false;
    }

    const QJsonValue signature = root.value(QLatin1String("signature"));
    if (!signature.isString() || signature.toString().isEmpty()) {
        *error = QStringLiteral("The license document has no \"signature\" string");
        return false;
    }
    const auto decoded = QByteArray::fromBase64Encoding(signature.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        *error = QStringLiteral("The license signature is not valid base64");
        return false;
    }
    if (decoded.decoded.size() != Ed25519SignatureSize) {
        *error = QStringLiteral("The license signature has %1 bytes; an Ed25519 signature has %2")
                     .arg(decoded.decoded.size())
                     .arg(Ed25519SignatureSize);
        return false;
    }
    parsed->signature = decoded.decoded;
    return true;
}

bool verifySignature(EVP_PKEY *key, const QByteArray &payload, const QByteArray &signature, QString *error)
{
    const MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
        *error = QStringLiteral("Cannot verify the license signature: %1").arg(takeOpenSslError());
        return false;
    }
    const int result = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                                        static_cast<size_t>(signature.size()),
                                        reinterpret_cast<const unsigned char *>(payload.constData()),
                                        static_cast<size_t>(payload.size()));
    ERR_clear_error();
    if (result != 1) {
        *error = QStringLiteral("The license signature does not verify: it was signed by another "
                                "key or altered after signing");
        return false;
    }
    return true;
}

void refuse(LicenseData *data, const QString &reason)
{
    data->valid = false;
    data->errorString = reason;
    qCDebug(lcLicense).noquote() << "License refused:" << reason;
}

} // namespace

License::License() : d(new LicenseData) {}

License::License(const License &other) = default;
License &License::operator=(const License &other) = default;
License::~License() = default;

License License::fromJson(const QByteArray &document, const QByteArray &publicKeyPem, const QDateTime &now)
{
    License result;
    LicenseData *data = result.d.data();
    data->null = false;

    QString error;
    const PkeyPtr key = readEd25519Key(publicKeyPem.isEmpty() ? vendorPublicKey() : publicKeyPem, KeyKind::Public,
                                       &error);
    if (!key) {
        refuse(data, error);
        return result;
    }

    ParsedDocument parsed;
    if (!parseDocument(document, &parsed, &error)
        || !verifySignature(key.get(), signedPayload(parsed.license), parsed.signature, &error)) {
        refuse(data, error);
        return result;
    }

    // Only authentic content is exposed, so an expired license can still name
    // its licensee and expiry while never unlocking a bundle.
    data->licensee = parsed.licensee;
    data->bundles = parsed.bundles;
    data->expires = parsed.expires;

    if (!now.isValid()) {
        refuse(data, QStringLiteral("Cannot check the license expiry without a valid current time"));
        return result;
    }
    // The expiry instant itself is still covered by the license.
    if (now.toUTC() > parsed.expires) {
        refuse(data, QStringLiteral("The license for %1 expired on %2")
                         .arg(parsed.licensee, formatTimestamp(parsed.expires)));
        return result;
    }

    data->valid = true;
    return result;
}

License License::fromFile(const QString &fileName, const QByteArray &publicKeyPem, const QDateTime &now)
{
    // A license is a few hundred bytes: a name such as /dev/zero must not be read to the end.
    QString errorString;
    const std::optional<QByteArray> document = BoundedFile::read(fileName, maxFileBytes, &errorString);
    if (!document) {
        License result;
        result.d->null = false;
        refuse(result.d.data(), errorString);
        return result;
    }
    License result = fromJson(*document, publicKeyPem, now);
    if (!result.d->valid)
        result.d->errorString = QStringLiteral("%1: %2").arg(fileName, result.d->errorString);
    return result;
}

QByteArray License::sign(const QString &licensee, const QStringList &bundles, const QDateTime &expires,
                         const QByteArray &privateKeyPem, QString *errorString)
{
    QString error;
    const auto fail = [&](const QString &reason) {
        if (errorString)
            *errorString = reason;
        return QByteArray();
    };

    // Refuse what fromJson() would refuse, so a signed license is always readable.
    if (licensee.isEmpty())
        return fail(QStringLiteral("Cannot sign a license without a licensee"));
    if (bundles.contains(QString()))
        return fail(QStringLiteral("Cannot sign a license with an empty bundle name"));
    if (!expires.isValid())
        return fail(QStringLiteral("Cannot sign a license without a valid expiry date"));

    const PkeyPtr key = readEd25519Key(privateKeyPem, KeyKind::Private, &error);
    if (!key)
        return fail(error);

    const QJsonObject license{
        {QLatin1String("licensee"), licensee},
        {QLatin1String("bundles"), QJsonArray::fromStringList(bundles)},
        {QLatin1String("expires"), formatTimestamp(expires)},
    };
    const QByteArray payload = signedPayload(license);

    const MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return fail(QStringLiteral("Cannot sign the license: %1").arg(takeOpenSslError()));
    QByteArray signature(Ed25519SignatureSize, Qt::Uninitialized);
    size_t signatureSize = static_cast<size_t>(signature.size());
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &signatureSize,
                       reinterpret_cast<const unsigned char *>(payload.constData()),
                       static_cast<size_t>(payload.size()))
        != 1) {
        return fail(QStringLiteral("Cannot sign the license: %1").arg(takeOpenSslError()));
    }
    signature.truncate(static_cast<qsizetype>(signatureSize));

    if (errorString)
        errorString->clear();
    const QJsonObject document{
        {QLatin1String("license"), license},
        {QLatin1String("signature"), QString::fromLatin1(signature.toBase64())},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

QByteArray License::vendorPublicKey()
{
    return QByteArray(VendorPublicKeyPem);
}

bool License::isNull() const
{
    return d->null;
}

bool License::isValid() const
{
    return d->valid;
}

QString License::errorString() const
{
    return d->errorString;
}

QString License::licensee() const
{
    return d->licensee;
}

QStringList License::bundles() const
{
    return d->bundles;
}

QDateTime License::expires() const
{
    return d->expires;
}

bool License::hasBundle(const QString &bundleId) const
{
    return d->valid && d->bundles.contains(bundleId);
}

bool License::locks(const QString &bundleId) const
{
    return !bundleId.isEmpty() && !hasBundle(bundleId);
}

} // namespace ActionNode
