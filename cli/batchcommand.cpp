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

int BatchCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"),
                                   QStringLiteral("JSON-lines file of inputs, one object per line of at most "
                                                  "4 MiB ('-' for stdin)."),
                                   QStringLiteral("file"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("Write result lines to <file> instead of standard output."),
                                    QStringLiteral("file"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("Invocations in flight at once (default 8)."),
                                         QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Treat warnings as errors."));
    const QCommandLineOption quiet(QStringLiteral("no-progress"), QStringLiteral("Never draw the progress bar."));
    parser.addOptions({input, output, concurrency, strict, quiet});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("Action id, e.g. daily.create_meeting_token."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(input)) {
        err() << "actionnode batch: name one action and give --input FILE.jsonl\n";
        return UsageError;
    }
    bool ok = false;
    const int inFlight = parser.value(concurrency).toInt(&ok);
    if (!ok || inFlight < 1 || inFlight > 1024) {
        err() << "actionnode batch: --concurrency must be a whole number from 1 to 1024\n";
        return UsageError;
    }
    const QString actionId = parser.positionalArguments().constFirst();

    Runtime runtime;
    runtime.setWarningsAsErrors(parser.isSet(strict));
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode batch: " << error << "\n";
        return Failure;
    }
    if (runtime.action(actionId).hasError()) {
        err() << "actionnode batch: " << runtime.action(actionId).errorString() << "\n";
        return Failure;
    }

    QFile inputFile;
    const QString inputName = parser.value(input);
    const bool inputOpened = inputName == QLatin1String("-")
        ? inputFile.open(STDIN_FILENO, QIODevice::ReadOnly)
        : (inputFile.setFileName(inputName), inputFile.open(QIODevice::ReadOnly));
    if (!inputOpened) {
        err() << "actionnode batch: " << inputName << ": cannot be read: " << inputFile.errorString() << "\n";
        return Failure;
    }
    QFile outputFile;
    const bool outputOpened = parser.isSet(output)
        ? (outputFile.setFileName(parser.value(output)), outputFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
        : outputFile.open(STDOUT_FILENO, QIODevice::WriteOnly);
    if (!outputOpened) {
        err() << "actionnode batch: " << parser.value(output) << ": cannot be written: " << outputFile.errorString() << "\n";
        return Failure;
    }

    const bool progress = !parser.isSet(quiet) && isatty(STDERR_FILENO);
    BatchRunner runner(&runtime, actionId, inputFile.handle(), &outputFile, inFlight,
                       inputName == QLatin1String("-") ? 0 : countLines(inputName), progress);
    const qint64 failed = runner.exec();
    if (runner.outputFailed()) {
        err() << "actionnode batch: the output can no longer be written (" << outputFile.errorString()
              << "); later results were not written\n";
        return Failure;
    }
    const qint64 total = runner.succeeded() + runner.failed();
    const double seconds = runner.elapsedMs() / 1000.0;
    err() << QStringLiteral("%1 line(s): %2 succeeded, %3 failed in %4 s (%5/s)\n")
                 .arg(total).arg(runner.succeeded()).arg(failed).arg(seconds, 0, 'f', 2)
                 .arg(seconds > 0 ? total / seconds : 0.0, 0, 'f', 0);
    return failed == 0 ? Success : Failure;
}
