#include "batchrunner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace ActionNode;

BatchRunner::BatchRunner(Runtime *runtime, const QString &actionId, QFile *input, QFile *output,
                         int concurrency, qint64 expectedLines, bool showProgress)
    : m_runtime(runtime), m_actionId(actionId), m_input(input), m_output(output),
      m_concurrency(concurrency), m_expectedLines(expectedLines), m_showProgress(showProgress)
{
}

qint64 BatchRunner::exec()
{
    m_clock.start();
    QEventLoop loop;
    m_loop = &loop;
    fill();
    if (!m_inputDone || m_inFlight > 0)
        loop.exec();
    m_loop = nullptr;
    drawProgress(true);
    return m_failed;
}

void BatchRunner::fill()
{
    // Results written out of order wait in m_pending; stop reading while the
    // window of unwritten lines is full so that memory stays bounded.
    const qint64 window = qMax<qint64>(4 * m_concurrency, 64);
    while (!m_inputDone && m_inFlight < m_concurrency && m_linesRead - m_nextToWrite + 1 < window) {
        if (m_input->atEnd()) {
            m_inputDone = true;
            break;
        }
        const QByteArray line = m_input->readLine();
        ++m_linesRead;
        start(m_linesRead, line);
    }
    if (m_inputDone && m_inFlight == 0 && m_loop)
        m_loop->quit();
}

void BatchRunner::start(qint64 lineNumber, const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty()) {
        skip(lineNumber);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (!document.isObject()) {
        complete(lineNumber, ActionResult::failure(
                                 ActionResult::Status::InvalidInput,
                                 {{QStringLiteral("invalid_input"), {}, QStringLiteral("json"),
                                   parseError.error != QJsonParseError::NoError
                                       ? QStringLiteral("not valid JSON: %1 at column %2")
                                             .arg(parseError.errorString()).arg(parseError.offset + 1)
                                       : QStringLiteral("a line must be a JSON object of inputs")}}));
        return;
    }
    const QFuture<ActionResult> future = m_runtime->invoke(m_actionId, document.object());
    if (future.isFinished()) {
        complete(lineNumber, future.result());
        return;
    }
    ++m_inFlight;
    auto *watcher = new QFutureWatcher<ActionResult>(this);
    connect(watcher, &QFutureWatcher<ActionResult>::finished, this, [this, watcher, lineNumber] {
        --m_inFlight;
        complete(lineNumber, watcher->result());
        watcher->deleteLater();
        fill();
    });
    watcher->setFuture(future);
}

void BatchRunner::complete(qint64 lineNumber, const ActionResult &result)
{
    QJsonObject json = result.toJson();
    json.insert(QStringLiteral("line"), lineNumber);
    result.isSuccess() ? ++m_succeeded : ++m_failed;
    m_pending.insert(lineNumber, QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n');
    flush();
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
    for (auto it = m_pending.begin(); it != m_pending.end() && it.key() == m_nextToWrite;
         it = m_pending.erase(it)) {
        m_output->write(it.value());
        ++m_nextToWrite;
    }
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
        bar = QStringLiteral("[%1%2] ").arg(QString(filled, QLatin1Char('#')), QString(width - filled, QLatin1Char('-')));
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
