#include "licensecommand.h"

#include <actionnode/boundedfile.h>
#include <actionnode/license.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace ActionNode;

namespace {
const QCommandLineOption keyOption(QStringLiteral("key"),
                                   QStringLiteral("show: PEM public key to verify with (default: the vendor's); "
                                                  "sign: PEM Ed25519 private key."),
                                   QStringLiteral("file"));
const QCommandLineOption licenseeOption(QStringLiteral("licensee"), QStringLiteral("sign: who the license is for."),
                                        QStringLiteral("name"));
const QCommandLineOption bundleOption(QStringLiteral("bundle"),
                                      QStringLiteral("sign: a bundle id to unlock (repeatable)."),
                                      QStringLiteral("id"));
const QCommandLineOption expiresOption(QStringLiteral("expires"),
                                       QStringLiteral("sign: expiry, ISO 8601 with a timezone (2027-12-31T23:59:59Z)."),
                                       QStringLiteral("time"));

constexpr qint64 maxKeyBytes = 64 * 1024; // a PEM key is a few hundred bytes

bool readKey(const QCommandLineParser &parser, QByteArray *key, QString *error)
{
    if (!parser.isSet(keyOption))
        return true;
    const std::optional<QByteArray> text = BoundedFile::read(parser.value(keyOption), maxKeyBytes, error);
    if (text)
        *key = *text;
    return text.has_value();
}
} // namespace

int LicenseCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({keyOption, licenseeOption, bundleOption, expiresOption});
    parser.addPositionalArgument(QStringLiteral("show|sign"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("show: the license file."),
                                 QStringLiteral("[file]"));
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() == 2 && positional.first() == QLatin1String("show"))
        return show(parser, positional.at(1));
    if (positional.size() == 1 && positional.first() == QLatin1String("sign"))
        return sign(parser);
    err() << "actionnode license: use 'license show FILE' or 'license sign --key PEM --licensee NAME "
             "--bundle ID --expires TIME'\n";
    return UsageError;
}

int LicenseCommand::show(const QCommandLineParser &parser, const QString &fileName)
{
    QByteArray key;
    QString error;
    if (!readKey(parser, &key, &error)) {
        err() << "actionnode license: " << error << "\n";
        return Failure;
    }
    const License license = License::fromFile(fileName, key);
    QJsonObject report{{QStringLiteral("valid"), license.isValid()}};
    if (license.isValid()) {
        report.insert(QStringLiteral("licensee"), license.licensee());
        report.insert(QStringLiteral("bundles"), QJsonArray::fromStringList(license.bundles()));
        report.insert(QStringLiteral("expires"), license.expires().toString(Qt::ISODate));
    } else {
        report.insert(QStringLiteral("error"), license.errorString());
    }
    out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    return license.isValid() ? Success : LicenseRefused;
}

int LicenseCommand::sign(const QCommandLineParser &parser)
{
    if (!parser.isSet(keyOption) || !parser.isSet(licenseeOption) || !parser.isSet(expiresOption)) {
        err() << "actionnode license sign: --key, --licensee and --expires are required\n";
        return UsageError;
    }
    const QDateTime expires = QDateTime::fromString(parser.value(expiresOption), Qt::ISODate);
    // Without a zone the instant would depend on the signing machine's time zone.
    if (!expires.isValid() || expires.timeSpec() == Qt::LocalTime) {
        err() << "actionnode license sign: --expires \"" << parser.value(expiresOption)
              << "\" is not an ISO 8601 time with a zone (Z or +hh:mm) such as 2027-12-31T23:59:59Z\n";
        return UsageError;
    }
    QByteArray key;
    QString error;
    if (!readKey(parser, &key, &error)) {
        err() << "actionnode license sign: " << error << "\n";
        return Failure;
    }
    const QByteArray document = License::sign(parser.value(licenseeOption), parser.values(bundleOption), expires, key,
                                              &error);
    if (document.isEmpty()) {
        err() << "actionnode license sign: " << error << "\n";
        return Failure;
    }
    out() << document << "\n";
    return Success;
}
