#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace ActionNode::TestSupport {

/*
    A program that keeps running while a test talks to it (actionnode
    listen, serve, the emulator), started and waited for until it announces
    itself with a line such as "listening on http://127.0.0.1:43817". It is
    killed when the object goes, if the test has not ended it.
*/
class ServerProcess
{
public:
    ServerProcess() = default;
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;
    ~ServerProcess();

    /*
        Starts \a program and waits up to \a timeoutMs for \a announcement in
        what it writes to \a channel, turning the event loop meanwhile. Returns
        the match; one that has no match, with errorString(), when the
        program did not start or did not say it.
    */
    QRegularExpressionMatch start(const QString &program, const QStringList &arguments,
                                  const QProcessEnvironment &environment, const QRegularExpression &announcement,
                                  QProcess::ProcessChannel channel = QProcess::StandardOutput, int timeoutMs = 15000);

    //! Sends SIGTERM and waits; the exit code, or -1 when it did not exit normally in time.
    int terminate(int timeoutMs = 15000);

    //! What the program wrote to the announcement's channel until it announced itself.
    QByteArray announcementOutput() const { return m_announcementOutput; }
    QString errorString() const { return m_errorString; }
    QProcess &process() { return m_process; }

protected:
    QString m_errorString;

private:
    QProcess m_process;
    QByteArray m_announcementOutput;
};

/*
    The stand-alone actionnode-emulator on a free loopback port, accepting
    \a apiKey for Daily (if given) and started with \a arguments.
*/
class EmulatorProcess : public ServerProcess
{
public:
    bool start(const QByteArray &apiKey, const QStringList &arguments = {}, const QProcessEnvironment &settings = {});

    //! http://127.0.0.1:<port>
    QUrl url() const { return m_url; }
    //! The base of Daily's API there (url()/v1), as DAILY_API_BASE takes it.
    QString dailyApiBase() const { return m_url.toString() + QStringLiteral("/v1"); }

    //! Makes the next requests fail as \a fault says, through the emulator's control endpoint.
    bool scheduleFault(const QJsonObject &fault, QString *errorString);

private:
    QUrl m_url;
};

/*
    A redis-server of the test's own (Debian's redis-server) on a free
    loopback port, keeping nothing on disk: no snapshots, no append-only
    file, its working directory a temporary one. Killed with the object.
*/
class RedisServerProcess : public ServerProcess
{
public:
    bool start();

    //! redis://127.0.0.1:<port>, as Store::open() takes it.
    QString location() const { return QStringLiteral("redis://127.0.0.1:%1").arg(m_port); }

private:
    QTemporaryDir m_directory;
    quint16 m_port = 0;
};

} // namespace ActionNode::TestSupport
