#include <actionnode/actioninputs.h>
#include <actionnode/runtime.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace ActionNode;

// Inputs read into the declaration's slots, from an object or straight from
// JSON text, give exactly what the object always gave: the same results,
// errors, warnings and licence refusals.
class TestInvocationPlan : public QObject
{
    Q_OBJECT

private:
    static const QString action;

    static void selfSigning(Runtime &runtime)
    {
        runtime.discoverPlugins();
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_key"), QStringLiteral("plan-test-key-81c4"));
        connection.setValue(QStringLiteral("token_mode"), QStringLiteral("self-signed"));
        connection.setValue(QStringLiteral("domain_id"), QStringLiteral("domain-1234"));
        connection.setValue(QStringLiteral("domain"), QStringLiteral("acme"));
        runtime.setConnection(connection);
    }

    // The result as JSON, the token replaced by its claims without the
    // issued-at time (two invocations may fall in different seconds), and
    // the join URL by what comes before the token.
    static QJsonObject comparable(const ActionResult &result)
    {
        QJsonObject json = result.toJson();
        QJsonObject outputs = json.value(QStringLiteral("outputs")).toObject();
        const QString token = outputs.value(QStringLiteral("token")).toString();
        if (!token.isEmpty()) {
            const QByteArray payload = QByteArray::fromBase64(token.section(QLatin1Char('.'), 1, 1).toLatin1(),
                                                              QByteArray::Base64UrlEncoding
                                                                  | QByteArray::OmitTrailingEquals);
            QJsonObject claims = QJsonDocument::fromJson(payload).object();
            claims.remove(QStringLiteral("iat"));
            outputs.insert(QStringLiteral("token"), claims);
            const QString joinUrl = outputs.value(QStringLiteral("join_url")).toString();
            outputs.insert(QStringLiteral("join_url"), joinUrl.left(joinUrl.indexOf(QLatin1String("?t="))));
            json.insert(QStringLiteral("outputs"), outputs);
        }
        return json;
    }

