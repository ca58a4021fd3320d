#include "webhooksigner.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace ActionNode {

namespace {

QByteArray keyOf(const QString &secret)
{
    return QByteArray::fromBase64(secret.mid(WebhookSigner::secretPrefix.size()).toLatin1(),
                                  QByteArray::AbortOnBase64DecodingErrors);
}

} // namespace

QString WebhookSigner::generateSecret()
{
    QByteArray key(keyBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(key.data()), int(key.size())) != 1)
        return {};
    return secretPrefix + QString::fromLatin1(key.toBase64());
}

bool WebhookSigner::isSecret(const QString &secret)
{
    return secret.startsWith(secretPrefix) && keyOf(secret).size() >= 24;
}

QByteArray WebhookSigner::signatureHeader(const QList<QString> &secrets, const QByteArray &webhookId, qint64 timestamp,
                                          const QByteArray &body)
{
    const QByteArray signedContent = webhookId + '.' + QByteArray::number(timestamp) + '.' + body;
    QByteArrayList signatures;
    for (const QString &secret : secrets) {
        const QByteArray key = keyOf(secret);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (key.isEmpty()
            || !HMAC(EVP_sha256(), key.constData(), int(key.size()),
                     reinterpret_cast<const unsigned char *>(signedContent.constData()), size_t(signedContent.size()),
                     digest, &length))
            continue;
        signatures.append("v1," + QByteArray(reinterpret_cast<const char *>(digest), int(length)).toBase64());
    }
    return signatures.join(' ');
}

} // namespace ActionNode
