#include "support/testdata.h"

#include <actionnode/session.h>

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QString GoldenDirectory = QStringLiteral("n8n-export/acme");

} // namespace

/*
    The n8n export of the declaration-only test provider "acme", file by
    file, against the package kept in tests/data/n8n-export/acme: the same
    declarations give byte-identical output. After a deliberate change of
    the export, write the package again with
    rm -rf tests/data/n8n-export/acme && ACTIONNODE_DECLARATION_PATH=tests/data/providers
    actionnode export n8n --provider acme --out tests/data/n8n-export/acme
    and review the difference.
*/
class TestN8nExport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_noPlugins;
    std::unique_ptr<Session> m_session;

    QJsonObject exported(const BuilderExportOptions &options)
    {
        const ActionResult result = m_session->exportPackage(QStringLiteral("n8n"), options);
        if (!result.isSuccess())
            qWarning("%s", qPrintable(result.errors.value(0).toString()));
        return result.outputs.value(QStringLiteral("files")).toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_noPlugins.isValid());
        SessionOptions options;
        options.pluginPaths = {m_noPlugins.path()};
        options.declarationPaths = {testDataPath(QStringLiteral("providers"))};
        m_session = std::make_unique<Session>(options);
        QString error;
        QVERIFY2(m_session->load(&error), qPrintable(error));
    }

    void matchesTheGoldenPackage()
    {
        BuilderExportOptions options;
        options.provider = QStringLiteral("acme");
        const QJsonObject files = exported(options);
        QStringList golden;
        const QString root = testDataPath(GoldenDirectory);
        for (QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories); it.hasNext();)
            golden.append(QDir(root).relativeFilePath(it.next()));
        golden.sort();
        QCOMPARE(files.keys(), golden);
        for (const QString &path : std::as_const(golden))
            QVERIFY2(files.value(path).toString().toUtf8() == readTestData(GoldenDirectory + QLatin1Char('/') + path),
                     qPrintable(path + QStringLiteral(" differs from the golden package")));
        QCOMPARE(exported(options), files);
    }

    void defaultsToTheFirstProviderAndItsPackageName()
    {
        const QJsonObject package =
            QJsonDocument::fromJson(exported({}).value(QStringLiteral("package.json")).toString().toUtf8()).object();
        QCOMPARE(package.value(QStringLiteral("name")).toString(), QStringLiteral("n8n-nodes-actionnode-acme"));
        BuilderExportOptions named;
        named.packageName = QStringLiteral("@team/n8n-nodes-rooms");
        const QJsonObject renamed =
            QJsonDocument::fromJson(exported(named).value(QStringLiteral("package.json")).toString().toUtf8()).object();
        QCOMPARE(renamed.value(QStringLiteral("name")).toString(), named.packageName);
    }

    void refusesAnUnknownProvider()
    {
        BuilderExportOptions options;
        options.provider = QStringLiteral("lego");
        const ActionResult result = m_session->exportPackage(QStringLiteral("n8n"), options);
        QCOMPARE(result.status, ActionResult::Status::InvalidInput);
        QCOMPARE(result.errors.value(0).code, QStringLiteral("invalid_input"));
        QCOMPARE(result.errors.value(0).field, QStringLiteral("/provider"));
        QCOMPARE(result.errors.value(0).message, QStringLiteral("unknown provider \"lego\"; known providers: acme"));
    }
};

QTEST_GUILESS_MAIN(TestN8nExport)
#include "tst_n8nexport.moc"
