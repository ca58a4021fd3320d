#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

/*
    Starts the stand-alone actionnode-emulator in \a process on a free
    loopback port, accepting \a apiKey for Daily, and returns its base URL
    (http://127.0.0.1:<port>); empty, with \a errorString, when it did not
    come up. The caller kills the process.
*/
inline QString startEmulatorProcess(QProcess &process, const QByteArray &apiKey, const QStringList &arguments,
                                    QString *errorString)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ACTIONNODE_EMULATOR_API_KEY"), QString::fromLatin1(apiKey));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ACTIONNODE_EMULATOR_EXECUTABLE), QStringList{QStringLiteral("--port"), QStringLiteral("0")} + arguments);
    if (!process.waitForStarted(10000)) {
        *errorString = process.errorString();
        return {};
    }
    QByteArray line;
    while (!line.contains('\n') && process.waitForReadyRead(10000))
        line += process.readAllStandardOutput();
    static const QRegularExpression listening(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)\n$"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(line));
    if (!match.hasMatch())
        *errorString = QStringLiteral("the emulator said: ") + QString::fromUtf8(line);
    return match.captured(1);
}

/*
    The environment of a Daily command against \a apiBase with \a apiKey,
    without the caller's own DAILY_ settings and without retries, so that a
    test sees one attempt per request.
*/
inline QProcessEnvironment dailyEnvironment(const QString &apiBase, const QString &apiKey)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(QLatin1String("DAILY_")))
            environment.remove(name);
    }
    environment.insert(QStringLiteral("DAILY_API_KEY"), apiKey);
    environment.insert(QStringLiteral("DAILY_API_BASE"), apiBase);
    environment.insert(QStringLiteral("DAILY_MAX_RETRIES"), QStringLiteral("0"));
    return environment;
}
