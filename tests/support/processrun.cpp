#include "processrun.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace ActionNode::TestSupport {

QString actionnodeExecutable()
{
    return QStringLiteral(ACTIONNODE_EXECUTABLE);
}

QString emulatorExecutable()
{
    return QStringLiteral(ACTIONNODE_EMULATOR_EXECUTABLE);
}

QProcessEnvironment actionnodeEnvironment(const QProcessEnvironment &settings)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(QLatin1String("DAILY_")) || name.startsWith(QLatin1String("SIGNALWIRE_"))
            || name == QLatin1String("ACTIONNODE_LICENSE"))
            environment.remove(name);
    }
    environment.insert(settings);
    if (!settings.contains(QStringLiteral("ACTIONNODE_DATA_DIR"))) {
        static std::vector<std::unique_ptr<QTemporaryDir>> dataDirectories; // removed at exit
        dataDirectories.push_back(std::make_unique<QTemporaryDir>());
        environment.insert(QStringLiteral("ACTIONNODE_DATA_DIR"), dataDirectories.back()->path());
    }
    return environment;
}

QProcessEnvironment dailyEnvironment(const QString &apiBase, const QString &apiKey)
{
    QProcessEnvironment settings;
    settings.insert(QStringLiteral("DAILY_API_KEY"), apiKey);
    settings.insert(QStringLiteral("DAILY_API_BASE"), apiBase);
    settings.insert(QStringLiteral("DAILY_MAX_RETRIES"), QStringLiteral("0"));
    return actionnodeEnvironment(settings);
}

ProcessRun runProcess(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                      const QByteArray &input, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    ProcessRun run;
    if (!process.waitForStarted(10000)) {
        run.err = process.errorString().toUtf8();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        run.exitCode = process.exitCode();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

ProcessRun runActionnode(const QStringList &arguments, const QProcessEnvironment &environment, const QByteArray &input,
                         int timeoutMs)
{
    return runProcess(actionnodeExecutable(), arguments, environment, input, timeoutMs);
}

} // namespace ActionNode::TestSupport
