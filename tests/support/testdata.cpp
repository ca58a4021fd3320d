#include "testdata.h"

#include <QFile>

namespace ActionNode::TestSupport {

namespace {
const QString vendorKey = QStringLiteral("licenses/test-vendor.pub.pem");
} // namespace

QString testDataPath(const QString &name)
{
    return QStringLiteral(ACTIONNODE_TEST_DATA "/") + name;
}

QByteArray readTestData(const QString &name)
{
    QFile file(testDataPath(name));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("test data %s cannot be read: %s", qPrintable(file.fileName()), qPrintable(file.errorString()));
        return {};
    }
    return file.readAll();
}

QString testDeclarationPath(const QString &name)
{
    return testDataPath(QStringLiteral("declarations/") + name);
}

QString meetingTokenDeclarationPath()
{
    return sourcePath(QStringLiteral("schemas/daily/create-meeting-token.json"));
}

QString sourcePath(const QString &name)
{
    return QStringLiteral(ACTIONNODE_SOURCE_DIR "/") + name;
}

License testLicense(const QString &name)
{
    return License::fromJson(readTestData(QStringLiteral("licenses/") + name), readTestData(vendorKey));
}

License bundleLicense()
{
    return testLicense(QStringLiteral("valid-bundle.json"));
}

QStringList bundleLicenseArguments()
{
    return {QStringLiteral("--license"), testDataPath(QStringLiteral("licenses/valid-bundle.json")),
            QStringLiteral("--license-key"), testDataPath(vendorKey)};
}

} // namespace ActionNode::TestSupport
