#include "serverprocess.h"

#include "httpexchange.h"

#include <QNetworkAccessManager>
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

} // namespace ActionNode::TestSupport
