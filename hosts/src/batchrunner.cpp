#include "batchrunner.h"
#include "linereader.h"
#include "resultline.h"

#include <actionnode/errorcodes.h>
#include <actionnode/session.h>

#include <QJsonObject>
#include <QTextStream>

namespace ActionNode {

BatchRunner::BatchRunner(Session *session, const QString &actionId, int input, QFile *output, int concurrency,
                         qint64 expectedLines, bool showProgress)
    : m_session(session),
      m_actionId(actionId),
      // Lines read ahead of the one to write next: enough to keep every
      // invocation busy while one slow line holds up the output, and to wake
      // the reader rarely (on one core each wake-up is two context switches);
      // their bytes bound the memory they take.
      m_reader(
          std::make_unique<LineReader>(input, maxLineBytes, qMax(4 * concurrency, readAheadLines), readAheadBytes)),
      m_output(output),
      m_concurrency(concurrency),
      m_expectedLines(expectedLines),
      m_showProgress(showProgress)
{
    connect(m_reader.get(), &LineReader::linesReady, this, &BatchRunner::readLines);
    connect(m_reader.get(), &QThread::finished, this, [this] {
        m_inputDone = true;
        finishIfDone();
    });
}

BatchRunner::~BatchRunner() = default;

qint64 BatchRunner::exec()
{
    m_clock.start();
    QEventLoop loop;
    m_loop = &loop;
    m_reader->start();
    loop.exec();
    m_loop = nullptr;
    flushOutput();
    m_reader->stop();
    m_reader->wait();
    drawProgress(true);
    return m_failed;
}

void BatchRunner::readLines()
{
    for (LineReader::Line &line : m_reader->takeLines()) {
        if (line.isTooLong())
            failTooLong(line.tooLongLength);
        else
            m_waiting.append({++m_linesRead, std::move(line.text)});
    }
    dispatch();
}

void BatchRunner::failTooLong(qsizetype length)
{
    complete(++m_linesRead,
             ActionResult::failure(ActionResult::Status::InvalidInput,
                                   {{ErrorCodes::name(ErrorCode::InvalidInput),
                                     {},
                                     ErrorRule::Json,
                                     QStringLiteral("the line is %1 bytes long; lines of at most %2 bytes are read")
                                         .arg(length)
                                         .arg(maxLineBytes)}}));
}

void BatchRunner::dispatch()
{
    while (!m_outputFailed && m_inFlight < m_concurrency && !m_waiting.isEmpty() && m_pendingBytes < maxPendingBytes) {
        const auto [lineNumber, line] = m_waiting.takeFirst();
        m_startedBytes += line.size();
        start(lineNumber, line);
    }
    finishIfDone();
}

void BatchRunner::finishIfDone()
{
    if (m_inFlight == 0 && (m_outputFailed || (m_inputDone && m_waiting.isEmpty())) && m_loop)
        m_loop->quit();
}

void BatchRunner::start(qint64 lineNumber, const QByteArray &line)
{
    if (line.isEmpty()) {
        skip(lineNumber);
        return;
    }
    const ActionCall call = m_session->callJson(m_actionId, line);
    if (call.isFinished()) {
        complete(lineNumber, call.result());
        return;
    }
    ++m_inFlight;
    auto *watcher = new QFutureWatcher<ActionResult>(this);
    connect(watcher, &QFutureWatcher<ActionResult>::finished, this, [this, watcher, lineNumber] {
        --m_inFlight;
        complete(lineNumber, watcher->result());
        watcher->deleteLater();
        dispatch();
    });
    watcher->setFuture(call.future());
}

void BatchRunner::complete(qint64 lineNumber, const ActionResult &result)
{
    result.isSuccess() ? ++m_succeeded : ++m_failed;
    // Lines nearly always finish in order: the result then goes straight into the output buffer.
    if (lineNumber == m_nextToWrite && m_pending.isEmpty()) {
        // Once the output failed, the rest is counted, not written.
        if (!m_outputFailed)
            ResultLine::append(&m_outputBuffer, result, lineNumber);
        ++m_nextToWrite;
        linesWritten(1);
    } else {
        const QByteArray line = ResultLine::write(result, lineNumber);
        m_pendingBytes += line.size();
        m_pending.insert(lineNumber, line);
        flush();
    }
    drawProgress(false);
}

// A blank line keeps its number but produces no invocation and no result line.
void BatchRunner::skip(qint64 lineNumber)
{
    m_pending.insert(lineNumber, QByteArray());
    flush();
}

void BatchRunner::flush()
{
    int written = 0;
    for (auto it = m_pending.begin(); it != m_pending.end() && it.key() == m_nextToWrite; it = m_pending.erase(it)) {
        m_pendingBytes -= it.value().size();
        if (!m_outputFailed)
            m_outputBuffer.append(it.value());
        ++m_nextToWrite;
        ++written;
    }
    if (written > 0)
        linesWritten(written);
}

void BatchRunner::linesWritten(int lines)
{
    if (m_outputBuffer.size() >= outputChunkBytes)
        writeOutputBuffer();
    if (m_outputFailed)
        m_reader->stop();
    // The text of every line started so far is gone: the reader may count its bytes out.
    m_reader->release(lines, m_startedBytes);
    m_startedBytes = 0;
    // One flush once the lines read so far are handled, rather than a write
    // per line: the results still stream as soon as the runner waits for input.
    if (!m_outputFlushQueued) {
        m_outputFlushQueued = true;
        QMetaObject::invokeMethod(this, &BatchRunner::flushOutput, Qt::QueuedConnection);
    }
}

void BatchRunner::writeOutputBuffer()
{
    if (!m_outputFailed && !m_outputBuffer.isEmpty() && m_output->write(m_outputBuffer) != m_outputBuffer.size())
        m_outputFailed = true;
    // The capacity is kept for the next lines, unless one huge line grew it.
    if (m_outputBuffer.capacity() > 4 * outputChunkBytes)
        m_outputBuffer.clear();
    else
        m_outputBuffer.truncate(0);
}

void BatchRunner::flushOutput()
{
    m_outputFlushQueued = false;
    if (m_outputFailed)
        return;
    writeOutputBuffer();
    if (!m_outputFailed && m_output->flush())
        return;
    m_outputFailed = true;
    m_reader->stop();
    finishIfDone();
}

void BatchRunner::drawProgress(bool force)
{
    if (!m_showProgress)
        return;
    const qint64 now = m_clock.elapsed();
    if (!force && m_lastDrawMs >= 0 && now - m_lastDrawMs < 100)
        return;
    m_lastDrawMs = now;
    const qint64 done = m_succeeded + m_failed;
    const double rate = now > 0 ? done * 1000.0 / now : 0.0;
    QString bar;
    QString eta = QStringLiteral("--");
    if (m_expectedLines > 0) {
        constexpr int width = 30;
        const int filled = static_cast<int>(width * qMin<qint64>(m_nextToWrite - 1, m_expectedLines) / m_expectedLines);
        bar = QStringLiteral("[%1%2] ").arg(QString(filled, QLatin1Char('#')),
                                            QString(width - filled, QLatin1Char('-')));
        if (rate > 0)
            eta = QStringLiteral("%1s").arg(qMax<qint64>(0, m_expectedLines - (m_nextToWrite - 1)) / rate, 0, 'f', 1);
    }
    QTextStream err(stderr);
    err << '\r' << bar << (m_nextToWrite - 1);
    if (m_expectedLines > 0)
        err << '/' << m_expectedLines;
    err << QStringLiteral("  %1/s  ETA %2  failed %3 ").arg(rate, 0, 'f', 0).arg(eta).arg(m_failed);
    if (force)
        err << '\n';
}

} // namespace ActionNode
