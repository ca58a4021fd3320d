#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QString>

#include <optional>

QT_BEGIN_NAMESPACE
class QFile;
QT_END_NAMESPACE

namespace ActionNode {

/*!
    The one way the program reads a whole file (or standard input for "-"):
    up to a limit, so that a name such as /dev/zero, or a file grown by
    mistake, cannot make the process grow without end. A larger input is an
    error naming the file and the limit, found after reading one byte past
    the limit and no more. Each kind of file has its limit here, so that
    README and code state them once.
*/
class ACTIONNODE_EXPORT BoundedFile
{
public:
    //! A connection settings file (\c --connection, \c connection save).
    static constexpr qint64 maxConnectionBytes = 1 << 20;
    //! A PEM file of extra certificate authorities (\c ca_file).
    static constexpr qint64 maxCertificateBytes = 1 << 20;
    //! A provider manifest (\c provider.json), an action or trigger declaration, or a translation of one.
    static constexpr qint64 maxDeclarationBytes = 8 << 20;

    /*!
        The contents of \a fileName, or nothing with \a errorString saying
        "<file>: cannot be read: ..." or "<file>: is larger than the limit of 1 MiB".
    */
    static std::optional<QByteArray> read(const QString &fileName, qint64 limit, QString *errorString);
    //! Opens \a fileName, or standard input for "-", for reading; false with \a errorString.
    static bool open(const QString &fileName, QFile *file, QString *errorString);
    //! \a bytes in words ("16 MiB").
    static QString sizeText(qint64 bytes);
};

} // namespace ActionNode
