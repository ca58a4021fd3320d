// ActionOutputs: a QJsonObject's reading and order, with texts kept as QString.
#include <actionnode/actionoutputs.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <type_traits>

using namespace ActionNode;

class TestActionOutputs : public QObject
{
    Q_OBJECT

private slots:
    void readsAsTheObjectItWasMadeFrom_data();
    void readsAsTheObjectItWasMadeFrom();
    void insertedInAnyOrderKeepsTheObjectsOrder();
    void textsNeedNoConversion();
    void utf8TextsAreKeptAsBytes();
    void insertReplacesWhateverWasThere();
    void removeSaysWhetherThereWasOne();
    void anUndefinedValueRemovesAsInAnObject();
    void movedFromIsEmptyAndUsable();
    void copiesAreIndependent();
    void equalityComparesValuesNotStorage();
};

void TestActionOutputs::readsAsTheObjectItWasMadeFrom_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::newRow("empty") << QJsonObject();
    QTest::newRow("a token") << QJsonObject{{QStringLiteral("token"), QStringLiteral("eyJ.a.b")}};
    QTest::newRow("every kind of value") << QJsonObject{{QStringLiteral("text"), QStringLiteral("ünïcode \"quoted\"")},
                                                        {QStringLiteral("number"), 3600},
                                                        {QStringLiteral("fraction"), 0.5},
                                                        {QStringLiteral("flag"), false},
                                                        {QStringLiteral("nothing"), QJsonValue::Null},
                                                        {QStringLiteral("list"), QJsonArray{1, QStringLiteral("two")}},
                                                        {QStringLiteral("object"),
                                                         QJsonObject{{QStringLiteral("nested"), true}}},
                                                        {QStringLiteral("empty text"), QString()}};
}

void TestActionOutputs::readsAsTheObjectItWasMadeFrom()
{
    QFETCH(QJsonObject, object);
    const ActionOutputs outputs(object);
    QCOMPARE(outputs.toJsonObject(), object);
    QCOMPARE(outputs.keys(), object.keys());
    QCOMPARE(outputs.size(), object.size());
    QCOMPARE(outputs.isEmpty(), object.isEmpty());
    for (const QString &key : object.keys()) {
        QVERIFY(outputs.contains(key));
        QCOMPARE(outputs.value(key), object.value(key));
        QCOMPARE(outputs.text(key), object.value(key).isString() ? object.value(key).toString() : QString());
    }
    QVERIFY(!outputs.contains(u"absent"));
    QVERIFY(outputs.value(QLatin1StringView("absent")).isUndefined());
    QVERIFY(outputs.text("absent").isNull());
}

void TestActionOutputs::insertedInAnyOrderKeepsTheObjectsOrder()
{
    // QJsonDocument writes members in its own order; writers walking the outputs by index must meet the same.
    ActionOutputs outputs;
    QJsonObject object;
    const QStringList names{QStringLiteral("zeta"),     QStringLiteral("Alpha"), QStringLiteral("alpha"),
                            QStringLiteral("join_url"), QStringLiteral("é"),     QStringLiteral("_"),
                            QStringLiteral("a")};
    for (const QString &name : names) {
        outputs.insertText(name, name.toUpper());
        object.insert(name, name.toUpper());
    }
    QCOMPARE(outputs.keys(), object.keys());
    for (qsizetype i = 0; i < outputs.size(); ++i) {
        QCOMPARE(outputs.nameAt(i), object.keys().at(i));
        QVERIFY(outputs.isTextAt(i));
        QCOMPARE(outputs.textAt(i), object.value(object.keys().at(i)).toString());
    }
    QCOMPARE(QJsonDocument(outputs.toJsonObject()).toJson(), QJsonDocument(object).toJson());
}

