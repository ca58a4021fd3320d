#include "connectioncommand.h"
#include "jsontext.h"

#include <actionnode/boundedfile.h>
#include <actionnode/connectiontest.h>

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
    const QJsonObject manifest = manifestOf(context.runtime, providerId);
    if (manifest.isEmpty())
        return Failure;

    const ConnectionTest::Result result = await(ConnectionTest::run(manifest, context.runtime.connection(providerId)));
    out() << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
    out().flush();
    const int exitCode = exitCodeFor(result);
    if (exitCode != Success) {
        err() << "error: " << result.message << "\n";
        return exitCode;
    }
    if (parser.isSet(m_save)) {
        QString error;
        if (!saveSettings(parser.value(m_save), providerId, result.discovered, &error))
            return fail(error);
        err() << "saved " << QStringList(result.discovered.keys()).join(QStringLiteral(", ")) << " to "
              << parser.value(m_save) << "\n";
    }
    return Success;
}

QJsonObject ConnectionCommand::manifestOf(const Runtime &runtime, const QString &providerId)
{
    QJsonObject manifest;
    QStringList known;
    for (const PluginSpec &plugin : runtime.plugins()) {
        if (plugin.hasError())
            continue;
        known.append(plugin.id());
        if (plugin.id() == providerId)
            manifest = plugin.manifest();
    }
    if (manifest.isEmpty())
        fail(QStringLiteral("unknown provider \"%1\"; known providers: %2")
                 .arg(providerId, known.join(QStringLiteral(", "))));
    return manifest;
}

int ConnectionCommand::exitCodeFor(const ConnectionTest::Result &result)
{
    switch (result.status) {
    case ConnectionTest::Result::Status::Ok: return Success;
    case ConnectionTest::Result::Status::InvalidCredentials:
    case ConnectionTest::Result::Status::ProviderError: return ProviderFailed;
    case ConnectionTest::Result::Status::Unreachable: return NetworkFailed;
    case ConnectionTest::Result::Status::NotConfigured: return Failure;
    }
    return Failure;
}
