// actionnode-check-declarations DIRECTORY OUTPUT
//
// Run by the build for each provider: checks the manifest in DIRECTORY
// (provider.json) and every action and trigger declaration it lists, as the
// runtime would, prints each problem and exits 1 when there is one; else writes
// OUTPUT, the list of declarations checked against the built-in schemas, which
// the runtime then does not check against them again (CheckedDeclarations).

#include <actionnode/actionspec.h>
#include <actionnode/boundedfile.h>
#include <actionnode/pluginspec.h>
#include <actionnode/triggerspec.h>

#include "builtinschema.h"
#include "checkeddeclarations.h"

#include <QDir>
#include <QSaveFile>

#include <cstdio>
#include <optional>

using namespace ActionNode;
using namespace ActionNode::Internal;

namespace {

void report(const QString &problem)
{
    std::fprintf(stderr, "actionnode-check-declarations: %s\n", qPrintable(problem));
}

// Checks each of \a files (declaring \a ids) as a Spec and adds its line to \a list; false when one fails.
template<typename Spec>
bool check(const QDir &directory, const QStringList &files, const QStringList &ids, const QString &schema,
           QByteArray *list)
{
    bool passed = true;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString path = directory.filePath(files.at(i));
        QString problem;
        const std::optional<QByteArray> text = BoundedFile::read(path, BoundedFile::maxDeclarationBytes, &problem);
        if (text) {
            const Spec spec = Spec::fromDeclaration(*text, path);
            if (spec.hasError())
                problem = spec.errorString();
            else if (spec.id() != ids.at(i))
                problem =
                    QStringLiteral("%1: declares \"%2\", but the manifest says \"%3\"").arg(path, spec.id(), ids.at(i));
        }
        if (problem.isEmpty()) {
            *list += CheckedDeclarations::line(schema, *text, files.at(i));
        } else {
            report(problem);
            passed = false;
        }
    }
    return passed;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: actionnode-check-declarations DIRECTORY OUTPUT\n");
        return 2;
    }
    const QDir directory(QString::fromLocal8Bit(argv[1]));
    const PluginSpec provider = PluginSpec::readDirectory(directory.path());
    if (provider.hasError()) {
        report(provider.errorString());
        return 1;
    }
    QByteArray list;
    const bool actionsPassed = check<ActionSpec>(directory, provider.declarationFiles(), provider.actionIds(),
                                                 actionSchemaResource(), &list);
    const bool triggersPassed = check<TriggerSpec>(directory, provider.triggerDeclarationFiles(), provider.triggerIds(),
                                                   triggerSchemaResource(), &list);
    if (!actionsPassed || !triggersPassed)
        return 1;
    QSaveFile output(QString::fromLocal8Bit(argv[2]));
    if (!output.open(QIODevice::WriteOnly) || output.write(list) != list.size() || !output.commit()) {
        report(QStringLiteral("%1: %2").arg(output.fileName(), output.errorString()));
        return 1;
    }
    return 0;
}