    static QByteArray hugeString() { return QByteArray(1024 * 1024, 'a'); }

private slots:
    void textGivesWhatTheObjectGives_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("typical") << QByteArray(
            R"({"room_name":"weekly-standup","user_name":"Alice Example","user_id":"user-0042",)"
            R"("is_owner":true,"nbf":1893452400,"exp":1893456000,"lang":"en",)"
            R"("permissions":{"canSend":["video","audio"]}})");
        QTest::newRow("empty") << QByteArray("{}");
        QTest::newRow("whitespace around") << QByteArray(" \t\r\n{ \"room_name\" : \"a\" }\n ");
        QTest::newRow("duplicate keys, last wins")
            << QByteArray(R"({"room_name":"first","room_name":"second","exp":1,"exp":1893456000})");
        QTest::newRow("duplicate key, other type") << QByteArray(R"({"room_name":5,"room_name":"now-text"})");
        QTest::newRow("duplicate nested keys")
            << QByteArray(R"({"permissions":{"canSend":["video"],"canSend":["audio"]}})");
        QTest::newRow("huge string") << (QByteArray(R"({"room_name":")") + hugeString() + QByteArray(R"("})"));
        QTest::newRow("huge unknown member") << (QByteArray(R"({"x":")") + hugeString() + QByteArray(R"("})"));
        QTest::newRow("wrong types") << QByteArray(
            R"({"room_name":true,"exp":"soon","is_owner":"yes","permissions":[1]})");
        QTest::newRow("null value") << QByteArray(R"({"room_name":null})");
        QTest::newRow("unknown fields") << QByteArray(R"({"room_name":"a","colour":"blue","size":{"w":1}})");
        QTest::newRow("unknown field only") << QByteArray(R"({"zzz":1})");
        QTest::newRow("rule broken") << QByteArray(R"({"room_name":"a","nbf":1893456000,"exp":1893452400})");
        QTest::newRow("enum refused") << QByteArray(R"({"room_name":"a","lang":"klingon"})");
        QTest::newRow("bundle field without licence")
            << QByteArray(R"({"room_name":"a","auto_start_transcription":true})");
        QTest::newRow("field without claim") << QByteArray(R"({"room_name":"a","enable_prejoin_ui":true})");
        QTest::newRow("numbers written as doubles")
            << QByteArray(R"({"room_name":"a","exp":1.893456e9,"nbf":1893452400.0})");
        QTest::newRow("whole doubles beyond 2^53")
            << QByteArray(R"({"room_name":"a","x":[7777777777777772.5e3,1.5e18,-0.0,9.3e18]})");
        QTest::newRow("decimals of more than 19 digits")
            << QByteArray(R"({"room_name":"a","exp":0.000727858237540662875002,"x":[123.45678901234567890123e-3]})");
        QTest::newRow("numbers at the edges of a double")
            << QByteArray(R"({"room_name":"a","x":[5e-324,1e-310,1.7976931348623157e308,-9223372036854775809]})");
        QTest::newRow("number with fraction") << QByteArray(R"({"room_name":"a","exp":1893456000.5})");
        QTest::newRow("integer beyond 64 bits")
            << QByteArray(R"({"room_name":"a","exp":123456789012345678901234567890})");
        QTest::newRow("escapes and unicode") << QByteArray(
            "{\"room_name\":\"r\\u00e9union\",\"user_name\":\"Zo\\u00eb \\\"Z\\\" \\\\ \\ud83d\\ude00 \\/ x\"}");
        QTest::newRow("escaped byte order mark")
            << QByteArray(R"({"room_name":"a","user_name":"\ufeffZo","\ufeffx":"\ufeff\ufeff"})");
        // Texts read from JSON are kept as UTF-8: the pattern, the enum, the claims and the join URL read them so.
        // (Slashes escaped: moc takes a // inside a raw string for a comment and finds no class.)
        QTest::newRow("texts as UTF-8, valid")
            << QByteArray(R"({"room_name":"Weekly_standup-2","user_name":"J\u00f6rg","lang":"de",)"
                          R"("redirect_on_meeting_exit":"https:\/\/example.com/bye?x=1"})");
        QTest::newRow("texts as UTF-8, raw non-ASCII")
            << QByteArray("{\"room_name\":\"r\xC3\xA9union\",\"user_name\":\"\xE4\xBC\x9A\xF0\x9F\x98\x80\"}");
        QTest::newRow("texts as UTF-8, byte order mark first")
            << QByteArray(R"({"room_name":"\ufeffweekly","lang":"\ufeffen","user_name":"\ufeff"})");
        QTest::newRow("texts as UTF-8, pattern refused")
            << QByteArray(R"({"room_name":"a b","redirect_on_meeting_exit":"javascript:\/\/x"})");
        QTest::newRow("texts as UTF-8, enum refused beyond ASCII")
            << QByteArray(R"({"room_name":"a","lang":"d\u00e9"})");
        QTest::newRow("control character escaped")
            << QByteArray(R"({"room_name":"a","user_name":"line\nbreak\u0000"})");
        QTest::newRow("no room name: warning") << QByteArray(R"({"exp":1893456000})");
        QTest::newRow("deep nesting in an unknown field")
            << (QByteArray(R"({"x":)") + QByteArray(200, '[') + QByteArray(200, ']') + '}');
        QTest::newRow("nesting at QJsonDocument's limit")
            << (QByteArray(R"({"x":)") + QByteArray(1023, '[') + QByteArray(1023, ']') + '}');
        QTest::newRow("nested members, repeated")
            << QByteArray(R"({"room_name":"a","x":{"k":[1,{"k":2,"k":[3.0,1e2,"é"]}],"k":null}})");
        // A declared list or object (permissions) is read into the slot's own form, not by QJsonDocument.
        QTest::newRow("declared object, every kind of value")
            << QByteArray(R"({"room_name":"a","permissions":{"canSend":["video","screenAudio"],"canAdmin":true,)"
                          R"("x":[1.5,-0.0,9.3e18,1e2,5e-324,-9223372036854775809,123456789012345678901234567890,)"
                          R"(null,false,{},[],"\ufeffk\u00e9\ud83d\ude00"],"\ufeffy":{"z":{"z":[[[]]]}}}})");
        QTest::newRow("declared object, repeated members") << QByteArray(
            R"({"room_name":"a","permissions":{"canSend":["video"],"x":1,"canSend":["audio"],"x":{"y":2}}})");
        QTest::newRow("declared object of the wrong shape")
            << QByteArray(R"({"room_name":"a","permissions":{"canSend":["video","video",7],"hasPresence":"yes"}})");
        QTest::newRow("declared field given a list") << QByteArray(R"({"room_name":"a","permissions":["video"]})");
        QTest::newRow("declared field nested at QJsonDocument's limit")
            << (QByteArray(R"({"permissions":)") + QByteArray(1023, '[') + QByteArray(1023, ']') + '}');
    }
    void textGivesWhatTheObjectGives()
    {
        QFETCH(QByteArray, json);
        Runtime runtime;
        selfSigning(runtime);
        QJsonParseError parseError;
        const QJsonObject object = QJsonDocument::fromJson(json, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);

        const std::optional<ActionInputs> inputs = runtime.readInputs(action, json);
        QVERIFY(inputs);
        QCOMPARE(inputs->toJsonObject(), object);
        QCOMPARE(inputs->keys(), object.keys());
        QCOMPARE(inputs->isEmpty(), object.isEmpty());
        for (const QString &key : object.keys() + QStringList{QStringLiteral("room_name"), QStringLiteral("missing")}) {
            QCOMPARE(inputs->contains(key), object.contains(key));
            QCOMPARE(inputs->value(key), object.value(key));
            QCOMPARE(inputs->text(key), ActionInputs(object).text(key));
        }

        const ActionResult fromObject = runtime.invoke(action, object).result();
        const ActionResult fromText = runtime.invoke(action, *inputs).result();
        QCOMPARE(comparable(fromText), comparable(fromObject));
        // The runtime's own inputs, wrapped by the host: the same again.
        QCOMPARE(comparable(runtime.invoke(action, ActionInputs(object)).result()), comparable(fromObject));
        runtime.setWarningsAsErrors(true);
        QCOMPARE(comparable(runtime.invoke(action, *inputs).result()),
                 comparable(runtime.invoke(action, object).result()));
    }

    void textLeftToTheHost_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("syntax error") << QByteArray(R"({"room_name":"a",})");
        QTest::newRow("not an object") << QByteArray(R"(["room_name"])");
        QTest::newRow("a scalar") << QByteArray("42");
        QTest::newRow("two objects") << QByteArray("{}{}");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{}");
        QTest::newRow("byte order mark inside a key") << QByteArray("{\"\xEF\xBB\xBFroom_name\":\"a\"}");
        QTest::newRow("NUL bytes after the object") << QByteArray("{\"room_name\":\"a\"}\0\0", 19);
        QTest::newRow("raw control character") << QByteArray("{\"room_name\":\"a\x01\"}");
        QTest::newRow("lone surrogate") << QByteArray(R"({"room_name":"\ud800"})");
        QTest::newRow("number too small for a double") << QByteArray(R"({"exp":1e-400})");
        QTest::newRow("number too large for a double") << QByteArray(R"({"exp":1e400})");
        QTest::newRow("invalid UTF-8") << QByteArray("{\"room_name\":\"\xC3\x28\"}");
        QTest::newRow("too deep") << (QByteArray(R"({"x":)") + QByteArray(2000, '[') + QByteArray(2000, ']') + '}');
        QTest::newRow("one level beyond QJsonDocument's limit")
            << (QByteArray(R"({"x":)") + QByteArray(1024, '[') + QByteArray(1024, ']') + '}');
        QTest::newRow("syntax error inside a list") << QByteArray(R"({"room_name":"a","x":[1,}]})");
        QTest::newRow("syntax error inside a declared object")
            << QByteArray(R"({"room_name":"a","permissions":{"canSend":[1,}]}})");
        QTest::newRow("declared field one level beyond QJsonDocument's limit")
            << (QByteArray(R"({"permissions":)") + QByteArray(1024, '[') + QByteArray(1024, ']') + '}');
        QTest::newRow("number too large inside a declared object") << QByteArray(R"({"permissions":{"x":[1e400]}})");
        QTest::newRow("unclosed list") << QByteArray(R"({"room_name":"a","x":[1,2})");
        QTest::newRow("text after the object") << QByteArray(R"({"room_name":"a"} x)");
    }
    void textLeftToTheHost()
    {
        QFETCH(QByteArray, json);
        Runtime runtime;
        selfSigning(runtime);
        QVERIFY(!runtime.readInputs(action, json));
    }

    void declaredObjectReadAfterAFailedOne()
    {
        // A declared object is packed by a writer each thread keeps: one read that fails half-way leaves nothing
        // in the next.
        Runtime runtime;
        selfSigning(runtime);
        QVERIFY(!runtime.readInputs(action, R"({"permissions":{"canSend":["video",{"x":[1,}]}})"));
        const QByteArray json(R"({"room_name":"a","permissions":{"canSend":["audio"],"canAdmin":true}})");
        const std::optional<ActionInputs> inputs = runtime.readInputs(action, json);
        QVERIFY(inputs);
        QCOMPARE(inputs->toJsonObject(), QJsonDocument::fromJson(json).object());
        QCOMPARE(comparable(runtime.invoke(action, *inputs).result()),
                 comparable(runtime.invoke(action, QJsonDocument::fromJson(json).object()).result()));
    }

    void unknownActionReadsNothing()
    {
        Runtime runtime;
        selfSigning(runtime);
        QVERIFY(!runtime.readInputs(QStringLiteral("daily.nope"), "{}"));
    }

    void inputsOfAnotherActionAreReadAgain()
    {
        Runtime runtime;
        selfSigning(runtime);
        const std::optional<ActionInputs> roomInputs = runtime.readInputs(QStringLiteral("daily.get_room"),
                                                                          R"({"room_name":"a"})");
        QVERIFY(roomInputs);
        const ActionResult result = runtime.invoke(action, *roomInputs).result();
        QVERIFY2(result.isSuccess(), qPrintable(result.errors.value(0).toString()));
        QCOMPARE(comparable(result),
                 comparable(runtime.invoke(action, {{QStringLiteral("room_name"), QStringLiteral("a")}}).result()));
    }

    void changingTheCallersObjectLaterChangesNothing()
    {
        Runtime runtime;
        selfSigning(runtime);
        QJsonObject values{{QStringLiteral("room_name"), QStringLiteral("before")}};
        const QFuture<ActionResult> future = runtime.invoke(action, values);
        const std::optional<ActionInputs> read = runtime.readInputs(action, R"({"room_name":"before"})");
        QVERIFY(read);
        values.insert(QStringLiteral("room_name"), QStringLiteral("after"));
        values.insert(QStringLiteral("exp"), 1);
        const ActionResult result = future.result();
        QVERIFY(result.isSuccess());
        QCOMPARE(comparable(result)
                     .value(QStringLiteral("outputs"))
                     .toObject()
                     .value(QStringLiteral("token"))
                     .toObject()
                     .value(QStringLiteral("r")),
                 QJsonValue(QStringLiteral("before")));
        QVERIFY(result.outputs.value(QStringLiteral("join_url")).toString().contains(QStringLiteral("/before?t=")));
        QCOMPARE(read->value(QStringLiteral("room_name")), QJsonValue(QStringLiteral("before")));
    }

    void connectionProblemsCheckedWhenSet_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::newRow("line break in the key") << QStringLiteral("api_key");
        QTest::newRow("line break in the domain id") << QStringLiteral("domain_id");
    }
    void connectionProblemsCheckedWhenSet()
    {
        QFETCH(QString, setting);
        Runtime runtime;
        selfSigning(runtime);
        Connection connection = runtime.connection(QStringLiteral("daily"));
        const QString clean = connection.value(setting);
        connection.setValue(setting, QStringLiteral("secret-part\r\nX-Injected: 1"));
        runtime.setConnection(connection);
        const QJsonObject inputs{{QStringLiteral("room_name"), QStringLiteral("a")}};
        const ActionResult refused = runtime.invoke(action, inputs).result();
        QCOMPARE(refused.status, ActionResult::Status::ConfigurationError);
        QCOMPARE(refused.errors.size(), 1);
        QCOMPARE(refused.errors.value(0).code, QStringLiteral("connection_error"));
        QCOMPARE(refused.errors.value(0).field, setting);
        QVERIFY(!QJsonDocument(refused.toJson()).toJson().contains("secret-part"));
        // Setting it again checks it again.
        connection.setValue(setting, clean);
        runtime.setConnection(connection);
        QVERIFY(runtime.invoke(action, inputs).result().isSuccess());
    }
};

const QString TestInvocationPlan::action = QStringLiteral("daily.create_meeting_token");

QTEST_GUILESS_MAIN(TestInvocationPlan)
#include "tst_invocationplan.moc"
