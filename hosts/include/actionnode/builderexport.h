#pragma once

#include <QMap>
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace ActionNode {

class Session;

//! What a builder export is asked for.
struct BuilderExportOptions
{
    //! Only this provider's actions and triggers ("daily"); empty: the builder's default (see each export).
    QString provider;
    //! The package's name; empty: the builder's conventional name for the provider.
    QString packageName;
};

//! A generated package: each file's bytes by its path relative to the package root ('/'-separated).
using ExportedFiles = QMap<QString, QByteArray>;

/*!
    The declarations a Session has loaded, written in one builder's own
    package format. Every generated package is thin: it calls the HTTP
    host (serve --http), which validates, gates and runs. The output
    depends on the declarations and options only, so the same inputs give
    byte-identical files.
*/
class BuilderExport
{
public:
    virtual ~BuilderExport();

    //! The builders create() knows, in a stable order: "n8n", ...
    static QStringList builders();
    //! The export for \a builder, or null when there is none.
    static std::unique_ptr<BuilderExport> create(const QString &builder);

    //! Its name on the command line and in GET /v1/exports/{builder}.
    virtual QString builder() const = 0;
    /*!
        Writes the package for \a session's declarations into \a files.
        False with \a errorString (naming the provider or declaration and
        the problem) when nothing can be exported, e.g. an unknown provider.
    */
    virtual bool write(const Session &session, const BuilderExportOptions &options, ExportedFiles *files,
                       QString *errorString) const = 0;
};

} // namespace ActionNode
