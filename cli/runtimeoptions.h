#pragma once

#include <actionnode/runtime.h>

#include <QCommandLineOption>
#include <QCommandLineParser>

/*!
    The options every command that needs the runtime shares: where plugins
    are, which license is in force (and which key verifies it), and where
    connection settings come from.
*/
class RuntimeOptions
{
public:
    void addTo(QCommandLineParser &parser);
    //! Sets up \a runtime from the parsed options; false with \a errorString on bad options.
    bool apply(const QCommandLineParser &parser, ActionNode::Runtime &runtime, QString *errorString) const;

private:
    QCommandLineOption m_pluginPath{QStringLiteral("plugin-path"),
                                    QStringLiteral("Look for provider plugins in <dir> only."), QStringLiteral("dir")};
    QCommandLineOption m_license{QStringLiteral("license"),
                                 QStringLiteral("Bundle license file (default: $ACTIONNODE_LICENSE)."), QStringLiteral("file")};
    QCommandLineOption m_licenseKey{QStringLiteral("license-key"),
                                    QStringLiteral("PEM public key that verifies the license instead of the vendor's."),
                                    QStringLiteral("file")};
    QCommandLineOption m_connection{QStringLiteral("connection"),
                                    QStringLiteral("JSON file of connection settings, by provider id."),
                                    QStringLiteral("file")};
};
