#include "support/testdata.h"
#include "support/metadatajson.h"

#include <actionnode/actionspec.h>
#include <actionnode/license.h>
#include <actionnode/metadatarenderer.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QtTest>

#include <cmath>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Field metadata as a builder sees it, with and without the bundle license.
class TestMetadata : public QObject
{
    Q_OBJECT

private:
    ActionSpec m_spec;
    License m_bundleLicense;

    // Why \a sample does not fit \a schema's type, format and minimum (recursing into items), or empty.
    static QString sampleProblem(const QJsonObject &schema, const QJsonValue &sample)
    {
        const QString type = schema.value(QStringLiteral("type")).toString();
        const bool fits = (type == QLatin1String("string") && sample.isString())
                          || (type == QLatin1String("boolean") && sample.isBool())
                          || (type == QLatin1String("integer") && sample.isDouble()
                              && sample.toDouble() == std::floor(sample.toDouble()))
                          || (type == QLatin1String("number") && sample.isDouble())
                          || (type == QLatin1String("object") && sample.isObject())
                          || (type == QLatin1String("array") && sample.isArray());
        if (!fits)
            return QStringLiteral("is not of type %1").arg(type);
        if (schema.value(QStringLiteral("format")).toString() == QLatin1String("uri")) {
            const QUrl url(sample.toString(), QUrl::StrictMode);
            if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
                return QStringLiteral("is not an absolute URI");
        }
        if (schema.contains(QStringLiteral("minimum"))
            && sample.toDouble() < schema.value(QStringLiteral("minimum")).toDouble())
            return QStringLiteral("is below the minimum");
        const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
        for (const QJsonValue &item : sample.toArray()) {
            if (const QString problem = sampleProblem(items, item); !items.isEmpty() && !problem.isEmpty())
                return QStringLiteral("has an item that ") + problem;
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        m_spec = ActionSpec::fromFile(meetingTokenDeclarationPath());
        QVERIFY2(!m_spec.hasError(), qPrintable(m_spec.errorString()));
        m_bundleLicense = bundleLicense();
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
        const License held = license.isEmpty() ? License() : testLicense(license);
        const QJsonObject metadata = MetadataRenderer::toJson(m_spec, held);

        const QJsonObject transcription = metadataGroup(metadata, QStringLiteral("transcription"));
        QCOMPARE(transcription.value(QStringLiteral("locked")).toBool(), transcriptionLocked);
        const QJsonObject bundle = transcription.value(QStringLiteral("bundle")).toObject();
        QCOMPARE(bundle.value(QStringLiteral("id")).toString(), QStringLiteral("video_audio_live"));
        QCOMPARE(bundle.value(QStringLiteral("title")).toString(), QStringLiteral("Video, Audio & Live Bundle"));
        QVERIFY(!bundle.value(QStringLiteral("upsell")).toString().isEmpty());
        for (const char *key : {"auto_start_transcription", "enable_live_captions_ui"}) {
            const QJsonObject entry = groupField(transcription, QLatin1String(key));
            QCOMPARE(entry.value(QStringLiteral("locked")).toBool(), transcriptionLocked);
            QCOMPARE(entry.value(QStringLiteral("bundle")).toObject().value(QStringLiteral("title")).toString(),
                     QStringLiteral("Video, Audio & Live Bundle"));
        }
        const QJsonObject general = metadataGroup(metadata, QStringLiteral("general"));
        QCOMPARE(general.value(QStringLiteral("locked")).toBool(), false);
        for (const QJsonValue &entry : general.value(QStringLiteral("fields")).toArray())
            QCOMPARE(entry.toObject().value(QStringLiteral("locked")).toBool(), false);
    }

    void fieldEntries()
    {
        const QJsonObject metadata = MetadataRenderer::toJson(m_spec, License());
        QCOMPARE(metadata.value(QStringLiteral("id")).toString(), QStringLiteral("daily.create_meeting_token"));
        const QJsonObject general = metadataGroup(metadata, QStringLiteral("general"));
        const QJsonObject owner = groupField(general, QStringLiteral("is_owner"));
        QCOMPARE(owner.value(QStringLiteral("label")).toString(), QStringLiteral("Is Owner"));
        QCOMPARE(owner.value(QStringLiteral("type")).toString(), QStringLiteral("Boolean"));
        QCOMPARE(owner.value(QStringLiteral("default")), QJsonValue(false));
        QCOMPARE(owner.value(QStringLiteral("required")).toBool(), false);
        QVERIFY(owner.value(QStringLiteral("description")).toString().contains(QStringLiteral("owner privileges")));
        const QJsonObject recording = groupField(general, QStringLiteral("enable_recording"));
        QVERIFY(recording.value(QStringLiteral("options")).toArray().contains(QStringLiteral("cloud")));
        const QJsonObject userId = groupField(general, QStringLiteral("user_id"));
        QCOMPARE(userId.value(QStringLiteral("constraints")).toObject().value(QStringLiteral("maxLength")).toInt(), 36);
        const QJsonArray outputs = metadata.value(QStringLiteral("outputs")).toArray();
        QCOMPARE(outputs.first().toObject().value(QStringLiteral("label")).toString(), QStringLiteral("Token"));
        QCOMPARE(metadata.value(QStringLiteral("warnings")).toArray().size(), 2);
    }

    // The Markdown reference carries every row of the seed page, in its
    // group's table, with the seed's type and help text.
    void markdownRows_data()
    {
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("row");
        QTest::addColumn<QStringList>("phrases");
        const struct
        {
            const char *section;
            const char *label;
            const char *type;
            QStringList phrases;
        } seed[] = {
            {"#### General", "Room Name", "Text", {"The room for which this token is valid."}},
            {"#### General",
             "Username",
             "Text",
             {"Displays in the UI when the user is muted or has the camera off, and in the chat window.", "Optional."}},
            {"#### General",
             "Is Owner",
             "Boolean",
             {"Determines if the user has meeting owner privileges.", "Default is false."}},
            {"#### General",
             "Start Cloud Recording",
             "Boolean",
             {"Determines whether to automatically start cloud recording", "Default is false."}},
            {"#### General",
             "Enable Recording",
             "Enum",
             {"Determines whether a recording is enabled for the user with this token",
              "For Daily Scale Plan users only.", "cloud, cloud-audio-only, local, raw-tracks"}},
            {"#### General",
             "User ID",
             "Text",
             {"Can be used to map between your user database and meeting events.", "Max length is 36 characters."}},
            {"#### General",
             "Start Video Off",
             "Boolean",
             {"When a participant first joins the meeting, keep their camera off.", "Default is false."}},
            {"#### General",
             "Start Audio Off",
             "Boolean",
             {"When a participant first joins the meeting, keep their microphone muted.", "Default is false."}},
            {"#### General", "Language", "Enum", {"da (Danish), de (German), en (English, the default)"}},
            {"#### General",
             "Eject at Token Expiry",
             "Boolean",
             {"Kicks the user out of the meeting when the meeting token expires."}},
            {"#### General",
             "Eject After Elapsed",
             "Number",
             {"Kicks the user out of the meeting this many seconds after they join."}},
            {"#### General",
             "Not Before (Unix Timestamp)",
             "Number",
             {"Users cannot join the room before this time. A Unix timestamp (seconds since epoch)."}},
            {"#### General",
             "Expires (Unix Timestamp)",
             "Number",
             {"Users cannot join the room after this time. A Unix timestamp (seconds since epoch)."}},
            {"#### Transcription", "Auto start", "Boolean", {"Start transcription when an owner joins the room."}},
            {"#### Transcription",
             "Live captions UI",
             "Boolean",
             {"Sets whether the participant sees a closed captions button in their Daily Prebuilt call tray."}},
            {"### Returned Values", "Token", "Text", {"The generated token"}},
        };
        for (const auto &row : seed)
            QTest::newRow(row.label) << QString::fromUtf8(
                row.section) << QStringLiteral("| %1 | %2 | ").arg(QLatin1String(row.label), QLatin1String(row.type))
                                     << row.phrases;
    }
    void markdownRows()
    {
        QFETCH(QString, section);
        QFETCH(QString, row);
        QFETCH(QStringList, phrases);
        const QString markdown = MetadataRenderer::toMarkdown(m_spec, License());
        const qsizetype heading = markdown.indexOf(QLatin1Char('\n') + section + QLatin1Char('\n'));
        QVERIFY2(heading >= 0, qPrintable(section));
        const qsizetype nextHeading = markdown.indexOf(QLatin1String("\n#"), heading + section.size() + 1);
        const qsizetype at = markdown.indexOf(QLatin1Char('\n') + row, heading);
        QVERIFY2(at > heading && (nextHeading < 0 || at < nextHeading),
                 qPrintable(row + QStringLiteral(" not under ") + section));
        const QString line = markdown.mid(at + 1, markdown.indexOf(QLatin1Char('\n'), at + 1) - at - 1);
        QVERIFY2(line.endsWith(QLatin1String(" |")), qPrintable(line));
        for (const QString &phrase : phrases)
            QVERIFY2(line.contains(phrase), qPrintable(line + QStringLiteral(" lacks: ") + phrase));
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
        QCOMPARE(locked.count(QStringLiteral("🔐")), 1);
        QVERIFY(locked.contains(QStringLiteral("\n| Token | Text | The generated token | •••••••• (sensitive) |\n")));
        QVERIFY(locked.contains(QStringLiteral("Video, Audio & Live Bundle")));
        QVERIFY(locked.contains(QStringLiteral("Max length is 36 characters.")));
        QVERIFY(locked.contains(QStringLiteral("Default is false.")));

        const QString unlocked = MetadataRenderer::toMarkdown(m_spec, m_bundleLicense);
        QVERIFY(!unlocked.contains(QStringLiteral("🔐")));
        QVERIFY(unlocked.contains(QStringLiteral("🔓 Unlocked")));
    }

    // Outputs a builder maps from: title, type and sample; credentials marked.
    void outputs_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("sensitive");
        QTest::addColumn<QString>("samplePrefix");
        QTest::newRow("token") << "token"
                               << "Token"
                               << "Text" << true << "eyJhbGciOiJIUzI1NiIs";
        QTest::newRow("join_url") << "join_url"
                                  << "Join URL"
                                  << "Text" << true << "https://example.daily.co/standup?t=";
    }
    void outputs()
    {
        QFETCH(QString, key);
        QFETCH(QString, label);
        QFETCH(QString, type);
        QFETCH(bool, sensitive);
        QFETCH(QString, samplePrefix);
        QJsonObject output;
        for (const QJsonValue &value :
             MetadataRenderer::toJson(m_spec, License()).value(QStringLiteral("outputs")).toArray()) {
            if (value.toObject().value(QStringLiteral("key")).toString() == key)
                output = value.toObject();
        }
        QCOMPARE(output.value(QStringLiteral("label")).toString(), label);
        QCOMPARE(output.value(QStringLiteral("type")).toString(), type);
        QCOMPARE(output.value(QStringLiteral("sensitive")).toBool(), sensitive);
        QVERIFY(output.value(QStringLiteral("sample")).toString().startsWith(samplePrefix));
        // The Markdown page never shows a credential's sample.
        const QString markdown = MetadataRenderer::toMarkdown(m_spec, License());
        QVERIFY(!markdown.contains(output.value(QStringLiteral("sample")).toString()));
        QVERIFY(markdown.contains(QStringLiteral("| %1 | %2 | ").arg(label, type)));
    }

