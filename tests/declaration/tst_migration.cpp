#include "support/testdata.h"
#include "support/json.h"

#include <actionnode/actionspec.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Inputs saved under an older version of a declaration, upgraded by its
// declared migrations (declarations whose migrations cannot work are among
// the refused declarations of tst_actionspec).
class TestMigration : public QObject
{
    Q_OBJECT

private:
    static constexpr auto object = singleQuotedObject; // support/json.h
    static QString fixture(const QString &name) { return testDataPath(name); }
    static QJsonObject savedInputs(const QString &name)
    {
        QFile file(fixture(QStringLiteral("migrations/") + name));
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
    }

private slots:
    // Each older version's saved inputs, upgraded to the current version.
    void fromEachOlderVersion_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<QString>("saved");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QJsonObject>("expected");
        QTest::addColumn<QStringList>("changes");
        QTest::newRow("conditional 1.0.0")
            << "declarations/valid-conditional.json"
            << "conditional-1.0.0.json"
            << "1.0.0" << object("{'mode': 'expert', 'label': 'x', 'detail': 'all of it', 'recording': true}")
            << QStringList{
                   "1.0.0 → 1.1.0: changed \"kind\" from \"advanced\" to \"expert\"",
                   "1.0.0 → 1.1.0: renamed \"kind\" to \"mode\"",
                   "1.1.0 → 2.0.0: removed \"legacy_flag\" (was true): Version 2 always behaves as if it were on.",
                   "1.1.0 → 2.0.0: removed \"colour\" (was \"mauve\"): Mauve is no longer offered; pick another "
                   "colour.",
                   "1.1.0 → 2.0.0: set \"recording\", which was not set, to true"};
        QTest::newRow("conditional 1.1.0")
            << "declarations/valid-conditional.json"
            << "conditional-1.1.0.json"
            << "1.1.0" << object("{'mode': 'basic', 'label': 'x', 'colour': 'red', 'recording': false}")
            << QStringList{"1.1.0 → 2.0.0: changed \"mode\" from \"simple\" to \"basic\""};
        QTest::newRow("conditional current")
            << "declarations/valid-conditional.json"
            << "conditional-2.0.0.json"
            << "2.0.0" << savedInputs(QStringLiteral("conditional-2.0.0.json")) << QStringList();
        QTest::newRow("Daily 1.0.0 legacy recording type")
            << meetingTokenDeclarationPath() << "daily-1.0.0.json"
            << "1.0.0" << object("{'room_name': 'standup', 'exp': 1893456000, 'is_owner': true}")
            << QStringList{
                   "1.0.0 → 1.1.0: removed \"enable_recording\" (was \"rtp-tracks\"): Daily's reference no longer "
                   "lists "
                   "this recording type; choose cloud, cloud-audio-only, local or raw-tracks (individual tracks, in "
                   "your own S3 bucket)."};
        QTest::newRow("Daily room 1.0.0: properties Daily does not take from a room")
            << sourcePath(QStringLiteral("schemas/daily/create-room.json")) << "daily-room-1.0.0.json"
            << "1.0.0" << object("{'name': 'standup', 'privacy': 'private', 'rtmp_geo': 'eu-central-1'}")
            << QStringList{
                   "1.0.0 → 1.1.0: removed \"sip_uri\" (was {\"endpoint\":\"sip:standup@sip.daily.co\"}): sip_uri is "
                   "read-only: Daily sets it once sip is configured.",
                   "1.0.0 → 1.1.0: removed \"pinless_dialin\" (was [{\"phone_number\":\"+15551234567\"}]): "
                   "pinless_dialin is a property of the domain, not of a room: set it in the domain's configuration.",
                   "1.0.0 → 1.1.0: removed \"geo\" (was \"eu-west-3\"): Daily's room configuration does not list this "
                   "region; choose one of af-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ap-south-1, "
                   "eu-central-1, eu-west-2, sa-east-1, us-east-1, us-west-2."};
    }
    void fromEachOlderVersion()
    {
        QFETCH(QString, declaration);
        QFETCH(QString, saved);
        QFETCH(QString, version);
        QFETCH(QJsonObject, expected);
        QFETCH(QStringList, changes);
        const ActionSpec spec = ActionSpec::fromFile(declaration.startsWith(QLatin1Char('/')) ? declaration
                                                                                              : fixture(declaration));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const QJsonObject inputs = savedInputs(saved);
        QVERIFY(!inputs.isEmpty());
        const MigratedInputs migrated = spec.migrateInputs(inputs, version);
        QVERIFY2(migrated.isValid(), qPrintable(migrated.errorString));
        QCOMPARE(migrated.fromVersion, version);
        QCOMPARE(migrated.toVersion, spec.version());
        QCOMPARE(migrated.inputs, expected);
        QCOMPARE(migrated.changes, changes);
        // What comes out is valid for the current version.
        const ActionErrors errors = spec.validate(migrated.inputs);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).toString()));
    }

    void refusedVersions_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("error");
        const QJsonObject plain = object("{'label': 'x'}");
        QTest::newRow("unknown older version") << plain << "0.9.0"
                                               << "inputs saved for version 0.9.0 cannot be migrated to version 2.0.0: "
                                                  "migrations start from 1.0.0, 1.1.0";
        QTest::newRow("newer version")
            << plain << "3.0.0"
            << "the inputs were saved for version 3.0.0, newer than this declaration's 2.0.0";
        QTest::newRow("not a version") << plain << "latest"
                                       << "\"latest\" is not a version";
        QTest::newRow("old and new key both set") << object("{'kind': 'basic', 'mode': 'custom'}") << "1.0.0"
                                                  << "inputs saved for version 1.0.0 set both \"kind\" and \"mode\"";
    }
    void refusedVersions()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, version);
        QFETCH(QString, error);
        const ActionSpec spec = ActionSpec::fromFile(fixture(QStringLiteral("declarations/valid-conditional.json")));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const MigratedInputs migrated = spec.migrateInputs(inputs, version);
        QVERIFY(!migrated.isValid());
        QVERIFY2(migrated.errorString.contains(error), qPrintable(migrated.errorString));
        QVERIFY(migrated.inputs.isEmpty());
        QCOMPARE(migrated.toJson().value(QStringLiteral("error")).toString(), migrated.errorString);
    }

    // A megabyte in a dropped field is dropped whole and named in a few characters.
    void hugeDroppedValue()
    {
        const ActionSpec spec = ActionSpec::fromFile(fixture(QStringLiteral("declarations/valid-conditional.json")));
        const QString huge(1 << 20, QLatin1Char('x'));
        const MigratedInputs migrated = spec.migrateInputs({{"legacy_flag", huge}, {"mode", "basic"}},
                                                           QStringLiteral("1.1.0"));
        QVERIFY2(migrated.isValid(), qPrintable(migrated.errorString));
        QVERIFY(!migrated.inputs.contains(QStringLiteral("legacy_flag")));
        QCOMPARE(migrated.changes.size(), 2);
        QVERIFY(migrated.changes.constFirst().size() < 200);
        QVERIFY(migrated.changes.constFirst().contains(QStringLiteral("(was \"xxxx")));
    }

    void withoutMigrations()
    {
        const ActionSpec spec = ActionSpec::fromFile(fixture(QStringLiteral("declarations/valid-minimal.json")));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QVERIFY(spec.migrateInputs({{"name", "a"}}, QStringLiteral("1.0.0")).isValid());
        const MigratedInputs refused = spec.migrateInputs({{"name", "a"}}, QStringLiteral("0.1.0"));
        QVERIFY2(refused.errorString.contains(QStringLiteral("the declaration has no migrations")),
                 qPrintable(refused.errorString));
    }
};

QTEST_GUILESS_MAIN(TestMigration)
#include "tst_migration.moc"
