#include "jsonschemaprecheck.h"
#include "nlohmannjson.h"
#include "schemareferencecheck.h"

#include "support/testdata.h"
#include "support/json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>

#include "valijsonkeywords.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

using namespace ActionNode;
using namespace ActionNode::Internal;
using namespace ActionNode::TestSupport;

// The precheck that lets valid inputs skip valijson must never accept what
// valijson refuses. valijson is the oracle here, called directly.
class TestPrecheck : public QObject
{
    Q_OBJECT

private:
    static constexpr auto json = singleQuotedJson; // support/json.h
    struct Oracle
    {
        // The keywords JsonSchema takes from valijson, taken here too.
        ValijsonKeywords keywords;
        valijson::Schema schema;
        valijson::Validator validator;

        explicit Oracle(const QJsonObject &json)
        {
            nlohmann::json document = toNlohmann(json);
            keywords.rewrite(document);
            valijson::SchemaParser parser;
            keywords.install(parser);
            valijson::adapters::NlohmannJsonAdapter adapter(document);
            parser.populateSchema(adapter, schema);
        }
        // valijson throws where it cannot read a value (a format on a number): a refusal.
        bool accepts(const QJsonValue &value)
        {
            const nlohmann::json document = toNlohmann(value);
            try {
                return validator.validate(schema, valijson::adapters::NlohmannJsonAdapter(document), nullptr);
            } catch (const std::exception &) {
                return false;
            }
        }
    };

    static QJsonObject builtIn(const QString &resource)
    {
        QFile file(resource);
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
    }

    static QJsonObject inputSchema(const QString &declaration)
    {
        QFile file(sourcePath(QStringLiteral("schemas/") + declaration));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("inputs")).toObject();
    }

    // Values that probe each keyword's edges: types, lengths, patterns, dates, bounds.
    static QJsonArray candidateValues()
    {
        QJsonArray values{true,
                          false,
                          0,
                          -1,
                          1.5,
                          7,
                          128,
                          2000,
                          200001,
                          4102444800.0,
                          1e300,
                          QJsonValue::Null,
                          QString(),
                          QStringLiteral("a"),
                          QStringLiteral("weekly-standup"),
                          QStringLiteral("room name"),
                          QStringLiteral("abc\n"),
                          QStringLiteral("caf\u00e9"),
                          QStringLiteral("\U0001F600"),
                          QString(36, QLatin1Char('u')),
                          QString(37, QLatin1Char('u')),
                          QString(128, QLatin1Char('r')),
                          QString(129, QLatin1Char('r')),
                          QStringLiteral("https://example.com/x?y=1"),
                          QStringLiteral("https://exa mple.com"),
                          QStringLiteral("ftp://example.com"),
                          QStringLiteral("en"),
                          QStringLiteral("pt-BR"),
                          QStringLiteral("cloud"),
                          QStringLiteral("EN"),
                          QStringLiteral("2030-01-01"),
                          QStringLiteral("2030-02-30"),
                          QStringLiteral("2031-02-29"),
                          QStringLiteral("2030-01-01T10:00:00Z"),
                          QStringLiteral("2030-01-01t23:59:60z"),
                          QStringLiteral("2030-01-01T10:00:00.5+01:00"),
                          QStringLiteral("2030-01-01T24:00:00Z"),
                          QStringLiteral("2030-01-01T10:00:00"),
                          QStringLiteral("2030-01-01T10:00:00|01:00"),
                          QStringLiteral("room.self.audio_mute"),
                          QStringLiteral("member"),
                          QStringLiteral("audience"),
                          QStringLiteral("audio-only"),
                          QStringLiteral("video"),
                          QStringLiteral("audio")};
        for (const char *text :
             {"[]", "['video']", "['video', 'audio']", "['video', 'video']", "['fax']", "[1]",
              "['room.self.audio_mute', 'room.self.video_mute']", "['room.self.audio_mute', 'x']", "{}", "{'x': 1}",
              "{'canSend': true}", "{'canSend': ['video', 'audio'], 'hasPresence': false}",
              "{'canSend': ['video', 'video']}", "{'canSend': 'video'}", "{'canReceive': {'base': false}}",
              "{'canReceive': {'base': 1}}", "{'canAdmin': ['participants']}", "{'hasPresence': 'no'}",
              "{'other': true}"})
            values.append(json(text));
        return values;
    }

