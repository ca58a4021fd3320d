#include "support/testdata.h"

#include <actionnode/actionspec.h>
#include <actionnode/license.h>
#include <actionnode/metadatarenderer.h>

#include <QJsonArray>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Translated labels from locale files beside a declaration, with English
// wherever a translation leaves a text out; broken locale files refused
// with file, pointer and reason.
class TestLocalization : public QObject
{
    Q_OBJECT

private:
    ActionSpec m_spec;

private slots:
    void initTestCase()
    {
        m_spec = ActionSpec::fromFile(testDeclarationPath(QStringLiteral("valid-conditional.json")));
        QVERIFY2(!m_spec.hasError(), qPrintable(m_spec.errorString()));
    }

    // Field by field: what the German file has is German, the rest English.
    void fallback_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("modeLabel");
        QTest::addColumn<QString>("modeHelp");
        QTest::addColumn<QString>("recordingHelp");
        QTest::addColumn<QString>("groupTitle");
        QTest::addColumn<QString>("moreTitle");
        QTest::addColumn<QString>("notice");
        QTest::addColumn<QString>("tokenLabel");
        QTest::addColumn<QString>("warning");
        QTest::newRow("de") << "de"
                            << "Bedingt"
                            << "Modus"
                            << "How to run."
                            << "Aufnehmen."
                            << "Allgemein"
                            << "More"
                            << "Aufnahmen brauchen einen bezahlten Tarif."
                            << "Geheimnis"
                            << "Keine Beschriftung.";
        QTest::newRow("de-AT falls back to de") << "de-AT"
                                                << "Bedingt"
                                                << "Modus"
                                                << "How to run."
                                                << "Aufnehmen."
                                                << "Allgemein"
                                                << "More"
                                                << "Aufnahmen brauchen einen bezahlten Tarif."
                                                << "Geheimnis"
                                                << "Keine Beschriftung.";
        QTest::newRow("no file: English") << "ja"
                                          << "Conditional"
                                          << "Mode"
                                          << "How to run."
                                          << "Record."
                                          << "General"
                                          << "More"
                                          << "Recording needs a paid plan."
                                          << "Token"
                                          << "No label.";
        QTest::newRow("en: English") << "en"
                                     << "Conditional"
                                     << "Mode"
                                     << "How to run."
                                     << "Record."
                                     << "General"
                                     << "More"
                                     << "Recording needs a paid plan."
                                     << "Token"
                                     << "No label.";
    }
    void fallback()
    {
        QFETCH(QString, locale);
        QFETCH(QString, title);
        QFETCH(QString, modeLabel);
        QFETCH(QString, modeHelp);
        QFETCH(QString, recordingHelp);
        QFETCH(QString, groupTitle);
        QFETCH(QString, moreTitle);
        QFETCH(QString, notice);
        QFETCH(QString, tokenLabel);
        QFETCH(QString, warning);
        const ActionSpec spec = m_spec.localized(locale);
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QCOMPARE(spec.title(), title);
        QCOMPARE(spec.description(), QStringLiteral("An action with conditional fields."));
        QCOMPARE(spec.field(QStringLiteral("mode")).label(), modeLabel);
        QCOMPARE(spec.field(QStringLiteral("mode")).description(), modeHelp);
        QCOMPARE(spec.field(QStringLiteral("recording")).description(), recordingHelp);
        QCOMPARE(spec.groups().at(0).title, groupTitle);
        QCOMPARE(spec.groups().at(1).title, moreTitle);
        QCOMPARE(spec.groups().at(0).notices.at(1).text, notice);
        QCOMPARE(spec.groups().at(0).notices.at(0).text, QStringLiteral("Read this first."));
        QCOMPARE(spec.outputs().at(0).label(), tokenLabel);
        QCOMPARE(spec.warningsFor({}).value(0).message, warning);
        // Translated labels and phrases reach the conditions in words; an untranslated phrase stays English.
        const bool german = locale.startsWith(QLatin1String("de"));
        QCOMPARE(spec.shownWhenText(spec.field(QStringLiteral("recording_opts")).visibleWhen()),
                 german ? QStringLiteral("angezeigt, wenn Aufnahme ist Ja")
                        : QStringLiteral("shown when Recording is Yes"));
        QCOMPARE(spec.visibleWhenText(spec.field(QStringLiteral("colour")).visibleWhen()),
                 german ? QStringLiteral("Label is set or Modus ist expert")
                        : QStringLiteral("Label is set or Mode is expert"));
        QCOMPARE(spec.validate({{"recording_opts", QJsonObject()}}).value(0).message,
                 german ? QStringLiteral("„Recording Options“ gilt nur, wenn Aufnahme ist Ja")
                        : QStringLiteral("\"Recording Options\" applies only when Recording is Yes; remove it or "
                                         "change what it depends on"));
        QCOMPARE(spec.validate({{"mode", "custom"}}).size(), 1);
        QCOMPARE(spec.inputSchema().value(QStringLiteral("required")),
                 m_spec.inputSchema().value(QStringLiteral("required")));
    }

    void brokenLocaleFiles_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown field") << "fr"
                                       << testDeclarationPath(QStringLiteral("valid-conditional.fr.json"))
                                              + QStringLiteral(
                                                  ": /fields/ghost: \"ghost\" is not a field of test.conditional");
        QTest::newRow("schema violation") << "es"
                                          << testDeclarationPath(QStringLiteral("valid-conditional.es.json"))
                                                 + QStringLiteral(": /fields/mode/colour");
        QTest::newRow("another action") << "it"
                                        << testDeclarationPath(QStringLiteral("valid-conditional.it.json"))
                                               + QStringLiteral(
                                                   ": /action: translates \"test.other\", not \"test.conditional\"");
        QTest::newRow("unknown notice") << "nl"
                                        << testDeclarationPath(QStringLiteral("valid-conditional.nl.json"))
                                               + QStringLiteral(
                                                   ": /groups/general/notices/missing: \"missing\" is not a notice");
        QTest::newRow("phrase without its placeholder")
            << "pt"
            << testDeclarationPath(QStringLiteral("valid-conditional.pt.json"))
                   + QStringLiteral(": /phrases/is: must contain %2, as \"%1 is %2\" does");
        QTest::newRow("path in the tag") << "../../etc/passwd"
                                         << "\"../../etc/passwd\" is not a locale tag";
        QTest::newRow("empty tag") << ""
                                   << "\"\" is not a locale tag";
    }
    void brokenLocaleFiles()
    {
        QFETCH(QString, locale);
        QFETCH(QString, error);
        const ActionSpec spec = m_spec.localized(locale);
        QVERIFY(spec.hasError());
        QVERIFY2(spec.errorString().startsWith(error), qPrintable(spec.errorString()));
    }

    // The shipped German texts of Daily's meeting-token action.
    void dailyGerman_data()
    {
        QTest::addColumn<QString>("path"); // where in the metadata
        QTest::addColumn<QString>("german");
        QTest::newRow("title") << "title"
                               << "Meeting-Token erstellen";
        QTest::newRow("field label") << "groups/0/fields/0/label"
                                     << "Raumname";
        QTest::newRow("group") << "groups/2/title"
                               << "Erweitert";
        QTest::newRow("notice") << "groups/0/notices/0/text"
                                << "Aufnahmen brauchen einen bezahlten Daily-Tarif: hinterlegen Sie eine Kreditkarte "
                                   "im Daily-Konto, bevor Sie sie erlauben.";
        QTest::newRow("bundle") << "groups/1/bundle/title"
                                << "Video-, Audio- & Live-Paket";
        QTest::newRow("condition in German") << "groups/2/fields/6/visibleWhenText"
                                             << "angezeigt, wenn Cloud-Aufnahme starten ist Ja";
        QTest::newRow("English where untranslated")
            << "groups/2/fields/1/description"
            << "Show the Daily Prebuilt lobby where the user checks camera and microphone before joining. Daily "
               "documents no self-signed claim for it: needs the REST token mode.";
        QTest::newRow("output") << "outputs/1/label"
                                << "Beitrittsadresse";
        QTest::newRow("locale") << "locale"
                                << "de";
    }
    void dailyGerman()
    {
        QFETCH(QString, path);
        QFETCH(QString, german);
        const ActionSpec english = ActionSpec::fromFile(meetingTokenDeclarationPath());
        const ActionSpec spec = english.localized(QStringLiteral("de"));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QJsonValue value = MetadataRenderer::toJson(spec, License());
        for (const QString &step : path.split(QLatin1Char('/')))
            value = value.isArray() ? value.toArray().at(step.toInt()) : value.toObject().value(step);
        QCOMPARE(value.toString(), german);
        QCOMPARE(spec.warningsFor({}).value(0).message,
                 QStringLiteral("Das Token hat keinen Raumnamen: es öffnet jeden Raum der Daily-Domain."));
    }
};

QTEST_GUILESS_MAIN(TestLocalization)
#include "tst_localization.moc"
