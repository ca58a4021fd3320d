#include "connectioncommand.h"
#include "jsontext.h"

#include <actionnode/boundedfile.h>

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

using namespace ActionNode;

bool ConnectionCommand::saveSettings(const QString &fileName, const QString &providerId, const QJsonObject &settings,
                                     QString *errorString)
{
    QJsonObject document;
    const bool exists = QFileInfo::exists(fileName);
    if (exists) {
        const std::optional<QByteArray> text = BoundedFile::read(fileName, BoundedFile::maxConnectionBytes,
                                                                 errorString);
        if (!text)
            return false;
        QString parseError;
        const QJsonValue parsed = JsonText::parse(*text, &parseError);
        if (!parsed.isObject()) {
            *errorString = QStringLiteral("%1: not a JSON object%2; left unchanged")
                               .arg(fileName,
                                    parsed.isUndefined() ? QStringLiteral(" (%1)").arg(parseError) : QString());
            return false;
        }
        document = parsed.toObject();
    }
    // A file keyed by provider id gets the settings in its provider's section.
    const bool flat = !document.isEmpty() && !document.contains(providerId)
                      && std::none_of(document.begin(), document.end(),
                                      [](const QJsonValue &value) { return value.isObject(); });
    QJsonObject section = flat ? document : document.value(providerId).toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it)
        section.insert(it.key(), it.value());
    if (flat)
        document = section;
    else
        document.insert(providerId, section);
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        *errorString = QStringLiteral("%1: cannot be written: %2").arg(fileName, file.errorString());
        return false;
    }
    // The file may hold an API key: readable by its owner only, as a new file.
    if (!exists)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(document).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *errorString = QStringLiteral("%1: cannot be written: %2").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

void ConnectionCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOption(m_save);
    parser.addPositionalArgument(QStringLiteral("test"), QStringLiteral("The only subcommand: test."));
    parser.addPositionalArgument(QStringLiteral("provider"), QStringLiteral("Provider id, e.g. daily."));
}

int ConnectionCommand::checkArguments(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional.constFirst() != QLatin1String("test"))
        return fail(QStringLiteral("use 'actionnode connection test PROVIDER'"), UsageError);
    return Success;
}

int ConnectionCommand::execute(const Context &context)
{
    const QCommandLineParser &parser = context.parser;
    const QString providerId = context.arguments.at(1);
    const ActionResult test = await(context.session.testConnection(providerId));
    const int exitCode = report(test);
    if (exitCode != Success || !parser.isSet(m_save))
        return exitCode;
    const QJsonObject discovered = test.outputs.value(QStringLiteral("discovered")).toObject();
    QString error;
    if (!saveSettings(parser.value(m_save), providerId, discovered, &error))
        return fail(error);
    err() << "saved " << QStringList(discovered.keys()).join(QStringLiteral(", ")) << " to " << parser.value(m_save)
          << "\n";
    return Success;
}