private slots:
    // The built-in schemas are compiled with neither the reference check nor
    // valijson at every start (valijson only when a value needs it): both are made here.
    void builtInSchemasCompile_data()
    {
        QTest::addColumn<QString>("resource");
        for (const char *name : {"action", "locale", "provider", "trigger"})
            QTest::newRow(name) << QStringLiteral(":/actionnode/%1.schema.json").arg(QLatin1String(name));
    }
    void builtInSchemasCompile()
    {
        QFETCH(QString, resource);
        const QJsonObject schema = builtIn(resource);
        QVERIFY(!schema.isEmpty());
        QCOMPARE(SchemaReferenceCheck::problem(schema), QString());
        // As JsonSchema compiles it: valijson with the same keywords.
        try {
            Oracle compiled(schema);
        } catch (const std::exception &exception) {
            QFAIL(exception.what());
        }
    }

    // The shipped manifests are decided by the precheck alone, so that no
    // start compiles the provider schema with valijson; and an invalid one
    // is not accepted.
    void decidesTheShippedManifests_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::newRow("daily") << QStringLiteral("daily");
        QTest::newRow("signalwire") << QStringLiteral("signalwire");
    }
    void decidesTheShippedManifests()
    {
        QFETCH(QString, provider);
        const QJsonObject schema = builtIn(QStringLiteral(":/actionnode/provider.schema.json"));
        JsonSchemaPrecheck precheck;
        QVERIFY(precheck.compile(schema));
        QFile file(sourcePath(QStringLiteral("schemas/%1/provider.json").arg(provider)));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(!manifest.isEmpty());
        Oracle oracle(schema);
        QVERIFY(oracle.accepts(manifest));
        QVERIFY(precheck.accepts(manifest));
        // Basic authentication names its user and secret settings (an if/then/else of the schema).
        manifest.insert(QStringLiteral("auth"), json("{'scheme': 'basic', 'secret': 'api_key'}"));
        QVERIFY(!oracle.accepts(manifest));
        QVERIFY(!precheck.accepts(manifest));
    }

    // The table behind enum texts and property schemas finds exactly the texts inserted, whatever their order.
    void textTable()
    {
        const QStringList texts{QStringLiteral("video"), QStringLiteral("audio"), QStringLiteral("a"),
                                QStringLiteral("screenAudio"), QString(), QStringLiteral("\u00e9t\u00e9"),
                                QStringLiteral("\U0001F600"), QStringLiteral("\uFF5E"),
                                // Beyond U+FFFF sorts after U+E000 to U+FFFF by code point, before them by UTF-16 unit.
                                QStringLiteral("\uE000x"), QStringLiteral("\U00010000"), QStringLiteral("\uFFFF"),
                                // Texts sharing a first character, and the last ASCII one beside the first beyond.
                                QStringLiteral("enable_chat"), QStringLiteral("enable_screenshare"),
                                QStringLiteral("e"), QStringLiteral("exp"), QStringLiteral("\u007F"),
                                QStringLiteral("\u0080")};
        for (int round = 0; round < 3; ++round) {
            QStringList order = texts;
            std::shuffle(order.begin(), order.end(), *QRandomGenerator::global());
            ActionNode::Internal::TextTable<int> table;
            QVERIFY(table.isEmpty());
            for (const QString &text : std::as_const(order))
                table.insert(text, int(texts.indexOf(text)));
            for (qsizetype i = 0; i < texts.size(); ++i) {
                const int *found = table.find(texts.at(i));
                QVERIFY2(found, qPrintable(texts.at(i)));
                QCOMPARE(*found, int(i));
                // The same entry by its UTF-8 bytes, as a text inside a list or an object is looked up.
                const std::string utf8 = texts.at(i).toStdString();
                QCOMPARE(table.find(std::string_view(utf8)), found);
            }
            for (const QString &absent : {QStringLiteral("vide"), QStringLiteral("videos"), QStringLiteral("Video"),
                                          QStringLiteral("\U0001F601"), QStringLiteral("b"), QStringLiteral("enable_"),
                                          QStringLiteral("ex"), QStringLiteral("\u007Fa"), QStringLiteral("\u0081")}) {
                QVERIFY2(!table.contains(absent), qPrintable(absent));
                QVERIFY2(!table.contains(std::string_view(absent.toStdString())), qPrintable(absent));
            }
            table.insert(QStringLiteral("audio"), 42); // replaces, as QHash::insert does
            QCOMPARE(*table.find(u"audio"), 42);
            table.clear();
            QVERIFY(!table.contains(u"audio"));
        }
    }

    // Inputs a workflow really sends are accepted by the precheck: they never reach valijson.
    void acceptsValidInputs_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<QJsonValue>("inputs");
        const QString daily = QStringLiteral("daily/create-meeting-token.json");
        const QString signalWire = QStringLiteral("signalwire/create-room-token.json");
        QTest::newRow("daily, nothing") << daily << json("{}");
        QTest::newRow("daily, attendee")
            << daily
            << json("{'room_name': 'weekly-standup', 'user_name': 'Alice', 'user_id': 'user-0042',"
                    " 'is_owner': true, 'nbf': 1893452400, 'exp': 4102444800, 'lang': 'en',"
                    " 'permissions': {'canSend': ['video', 'audio']}}");
        QTest::newRow("daily, non-ASCII name")
            << daily << json("{'room_name': 'r', 'user_name': 'J\u00f6rg \U0001F600'}");
        QTest::newRow("daily, redirect") << daily
                                         << json("{'redirect_on_meeting_exit': 'https://example.com/bye?x=1'}");
        QTest::newRow("signalwire, times")
            << signalWire
            << json("{'room_name': 'r1', 'join_from': '2030-01-01', 'join_until': '2030-01-01T10:00:00Z',"
                    " 'permissions': ['room.self.audio_mute']}");
    }
    void acceptsValidInputs()
    {
        QFETCH(QString, declaration);
        QFETCH(QJsonValue, inputs);
        const QJsonObject schema = inputSchema(declaration);
        JsonSchemaPrecheck precheck;
        QVERIFY(precheck.compile(schema));
        Oracle oracle(schema);
        QVERIFY(oracle.accepts(inputs));
        QVERIFY(precheck.accepts(inputs));
    }

    // What the precheck cannot read alike with valijson, it leaves to valijson.
    void declines_data()
    {
        QTest::addColumn<QJsonValue>("schema");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("valijsonAccepts");
        QTest::newRow("format on a number") << json("{'format': 'date'}") << json("5") << true;
        // Both must hold (found by fuzz_schema_precheck: the later keyword replaced the other).
        QTest::newRow("const, then enum") << json("{'const': 4, 'enum': [null]}") << json("null") << false;
        QTest::newRow("enum, then const") << json("{'enum': [null, 4], 'const': 4}") << json("null") << false;
    }
    void declines()
    {
        QFETCH(QJsonValue, schema);
        QFETCH(QJsonValue, value);
        QFETCH(bool, valijsonAccepts);
        JsonSchemaPrecheck precheck;
        QVERIFY(precheck.compile(schema.toObject()));
        QCOMPARE(Oracle(schema.toObject()).accepts(value), valijsonAccepts);
        QVERIFY(!precheck.accepts(value));
    }

    /*
        Where the precheck decides, it decides as valijson does, for a whole
        value and for a text in an input slot: patterns and times (read by the
        same PCRE2 matcher and RFC 3339 reader on both sides), and if/then/else
        (then when if holds, else when it does not, neither without an if).
    */
    void agreesWithValijson_data()
    {
        QTest::addColumn<QJsonValue>("schema");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("trailing newline under $") << json("{'pattern': '^[a-z]+$'}") << json("'abc\\n'") << false;
        QTest::newRow("non-ASCII under a pattern")
            << json("{'pattern': '^.{1,3}$'}") << json("'\u00e9\u00e9\u00e9'") << true;
        QTest::newRow("leap day of a leap year") << json("{'format': 'date'}") << json("'2028-02-29'") << true;
        QTest::newRow("leap day of a common year") << json("{'format': 'date'}") << json("'2031-02-29'") << false;
        QTest::newRow("five-digit year") << json("{'format': 'date'}") << json("'12030-01-01'") << false;
        QTest::newRow("two-digit year") << json("{'format': 'date'}") << json("'26-01-01'") << false;
        QTest::newRow("non-ASCII digits")
            << json("{'format': 'date'}") << json("'\u0662\u0660\u0662\u0666-01-01'") << false;
        QTest::newRow("impossible date-time")
            << json("{'format': 'date-time'}") << json("'2026-02-29T10:00:00Z'") << false;
        QTest::newRow("time") << json("{'format': 'time'}") << json("'00:59:60.5+01:00'") << true;
        // A leading U+FEFF is the text's own first character on both sides. Made as a QString: a string value of
        // Qt 6.4's QJsonDocument loses it (inputs read from JSON text keep it).
        QTest::newRow("leading U+FEFF under a pattern")
            << json("{'pattern': '^.x$'}") << QJsonValue(QStringLiteral("\uFEFFx")) << true;
        // A NUL character counts as one, where valijson's own length stopped at it.
        QTest::newRow("NUL within minLength")
            << json("{'minLength': 3}") << QJsonValue(QStringView(u"a\0bc", 4).toString()) << true;
        QTest::newRow("NUL past maxLength")
            << json("{'maxLength': 1}") << QJsonValue(QStringView(u"\0\0", 2).toString()) << false;
        QTest::newRow("leading U+FEFF before a date")
            << json("{'format': 'date'}") << QJsonValue(QStringLiteral("\uFEFF2030-01-01")) << false;

        const QJsonValue scheme = json("{'if': {'properties': {'scheme': {'const': 'basic'}}},"
                                       " 'then': {'required': ['user']},"
                                       " 'else': {'if': {'properties': {'scheme': {'const': 'bearer'}}},"
                                       "          'then': {'required': ['secret']}}}");
        QTest::newRow("if holds, then holds") << scheme << json("{'scheme': 'basic', 'user': 'u'}") << true;
        QTest::newRow("if holds, then fails") << scheme << json("{'scheme': 'basic', 'secret': 's'}") << false;
        QTest::newRow("else's if holds, its then fails") << scheme << json("{'scheme': 'bearer'}") << false;
        QTest::newRow("else's if holds, its then holds")
            << scheme << json("{'scheme': 'bearer', 'secret': 's'}") << true;
        QTest::newRow("neither if holds") << scheme << json("{'scheme': 'none'}") << true;
        QTest::newRow("if holds on a missing property") << scheme << json("{}") << false;
        QTest::newRow("if holds on another type") << scheme << json("5") << true;
        QTest::newRow("then without if") << json("{'then': false}") << json("1") << true;
        QTest::newRow("else without if") << json("{'else': false}") << json("1") << true;
        QTest::newRow("if without then or else") << json("{'if': false}") << json("1") << true;
        QTest::newRow("if false, else true") << json("{'if': false, 'then': false, 'else': true}") << json("1") << true;
        QTest::newRow("if true, then false") << json("{'if': true, 'then': false, 'else': true}") << json("1") << false;
        const QJsonValue text = json("{'type': 'string', 'if': {'enum': ['bcd', 'abcd']}, 'then': {'pattern': '^a'}}");
        QTest::newRow("a text, then fails") << text << json("'bcd'") << false;
        QTest::newRow("a text, then holds") << text << json("'abcd'") << true;
        QTest::newRow("a text, if fails") << text << json("'xyz'") << true;
        QTest::newRow("a text, the node's own type fails") << text << json("5") << false;
        // Lengths and patterns are read alike on both sides, so an if decides on them too.
        const QJsonValue length = json("{'if': {'maxLength': 1}, 'then': false}");
        QTest::newRow("if on a length holds") << length << json("'a'") << false;
        QTest::newRow("if on a length, a NUL counted")
            << length << QJsonValue(QStringView(u"\0b", 2).toString()) << true;
        const QJsonValue pattern = json("{'if': {'pattern': '^x$'}, 'then': false}");
        QTest::newRow("if on a pattern holds") << pattern << json("'x'") << false;
        QTest::newRow("if on a pattern, U+FEFF read") << pattern << QJsonValue(QStringLiteral("\uFEFFx")) << true;
    }
    void agreesWithValijson()
    {
        QFETCH(QJsonValue, schema);
        QFETCH(QJsonValue, value);
        QFETCH(bool, valid);
        JsonSchemaPrecheck precheck;
        QVERIFY(precheck.compile(schema.toObject()));
        QCOMPARE(Oracle(schema.toObject()).accepts(value), valid);
        QCOMPARE(precheck.accepts(value), valid);
        if (!value.isString())
            return;
        // A text in an input slot, checked without a QJsonValue made of it.
        JsonSchemaPrecheck textSlots;
        QVERIFY(
            textSlots.compile(QJsonObject{{QStringLiteral("properties"), QJsonObject{{QStringLiteral("v"), schema}}}}));
        const int node = textSlots.rootPropertyNode(QStringLiteral("v"));
        QCOMPARE(textSlots.acceptsTextAt(node, value.toString()), valid);
        QCOMPARE(textSlots.acceptsTextAt(node, value.toString().toStdString()), valid);
    }

    // Inputs are read into one slot per property only when the root says nothing of the whole object.
    void rootWithAConditionIsNotPlain()
    {
        const QJsonObject plain = json("{'type': 'object', 'additionalProperties': false,"
                                       " 'properties': {'a': {'type': 'string'}, 'b': {'type': 'string'}}}")
                                      .toObject();
        JsonSchemaPrecheck precheck;
        QVERIFY(precheck.compile(plain));
        QVERIFY(precheck.rootIsPlainObject());
        QJsonObject conditional = plain;
        conditional.insert(QStringLiteral("if"), json("{'required': ['a']}"));
        conditional.insert(QStringLiteral("then"), json("{'required': ['b']}"));
        QVERIFY(precheck.compile(conditional));
        QVERIFY(!precheck.rootIsPlainObject());
    }

    // A schema with a keyword the precheck does not know is left to valijson whole.
    void unknownKeywordIsNotCompiled_data()
    {
        QTest::addColumn<QJsonValue>("schema");
        QTest::newRow("oneOf") << json("{'oneOf': [{'type': 'string'}]}");
        QTest::newRow("nested $ref") << json("{'properties': {'a': {'$ref': '#/definitions/a'}}}");
        QTest::newRow("tuple items") << json("{'items': [{'type': 'string'}]}");
        QTest::newRow("unknown type") << json("{'type': 'text'}");
        QTest::newRow("invalid pattern") << json("{'pattern': '(['}");
        // What the precheck may read otherwise than valijson, under an if, would pick the wrong branch.
        QTest::newRow("format under if") << json("{'if': {'format': 'date'}, 'then': false}");
        QTest::newRow("number const under if") << json("{'if': {'const': 9007199254740992}, 'then': false}");
        QTest::newRow("mixed enum under if") << json("{'if': {'enum': ['a', 1]}, 'then': false}");
        QTest::newRow("uniqueItems under if") << json("{'if': {'uniqueItems': true}, 'else': false}");
        QTest::newRow("under a nested if")
            << json("{'if': {'if': true, 'then': {'uniqueItems': true}}, 'then': false}");
        QTest::newRow("format deep under if")
            << json("{'if': {'properties': {'a': {'anyOf': [{'format': 'time'}]}}}, 'else': true}");
    }
    void unknownKeywordIsNotCompiled()
    {
        QFETCH(QJsonValue, schema);
        JsonSchemaPrecheck precheck;
        QVERIFY(!precheck.compile(schema.toObject()));
        QVERIFY(!precheck.isCompiled());
        QVERIFY(!precheck.accepts(QJsonObject()));
    }

    // Thousands of generated inputs per declaration: whatever the precheck
    // accepts, valijson accepts too; and the precheck does accept many.
    void neverAcceptsWhatValijsonRefuses_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<QJsonValue>("base"); //!< valid inputs each generated one starts from
        QTest::newRow("daily") << QStringLiteral("daily/create-meeting-token.json") << json("{}");
        QTest::newRow("signalwire") << QStringLiteral("signalwire/create-room-token.json")
                                    << json("{'room_name': 'r1'}");
    }
    void neverAcceptsWhatValijsonRefuses()
    {
        QFETCH(QString, declaration);
        QFETCH(QJsonValue, base);
        const QJsonObject schema = inputSchema(declaration);
        JsonSchemaPrecheck precheck;
        QVERIFY(precheck.compile(schema));
        Oracle oracle(schema);
        const QStringList fields = schema.value(QLatin1String("properties")).toObject().keys();
        const QJsonArray values = candidateValues();
        QRandomGenerator random(20261123); // fixed: a failure can be replayed
        int accepted = 0;
        int refusedByBoth = 0;
        constexpr int rounds = 6000;
        for (int round = 0; round < rounds; ++round) {
            QJsonObject inputs = base.toObject();
            const int count = int(random.bounded(4)) + (round % 3);
            for (int i = 0; i < count; ++i) {
                const QString field = round % 97 == 0 ? QStringLiteral("unknown_field")
                                                      : fields.at(int(random.bounded(quint32(fields.size()))));
                inputs.insert(field, values.at(int(random.bounded(quint32(values.size())))));
            }
            const bool fast = precheck.accepts(inputs);
            const bool reference = oracle.accepts(inputs);
            if (fast && !reference)
                QFAIL(qPrintable(QStringLiteral("precheck accepts what valijson refuses: ")
                                 + QString::fromUtf8(QJsonDocument(inputs).toJson(QJsonDocument::Compact))));
            accepted += fast ? 1 : 0;
            refusedByBoth += !fast && !reference ? 1 : 0;
        }
        QVERIFY2(accepted > rounds / 20, qPrintable(QStringLiteral("only %1 accepted").arg(accepted)));
        QVERIFY2(refusedByBoth > rounds / 4, qPrintable(QStringLiteral("only %1 refused").arg(refusedByBoth)));
    }
};

QTEST_GUILESS_MAIN(TestPrecheck)
#include "tst_precheck.moc"
