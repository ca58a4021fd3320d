#include "stdinreader.h"

#include <cstdio>

StdinReader::StdinReader(qsizetype maxLineLength, QObject *parent)
    : QThread(parent), m_maxLineLength(maxLineLength)
{
}

void StdinReader::run()
{
    constexpr int chunkSize = 64 * 1024;
    QByteArray chunk(chunkSize, Qt::Uninitialized);
    QByteArray line;
    qsizetype length = 0;
    while (std::fgets(chunk.data(), chunkSize, stdin)) {
        const qsizetype read = qstrnlen(chunk.constData(), chunkSize);
        const bool complete = read > 0 && chunk.at(read - 1) == '\n';
        length += read;
        if (length <= m_maxLineLength + 1)
            line.append(chunk.constData(), read);
        if (!complete && !std::feof(stdin))
            continue;
        if (length > m_maxLineLength + 1) {
            emit lineTooLong(length);
        } else {
            const QByteArray trimmed = line.trimmed();
            if (!trimmed.isEmpty())
                emit lineRead(trimmed);
        }
        line.clear();
        length = 0;
    }
}
