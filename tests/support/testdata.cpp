#include "testdata.h"
#include "json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

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

QByteArray oneFieldDeclaration(const QJsonObject &field)
{
    const QJsonObject inputs{{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("additionalProperties"), false},
                             {QStringLiteral("required"), QJsonArray{QStringLiteral("value")}},
                             {QStringLiteral("properties"), QJsonObject{{QStringLiteral("value"), field}}}};
    const QJsonObject layout{{QStringLiteral("id"), QStringLiteral("general")},
                             {QStringLiteral("title"), QStringLiteral("General")},
                             {QStringLiteral("fields"), QJsonArray{QStringLiteral("value")}}};
    const QJsonObject output{{QStringLiteral("type"), QStringLiteral("string")},
                             {QStringLiteral("title"), QStringLiteral("Echo")},
                             {QStringLiteral("description"), QStringLiteral("Unused.")}};
    const QJsonObject outputs{{QStringLiteral("type"), QStringLiteral("object")},
                              {QStringLiteral("properties"), QJsonObject{{QStringLiteral("echo"), output}}}};
    const QJsonObject action{{QStringLiteral("id"), QStringLiteral("test.one_field")},
                             {QStringLiteral("provider"), QStringLiteral("test")},
                             {QStringLiteral("version"), QStringLiteral("1.0.0")},
                             {QStringLiteral("title"), QStringLiteral("One field")},
                             {QStringLiteral("description"), QStringLiteral("An action with one input.")},
                             {QStringLiteral("inputs"), inputs},
                             {QStringLiteral("layout"), QJsonArray{layout}},
                             {QStringLiteral("outputs"), outputs}};
    return QJsonDocument(action).toJson(QJsonDocument::Compact);
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

QByteArray knockEvent(const QString &id, const QString &room, bool owner)
{
    return compactJson(
        QJsonObject{{QStringLiteral("version"), QStringLiteral("1.0.0")},
                    {QStringLiteral("type"), QStringLiteral("waiting-participant.joined")},
                    {QStringLiteral("id"), id},
                    {QStringLiteral("event_ts"), 1893456000.5},
                    {QStringLiteral("payload"), QJsonObject{{QStringLiteral("room"), room},
                                                            {QStringLiteral("user_name"), QStringLiteral("Guest")},
                                                            {QStringLiteral("session_id"), QStringLiteral("s-") + id},
                                                            {QStringLiteral("owner"), owner},
                                                            {QStringLiteral("joined_at"), 1893456000}}}});
}

} // namespace ActionNode::TestSupport
