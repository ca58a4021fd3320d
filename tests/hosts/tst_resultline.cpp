#include "resultline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace ActionNode;

// A batch result line and the HTTP host's answer are written without a
// document; their bytes must be the ones QJsonDocument writes for
// ActionResult::toJson(), with the line number for a line.
class TestResultLine : public QObject
{
    Q_OBJECT

private:
    static ActionError error(const QString &text)
    {
        return {QStringLiteral("invalid_input"), QStringLiteral("room_name"), QStringLiteral("pattern"), text};
    }
    static ActionResult succeeded(const QString &key, const QJsonValue &value)
    {
        return ActionResult::success(QJsonObject{{key, value}});
    }

private slots:
    void sameBytesAsQJsonDocument_data()
    {
        QTest::addColumn<ActionResult>("result");
        QTest::addColumn<qint64>("lineNumber");

        const QString token = QStringLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyIjoicm9vbSJ9.c2lnbmF0dXJl-_");
        QTest::newRow("token and join URL") << ActionResult::success(
            QJsonObject{{QStringLiteral("token"), token},
                        {QStringLiteral("join_url"), QStringLiteral("https://x.daily.co/room?t=") + token}})
                                            << qint64(1);
        QTest::newRow("no outputs") << ActionResult::success({}) << qint64(0);
        QTest::newRow("large line number")
            << succeeded(QStringLiteral("a"), QStringLiteral("b")) << std::numeric_limits<qint64>::max();
        QTest::newRow("quote and backslash")
            << succeeded(QStringLiteral("text"), QStringLiteral("say \"hi\" C:\\dir\\")) << qint64(2);
        QTest::newRow("control characters")
            << succeeded(QStringLiteral("text"), QStringLiteral("a\nb\tc\rd\be\ff") + QChar(1) + QChar(0x1f))
            << qint64(3);
        QTest::newRow("NUL") << succeeded(QStringLiteral("text"), QString(QChar(0)) + QStringLiteral("x")) << qint64(3);
        QTest::newRow("DEL") << succeeded(QStringLiteral("text"), QString(QChar(0x7f))) << qint64(3);
        QTest::newRow("unicode") << succeeded(QStringLiteral("name"), QStringLiteral("Zoë 会议 😀 \u2028")) << qint64(4);
        QTest::newRow("lone high surrogate")
            << succeeded(QStringLiteral("text"), QString(QChar(0xd83d)) + QStringLiteral("x")) << qint64(5);
        QTest::newRow("lone low surrogate") << succeeded(QStringLiteral("text"), QString(QChar(0xde00))) << qint64(5);
        QTest::newRow("keys that need escapes and sort beyond ASCII")
            << ActionResult::success(QJsonObject{{QStringLiteral("z"), 1},
                                                 {QStringLiteral("é"), 2},
                                                 {QStringLiteral("😀"), 3},
                                                 {QString(QChar(0xfffd)), 4},
                                                 {QStringLiteral("a\"b\n"), 5},
                                                 {QString(), 6}})
            << qint64(6);
        QTest::newRow("numbers") << ActionResult::success(
            QJsonObject{{QStringLiteral("int"), 42},
                        {QStringLiteral("negative"), -7},
                        {QStringLiteral("fraction"), 1.5},
                        {QStringLiteral("tenth"), 0.1},
                        {QStringLiteral("huge"), 1e300},
                        {QStringLiteral("beyond 2^53"), 9007199254740993.0},
                        {QStringLiteral("qint64"), qint64(9007199254740993)},
                        {QStringLiteral("tiny"), 5e-324},
                        {QStringLiteral("negative zero"), -0.0}})
                                 << qint64(7);
        QTest::newRow("bool, null, nested") << ActionResult::success(
            QJsonObject{{QStringLiteral("yes"), true},
                        {QStringLiteral("no"), false},
                        {QStringLiteral("nothing"), QJsonValue::Null},
                        {QStringLiteral("items"),
                         QJsonArray{1, QStringLiteral("two"), QJsonArray{}, QJsonObject{}, QJsonValue::Null,
                                    QJsonObject{{QStringLiteral("k"), QStringLiteral("v\\")}}}},
                        {QStringLiteral("room"), QJsonObject{{QStringLiteral("privacy"), QStringLiteral("private")}}}})
                                            << qint64(8);
        QTest::newRow("success with warnings")
            << ActionResult::success(QJsonObject{{QStringLiteral("token"), token}},
                                     {error(QStringLiteral("exp is more than a day away"))})
            << qint64(9);
        QTest::newRow("invalid input")
            << ActionResult::failure(ActionResult::Status::InvalidInput,
                                     {error(QStringLiteral("\"Zoë\" does not match ^[a-z]+$")),
                                      {QStringLiteral("invalid_input"), {}, {}, QStringLiteral("line\nbreak")}})
            << qint64(10);
        QTest::newRow("licence refused with warnings")
            << ActionResult::failure(ActionResult::Status::LicenseRefused, {error(QStringLiteral("bundle only"))},
                                     {error(QStringLiteral("warned"))})
            << qint64(11);
        QTest::newRow("configuration error")
            << ActionResult::failure(ActionResult::Status::ConfigurationError, {}) << qint64(12);
        QTest::newRow("provider failed") << ActionResult::failure(ActionResult::Status::ProviderFailed,
                                                                  {error(QStringLiteral("429"))})
                                         << qint64(13);
        QTest::newRow("network failed") << ActionResult::failure(ActionResult::Status::NetworkFailed,
                                                                 {error(QStringLiteral("timeout"))})
                                        << qint64(14);
        // Texts kept as UTF-8 bytes (a signed token) are written as the same texts given as QString.
        const auto utf8Outputs = [](const QByteArray &text) {
            ActionOutputs outputs;
            outputs.insertUtf8(QStringLiteral("token"), text);
            outputs.insert(QStringLiteral("expires"), 3600);
            return ActionResult::success(outputs);
        };
        QTest::newRow("UTF-8 token") << utf8Outputs(token.toLatin1()) << qint64(17);
        QTest::newRow("UTF-8 with a quote and a control character")
            << utf8Outputs(QByteArrayLiteral("a\"b\x01c")) << qint64(18);
        QTest::newRow("UTF-8 beyond ASCII") << utf8Outputs(QStringLiteral("Zoë 会议 😀 \u2028").toUtf8()) << qint64(19);
        QTest::newRow("UTF-8, empty") << utf8Outputs(QByteArray()) << qint64(20);
        QString megabyte(1 << 20, QLatin1Char('x'));
        QTest::newRow("a megabyte of text") << succeeded(QStringLiteral("text"), megabyte) << qint64(15);
        megabyte[1 << 19] = QLatin1Char('"');
        QTest::newRow("a megabyte with a quote") << succeeded(QStringLiteral("text"), megabyte) << qint64(16);
    }