    // Every output of every shipped declaration can be mapped: it has a title, a type and a sample.
    void shippedOutputsHaveSamples_data()
    {
        QTest::addColumn<QString>("declaration");
        const QDir schemas(sourcePath(QStringLiteral("schemas")));
        for (const QString &provider : schemas.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            for (const QString &file : QDir(schemas.filePath(provider)).entryList({QStringLiteral("*.json")})) {
                if (file != QLatin1String("provider.json") && file.count(QLatin1Char('.')) == 1)
                    QTest::newRow(qPrintable(provider + QLatin1Char('/') + file))
                        << schemas.filePath(provider + QLatin1Char('/') + file);
            }
        }
    }
    void shippedOutputsHaveSamples()
    {
        QFETCH(QString, declaration);
        const ActionSpec spec = ActionSpec::fromFile(declaration);
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        for (const FieldSpec &output : spec.outputs()) {
            QVERIFY2(!output.label().isEmpty(), qPrintable(output.key()));
            QVERIFY2(!output.schema().value(QStringLiteral("type")).toString().isEmpty(), qPrintable(output.key()));
            QVERIFY2(!output.sample().isUndefined(),
                     qPrintable(output.key() + QStringLiteral(" has no sample (examples)")));
            const QString problem = sampleProblem(output.schema(), output.sample());
            QVERIFY2(problem.isEmpty(), qPrintable(output.key() + QStringLiteral("'s sample ") + problem));
        }
    }

