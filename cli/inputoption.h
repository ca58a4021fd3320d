#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>

class QFile;

/*!
    The \c --input option: a file, or \c - for standard input, read within
    a size bound so that a name such as /dev/zero cannot grow the process.
    One JSON object (run, migrate) is read whole, at most maxObjectBytes; a
    JSON-lines file (batch) is opened for a LineReader, which bounds each
    line.
*/
class InputOption
{
public:
    //! The largest JSON object readObject() reads.
    static constexpr qint64 maxObjectBytes = 16 << 20;

    /*!
        \c --input of one JSON object of \a what ("inputs"); the help text
        names the limit, followed by \a more.
    */
    static InputOption jsonObject(const QString &what, const QString &more = {});
    //! \c --input of JSON lines, each at most \a maxLineBytes.
    static InputOption jsonLines(qint64 maxLineBytes);

    void addTo(QCommandLineParser &parser) const;
    bool isSet(const QCommandLineParser &parser) const;
    //! The file name given, "-" for standard input.
    QString fileName(const QCommandLineParser &parser) const;

    /*!
        Reads the JSON object of inputs. False with \a errorString when the
        input cannot be read or is larger than maxObjectBytes (then
        \a unreadable is set), or is not a JSON object.
    */
    bool readObject(const QCommandLineParser &parser, QJsonObject *object, QString *errorString,
                    bool *unreadable) const;
    //! Opens the input for reading lines; false with \a errorString.
    bool open(const QCommandLineParser &parser, QFile *file, QString *errorString) const;

private:
    explicit InputOption(const QString &description);

    QCommandLineOption m_option;
};
