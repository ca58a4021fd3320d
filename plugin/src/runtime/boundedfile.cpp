#include <actionnode/boundedfile.h>

#include <QFile>

#include <unistd.h>

namespace ActionNode {

bool BoundedFile::open(const QString &fileName, QFile *file, QString *errorString)
{
    const bool opened = fileName == QLatin1String("-") ? file->open(STDIN_FILENO, QIODevice::ReadOnly)
                                                       : (file->setFileName(fileName), file->open(QIODevice::ReadOnly));
    if (!opened)
        *errorString = QStringLiteral("%1: cannot be read: %2").arg(fileName, file->errorString());
    return opened;
}

std::optional<QByteArray> BoundedFile::read(const QString &fileName, qint64 limit, QString *errorString)
{
    QFile file;
    if (!open(fileName, &file, errorString))
        return std::nullopt;
    QByteArray data;
    while (data.size() <= limit) {
        const QByteArray chunk = file.read(qMin<qint64>(limit + 1 - data.size(), 1 << 20));
        if (chunk.isEmpty())
            break;
        data += chunk;
    }
    if (data.size() > limit) {
        *errorString = QStringLiteral("%1: is larger than the limit of %2").arg(fileName, sizeText(limit));
        return std::nullopt;
    }
    return data;
}

QString BoundedFile::sizeText(qint64 bytes)
{
    if (bytes % (1 << 20) == 0)
        return QStringLiteral("%1 MiB").arg(bytes >> 20);
    if (bytes % (1 << 10) == 0)
        return QStringLiteral("%1 KiB").arg(bytes >> 10);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace ActionNode