void TestActionOutputs::textsNeedNoConversion()
{
    ActionOutputs outputs;
    const QString token = QStringLiteral("header.claims.") + QString::number(42);
    outputs.insertText(QStringLiteral("token"), token);
    outputs.insert(QStringLiteral("expires"), 3600);
    // The very text handed in comes back: shared, not converted.
    QCOMPARE(outputs.text(u"token").constData(), token.constData());
    QVERIFY(outputs.isTextAt(1));
    QVERIFY(!outputs.isTextAt(0));
    QCOMPARE(outputs.valueAt(0), QJsonValue(3600));
    QVERIFY(outputs.text(u"expires").isNull());
    // A string given as a JSON value is kept as a text too.
    outputs.insert(QStringLiteral("room"), QJsonValue(QStringLiteral("standup")));
    QCOMPARE(outputs.text(u"room"), QStringLiteral("standup"));
}

namespace {
// Kept as bytes rather than UTF-16 (ASCII bytes come as a Latin-1 view from Qt 6.4 built with clang).
bool isBytes(QAnyStringView text)
{
    return text.visit([](auto view) { return !std::is_same_v<decltype(view), QStringView>; });
}
} // namespace

void TestActionOutputs::utf8TextsAreKeptAsBytes()
{
    ActionOutputs outputs;
    const QByteArray token = QByteArrayLiteral("header.claims.") + QByteArray::number(42);
    const QByteArray name = QStringLiteral("Zoë 会议 😀").toUtf8();
    outputs.insertUtf8(QStringLiteral("token"), token);
    outputs.insertUtf8(QStringLiteral("name"), name);
    outputs.insert(QStringLiteral("expires"), 3600);
    // The bytes handed in come back as a view, not converted.
    QCOMPARE(outputs.textView(u"token").data(), token.constData());
    QVERIFY(isBytes(outputs.textView(u"token")));
    QCOMPARE(outputs.textViewAt(2).data(), token.constData());
    QCOMPARE(outputs.textView(u"name").toString(), QStringLiteral("Zoë 会议 😀"));
    QVERIFY(outputs.textView(u"expires").isNull());
    QVERIFY(outputs.textView(u"missing").isNull());
    // Read as a text and as JSON, they are the texts they encode.
    QVERIFY(outputs.isTextAt(1));
    QCOMPARE(outputs.text(u"name"), QStringLiteral("Zoë 会议 😀"));
    QCOMPARE(outputs.textAt(2), QString::fromLatin1(token));
    QCOMPARE(outputs.value(u"token"), QJsonValue(QString::fromLatin1(token)));
    const QJsonObject asObject{{QStringLiteral("token"), QString::fromLatin1(token)},
                               {QStringLiteral("name"), QStringLiteral("Zoë 会议 😀")},
                               {QStringLiteral("expires"), 3600}};
    QCOMPARE(outputs.toJsonObject(), asObject);
    QVERIFY(outputs == ActionOutputs(asObject));
    // A text given as a QString is seen as one.
    outputs.insertText(QStringLiteral("token"), QStringLiteral("t"));
    QVERIFY(!isBytes(outputs.textView(u"token")));
    QCOMPARE(outputs.textView(u"token").toString(), QStringLiteral("t"));
    outputs.insertUtf8(QStringLiteral("token"), "u");
    QCOMPARE(outputs.text(u"token"), QStringLiteral("u"));
    outputs.insert(QStringLiteral("token"), 7);
    QVERIFY(outputs.textView(u"token").isNull());
    QCOMPARE(outputs.value(u"token"), QJsonValue(7));
}

void TestActionOutputs::insertReplacesWhateverWasThere()
{
    ActionOutputs outputs{{QStringLiteral("value"), QStringLiteral("text")}};
    outputs.insert(QStringLiteral("value"), 7);
    QCOMPARE(outputs.size(), 1);
    QCOMPARE(outputs.value(u"value"), QJsonValue(7));
    QVERIFY(outputs.text(u"value").isNull());
    outputs.insertText(QStringLiteral("value"), QStringLiteral("again"));
    QCOMPARE(outputs.size(), 1);
    QCOMPARE(outputs.value(u"value"), QJsonValue(QStringLiteral("again")));
}

