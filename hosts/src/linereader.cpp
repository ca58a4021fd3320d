#include "linereader.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace ActionNode {

LineReader::LineReader(int fd, qsizetype maxLineLength, int window, qsizetype windowBytes, QObject *parent)
    : QThread(parent), m_fd(fd), m_maxLineLength(maxLineLength), m_window(window), m_windowBytes(windowBytes)
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

QList<LineReader::Line> LineReader::takeLines()
{
    QMutexLocker lock(&m_lock);
    QList<Line> lines;
    lines.swap(m_group);
    m_groupBytes = 0;
    wakeIfRoom();
    return lines;
}

void LineReader::release(int lines, qsizetype bytes)
{
    QMutexLocker lock(&m_lock);
    m_handedOut -= lines;
    m_handedOutBytes -= bytes;
    wakeIfRoom();
}

void LineReader::stop()
{
    {
        QMutexLocker lock(&m_lock);
        m_stopping.storeRelease(1);
    }
    m_roomMade.wakeAll(); // ends a wait for room
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

bool LineReader::isFull() const
{
    return (m_window > 0 && (m_handedOut >= m_window || (m_windowBytes > 0 && m_handedOutBytes >= m_windowBytes)))
           || m_group.size() >= maxGroupLines || m_groupBytes >= maxGroupBytes;
}

// Once full, reading resumes when half the window is released and the group is taken.
bool LineReader::canResume() const
{
    return (m_window == 0
            || (m_handedOut <= m_window / 2 && (m_windowBytes == 0 || m_handedOutBytes <= m_windowBytes / 2)))
           && m_group.size() < maxGroupLines && m_groupBytes < maxGroupBytes;
}

// Called under m_lock by the consumer: the reader is woken only when it can go on.
void LineReader::wakeIfRoom()
{
    if (m_waitingForRoom && canResume())
        m_roomMade.wakeOne();
}

// Adds \a line to the group, once there is room; false once stop() was called.
bool LineReader::handOut(Line line)
{
    QMutexLocker lock(&m_lock);
    if (isFull()) {
        m_waitingForRoom = true;
        while (!m_stopping.loadAcquire() && !canResume())
            m_roomMade.wait(&m_lock);
        m_waitingForRoom = false;
    }
    if (m_stopping.loadAcquire())
        return false;
    const bool consumerIdle = m_group.isEmpty();
    m_groupBytes += line.text.size();
    m_handedOutBytes += line.text.size();
    m_group.append(std::move(line));
    ++m_handedOut;
    lock.unlock();
    // A consumer that has not taken the group yet takes this line with it.
    if (consumerIdle)
        emit linesReady();
    return true;
}

void LineReader::run()
{
    // read() rather than stdio: lines may hold any byte, NUL included, and a
    // line over the limit is counted and dropped without being kept.
    QByteArray line;
    qsizetype length = 0;
    bool stopped = false;
    const auto endLine = [&] {
        Line read;
        if (length > m_maxLineLength)
            read.tooLongLength = length;
        else
            read.text = line.trimmed();
        stopped = !handOut(std::move(read));
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

} // namespace ActionNode
