#include "runtimeoptions.h"

#include <actionnode/boundedfile.h>

#include <QTextStream>

using namespace ActionNode;

void RuntimeOptions::addTo(QCommandLineParser &parser)
{
    if (m_use == InvokesActions)
        parser.addOption(m_strict);
    parser.addOptions({m_pluginPath, m_license, m_licenseKey, m_connection});
}

bool RuntimeOptions::apply(const QCommandLineParser &parser, Runtime &runtime, QString *errorString)
{
    if (m_use == InvokesActions)
        runtime.setWarningsAsErrors(parser.isSet(m_strict));
    // The directories given replace both places providers come from: plugins and declarations alone.
    if (parser.isSet(m_pluginPath)) {
        runtime.setPluginPaths(parser.values(m_pluginPath));
        runtime.setDeclarationPaths(parser.values(m_pluginPath));
    }
    runtime.discoverPlugins();
    if (runtime.plugins().isEmpty()) {
        *errorString =
            QStringLiteral("no provider plugins found in: %1").arg(runtime.pluginPaths().join(QStringLiteral(", ")));
        return false;
    }
    return applyLicense(parser, runtime, errorString) && applyConnection(parser, runtime, errorString);
}

bool RuntimeOptions::read(const QCommandLineParser &parser, SessionOptions *options, QString *errorString)
{
    if (!readLicenseKey(parser, errorString))
        return false;
    options->licensePublicKeyPem = m_licensePublicKey;
    options->licenseFile = licenseFile(parser);
    // The directories given replace both places providers come from: plugins and declarations alone.
    options->pluginPaths = options->declarationPaths = parser.values(m_pluginPath);
    if (parser.isSet(m_connection))
        options->connectionFiles = {parser.value(m_connection)};
    options->strict = m_use == InvokesActions && parser.isSet(m_strict);
    return true;
}

bool RuntimeOptions::readLicenseKey(const QCommandLineParser &parser, QString *errorString)
{
    if (!parser.isSet(m_licenseKey))
        return true;
    const std::optional<QByteArray> pem = BoundedFile::read(parser.value(m_licenseKey), License::maxFileBytes,
                                                            errorString);
    if (!pem)
        return false;
    m_licensePublicKey = *pem;
    return true;
}

QString RuntimeOptions::licenseFile(const QCommandLineParser &parser) const
{
    return parser.isSet(m_license) ? parser.value(m_license) : qEnvironmentVariable("ACTIONNODE_LICENSE");
}

bool RuntimeOptions::applyLicense(const QCommandLineParser &parser, Runtime &runtime, QString *errorString)
{
    if (!readLicenseKey(parser, errorString))
        return false;
    const QString licenseFile = this->licenseFile(parser);
    if (!licenseFile.isEmpty()) {
        const License license = License::fromFile(licenseFile, m_licensePublicKey);
        if (!license.isValid())
            QTextStream(stderr) << "actionnode: warning: license refused: " << license.errorString() << "\n";
        runtime.setLicense(license);
    }
    return true;
}

bool RuntimeOptions::applyConnection(const QCommandLineParser &parser, Runtime &runtime, QString *errorString) const
{
    if (!parser.isSet(m_connection))
        return true;
    for (const PluginSpec &plugin : runtime.plugins()) {
        if (plugin.hasError())
            continue;
        Connection connection = runtime.connection(plugin.id());
        if (!connection.readFile(parser.value(m_connection), errorString))
            return false;
        runtime.setConnection(connection);
    }
    return true;
}