    void sameBytesAsQJsonDocument()
    {
        QFETCH(ActionResult, result);
        QFETCH(qint64, lineNumber);
        QJsonObject json = result.toJson();
        json.insert(QStringLiteral("line"), lineNumber);
        QCOMPARE(ResultLine::write(result, lineNumber), QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n');
        // The HTTP host's answer: the same without the line.
        QCOMPARE(ResultLine::document(result), QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact));
    }

    // An answer let go leaves its bytes to the next one; one still held is never written over.
    void answersReuseTheirBytesOnceLetGo()
    {
        const ActionResult first = succeeded(QStringLiteral("token"), QStringLiteral("first"));
        const ActionResult second = succeeded(QStringLiteral("token"), QStringLiteral("second, which is longer"));
        const QByteArray firstBytes = QJsonDocument(first.toJson()).toJson(QJsonDocument::Compact);
        const QByteArray secondBytes = QJsonDocument(second.toJson()).toJson(QJsonDocument::Compact);
        const QByteArray held = ResultLine::document(first);
        const void *heldAt = held.constData();
        QByteArray next = ResultLine::document(second);
        QCOMPARE(held, firstBytes);
        QCOMPARE(next, secondBytes);
        QVERIFY(static_cast<const void *>(next.constData()) != heldAt);
        const void *nextAt = next.constData();
        next = QByteArray(); // let go: the thread still keeps those bytes
        const QByteArray again = ResultLine::document(first);
        QCOMPARE(again, firstBytes);
        QCOMPARE(static_cast<const void *>(again.constData()), nextAt);
        QCOMPARE(held, firstBytes);
    }
};

QTEST_GUILESS_MAIN(TestResultLine)
#include "tst_resultline.moc"
