#include "linereader.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

LineReader::LineReader(int fd, qsizetype maxLineLength, int window, QObject *parent)
    : QThread(parent), m_fd(fd), m_maxLineLength(maxLineLength), m_window(window), m_room(window)
{
    if (::pipe2(m_wakeup, O_CLOEXEC) != 0)
        m_wakeup[0] = m_wakeup[1] = -1;
}

LineReader::~LineReader()
{
    stop();
    wait();
    for (int fd : m_wakeup) {
        if (fd >= 0)
            ::close(fd);
    }
}

void LineReader::release(int lines)
{
    if (m_window > 0)
        m_room.release(lines);
}

void LineReader::stop()
{
    m_stopping.storeRelease(1);
    m_room.release(1); // ends a wait for room
    if (m_wakeup[1] >= 0) {
        const char byte = 0;
        [[maybe_unused]] const ssize_t written = ::write(m_wakeup[1], &byte, 1);
    }
}

// False once stop() was called.
bool LineReader::waitForInput()
{
    pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wakeup[0], POLLIN, 0}};
    while (!m_stopping.loadAcquire()) {
        const int ready = ::poll(fds, m_wakeup[0] >= 0 ? 2 : 1, -1);
        if (ready > 0 && fds[0].revents != 0)
            return !m_stopping.loadAcquire();
        if (ready < 0 && errno != EINTR)
            return true; // read() reports the failure
    }
    return false;
}

bool LineReader::waitForRoom()
{
    if (m_window > 0)
        m_room.acquire();
    return !m_stopping.loadAcquire();
}

void LineReader::run()
{
    // read() rather than stdio: lines may hold any byte, NUL included, and a
    // line over the limit is counted and dropped without being kept.
    QByteArray line;
    qsizetype length = 0;
    bool stopped = false;
    const auto endLine = [&] {
        if (!waitForRoom()) {
            stopped = true;
            return;
        }
        if (length > m_maxLineLength)
            emit lineTooLong(length);
        else
            emit lineRead(line.trimmed());
        line.clear();
        length = 0;
    };
    char buffer[64 * 1024];
    while (!stopped && waitForInput()) {
        const ssize_t count = ::read(m_fd, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            break;
        const char *begin = buffer;
        const char *const end = buffer + count;
        while (begin < end && !stopped) {
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
    if (!stopped && length > 0)
        endLine();
}
