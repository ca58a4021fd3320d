#include "runtimeoptions.h"

#include <actionnode/boundedfile.h>

using namespace ActionNode;

void RuntimeOptions::addTo(QCommandLineParser &parser)
{
    if (m_use == InvokesActions)
        parser.addOption(m_strict);
    parser.addOptions({m_pluginPath, m_license, m_licenseKey, m_connection});
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