void TestActionOutputs::removeSaysWhetherThereWasOne()
{
    ActionOutputs outputs{{QStringLiteral("items"), QJsonArray{1, 2}}, {QStringLiteral("pages"), 1}};
    QVERIFY(outputs.remove(u"items"));
    QVERIFY(!outputs.remove(u"items"));
    QCOMPARE(outputs.keys(), QStringList{QStringLiteral("pages")});
}

void TestActionOutputs::anUndefinedValueRemovesAsInAnObject()
{
    // A plugin copying an absent member of a reply: QJsonObject leaves the key out, and so must the outputs.
    const QJsonObject reply{{QStringLiteral("id"), QStringLiteral("r1")}};
    QJsonObject object;
    ActionOutputs outputs;
    for (const QString &key : {QStringLiteral("id"), QStringLiteral("url")}) {
        object.insert(key, reply.value(key));
        outputs.insert(key, reply.value(key));
    }
    QCOMPARE(outputs.keys(), object.keys());
    QVERIFY(!outputs.contains(u"url"));
    QVERIFY(outputs == ActionOutputs(object));
    outputs.insert(QStringLiteral("id"), QJsonValue(QJsonValue::Undefined));
    QVERIFY(outputs.isEmpty());
    const ActionOutputs listed{{QStringLiteral("kept"), 1}, {QStringLiteral("absent"), QJsonValue::Undefined}};
    QCOMPARE(listed.keys(), QStringList{QStringLiteral("kept")});
}

void TestActionOutputs::movedFromIsEmptyAndUsable()
{
    ActionOutputs source{{QStringLiteral("token"), QStringLiteral("t")}};
    const ActionOutputs moved(std::move(source));
    QCOMPARE(moved.text(u"token"), QStringLiteral("t"));
    QVERIFY(source.isEmpty()); // NOLINT(bugprone-use-after-move): a moved-from value must stay usable
    QVERIFY(source.toJsonObject().isEmpty());
    source.insertText(QStringLiteral("again"), QStringLiteral("a"));
    QCOMPARE(source.size(), 1);

    ActionOutputs target{{QStringLiteral("old"), 1}};
    ActionOutputs other{{QStringLiteral("new"), 2}};
    target = std::move(other);
    QCOMPARE(target.keys(), QStringList{QStringLiteral("new")});
    QVERIFY(!other.contains(u"new")); // NOLINT(bugprone-use-after-move)
    other.insert(QStringLiteral("usable"), true);
    QVERIFY(other.contains(u"usable"));
    QString printed;
    QDebug(&printed) << target;
    QVERIFY2(printed.contains(QLatin1String("\"new\"")), qPrintable(printed));
}

void TestActionOutputs::copiesAreIndependent()
{
    ActionOutputs original{{QStringLiteral("token"), QStringLiteral("one")}};
    ActionOutputs copy = original;
    copy.insertText(QStringLiteral("token"), QStringLiteral("two"));
    copy.insert(QStringLiteral("extra"), true);
    QCOMPARE(original.text(u"token"), QStringLiteral("one"));
    QCOMPARE(original.size(), 1);
    QCOMPARE(copy.text(u"token"), QStringLiteral("two"));
    // Empty outputs share one instance; changing one must not change the others.
    ActionOutputs first;
    const ActionOutputs second;
    first.insert(QStringLiteral("set"), 1);
    QVERIFY(second.isEmpty());
    QVERIFY(ActionOutputs().isEmpty());
}

void TestActionOutputs::equalityComparesValuesNotStorage()
{
    ActionOutputs asText;
    asText.insertText(QStringLiteral("token"), QStringLiteral("t"));
    const ActionOutputs asValue(QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}});
    QVERIFY(asText == asValue);
    QVERIFY(asText != ActionOutputs(QJsonObject{{QStringLiteral("token"), QStringLiteral("u")}}));
    QVERIFY(asText != ActionOutputs(QJsonObject{{QStringLiteral("other"), QStringLiteral("t")}}));
    QVERIFY(asText != ActionOutputs());
    QVERIFY(ActionOutputs() == ActionOutputs(QJsonObject()));
}

QTEST_GUILESS_MAIN(TestActionOutputs)
#include "tst_actionoutputs.moc"
