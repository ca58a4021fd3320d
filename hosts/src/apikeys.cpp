#include "apikeys.h"

#include <QCryptographicHash>
#include <QFile>

#include <openssl/crypto.h>

namespace ActionNode {

namespace {

const QByteArray DigestPrefix = QByteArrayLiteral("sha256:");
constexpr qsizetype DigestBytes = 32;

} // namespace

bool ApiKeys::load(const QString &fileName, QString *errorString)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *errorString = QStringLiteral("%1: cannot be read: %2").arg(fileName, file.errorString());
        return false;
    }
    m_digests.clear();
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QByteArray line = file.readLine(4096).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QByteArray digest = QByteArray::fromHex(line.mid(DigestPrefix.size()));
        if (!line.startsWith(DigestPrefix) || line.size() != DigestPrefix.size() + 2 * DigestBytes
            || digest.size() != DigestBytes) {
            *errorString = QStringLiteral("%1:%2: expected sha256:<64 hex digits> (the SHA-256 digest of a key, "
                                          "never the key itself)")
                               .arg(fileName)
                               .arg(lineNumber);
            return false;
        }
        m_digests.append(digest);
    }
    if (m_digests.isEmpty()) {
        *errorString = QStringLiteral("%1: holds no key digest").arg(fileName);
        return false;
    }
    return true;
}

bool ApiKeys::accepts(QByteArrayView authorization) const
{
    const QByteArrayView scheme("bearer ");
    if (authorization.size() <= scheme.size()
        || authorization.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return false;
    const QByteArray presented = QCryptographicHash::hash(authorization.sliced(scheme.size()).trimmed(),
                                                          QCryptographicHash::Sha256);
    // Every digest is compared, so the time does not tell which one matched.
    int matches = 0;
    for (const QByteArray &digest : m_digests)
        matches |= CRYPTO_memcmp(digest.constData(), presented.constData(), size_t(DigestBytes)) == 0;
    return matches != 0;
}

} // namespace ActionNode
