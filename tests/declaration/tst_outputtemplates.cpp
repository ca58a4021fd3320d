// Output templates: every value percent-encoded exactly as QUrl encodes it, whatever its length.
#include "outputtemplates.h"
#include "support/testdata.h"

#include <actionnode/runtime.h>

#include <QJsonDocument>
#include <QTest>
#include <QUrl>

using namespace ActionNode;
using namespace ActionNode::Internal;

class TestOutputTemplates : public QObject
{
    Q_OBJECT

private slots:
    void valuesAreEncodedAsQUrlDoes_data();
    void valuesAreEncodedAsQUrlDoes();
    void anOutputWithAnEmptyValueIsLeftOut();
    void outputsKeptAsBytesAreEncodedAsTexts();
    void inputsReadFromTextAreEncodedAsTexts();
};

void TestOutputTemplates::valuesAreEncodedAsQUrlDoes_data()
{
    QTest::addColumn<QString>("value");
    // The unreserved characters and their neighbours, at the start, middle and end of values
    // shorter, as long as and longer than the eight characters checked at once.
    const QString neighbours = QStringLiteral("@[`{/:-._~ %?#&=+é\u8000\uffff") + QChar(0x7f) + QChar(0x2c)
                               + QChar(0x2f) + QChar(0x3a) + QChar(0x40) + QChar(0x5b) + QChar(0x60) + QChar(0x7b)
                               + QChar(0xc1) + QChar(0xda);
    const QString unreserved = QStringLiteral("AZaz09-._~mN");
    for (int length : {1, 7, 8, 9, 15, 16, 17, 33}) {
        QString plain;
        for (int i = 0; i < length; ++i)
            plain.append(unreserved.at(i % unreserved.size()));
        QTest::addRow("%d unreserved", length) << plain;
        for (const QChar c : neighbours) {
            for (int at : {0, length / 2, length - 1}) {
                QString value = plain;
                value[at] = c;
                QTest::addRow("%d, U+%04X at %d", length, c.unicode(), at) << value;
            }
        }
    }
    QTest::newRow("a token") << QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJyIjoicm9vbSJ9.abc-_DEF012");
}

void TestOutputTemplates::valuesAreEncodedAsQUrlDoes()
{
    QFETCH(QString, value);
    OutputTemplates templates;
    QString pointer;
    QString error;
    QVERIFY2(templates.read({{QStringLiteral("link"), QStringLiteral("https://example.test/{inputs.value}?t=x")}},
                            {QStringLiteral("value")}, &pointer, &error),
             qPrintable(error));
    ActionOutputs outputs;
    templates.apply(&outputs, ActionInputs(QJsonObject{{QStringLiteral("value"), value}}), Connection());
    QCOMPARE(outputs.text(u"link"), QStringLiteral("https://example.test/")
                                        + QString::fromLatin1(QUrl::toPercentEncoding(value)) + QStringLiteral("?t=x"));
}

void TestOutputTemplates::anOutputWithAnEmptyValueIsLeftOut()
{
    OutputTemplates templates;
    QString pointer;
    QString error;
    QVERIFY(templates.read({{QStringLiteral("link"), QStringLiteral("{inputs.value}/{outputs.token}")}},
                           {QStringLiteral("value")}, &pointer, &error));
    ActionOutputs outputs{{QStringLiteral("token"), QStringLiteral("t")}};
    templates.apply(&outputs, ActionInputs(QJsonObject{{QStringLiteral("value"), QString()}}), Connection());
    QVERIFY(!outputs.contains(u"link"));
    templates.apply(&outputs, ActionInputs(QJsonObject{{QStringLiteral("value"), QStringLiteral("v")}}), Connection());
    QCOMPARE(outputs.text(u"link"), QStringLiteral("v/t"));
}

void TestOutputTemplates::outputsKeptAsBytesAreEncodedAsTexts()
{
    OutputTemplates templates;
    QString pointer;
    QString error;
    QVERIFY(templates.read({{QStringLiteral("link"), QStringLiteral("https://example.test/?t={outputs.token}")}}, {},
                           &pointer, &error));
    for (const QString &token : {QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJyIjoicm9vbSJ9.abc-_DEF012~"),
                                 QStringLiteral("a b/c?d&é会😀"), QStringLiteral("x")}) {
        ActionOutputs outputs;
        outputs.insertUtf8(QStringLiteral("token"), token.toUtf8());
        templates.apply(&outputs, ActionInputs(), Connection());
        QCOMPARE(outputs.text(u"link"),
                 QStringLiteral("https://example.test/?t=") + QString::fromLatin1(QUrl::toPercentEncoding(token)));
    }
}

// Inputs read from JSON text keep their texts as UTF-8 bytes: encoded as the same texts given as QStrings.
void TestOutputTemplates::inputsReadFromTextAreEncodedAsTexts()
{
    Runtime runtime;
    runtime.setPluginPaths({});
    runtime.addDeclarationDirectory(TestSupport::sourcePath(QStringLiteral("schemas/signalwire")));
    OutputTemplates templates;
    QString pointer;
    QString error;
    QVERIFY(templates.read({{QStringLiteral("link"), QStringLiteral("https://example.test/{inputs.id}?t=x")}},
                           {QStringLiteral("id")}, &pointer, &error));
    for (const QString &value : {QStringLiteral("c22d24f6-5a47-4597-9a23-c7d01e696b92"), QStringLiteral("a b/c?d&é会😀"),
                                 QStringLiteral("\uFEFFx"), QStringLiteral("x\uFEFF"), QStringLiteral("\uFEFF")}) {
        const QJsonObject object{{QStringLiteral("id"), value}};
        // U+FEFF sent escaped: the reader leaves its raw bytes to QJsonDocument, which drops them.
        const QByteArray json = QJsonDocument(object).toJson().replace("\xEF\xBB\xBF", "\\ufeff");
        const std::optional<ActionInputs> read = runtime.readInputs(QStringLiteral("signalwire.delete_room"), json);
        QVERIFY2(read, json.constData());
        QCOMPARE(read->text(QStringLiteral("id")), value);
        ActionOutputs outputs;
        templates.apply(&outputs, *read, Connection());
        QCOMPARE(outputs.text(u"link"), QStringLiteral("https://example.test/")
                                            + QString::fromLatin1(QUrl::toPercentEncoding(value))
                                            + QStringLiteral("?t=x"));
    }
}

QTEST_GUILESS_MAIN(TestOutputTemplates)
#include "tst_outputtemplates.moc"
