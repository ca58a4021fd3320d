#include <actionnode/actionspec.h>
#include <actionnode/license.h>
#include <actionnode/metadatarenderer.h>

#include <QFile>
#include <QJsonArray>
#include <QtTest>

using namespace ActionNode;

// Field metadata as a builder sees it, with and without the bundle license.
class TestMetadata : public QObject
{
    Q_OBJECT

private:
    ActionSpec m_spec;
    License m_bundleLicense;

    static QByteArray readFile(const QString &name)
    {
        QFile file(QStringLiteral(ACTIONNODE_TEST_DATA "/licenses/") + name);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QJsonObject group(const QJsonObject &metadata, const QString &id)
    {
        for (const QJsonValue &value : metadata.value(QStringLiteral("groups")).toArray()) {
            if (value.toObject().value(QStringLiteral("id")).toString() == id)
                return value.toObject();
        }
        return {};
    }
    static QJsonObject field(const QJsonObject &group, const QString &key)
    {
        for (const QJsonValue &value : group.value(QStringLiteral("fields")).toArray()) {
            if (value.toObject().value(QStringLiteral("key")).toString() == key)
                return value.toObject();
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        m_spec = ActionSpec::fromFile(QStringLiteral(ACTIONNODE_SOURCE_DIR "/schemas/daily/create-meeting-token.json"));
        QVERIFY2(!m_spec.hasError(), qPrintable(m_spec.errorString()));
        m_bundleLicense = License::fromJson(readFile(QStringLiteral("valid-bundle.json")),
                                            readFile(QStringLiteral("test-vendor.pub.pem")));
        QVERIFY2(m_bundleLicense.isValid(), qPrintable(m_bundleLicense.errorString()));
    }

    void lockState_data()
    {
        QTest::addColumn<QString>("license");
        QTest::addColumn<bool>("transcriptionLocked");
        QTest::newRow("no license") << QString() << true;
        QTest::newRow("license without the bundle") << "valid-no-bundle.json" << true;
        QTest::newRow("expired license") << "expired.json" << true;
        QTest::newRow("tampered license") << "tampered.json" << true;
        QTest::newRow("bundle license") << "valid-bundle.json" << false;
    }
    void lockState()
    {
        QFETCH(QString, license);
        QFETCH(bool, transcriptionLocked);
        const License held = license.isEmpty() ? License()
                                               : License::fromJson(readFile(license), readFile(QStringLiteral("test-vendor.pub.pem")));
        const QJsonObject metadata = MetadataRenderer::toJson(m_spec, held);

        const QJsonObject transcription = group(metadata, QStringLiteral("transcription"));
        QCOMPARE(transcription.value(QStringLiteral("locked")).toBool(), transcriptionLocked);
        const QJsonObject bundle = transcription.value(QStringLiteral("bundle")).toObject();
        QCOMPARE(bundle.value(QStringLiteral("id")).toString(), QStringLiteral("video_audio_live"));
        QCOMPARE(bundle.value(QStringLiteral("title")).toString(), QStringLiteral("Video, Audio & Live Bundle"));
        QVERIFY(!bundle.value(QStringLiteral("upsell")).toString().isEmpty());
        for (const char *key : {"auto_start_transcription", "enable_live_captions_ui"}) {
            const QJsonObject entry = field(transcription, QLatin1String(key));
            QCOMPARE(entry.value(QStringLiteral("locked")).toBool(), transcriptionLocked);
            QCOMPARE(entry.value(QStringLiteral("bundle")).toObject().value(QStringLiteral("title")).toString(),
                     QStringLiteral("Video, Audio & Live Bundle"));
        }
        const QJsonObject general = group(metadata, QStringLiteral("general"));
        QCOMPARE(general.value(QStringLiteral("locked")).toBool(), false);
        for (const QJsonValue &entry : general.value(QStringLiteral("fields")).toArray())
            QCOMPARE(entry.toObject().value(QStringLiteral("locked")).toBool(), false);
    }

    void fieldEntries()
    {
        const QJsonObject metadata = MetadataRenderer::toJson(m_spec, License());
        QCOMPARE(metadata.value(QStringLiteral("id")).toString(), QStringLiteral("daily.create_meeting_token"));
        const QJsonObject general = group(metadata, QStringLiteral("general"));
        const QJsonObject owner = field(general, QStringLiteral("is_owner"));
        QCOMPARE(owner.value(QStringLiteral("label")).toString(), QStringLiteral("Is Owner"));
        QCOMPARE(owner.value(QStringLiteral("type")).toString(), QStringLiteral("Boolean"));
        QCOMPARE(owner.value(QStringLiteral("default")), QJsonValue(false));
        QCOMPARE(owner.value(QStringLiteral("required")).toBool(), false);
        QVERIFY(owner.value(QStringLiteral("description")).toString().contains(QStringLiteral("owner privileges")));
        const QJsonObject recording = field(general, QStringLiteral("enable_recording"));
        QVERIFY(recording.value(QStringLiteral("options")).toArray().contains(QStringLiteral("cloud")));
        const QJsonObject userId = field(general, QStringLiteral("user_id"));
        QCOMPARE(userId.value(QStringLiteral("constraints")).toObject().value(QStringLiteral("maxLength")).toInt(), 36);
        const QJsonArray outputs = metadata.value(QStringLiteral("outputs")).toArray();
        QCOMPARE(outputs.first().toObject().value(QStringLiteral("label")).toString(), QStringLiteral("Token"));
        QCOMPARE(metadata.value(QStringLiteral("warnings")).toArray().size(), 2);
    }

    // The Markdown reference carries every row of the seed page with its type.
    void markdownRows_data()
    {
        QTest::addColumn<QString>("row");
        for (const char *row : {"| Room Name | Text |", "| Username | Text |", "| Is Owner | Boolean |",
                                "| Start Cloud Recording | Boolean |", "| Enable Recording | Text |",
                                "| User ID | Text |", "| Start Video Off | Boolean |", "| Start Audio Off | Boolean |",
                                "| Language | Text |", "| Eject at Token Expiry | Boolean |",
                                "| Eject After Elapsed | Number |", "| Not Before (Unix Timestamp) | Number |",
                                "| Expires (Unix Timestamp) | Number |", "| Auto start | Boolean |",
                                "| Live captions UI | Boolean |", "| Token | Text | The generated token |"})
            QTest::newRow(row) << QString::fromUtf8(row);
    }
    void markdownRows()
    {
        QFETCH(QString, row);
        QVERIFY(MetadataRenderer::toMarkdown(m_spec, License()).contains(row));
    }

    void markdownLayout()
    {
        const QString locked = MetadataRenderer::toMarkdown(m_spec, License());
        const qsizetype general = locked.indexOf(QStringLiteral("#### General"));
        const qsizetype transcription = locked.indexOf(QStringLiteral("#### Transcription"));
        const qsizetype note = locked.indexOf(QStringLiteral("🔐 Bundle plugin only"));
        const qsizetype autoStart = locked.indexOf(QStringLiteral("| Auto start |"));
        const qsizetype returned = locked.indexOf(QStringLiteral("### Returned Values"));
        QVERIFY(general >= 0 && general < transcription);
        QVERIFY2(transcription < note && note < autoStart, "the bundle note stands above the locked table");
        QVERIFY(autoStart < returned);
        QVERIFY(locked.contains(QStringLiteral("Video, Audio & Live Bundle")));
        QVERIFY(locked.contains(QStringLiteral("Max length is 36 characters.")));
        QVERIFY(locked.contains(QStringLiteral("Default is false.")));

        const QString unlocked = MetadataRenderer::toMarkdown(m_spec, m_bundleLicense);
        QVERIFY(!unlocked.contains(QStringLiteral("🔐")));
        QVERIFY(unlocked.contains(QStringLiteral("🔓 Unlocked")));
    }
};

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
