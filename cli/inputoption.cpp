#include "inputoption.h"
#include "jsontext.h"

#include <actionnode/boundedfile.h>

#include <QFile>

using namespace ActionNode;

InputOption::InputOption(const QString &description)
    : m_option(QStringLiteral("input"), description, QStringLiteral("file"))
{}

InputOption InputOption::jsonObject(const QString &what, const QString &more)
{
    return InputOption(QStringLiteral("JSON object of %1 from <file> ('-' for standard input; at most %2)%3.")
                           .arg(what, BoundedFile::sizeText(maxObjectBytes), more));
}

InputOption InputOption::jsonLines(qint64 maxLineBytes)
{
    return InputOption(QStringLiteral("JSON-lines file of inputs, one object per line of at most %1 ('-' for stdin).")
                           .arg(BoundedFile::sizeText(maxLineBytes)));
}

void InputOption::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_option);
}

bool InputOption::isSet(const QCommandLineParser &parser) const
{
    return parser.isSet(m_option);
}

QString InputOption::fileName(const QCommandLineParser &parser) const
{
    return parser.value(m_option);
}

bool InputOption::readObject(const QCommandLineParser &parser, QJsonObject *object, QString *errorString,
                             bool *unreadable) const
{
    const QString name = fileName(parser);
    const std::optional<QByteArray> text = BoundedFile::read(name, maxObjectBytes, errorString);
    *unreadable = !text;
    if (!text)
        return false;
    const QJsonValue document = JsonText::parse(*text, errorString);
    if (!document.isObject()) {
        *errorString = QStringLiteral("%1: inputs must be a JSON object%2")
                           .arg(name, document.isUndefined() ? QStringLiteral(" (%1)").arg(*errorString) : QString());
        return false;
    }
    *object = document.toObject();
    return true;
}

bool InputOption::open(const QCommandLineParser &parser, QFile *file, QString *errorString) const
{
    return BoundedFile::open(fileName(parser), file, errorString);
}
