#include "batchcommand.h"
#include "batchrunner.h"

#include <QFileInfo>

#include <unistd.h>

using namespace ActionNode;

namespace {

// Counting lines first costs one fast read of a regular file and gives the ETA.
qint64 countLines(const QString &fileName)
{
    QFile file(fileName);
    if (!QFileInfo(fileName).isFile() || !file.open(QIODevice::ReadOnly))
        return 0;
    qint64 lines = 0;
    char last = '\n';
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(1 << 20);
        lines += chunk.count('\n');
        last = chunk.isEmpty() ? last : chunk.back();
    }
    return last == '\n' ? lines : lines + 1;
}

} // namespace

void BatchCommand::addArguments(QCommandLineParser &parser)
{
    m_input.addTo(parser);
    parser.addOptions({m_output, m_concurrency, m_noProgress});
    addActionArgument(parser);
}

int BatchCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() != 1 || !m_input.isSet(parser))
        return fail(QStringLiteral("name one action and give --input FILE.jsonl"), UsageError);
    bool ok = false;
    m_inFlight = parser.value(m_concurrency).toInt(&ok);
    if (!ok || m_inFlight < 1 || m_inFlight > 1024)
        return fail(QStringLiteral("--concurrency must be a whole number from 1 to 1024"), UsageError);
    return Success;
}

int BatchCommand::execute(const Context &context)
{
    const QCommandLineParser &parser = context.parser;
    QString error;
    QFile inputFile;
    if (!m_input.open(parser, &inputFile, &error))
        return fail(error);
    QFile outputFile;
    if (!openOutput(parser, &outputFile))
        return fail(QStringLiteral("%1: cannot be written: %2").arg(parser.value(m_output), outputFile.errorString()));

    const QString inputName = m_input.fileName(parser);
    const bool progress = !parser.isSet(m_noProgress) && isatty(STDERR_FILENO);
    BatchRunner runner(&context.session, context.action.id(), inputFile.handle(), &outputFile, m_inFlight,
                       inputName == QLatin1String("-") ? 0 : countLines(inputName), progress);
    runner.exec();
    if (runner.outputFailed())
        return fail(QStringLiteral("the output can no longer be written (%1); later results were not written")
                        .arg(outputFile.errorString()));
    printSummary(runner);
    return runner.failed() == 0 ? Success : Failure;
}

bool BatchCommand::openOutput(const QCommandLineParser &parser, QFile *file) const
{
    if (!parser.isSet(m_output))
        return file->open(STDOUT_FILENO, QIODevice::WriteOnly);
    file->setFileName(parser.value(m_output));
    return file->open(QIODevice::WriteOnly | QIODevice::Truncate);
}

void BatchCommand::printSummary(const BatchRunner &runner)
{
    const qint64 total = runner.succeeded() + runner.failed();
    const double seconds = runner.elapsedMs() / 1000.0;
    err() << QStringLiteral("%1 line(s): %2 succeeded, %3 failed in %4 s (%5/s)\n")
                 .arg(total)
                 .arg(runner.succeeded())
                 .arg(runner.failed())
                 .arg(seconds, 0, 'f', 2)
                 .arg(seconds > 0 ? total / seconds : 0.0, 0, 'f', 0);
}
