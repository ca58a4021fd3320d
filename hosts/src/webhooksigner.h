#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ActionNode {

/*!
    Signs outbound webhooks as the Standard Webhooks specification
    (standardwebhooks.com) describes, so that receivers check them with its
    libraries (\c standardwebhooks, \c svix): the secret is \c whsec_
    followed by the base64 of a random key, and a signature is \c v1,
    followed by the base64 HMAC-SHA256 of \c{<webhook-id>.<webhook-timestamp>.<body>}
    under that key.
*/
class WebhookSigner
{
public:
    static constexpr QLatin1StringView secretPrefix{"whsec_"};
    //! The specification asks for at least 24 random bytes.
    static constexpr int keyBytes = 32;

    //! A new secret from OpenSSL's random generator; empty when it has no entropy to give.
    static QString generateSecret();
    //! Whether \a secret is \c whsec_ followed by the base64 of at least 24 bytes.
    static bool isSecret(const QString &secret);

    /*!
        The \c webhook-signature header for \a body sent as \a webhookId at
        \a timestamp (Unix seconds): one \c v1 signature per secret in
        \a secrets (the current one first, then one still honoured after a
        rotation), separated by spaces.
    */
    static QByteArray signatureHeader(const QList<QString> &secrets, const QByteArray &webhookId, qint64 timestamp,
                                      const QByteArray &body);
};

} // namespace ActionNode
