#include "support/processrun.h"
#include "support/testdata.h"

#include <actionnode/builderexport.h>
#include <actionnode/session.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

//! A package as one JSON document, {path: text}, the form its golden file keeps.
QByteArray packageDocument(const ExportedFiles &files)
{
    QJsonObject document;
    for (auto it = files.begin(); it != files.end(); ++it)
        document.insert(it.key(), QString::fromUtf8(it.value()));
    return QJsonDocument(document).toJson();
}

bool writePackage(const ExportedFiles &files, const QString &directory)
{
    for (auto it = files.begin(); it != files.end(); ++it) {
        const QString path = directory + QLatin1Char('/') + it.key();
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(it.value()) != it.value().size())
            return false;
    }
    return true;
}

} // namespace

/*
    The builder exports: each package byte-identical to its golden file,
    refusals that name what is wrong, a new declaration in every export
    without code, and each package run by the builder's own tools (Node.js
    suites in tests/<builder>/) against 'actionnode serve --http' and the
    emulator.
*/
class TestBuilderExports : public QObject
{
    Q_OBJECT
    std::unique_ptr<Session> m_session;

    ExportedFiles exportPackage(Session &session, const QString &builder, const QString &provider)
    {
        const std::unique_ptr<BuilderExport> builderExport = BuilderExport::create(builder);
        ExportedFiles files;
        QString error;
        if (!builderExport) {
            qWarning("no export \"%s\"", qPrintable(builder));
            return files;
        }
        BuilderExportOptions options;
        options.provider = provider;
        if (!builderExport->write(session, options, &files, &error))
            qWarning("%s", qPrintable(error));
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_session = std::make_unique<Session>();
        QString error;
        QVERIFY2(m_session->load(&error), qPrintable(error));
    }

    void buildersAreListed()
    {
        QVERIFY(BuilderExport::builders().contains(QStringLiteral("openai-tools")));
        QVERIFY(BuilderExport::builders().contains(QStringLiteral("bubble")));
        QVERIFY(BuilderExport::builders().contains(QStringLiteral("zapier")));
        QVERIFY(BuilderExport::builders().contains(QStringLiteral("activepieces")));
        QVERIFY(!BuilderExport::create(QStringLiteral("no-such-builder")));
        for (const QString &builder : BuilderExport::builders())
            QCOMPARE(BuilderExport::create(builder)->builder(), builder);
    }

    void matchesGoldenFile_data()
    {
        QTest::addColumn<QString>("builder");
        // The builders this suite proves (n8n has its own).
        for (const char *builder : {"openai-tools", "bubble", "zapier", "activepieces"})
            QTest::newRow(builder) << QString::fromLatin1(builder);
    }
    void matchesGoldenFile()
    {
        QFETCH(QString, builder);
        const QString golden = QStringLiteral("exports/%1-daily.json").arg(builder);
        const QByteArray actual = packageDocument(exportPackage(*m_session, builder, QStringLiteral("daily")));
        QVERIFY(!actual.isEmpty());
        // Twice in a row, and as the golden file keeps it: the output depends on the declarations only.
        QCOMPARE(packageDocument(exportPackage(*m_session, builder, QStringLiteral("daily"))), actual);
        if (actual != readTestData(golden)) {
            const QString written = QCoreApplication::applicationDirPath()
                                    + QStringLiteral("/%1-daily.json").arg(builder);
            QFile file(written);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(actual);
            QFAIL(qPrintable(QStringLiteral("the %1 export changed; if that is meant: cp %2 %3")
                                 .arg(builder, written, testDataPath(golden))));
        }
    }

    void refusesAnUnknownProvider_data() { matchesGoldenFile_data(); }
    void refusesAnUnknownProvider()
    {
        QFETCH(QString, builder);
        BuilderExportOptions options;
        options.provider = QStringLiteral("zoom");
        ExportedFiles files;
        QString error;
        QVERIFY(!BuilderExport::create(builder)->write(*m_session, options, &files, &error));
        QCOMPARE(error, QStringLiteral("provider \"zoom\" is not loaded (loaded: daily, signalwire)"));
    }

    void newDeclarationAppearsInEveryExport_data() { matchesGoldenFile_data(); }
    void newDeclarationAppearsInEveryExport()
    {
        QFETCH(QString, builder);
        // A copy of the test provider "acme" with one declaration more, and no code.
        QTemporaryDir providers;
        const QString acme = providers.path() + QStringLiteral("/acme");
        QVERIFY(QDir().mkpath(acme));
        for (const char *name : {"room-names.json", "room.json"})
            QVERIFY(QFile::copy(testDataPath(QStringLiteral("providers/acme/") + QLatin1String(name)),
                                acme + QLatin1Char('/') + QLatin1String(name)));
        QJsonObject declaration =
            QJsonDocument::fromJson(readTestData(QStringLiteral("providers/acme/room.json"))).object();
        declaration.insert(QStringLiteral("id"), QStringLiteral("acme.meeting"));
        declaration.insert(QStringLiteral("title"), QStringLiteral("Meeting"));
        QJsonObject manifest =
            QJsonDocument::fromJson(readTestData(QStringLiteral("providers/acme/provider.json"))).object();
        QJsonArray actions = manifest.value(QStringLiteral("actions")).toArray();
        actions.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("acme.meeting")},
                                   {QStringLiteral("title"), QStringLiteral("Meeting")},
                                   {QStringLiteral("declaration"), QStringLiteral("meeting.json")}});
        manifest.insert(QStringLiteral("actions"), actions);
        QVERIFY(writePackage({{QStringLiteral("meeting.json"), QJsonDocument(declaration).toJson()},
                              {QStringLiteral("provider.json"), QJsonDocument(manifest).toJson()}},
                             acme));
        SessionOptions options;
        options.pluginPaths = {QStringLiteral("/nonexistent/plugins")};
        options.declarationPaths = {providers.path()};
        Session session(options);
        QString error;
        QVERIFY2(session.load(&error), qPrintable(error));
        const QByteArray package = packageDocument(exportPackage(session, builder, QStringLiteral("acme")));
        QVERIFY2(package.contains("acme.meeting") || package.contains("acme_meeting"), package.left(2000).constData());
    }

    void runsOnTheHost_data() { matchesGoldenFile_data(); }
    void runsOnTheHost()
    {
        QFETCH(QString, builder);
        // Each builder's suite, with the builder's own tools pinned beside it.
        const QString suite = QStringLiteral("tests/%1/check.mjs").arg(builder);
        QTemporaryDir package;
        const ProcessRun exported = runActionnode({QStringLiteral("export"), builder, QStringLiteral("--out"),
                                                   package.path(), QStringLiteral("--provider"),
                                                   QStringLiteral("daily"), QStringLiteral("--force")});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const ProcessRun run = runProcess(QStringLiteral("node"),
                                          {sourcePath(suite), package.path(), actionnodeExecutable(),
                                           emulatorExecutable()},
                                          actionnodeEnvironment(), {}, 120000);
        qInfo().noquote() << run.out;
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestBuilderExports)
#include "tst_builderexports.moc"
