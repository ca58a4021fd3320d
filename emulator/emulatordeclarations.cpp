#include "emulatordeclarations.h"

#include "jsonpointer.h"

#include <actionnode/sdk/jwt.h>

#include <QDir>
#include <QDirIterator>

namespace ActionNode {

namespace {

// Where CMake embeds the declarations (qt_add_resources in emulator/CMakeLists.txt).
const QString embeddedRoot = QStringLiteral(":/emulator");

} // namespace

void EmulatorDeclarations::setDirectory(const QString &directory)
{
    m_directory = directory;
    m_actions.clear();
}

ActionSpec EmulatorDeclarations::action(const QString &provider, const QString &fileName) const
{
    const QString relative = provider + QLatin1Char('/') + fileName;
    auto found = m_actions.constFind(relative);
    if (found == m_actions.constEnd()) {
        const QString root = m_directory.isEmpty() ? embeddedRoot : m_directory;
        found = m_actions.insert(relative, ActionSpec::fromFile(QDir(root).filePath(relative)));
    }
    return *found;
}

QStringList EmulatorDeclarations::problems() const
{
    // The embedded files are the list of what the emulated APIs read.
    QStringList problems;
    QDirIterator it(embeddedRoot, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = it.next().mid(embeddedRoot.size() + 1);
        const qsizetype slash = relative.indexOf(QLatin1Char('/'));
        const ActionSpec spec = action(relative.left(slash), relative.mid(slash + 1));
        if (spec.hasError())
            problems.append(spec.errorString());
    }
    problems.sort();
    return problems;
}

QString EmulatorDeclarations::propertyPath(const ActionError &error)
{
    // An undeclared property's name comes from the client: a megabyte is not echoed.
    constexpr qsizetype maxLength = 200;
    bool wellFormed = false;
    const QString path = Internal::JsonPointer::parse(error.field, &wellFormed).tokens().join(QLatin1Char('.'));
    return path.size() > maxLength ? path.left(maxLength) + QStringLiteral("…") : path;
}

QString EmulatorDeclarations::describe(const ActionError &error, const QString &separator)
{
    const QString path = propertyPath(error);
    return path.isEmpty() ? error.message : path + separator + error.message;
}

QByteArray EmulatorDeclarations::signedToken(const ActionSpec &action, const QJsonObject &claims, const QByteArray &key)
{
    const QJsonObject header = action.transport().value(QLatin1String("tokenHeader")).toObject();
    const auto algorithm = Jwt::algorithmNamed(header.value(QLatin1String("alg")).toString());
    return Jwt::sign(claims, key, algorithm.value_or(Jwt::Algorithm::HS256), header);
}

} // namespace ActionNode
