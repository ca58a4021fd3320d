#include "stdinreader.h"

#include <cerrno>
#include <cstring>

#include <unistd.h>

StdinReader::StdinReader(qsizetype maxLineLength, QObject *parent)
    : QThread(parent), m_maxLineLength(maxLineLength)
{
}

void StdinReader::run()
{
    // read() rather than stdio: lines may hold any byte, NUL included, and a
    // line over the limit is counted and dropped without being kept.
    QByteArray line;
    qsizetype length = 0;
    const auto endLine = [&] {
        if (length > m_maxLineLength) {
            emit lineTooLong(length);
        } else {
            const QByteArray trimmed = line.trimmed();
            if (!trimmed.isEmpty())
                emit lineRead(trimmed);
        }
        line.clear();
        length = 0;
    };
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            break;
        const char *begin = buffer;
        const char *const end = buffer + count;
        while (begin < end) {
            const auto *newline = static_cast<const char *>(std::memchr(begin, '\n', size_t(end - begin)));
            const char *const stop = newline ? newline : end;
            const qsizetype part = stop - begin;
            if (length + part <= m_maxLineLength)
                line.append(begin, part);
            else
                line.clear();
            length += part;
            if (!newline)
                break;
            endLine();
            begin = newline + 1;
        }
    }
    if (length > 0)
        endLine();
}
