#include "pythonwithjwt.h"

#include "processrun.h"

#include <QStandardPaths>
#include <QStringList>

namespace ActionNode::TestSupport {

QString pythonWithJwt()
{
    QStringList candidates;
    if (qEnvironmentVariableIsSet("ACTIONNODE_PYTHON"))
        candidates << qEnvironmentVariable("ACTIONNODE_PYTHON");
    candidates << QStandardPaths::findExecutable(QStringLiteral("python3")) << QStringLiteral("/usr/bin/python3");
    for (const QString &candidate : std::as_const(candidates)) {
        if (!candidate.isEmpty()
            && runProcess(candidate, {QStringLiteral("-c"), QStringLiteral("import jwt")},
                          QProcessEnvironment::systemEnvironment(), {}, 10000)
                       .exitCode
                   == 0)
            return candidate;
    }
    return {};
}

} // namespace ActionNode::TestSupport
