#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QDateTime>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

namespace ActionNode {

class LicenseData;

/*!
    A bundle license: a signed JSON document naming a licensee, the bundles
    it unlocks and when it expires.

    \code
    {
      "license": {"licensee": "Acme", "bundles": ["video_audio_live"],
                  "expires": "2027-12-31T23:59:59Z"},
      "signature": "<base64 Ed25519 signature>"
    }
    \endcode

    The signature covers the \c license object serialized as compact JSON
    with keys sorted (what QJsonDocument::Compact writes). A license whose
    signature does not verify with the vendor's public key, that has
    expired, or that is malformed is refused: isValid() is false and
    errorString() says why. A default-constructed License holds no bundle.
*/
class ACTIONNODE_EXPORT License
{
public:
    License();
    License(const License &other);
    License &operator=(const License &other);
    ~License();

    //! Reads and verifies \a document with \a publicKeyPem (vendorPublicKey() when empty).
    static License fromJson(const QByteArray &document, const QByteArray &publicKeyPem = {},
                            const QDateTime &now = QDateTime::currentDateTimeUtc());
    //! Reads \a fileName (at most maxFileBytes) and verifies it as fromJson() does.
    static License fromFile(const QString &fileName, const QByteArray &publicKeyPem = {},
                            const QDateTime &now = QDateTime::currentDateTimeUtc());
    static constexpr qint64 maxFileBytes = 64 * 1024;

    /*!
        Signs a license with an Ed25519 private key in PEM form; returns the
        document, or an empty array and \a errorString on failure. Used by
        the vendor's tooling and by tests with their own key pair.
    */
    static QByteArray sign(const QString &licensee, const QStringList &bundles, const QDateTime &expires,
                           const QByteArray &privateKeyPem, QString *errorString = nullptr);

    //! The public key that verifies licenses by default (PEM).
    static QByteArray vendorPublicKey();

    bool isNull() const;
    bool isValid() const;
    QString errorString() const;

    QString licensee() const;
    QStringList bundles() const;
    QDateTime expires() const;
    //! True when the license is valid and unlocks \a bundleId.
    bool hasBundle(const QString &bundleId) const;
    /*!
        Whether what a declaration places in bundle \a bundleId (a field,
        a group, a trigger) is locked under this license: the one decision
        behind the runtime's gate, the builders' \c locked and the MCP tools.
        Nothing outside a bundle (empty \a bundleId) is locked.
    */
    bool locks(const QString &bundleId) const;

private:
    QSharedDataPointer<LicenseData> d;
};

} // namespace ActionNode
