#include "checkeddeclarations.h"
#include "builtinschema.h"

#include <actionnode/boundedfile.h>

#include <QCryptographicHash>
#include <QHash>
#include <QMutex>

namespace ActionNode::Internal {

QString CheckedDeclarations::fileName()
{
    return QStringLiteral("checked-declarations");
}

CheckedDeclarations CheckedDeclarations::read(const QString &path)
{
    CheckedDeclarations checked;
    QString unused;
    const std::optional<QByteArray> text = BoundedFile::read(path, BoundedFile::maxDeclarationBytes, &unused);
    if (!text)
        return checked;
    for (const QByteArray &line : text->split('\n')) {
        const qsizetype end = line.indexOf(' ');
        if (end > 0)
            checked.m_digests.insert(line.first(end));
    }
    return checked;
}

QByteArray CheckedDeclarations::line(const QString &schemaResource, QByteArrayView declaration, const QString &file)
{
    return digest(schemaResource, declaration) + "  " + file.toUtf8() + '\n';
}

bool CheckedDeclarations::contains(const QString &schemaResource, QByteArrayView declaration) const
{
    return !m_digests.isEmpty() && m_digests.contains(digest(schemaResource, declaration));
}

namespace {

// BLAKE2b: in Qt, and the fastest of its cryptographic hashes (about 2 ns a byte; SHA-256 about 5).
QByteArray blake2b(std::initializer_list<QByteArrayView> parts)
{
    QCryptographicHash hash(QCryptographicHash::Blake2b_256);
    for (const QByteArrayView part : parts)
        hash.addData(part);
    return hash.result();
}

QByteArray schemaDigest(const QString &resource)
{
    static QMutex lock;
    static QHash<QString, QByteArray> digests;
    const QMutexLocker locker(&lock);
    QByteArray &digest = digests[resource];
    if (digest.isEmpty())
        digest = blake2b({builtInSchemaText(resource)});
    return digest;
}

} // namespace

QByteArray CheckedDeclarations::digest(const QString &schemaResource, QByteArrayView declaration)
{
    return blake2b({schemaDigest(schemaResource), declaration}).toHex();
}

} // namespace ActionNode::Internal
