#include "exportcommand.h"

#include <actionnode/builderexport.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

using namespace ActionNode;

void ExportCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_out, m_provider, m_packageName, m_force});
    parser.addPositionalArgument(QStringLiteral("builder"),
                                 QStringLiteral("The builder: %1.").arg(BuilderExport::builders().join(", ")));
}

int ExportCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("name one builder: %1").arg(BuilderExport::builders().join(", ")), UsageError);
    if (parser.value(m_out).isEmpty())
        return fail(QStringLiteral("--out: name the directory to write the package into"), UsageError);
    const QDir directory(parser.value(m_out));
    if (!parser.isSet(m_force) && directory.exists()
        && !directory.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return fail(QStringLiteral("--out: %1 is not empty; choose an empty directory, or --force to write into it")
                        .arg(directory.path()),
                    UsageError);
    return Success;
}

int ExportCommand::execute(const Context &context)
{
    BuilderExportOptions options;
    options.provider = context.parser.value(m_provider);
    options.packageName = context.parser.value(m_packageName);
    const ActionResult result = context.session.exportPackage(context.arguments.constFirst(), options);
    if (!result.isSuccess())
        return fail(result.errors.value(0).toString(), exitCodeOf(result.status));
    const QDir directory(context.parser.value(m_out));
    const QJsonObject files = result.outputs.value(QStringLiteral("files")).toObject();
    for (auto file = files.constBegin(); file != files.constEnd(); ++file) {
        const QString path = directory.filePath(file.key());
        if (!QDir().mkpath(QFileInfo(path).path()))
            return fail(QStringLiteral("%1: cannot create the directory").arg(QFileInfo(path).path()));
        QSaveFile saved(path);
        if (!saved.open(QIODevice::WriteOnly) || saved.write(file.value().toString().toUtf8()) < 0 || !saved.commit())
            return fail(QStringLiteral("%1: %2").arg(path, saved.errorString()));
    }
    out() << "wrote " << files.size() << " files of the " << result.outputs.value(QStringLiteral("builder")).toString()
          << " package into " << directory.path() << "\n";
    return Success;
}
