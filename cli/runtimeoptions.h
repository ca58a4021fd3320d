#pragma once

#include <actionnode/session.h>

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>

/*!
    The one place where the runtime's command line options are declared
    and turned into the options of a Session (which sets the runtime up): where plugins are, which license
    is in force (and which key verifies it), where connection settings come
    from and, for the commands that invoke actions, \c --strict. A new
    runtime option goes here, so that every command that sets up a runtime
    offers it with the same help text.
*/
class RuntimeOptions
{
public:
    //! What a command does with the runtime: only the commands that invoke actions offer \c --strict.
    enum Use { ReadsDeclarations, InvokesActions };

    explicit RuntimeOptions(Use use = ReadsDeclarations) : m_use(use) {}

    void addTo(QCommandLineParser &parser);
    /*!
        The parsed options as a Session's: false with \a errorString when
        the \c --license-key cannot be read.
    */
    bool read(const QCommandLineParser &parser, ActionNode::SessionOptions *options, QString *errorString);

private:
    //! Reads the \c --license-key file, when given, into m_licensePublicKey.
    bool readLicenseKey(const QCommandLineParser &parser, QString *errorString);
    //! \c --license, else \c $ACTIONNODE_LICENSE.
    QString licenseFile(const QCommandLineParser &parser) const;

    Use m_use;
    QByteArray m_licensePublicKey;
    QCommandLineOption m_pluginPath{QStringLiteral("plugin-path"),
                                    QStringLiteral("Look for provider plugins in <dir> only."), QStringLiteral("dir")};
    QCommandLineOption m_license{QStringLiteral("license"),
                                 QStringLiteral("Bundle license file (default: $ACTIONNODE_LICENSE)."),
                                 QStringLiteral("file")};
    QCommandLineOption m_licenseKey{QStringLiteral("license-key"),
                                    QStringLiteral("PEM public key that verifies the license instead of the vendor's."),
                                    QStringLiteral("file")};
    QCommandLineOption m_connection{QStringLiteral("connection"),
                                    QStringLiteral("JSON file of connection settings, by provider id."),
                                    QStringLiteral("file")};
    QCommandLineOption m_strict{QStringLiteral("strict"),
                                QStringLiteral("Treat warnings (no room name, no expiry, ...) as errors.")};
};
