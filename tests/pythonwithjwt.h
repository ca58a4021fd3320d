#pragma once

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

/*
    The interpreter that has PyJWT, the independent JWT implementation the
    tests check tokens with: $ACTIONNODE_PYTHON, python3 on PATH, or the
    system one (a user-level python3 often shadows the distribution's
    modules). Empty when none has it.
*/
inline QString pythonWithJwt()
{
    QStringList candidates;
    if (qEnvironmentVariableIsSet("ACTIONNODE_PYTHON"))
        candidates << qEnvironmentVariable("ACTIONNODE_PYTHON");
    candidates << QStandardPaths::findExecutable(QStringLiteral("python3")) << QStringLiteral("/usr/bin/python3");
    for (const QString &candidate : std::as_const(candidates)) {
        if (candidate.isEmpty())
            continue;
        QProcess probe;
        probe.start(candidate, {QStringLiteral("-c"), QStringLiteral("import jwt")});
        if (probe.waitForFinished(10000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0)
            return candidate;
    }
    return {};
}
