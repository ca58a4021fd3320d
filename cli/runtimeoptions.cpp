#include "runtimeoptions.h"
#include "boundedfile.h"

#include <QTextStream>

using namespace ActionNode;

void RuntimeOptions::addTo(QCommandLineParser &parser)
{
    parser.addOptions({m_pluginPath, m_license, m_licenseKey, m_connection});
}

bool RuntimeOptions::apply(const QCommandLineParser &parser, Runtime &runtime, QString *errorString) const
{
    if (parser.isSet(m_pluginPath))
        runtime.setPluginPaths(parser.values(m_pluginPath));
    runtime.discoverPlugins();
    if (runtime.plugins().isEmpty()) {
        *errorString = QStringLiteral("no provider plugins found in: %1").arg(runtime.pluginPaths().join(QStringLiteral(", ")));
        return false;
    }

    QByteArray publicKey;
    if (parser.isSet(m_licenseKey)) {
        const std::optional<QByteArray> pem = BoundedFile::read(parser.value(m_licenseKey), License::maxFileBytes, errorString);
        if (!pem)
            return false;
        publicKey = *pem;
    }
    const QString licenseFile = parser.isSet(m_license) ? parser.value(m_license)
                                                        : qEnvironmentVariable("ACTIONNODE_LICENSE");
    if (!licenseFile.isEmpty()) {
        const License license = License::fromFile(licenseFile, publicKey);
        if (!license.isValid())
            QTextStream(stderr) << "actionnode: warning: license refused: " << license.errorString() << "\n";
        runtime.setLicense(license);
    }

    if (parser.isSet(m_connection)) {
        for (const PluginSpec &plugin : runtime.plugins()) {
            if (plugin.hasError())
                continue;
            Connection connection = runtime.connection(plugin.id());
            if (!connection.readFile(parser.value(m_connection), errorString))
                return false;
            runtime.setConnection(connection);
        }
    }
    return true;
}
