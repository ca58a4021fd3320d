#include "nlohmannjson.h"
#include "packedjson.h"

#include "support/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

#include <string>
#include <vector>

using namespace ActionNode::Internal;

// A JSON value packed in one buffer reads as the nlohmann::json that valijson is given reads it.
class TestPackedJson : public QObject
{
    Q_OBJECT

private:
    static constexpr auto json = ActionNode::TestSupport::singleQuotedJson; // support/json.h

    static std::vector<std::string> keysOf(const PackedJson::Value &object)
    {
        std::vector<std::string> keys;
        for (auto member = object.begin(); member != object.end(); ++member)
            keys.emplace_back(member.key());
        return keys;
    }

    // The same value, read from both forms, member by member.
    static bool sameAsNlohmann(const PackedJson::Value &packed, const nlohmann::json &expected)
    {
        using Type = PackedJson::Type;
        switch (packed.type()) {
        case Type::Null: return expected.is_null();
        case Type::Boolean: return expected.is_boolean() && expected.get<bool>() == packed.toBool();
        case Type::Integer: return expected.is_number_integer() && expected.get<qint64>() == packed.toInteger();
        case Type::Double: return expected.is_number_float() && expected.get<double>() == packed.toDouble();
        case Type::String: return expected.is_string() && expected.get<std::string>() == packed.text();
        case Type::Array: {
            if (!expected.is_array() || qsizetype(expected.size()) != packed.size())
                return false;
            auto item = expected.begin();
            for (const PackedJson::Value &read : packed) {
                if (!sameAsNlohmann(read, *item++))
                    return false;
            }
            return true;
        }
        case Type::Object: {
            if (!expected.is_object() || qsizetype(expected.size()) != packed.size())
                return false;
            auto member = expected.begin();
            for (auto read = packed.begin(); read != packed.end(); ++read, ++member) {
                if (read.key() != member.key() || !sameAsNlohmann(*read, member.value())
                    || !sameAsNlohmann(packed.find(member.key()), member.value()))
                    return false;
            }
            return true;
        }
        }
        return false;
    }

private slots:
    void readsAsNlohmann_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("null") << QJsonValue(QJsonValue::Null);
        QTest::newRow("text") << QJsonValue(QStringLiteral("r\u00e9union \U0001F600"));
        QTest::newRow("empty list") << QJsonValue(QJsonArray());
        QTest::newRow("empty object") << QJsonValue(QJsonObject());
        QTest::newRow("numbers") << QJsonValue(QJsonArray{0, -1, 1.5, 5.0, 1e300, qint64(9223372036854775807LL),
                                                          qint64(-9223372036854775807LL - 1), 9.3e18, -0.0});
        QTest::newRow("keys beyond ASCII, in byte order")
            << json("{'z':1,'\u00e9':2,'\ue000':3,'\U0001F600':4,'':5,'Z':6,'a':{'b':[true,false,null]}}");
        QTest::newRow("nested") << json("{'canSend':['video','audio'],'x':[[],{},[{'k':'v','j':[1,[2,[3]]]}]]}");
    }
    void readsAsNlohmann()
    {
        QFETCH(QJsonValue, value);
        const PackedJson packed = PackedJson::of(value);
        QVERIFY(sameAsNlohmann(packed.root(), toNlohmann(value)));
        // Compared as nlohmann::json: Qt 6.4 orders an object's keys by UTF-16 when they are inserted one by one,
        // by code point when a document is parsed, and compares objects in the order it holds.
        QVERIFY(toNlohmann(packed.toJsonValue()) == toNlohmann(value));
    }

    void keysInByteOrder()
    {
        // UTF-16 order puts U+1F600 (a surrogate pair, D83D DE00) before U+E000; byte order, after.
        const PackedJson packed = PackedJson::of(json("{'\U0001F600':1,'\ue000':2,'b':3,'a':4}"));
        const std::vector<std::string> expected{"a", "b", "\xEE\x80\x80", "\xF0\x9F\x98\x80"};
        QCOMPARE(keysOf(packed.root()), expected);
        QCOMPARE(packed.root().find("\xEE\x80\x80").toInteger(), 2);
        QVERIFY(!packed.root().find("c").isValid());
        QVERIFY(!packed.root().find("").isValid());
    }

    void repeatedKeyKeepsTheLast()
    {
        PackedJson::Writer writer;
        const qsizetype object = writer.beginObject();
        writer.writeKey("b");
        writer.writeInteger(1);
        writer.writeKey("a");
        writer.writeText("first");
        writer.writeKey("b");
        const qsizetype list = writer.beginArray();
        writer.writeInteger(2);
        writer.endArray(list);
        writer.writeKey("a");
        writer.writeText("last");
        QVERIFY(writer.endObject(object));
        const PackedJson packed = writer.take();
        QCOMPARE(packed.root().size(), 2);
        QCOMPARE(keysOf(packed.root()), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(packed.root().find("a").text(), "last");
        QCOMPARE(packed.toJsonValue(), json("{'a':'last','b':[2]}"));

        const qsizetype distinct = writer.beginObject();
        writer.writeKey("a");
        writer.writeNull();
        writer.writeKey("b");
        writer.writeNull();
        QVERIFY(!writer.endObject(distinct));
        QCOMPARE(writer.take().root().size(), 2);
    }

    void equalAsNlohmann()
    {
        const auto packed = [](const char *text) { return PackedJson::of(json(text)); };
        QVERIFY(packed("{'a':[1,'x',{'b':null}],'c':true}").root()
                == packed("{'c':true,'a':[1,'x',{'b':null}]}").root());
        QVERIFY(packed("[1,2]").root() != packed("[2,1]").root());
        QVERIFY(packed("{'a':1}").root() != packed("{'a':1,'b':1}").root());
        QVERIFY(packed("{'a':1}").root() != packed("{'b':1}").root());
        QVERIFY(packed("['1']").root() != packed("[1]").root());
        QVERIFY(packed("[true]").root() != packed("[false]").root());
        QVERIFY(packed("[null]").root() != packed("[false]").root());
        // A whole double and an integer are one number, as nlohmann::json compares them.
        PackedJson::Writer writer;
        writer.writeDouble(5.0);
        const PackedJson five = writer.take();
        QCOMPARE(five.root().type(), PackedJson::Type::Double);
        QVERIFY(five.root() == PackedJson::of(5).root());
        QVERIFY(five.root() != PackedJson::of(5.5).root());
    }

    void deepNesting()
    {
        // QJsonDocument's deepest nesting, each level a one-member object around a list.
        constexpr int depth = 1024;
        PackedJson::Writer writer;
        std::vector<std::pair<qsizetype, qsizetype>> open;
        for (int level = 0; level < depth; ++level) {
            const qsizetype object = writer.beginObject();
            writer.writeKey("k");
            open.emplace_back(object, writer.beginArray());
            writer.writeInteger(level);
        }
        for (auto it = open.rbegin(); it != open.rend(); ++it) {
            writer.endArray(it->second);
            QVERIFY(!writer.endObject(it->first));
        }
        const PackedJson packed = writer.take();
        PackedJson::Value value = packed.root();
        for (int level = 0; level < depth; ++level) {
            QVERIFY(value.isObject());
            const PackedJson::Value list = value.find("k");
            QCOMPARE(list.size(), level + 1 < depth ? 2 : 1);
            QCOMPARE((*list.begin()).toInteger(), level);
            if (level + 1 < depth)
                value = *++list.begin();
        }
        QVERIFY(packed.root() == packed.root());
    }

    void writtenInAnyOrderReadsAsNlohmann()
    {
        // Many members (more than the writer sorts on its stack), written in a shuffled order with repeats, keys
        // that are prefixes of others, the empty key and keys beyond ASCII: each member also set on an
        // nlohmann::json by operator[], as the reader of a slot did, the last write winning.
        const std::vector<std::string> names{"", "a", "ab", "abc", "b", "\xC3\xA9", "\xEE\x80\x80", "\xF0\x9F\x98\x80",
                                             "z"};
        QRandomGenerator random(27);
        PackedJson::Writer writer;
        nlohmann::json expected = nlohmann::json::object();
        bool repeated = false;
        const qsizetype object = writer.beginObject();
        for (int i = 0; i < 300; ++i) {
            std::string key = names[random.bounded(int(names.size()))];
            if (random.bounded(2) == 0)
                key += std::to_string(random.bounded(40));
            repeated = repeated || expected.contains(key);
            writer.writeKey(key);
            if (i % 3 == 0) {
                const qsizetype list = writer.beginArray();
                writer.writeInteger(i);
                writer.writeText(key);
                writer.endArray(list);
                expected[key] = nlohmann::json::array({i, key});
            } else {
                writer.writeInteger(i);
                expected[key] = i;
            }
        }
        QCOMPARE(writer.endObject(object), repeated);
        QVERIFY(repeated);
        const PackedJson packed = writer.take();
        QVERIFY(sameAsNlohmann(packed.root(), expected));
        QVERIFY(packed.root().find("").isValid() == expected.contains(""));
    }

    void wholeDoublesInsideContainers()
    {
        // [1] and [1.0] are equal to nlohmann::json, and so to the precheck's enum and uniqueItems.
        PackedJson::Writer writer;
        qsizetype list = writer.beginArray();
        writer.writeDouble(1.0);
        writer.endArray(list);
        const PackedJson doubles = writer.take();
        list = writer.beginArray();
        writer.writeInteger(1);
        writer.endArray(list);
        const PackedJson integers = writer.take();
        QCOMPARE(doubles.root() == integers.root(), nlohmann::json::array({1.0}) == nlohmann::json::array({1}));
        QVERIFY(doubles.root() == integers.root());
        QVERIFY(doubles.root() != PackedJson::of(QJsonArray{1.5}).root());
    }
};

QTEST_GUILESS_MAIN(TestPackedJson)
#include "tst_packedjson.moc"
