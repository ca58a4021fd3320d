#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QSet>
#include <QString>

namespace ActionNode::Internal {

/*!
    The declarations of a provider that were checked against their built-in
    schema when the provider was built, so that loading one need not compile
    and run that schema again (a quarter of the instructions of a command
    that uses one action).

    The build (\c actionnode-check-declarations, which the provider's CMake
    function runs; a declaration that fails stops the build) writes the list
    beside the declarations as fileName(): a line per declaration, "<digest>
    <file>", its digest a BLAKE2b-256 of the schema's digest followed by the
    declaration's bytes. A declaration edited after the build, or checked
    against another version of the schema, is not in the list and is checked
    when loaded; the checks beyond the schema (field counts, references,
    templates) run for every declaration. Exported for that build tool and
    the tests.
*/
class ACTIONNODE_EXPORT CheckedDeclarations
{
public:
    static QString fileName();
    //! The list in \a path; empty when there is none or it cannot be read.
    static CheckedDeclarations read(const QString &path);
    //! The line that lists \a declaration (its file \a file) as checked against \a schemaResource.
    static QByteArray line(const QString &schemaResource, QByteArrayView declaration, const QString &file);

    //! Whether \a declaration, byte for byte, was checked against \a schemaResource.
    bool contains(const QString &schemaResource, QByteArrayView declaration) const;

private:
    static QByteArray digest(const QString &schemaResource, QByteArrayView declaration);

    QSet<QByteArray> m_digests; //!< in hex
};

} // namespace ActionNode::Internal
