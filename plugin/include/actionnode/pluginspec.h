#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

namespace ActionNode {

class PluginSpecData;

/*!
    What the runtime knows about one provider: a plugin file, or a
    declaration-only directory (\c provider.json and its declarations, no
    library). Its manifest is checked against \c schemas/provider.schema.json
    when it is read; a problem is reported with file, JSON pointer and reason.

    The spec is read from the plugin's metadata without loading the library
    (state Read), so listing providers and their actions costs no dlopen.
    Loading happens on first use (state Loaded). A plugin that cannot be
    read or loaded is Invalid; hasError() and errorString() say why, and the
    other plugins are unaffected.
*/
class ACTIONNODE_EXPORT PluginSpec
{
public:
    enum class State { Invalid, Read, Loaded };

    PluginSpec();
    PluginSpec(const PluginSpec &other);
    PluginSpec &operator=(const PluginSpec &other);
    ~PluginSpec();

    //! Reads the metadata of the plugin library \a fileName without loading it.
    static PluginSpec read(const QString &fileName);
    //! A spec from metadata already at hand (for statically registered plugins and tests).
    static PluginSpec fromMetaData(const QJsonObject &metaData, const QString &fileName);
    //! Reads \c provider.json of a declaration-only provider in \a directory.
    static PluginSpec readDirectory(const QString &directory);

    State state() const;
    bool hasError() const;
    QString errorString() const;

    QString fileName() const;
    QString id() const;
    QString name() const;
    QString version() const;
    QString vendor() const;
    //! Connection settings declared by the provider.
    QJsonArray connectionSettings() const;
    //! Action ids, from the manifest.
    QStringList actionIds() const;
    //! Declaration file names (relative to :/actionnode/<id>/ or the directory), in manifest order.
    QStringList declarationFiles() const;
    //! True for a provider without a plugin library: the runtime runs its REST declarations.
    bool isDeclarationOnly() const;
    //! Where the declaration \a declarationFile is read from (a resource or a file).
    QString declarationSource(const QString &declarationFile) const;
    //! Trigger ids, from the manifest's optional "triggers" list.
    QStringList triggerIds() const;
    //! Trigger declaration file names (relative to :/actionnode/<id>/), in manifest order.
    QStringList triggerDeclarationFiles() const;
    //! The manifest as written by the provider.
    QJsonObject manifest() const;

    //! Marks the spec Loaded: its library (if any) is loaded and its declarations are read.
    void setLoaded();
    //! Marks the spec Invalid because of \a errorString (a library that does not load, a second provider of an id).
    void setError(const QString &errorString);

private:
    QSharedDataPointer<PluginSpecData> d;
};

} // namespace ActionNode
