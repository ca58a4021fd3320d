#include "serverprocess.h"

#include "httpexchange.h"

#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

namespace ActionNode::TestSupport {

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QRegularExpressionMatch ServerProcess::start(const QString &program, const QStringList &arguments,
                                             const QProcessEnvironment &environment,
                                             const QRegularExpression &announcement, QProcess::ProcessChannel channel,
                                             int timeoutMs)
{
    m_process.setProcessEnvironment(environment);
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(10000)) {
        m_errorString = m_process.errorString();
        return {};
    }
    QRegularExpressionMatch match;
    const auto announced = [&] {
        m_announcementOutput += channel == QProcess::StandardOutput ? m_process.readAllStandardOutput()
                                                                    : m_process.readAllStandardError();
        match = announcement.match(QString::fromUtf8(m_announcementOutput));
        return match.hasMatch() || m_process.state() == QProcess::NotRunning;
    };
    if (!QTest::qWaitFor(announced, timeoutMs) || !match.hasMatch())
        m_errorString = QStringLiteral("%1 did not announce itself; it said: %2")
                            .arg(program, QString::fromUtf8(m_announcementOutput));
    return match;
}

int ServerProcess::terminate(int timeoutMs)
{
    m_process.terminate();
    if (!QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, timeoutMs))
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

bool EmulatorProcess::start(const QByteArray &apiKey, const QStringList &arguments, const QProcessEnvironment &settings)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!apiKey.isEmpty())
        environment.insert(QStringLiteral("ACTIONNODE_EMULATOR_API_KEY"), QString::fromLatin1(apiKey));
    environment.insert(settings);
    static const QRegularExpression listening(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)\n$"));
    const QRegularExpressionMatch match = ServerProcess::start(
        QStringLiteral(ACTIONNODE_EMULATOR_EXECUTABLE),
        QStringList{QStringLiteral("--port"), QStringLiteral("0")} + arguments, environment, listening);
    m_url = QUrl(match.captured(1));
    return match.hasMatch();
}

bool EmulatorProcess::scheduleFault(const QJsonObject &fault, QString *errorString)
{
    QNetworkAccessManager network;
    const HttpAnswer answer = sendRequest(network, "POST", m_url.resolved(QUrl(QStringLiteral("/_emulator/faults"))),
                                          compactJson(fault));
    if (answer.status == 200)
        return true;
    *errorString = QStringLiteral("the emulator refused the fault (%1): %2")
                       .arg(answer.status)
                       .arg(QString::fromUtf8(answer.body));
    return false;
}

bool RedisServerProcess::start()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty() || !m_directory.isValid()) {
        m_errorString = QStringLiteral("redis-server is not installed (Debian: redis-server; "
                                       "scripts/setup-debian.sh --tests installs it)");
        return false;
    }
    static const QRegularExpression ready(QStringLiteral("Ready to accept connections"));
    // redis-server takes no port 0: a port the system just handed out, and another
    // try in the rare case someone took it meanwhile.
    for (int attempt = 0; attempt < 5; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            continue;
        m_port = probe.serverPort();
        probe.close();
        const QStringList arguments{QStringLiteral("--port"),       QString::number(m_port),
                                    QStringLiteral("--bind"),       QStringLiteral("127.0.0.1"),
                                    QStringLiteral("--save"),       QString(),
                                    QStringLiteral("--appendonly"), QStringLiteral("no"),
                                    QStringLiteral("--dir"),        m_directory.path(),
                                    QStringLiteral("--databases"),  QStringLiteral("64")};
        if (ServerProcess::start(program, arguments, QProcessEnvironment::systemEnvironment(), ready).hasMatch())
            return true;
        process().waitForFinished(5000);
    }
    return false;
}

} // namespace ActionNode::TestSupport
