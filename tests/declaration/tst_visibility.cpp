#include "support/testdata.h"
#include "support/json.h"
#include "support/metadatajson.h"

#include <actionnode/actionspec.h>
#include <actionnode/license.h>
#include <actionnode/metadatarenderer.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Conditional fields (visibleWhen): shown and required only when their
// condition holds, refused with the condition in words when given while
// hidden, and carried into the metadata. Malformed conditions are among the
// refused declarations of tst_actionspec.
class TestVisibility : public QObject
{
    Q_OBJECT

private:
    static constexpr auto object = singleQuotedObject; // support/json.h
    ActionSpec m_spec;

private slots:
    void initTestCase()
    {
        m_spec = ActionSpec::fromFile(testDeclarationPath(QStringLiteral("valid-conditional.json")));
        QVERIFY2(!m_spec.hasError(), qPrintable(m_spec.errorString()));
    }

    // Shown, hidden, and given while hidden; a hidden required field is not required.
    void validation_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QStringList>("errors"); // "field rule" of each error, in order
        QTest::addColumn<QString>("message");    // a phrase of the first error
        QTest::newRow("hidden required field left out") << object("{'mode': 'basic'}") << QStringList() << "";
        QTest::newRow("default mode hides detail") << QJsonObject() << QStringList() << "";
        QTest::newRow("shown required field given")
            << object("{'mode': 'custom', 'detail': 'x'}") << QStringList() << "";
        QTest::newRow("shown required field missing") << object("{'mode': 'custom'}") << QStringList{"/detail required"}
                                                      << "is required when Mode is one of custom, expert";
        QTest::newRow("given while hidden")
            << object("{'mode': 'basic', 'detail': 'x'}") << QStringList{"/detail visibleWhen"}
            << "\"Detail\" applies only when Mode is one of custom, expert";
        QTest::newRow("equals true holds")
            << object("{'recording': true, 'recording_opts': {}}") << QStringList() << "";
        QTest::newRow("equals true against default false")
            << object("{'recording_opts': {'fps': 30}}") << QStringList{"/recording_opts visibleWhen"}
            << "applies only when Recording is Yes";
        QTest::newRow("all with not holds")
            << object("{'mode': 'expert', 'detail': 'x', 'tuning': 3}") << QStringList() << "";
        QTest::newRow("all with not fails")
            << object("{'mode': 'expert', 'detail': 'x', 'recording': true, 'tuning': 3}")
            << QStringList{"/tuning visibleWhen"} << "applies only when Mode is expert and Recording is not Yes";
        QTest::newRow("any: isSet holds") << object("{'label': 'a', 'colour': 'red'}") << QStringList() << "";
        QTest::newRow("any: other branch holds")
            << object("{'mode': 'expert', 'detail': 'x', 'colour': 'red'}") << QStringList() << "";
        QTest::newRow("any: neither") << object("{'colour': 'red'}") << QStringList{"/colour visibleWhen"}
                                      << "applies only when Label is set or Mode is expert";
        QTest::newRow("group condition hides its fields")
            << object("{'extra': 'x'}") << QStringList{"/extra visibleWhen"}
            << "\"Extra\" applies only when Mode is expert";
        QTest::newRow("group condition shows its fields")
            << object("{'mode': 'expert', 'detail': 'd', 'extra': 'x'}") << QStringList() << "";
        QTest::newRow("hidden and badly typed: both said")
            << object("{'tuning': 'high'}") << QStringList{"/tuning type", "/tuning visibleWhen"} << "";
        QTest::newRow("every hidden field named")
            << object("{'detail': 'x', 'tuning': 1, 'extra': 'y'}")
            << QStringList{"/detail visibleWhen", "/tuning visibleWhen", "/extra visibleWhen"} << "";
    }
    void validation()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QStringList, errors);
        QFETCH(QString, message);
        const ActionErrors found = m_spec.validate(inputs);
        QStringList summary;
        for (const ActionError &error : found) {
            QCOMPARE(error.code, QStringLiteral("invalid_input"));
            summary.append(error.field + QLatin1Char(' ') + error.rule);
        }
        QCOMPARE(summary, errors);
        if (!message.isEmpty())
            QVERIFY2(found.constFirst().message.contains(message), qPrintable(found.constFirst().message));
    }

    // A client validating with the published schema must not demand a hidden field.
    void publishedSchemaRequiresOnlyUnconditionalFields()
    {
        QCOMPARE(m_spec.inputSchema().value(QStringLiteral("required")).toArray(), QJsonArray());
        QCOMPARE(
            m_spec.declaration().value(QStringLiteral("inputs")).toObject().value(QStringLiteral("required")).toArray(),
            QJsonArray{QStringLiteral("detail")});
    }

    void conditionText_data()
    {
        QTest::addColumn<QJsonObject>("condition");
        QTest::addColumn<QString>("text");
        QTest::newRow("equals boolean") << object("{'field': 'recording', 'equals': false}") << "Recording is No";
        QTest::newRow("equals text") << object("{'field': 'mode', 'equals': 'custom'}") << "Mode is custom";
        QTest::newRow("oneOf of one") << object("{'field': 'mode', 'oneOf': ['expert']}") << "Mode is expert";
        QTest::newRow("isSet false") << object("{'field': 'label', 'isSet': false}") << "Label is not set";
        QTest::newRow("not isSet false") << object("{'not': {'field': 'label', 'isSet': false}}") << "Label is set";
        QTest::newRow("not oneOf") << object("{'not': {'field': 'mode', 'oneOf': ['basic', 'custom']}}")
                                   << "Mode is not one of basic, custom";
        QTest::newRow("not any") << object(
            "{'not': {'any': [{'field': 'label', 'isSet': true}, {'field': 'recording', 'equals': true}]}}")
                                 << "not (Label is set or Recording is Yes)";
        QTest::newRow("nested") << object("{'any': [{'all': [{'field': 'mode', 'equals': 'expert'}, {'field': 'label', "
                                          "'isSet': true}]}, {'field': 'recording', 'equals': true}]}")
                                << "(Mode is expert and Label is set) or Recording is Yes";
    }
    void conditionText()
    {
        QFETCH(QJsonObject, condition);
        QFETCH(QString, text);
        QCOMPARE(m_spec.visibleWhenText(condition), text);
    }

    void metadataCarriesConditions()
    {
        const QJsonObject metadata = MetadataRenderer::toJson(m_spec, License());
        const QJsonObject detail = metadataField(metadata, QStringLiteral("detail"));
        QCOMPARE(detail.value(QStringLiteral("visibleWhen")).toObject(),
                 object("{'field': 'mode', 'oneOf': ['custom', 'expert']}"));
        QCOMPARE(detail.value(QStringLiteral("visibleWhenText")).toString(),
                 QStringLiteral("shown when Mode is one of custom, expert"));
        QVERIFY(!metadataField(metadata, QStringLiteral("label")).contains(QStringLiteral("visibleWhen")));
        QCOMPARE(metadataField(metadata, QStringLiteral("label")).value(QStringLiteral("optionsFrom")).toObject(),
                 object("{'action': 'test.list_labels', 'items': 'data', 'value': '/id', 'label': '/name', "
                        "'searchInput': 'prefix'}"));
        const QJsonObject more = metadata.value(QStringLiteral("groups")).toArray().at(1).toObject();
        QCOMPARE(more.value(QStringLiteral("visibleWhen")).toObject(), object("{'field': 'mode', 'equals': 'expert'}"));
        QCOMPARE(more.value(QStringLiteral("visibleWhenText")).toString(), QStringLiteral("shown when Mode is expert"));
        const QString markdown = MetadataRenderer::toMarkdown(m_spec, License());
        QVERIFY(markdown.contains(QStringLiteral(
            "| Detail | Text | What to customise. Shown when Mode is one of custom, expert. Required. |")));
        QVERIFY(markdown.contains(QStringLiteral("#### More\n\n> Shown when Mode is expert.\n\n| Field |")));
    }

    // The shipped declarations use conditions where the provider documents them.
    void shippedConditions_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonObject>("hidden");
        QTest::addColumn<QJsonObject>("shown");
        QTest::addColumn<bool>("ignored"); // the provider accepts and ignores a hidden value: a warning
        QTest::newRow("Daily recording options")
            << "daily/create-meeting-token.json"
            << "start_cloud_recording_opts"
            << "Start Cloud Recording is Yes" << object("{'start_cloud_recording_opts': {'type': 'cloud'}}")
            << object("{'start_cloud_recording': true, 'start_cloud_recording_opts': {'type': 'cloud'}}") << false;
        QTest::newRow("SignalWire room previews")
            << "signalwire/create-room-token.json"
            << "enable_room_previews"
            << "Auto Create Room is Yes"
            << object("{'room_name': 'r', 'auto_create_room': false, 'enable_room_previews': true}")
            << object("{'room_name': 'r', 'enable_room_previews': true}") << true;
        QTest::newRow("SignalWire room display name")
            << "signalwire/create-room-token.json"
            << "room_display_name"
            << "Auto Create Room is Yes"
            << object("{'room_name': 'r', 'auto_create_room': false, 'room_display_name': 'Stand-up'}")
            << object("{'room_name': 'r', 'auto_create_room': true, 'room_display_name': 'Stand-up'}") << true;
    }
    void shippedConditions()
    {
        QFETCH(QString, declaration);
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QJsonObject, hidden);
        QFETCH(QJsonObject, shown);
        QFETCH(bool, ignored);
        const ActionSpec spec = ActionSpec::fromFile(sourcePath(QStringLiteral("schemas/") + declaration));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QCOMPARE(spec.visibleWhenText(spec.field(field).visibleWhen()), text);
        const ActionErrors refused = spec.validate(hidden);
        ActionErrors warned;
        for (const ActionError &warning : spec.warningsFor(hidden)) {
            if (warning.code == QLatin1String("hidden_value_ignored"))
                warned.append(warning);
        }
        const ActionErrors &said = ignored ? warned : refused;
        QCOMPARE(said.size(), 1);
        QCOMPARE((ignored ? refused : warned).size(), 0);
        QCOMPARE(said.constFirst().field, QLatin1Char('/') + field);
        QVERIFY2(said.constFirst().message.contains(QStringLiteral("applies only when ") + text),
                 qPrintable(said.constFirst().message));
        QVERIFY(spec.validate(shown).isEmpty());
        for (const ActionError &warning : spec.warningsFor(shown))
            QVERIFY(warning.code != QLatin1String("hidden_value_ignored"));
        QVERIFY(MetadataRenderer::toMarkdown(spec, License()).contains(QStringLiteral("Shown when %1.").arg(text)));
    }
};

QTEST_GUILESS_MAIN(TestVisibility)
#include "tst_visibility.moc"
