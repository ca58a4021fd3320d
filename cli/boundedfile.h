#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

class QFile;

/*!
    Reads a whole file, or standard input for "-", up to a limit: a name
    such as /dev/zero must not make the process grow without end. A larger
    input is an error naming the limit.
*/
class BoundedFile
{
public:
    static std::optional<QByteArray> read(const QString &fileName, qint64 limit, QString *errorString);
    //! Opens \a fileName, or standard input for "-", for reading; false with \a errorString.
    static bool open(const QString &fileName, QFile *file, QString *errorString);
    //! \a bytes in words ("16 MiB").
    static QString sizeText(qint64 bytes);
};
