#include "providerreference.h"

#include "emulatordeclarations.h"

#include <QHash>
#include <QMutex>

namespace ActionNode {

ActionSpec ProviderReference::body(const QString &provider, const QString &fileName)
{
    // Several emulators may run in one process (tests), each on a thread of its own.
    static QMutex mutex;
    static QHash<QString, ActionSpec> bodies;
    const QString relative = provider + QLatin1Char('/') + fileName;
    const QMutexLocker locker(&mutex);
    auto found = bodies.constFind(relative);
    if (found == bodies.constEnd())
        found = bodies.insert(relative, ActionSpec::fromFile(QStringLiteral(":/emulator-reference/") + relative));
    return *found;
}

QString ProviderReference::problem(const ActionSpec &reference, const QJsonObject &inputs, const QString &wrapper)
{
    if (reference.hasError())
        return reference.errorString();
    const ActionErrors errors = reference.validate(inputs);
    if (errors.isEmpty())
        return {};
    const QString described = EmulatorDeclarations::describe(errors.constFirst());
    const QString prefix = wrapper + QLatin1Char('.');
    return !wrapper.isEmpty() && described.startsWith(prefix) ? described.mid(prefix.size()) : described;
}

} // namespace ActionNode