    void dailyActionHints_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<bool>("destructive");
        QTest::addColumn<bool>("idempotent");
        QTest::newRow("create room") << "create-room.json" << false << false << false;
        QTest::newRow("update room") << "update-room.json" << false << true << true;
        QTest::newRow("delete room") << "delete-room.json" << false << true << true;
        QTest::newRow("get room") << "get-room.json" << true << false << true;
        QTest::newRow("list rooms") << "list-rooms.json" << true << false << true;
        QTest::newRow("list meetings") << "list-meetings.json" << true << false << true;
        QTest::newRow("get presence") << "get-presence.json" << true << false << true;
        QTest::newRow("list recordings") << "list-recordings.json" << true << false << true;
        QTest::newRow("get recording link") << "get-recording-link.json" << true << false << true;
        QTest::newRow("validate meeting token") << "get-meeting-token.json" << true << false << true;
    }
    // What each Daily action does, as an MCP client sees it before calling it.
    void dailyActionHints()
    {
        QFETCH(QString, declaration);
        QFETCH(bool, readOnly);
        QFETCH(bool, destructive);
        QFETCH(bool, idempotent);
        const ActionSpec spec = ActionSpec::fromFile(sourcePath(QStringLiteral("schemas/daily/") + declaration));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const QJsonObject annotations = MetadataRenderer::toolAnnotations(spec);
        QCOMPARE(annotations.value(QStringLiteral("readOnlyHint")).toBool(), readOnly);
        QCOMPARE(annotations.value(QStringLiteral("destructiveHint")).toBool(), destructive);
        QCOMPARE(annotations.value(QStringLiteral("idempotentHint")).toBool(), idempotent);
        QCOMPARE(annotations.value(QStringLiteral("openWorldHint")).toBool(), true);
    }

    void actionMetadata()
    {
        const QJsonObject metadata = MetadataRenderer::toJson(m_spec, License());
        QCOMPARE(metadata.value(QStringLiteral("version")).toString(), QStringLiteral("1.1.0"));
        QCOMPARE(metadata.value(QStringLiteral("kind")).toString(), QStringLiteral("action"));
        const QJsonObject hints{{"readOnly", false},
                                {"destructive", false},
                                {"idempotent", false},
                                {"openWorld", true}};
        QCOMPARE(metadata.value(QStringLiteral("hints")).toObject(), hints);
        QCOMPARE(MetadataRenderer::toolAnnotations(m_spec), (QJsonObject{{"title", "Create meeting token"},
                                                                         {"readOnlyHint", false},
                                                                         {"destructiveHint", false},
                                                                         {"idempotentHint", false},
                                                                         {"openWorldHint", true}}));
        QVERIFY(!metadata.contains(QStringLiteral("locale")));
        // Room names come from daily.list_rooms; a host without it offers free text (see OptionsLoader).
        QCOMPARE(groupField(metadataGroup(metadata, QStringLiteral("general")), QStringLiteral("room_name"))
                     .value(QStringLiteral("optionsFrom"))
                     .toObject()
                     .value(QStringLiteral("action"))
                     .toString(),
                 QStringLiteral("daily.list_rooms"));
    }

    // Notices in JSON and Markdown, at their place in the group.
    void notices_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QJsonArray>("notices");
        QTest::addColumn<QString>("before"); // the Markdown text just before the notice
        QTest::addColumn<QString>("after");  // and just after it
        QTest::newRow("Daily: after Enable Recording")
            << meetingTokenDeclarationPath() << "general"
            << QJsonArray{QJsonObject{
                   {"id", "recording_plan"},
                   {"after", "enable_recording"},
                   {"text",
                    "Recording needs a paid Daily plan: add a credit card to the Daily account before enabling it."}}}
            << "Options: cloud, cloud-audio-only, local, raw-tracks. Optional. |\n\n"
            << "\n\n| Field | Type | Description |\n|---|---|---|\n| User ID |";
        QTest::newRow("top of the group") << testDeclarationPath(QStringLiteral("valid-conditional.json")) << "general"
                                          << QJsonArray{QJsonObject{{"id", "top_note"}, {"text", "Read this first."}},
                                                        QJsonObject{{"id", "recording_note"},
                                                                    {"after", "recording"},
                                                                    {"text", "Recording needs a paid plan."}}}
                                          << "#### General\n\n"
                                          << "\n\n| Field | Type | Description |\n|---|---|---|\n| Mode |";
    }
    void notices()
    {
        QFETCH(QString, declaration);
        QFETCH(QString, group);
        QFETCH(QJsonArray, notices);
        QFETCH(QString, before);
        QFETCH(QString, after);
        const ActionSpec spec = ActionSpec::fromFile(declaration);
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QCOMPARE(
            metadataGroup(MetadataRenderer::toJson(spec, License()), group).value(QStringLiteral("notices")).toArray(),
            notices);
        const QString markdown = MetadataRenderer::toMarkdown(spec, License());
        const QString first = QStringLiteral("> ℹ️ ")
                              + notices.at(0).toObject().value(QStringLiteral("text")).toString();
        QVERIFY2(markdown.contains(before + first + after), qPrintable(markdown));
    }
};

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
