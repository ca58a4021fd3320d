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
    // A file of known size is read into a buffer that fits it, one byte more
    // showing that it grew; a stream's buffer doubles as it fills. Either way
    // nothing is allocated far beyond what was read.
    constexpr qint64 streamBuffer = 64 << 10;
    QByteArray data(qBound<qint64>(1, file.isSequential() ? streamBuffer : file.size() + 1, limit + 1),
                    Qt::Uninitialized);
    qint64 filled = 0;
    while (filled <= limit) {
        if (filled == data.size())
            data.resize(qMin<qint64>(data.size() * 2, limit + 1));
        const qint64 got = file.read(data.data() + filled, data.size() - filled);
        if (got < 0) {
            *errorString = QStringLiteral("%1: cannot be read: %2").arg(fileName, file.errorString());
            return std::nullopt;
        }
        if (got == 0)
            break;
        filled += got;
    }
    if (filled > limit) {
        *errorString = QStringLiteral("%1: is larger than the limit of %2").arg(fileName, sizeText(limit));
        return std::nullopt;
    }
    data.resize(filled);
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
