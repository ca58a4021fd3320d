#include "support/testdata.h"
#include "support/json.h"

#include <actionnode/actionspec.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Every bad input for Daily's Create meeting token gets its own error naming
// the field, the rule and what is wrong with the value.
class TestValidation : public QObject
{
    Q_OBJECT

private:
    // JSON written with single quotes, to keep the tables readable.
    static constexpr auto object = singleQuotedObject; // support/json.h
    ActionSpec m_spec;

private slots:
    void initTestCase()
    {
        m_spec = ActionSpec::fromFile(meetingTokenDeclarationPath());
        QVERIFY2(!m_spec.hasError(), qPrintable(m_spec.errorString()));
    }

    void badInput_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("message");

        QTest::newRow("unknown field") << object("{'room': 'a'}") << "/room"
                                       << "additionalProperties"
                                       << "unknown field";
        QTest::newRow("unknown field lists known") << object("{'colour': 1}") << "/colour"
                                                   << "additionalProperties"
                                                   << "room_name";
        QTest::newRow("room_name number") << object("{'room_name': 5}") << "/room_name"
                                          << "type"
                                          << "must be text, not an integer";
        QTest::newRow("room_name bool") << object("{'room_name': true}") << "/room_name"
                                        << "type"
                                        << "not a boolean";
        QTest::newRow("room_name space") << object("{'room_name': 'my room'}") << "/room_name"
                                         << "pattern"
                                         << "only letters, digits";
        QTest::newRow("room_name slash") << object("{'room_name': 'a/b'}") << "/room_name"
                                         << "pattern"
                                         << "\"a/b\" is not allowed";
        QTest::newRow("room_name unicode") << object("{'room_name': 'café'}") << "/room_name"
                                           << "pattern"
                                           << "café";
        QTest::newRow("room_name empty") << object("{'room_name': ''}") << "/room_name"
                                         << "pattern"
                                         << "is not allowed";
        QTest::newRow("room_name too long")
            << QJsonObject{{"room_name", QString(129, QLatin1Char('r'))}} << "/room_name"
            << "maxLength"
            << "129 characters long; at most 128";
        QTest::newRow("user_name object") << object("{'user_name': {'a': 1}}") << "/user_name"
                                          << "type"
                                          << "not an object";
        QTest::newRow("user_id too long") << QJsonObject{{"user_id", QString(37, QLatin1Char('u'))}} << "/user_id"
                                          << "maxLength"
                                          << "37 characters long; at most 36";
        // Lengths count characters, not UTF-16 units: each emoji is one.
        QTest::newRow("user_id too long in emoji")
            << QJsonObject{{"user_id", QString::fromUtf8("😀").repeated(37)}} << "/user_id"
            << "maxLength"
            << "is 37 characters long; at most 36";
        QTest::newRow("user_id empty") << object("{'user_id': ''}") << "/user_id"
                                       << "minLength"
                                       << "at least 1";
        QTest::newRow("is_owner string") << object("{'is_owner': 'yes'}") << "/is_owner"
                                         << "type"
                                         << "must be true or false";
        QTest::newRow("is_owner number") << object("{'is_owner': 1}") << "/is_owner"
                                         << "type"
                                         << "must be true or false";
        QTest::newRow("start_video_off null") << object("{'start_video_off': null}") << "/start_video_off"
                                              << "type"
                                              << "not null";
        QTest::newRow("enable_recording unknown")
            << object("{'enable_recording': 'tape'}") << "/enable_recording"
            << "enum"
            << "\"tape\" is not one of the allowed values: cloud, cloud-audio-only, local";
        QTest::newRow("enable_recording case") << object("{'enable_recording': 'Cloud'}") << "/enable_recording"
                                               << "enum"
                                               << "Cloud";
        QTest::newRow("lang unknown") << object("{'lang': 'xx'}") << "/lang"
                                      << "enum"
                                      << "\"xx\" is not one of the allowed values";
        QTest::newRow("lang ja") << object("{'lang': 'ja'}") << "/lang"
                                 << "enum"
                                 << "jp";
        QTest::newRow("lang number") << object("{'lang': 1}") << "/lang"
                                     << "type"
                                     << "must be text";
        QTest::newRow("eject_after_elapsed negative") << object("{'eject_after_elapsed': -1}") << "/eject_after_elapsed"
                                                      << "minimum"
                                                      << "at least 0, not -1";
        QTest::newRow("eject_after_elapsed fraction")
            << object("{'eject_after_elapsed': 1.5}") << "/eject_after_elapsed"
            << "type"
            << "a whole number";
        QTest::newRow("eject_after_elapsed string") << object("{'eject_after_elapsed': '60'}") << "/eject_after_elapsed"
                                                    << "type"
                                                    << "a whole number, not a string";
        QTest::newRow("nbf negative") << object("{'nbf': -5}") << "/nbf"
                                      << "minimum"
                                      << "at least 0";
        QTest::newRow("exp negative") << object("{'exp': -1}") << "/exp"
                                      << "minimum"
                                      << "at least 0";
        QTest::newRow("exp fraction") << object("{'exp': 1700000000.5}") << "/exp"
                                      << "type"
                                      << "a whole number";
        QTest::newRow("exp string") << object("{'exp': 'tomorrow'}") << "/exp"
                                    << "type"
                                    << "\"tomorrow\"";
        QTest::newRow("exp before nbf") << object("{'nbf': 2000, 'exp': 1000}") << "/exp"
                                        << "expAfterNbf"
                                        << "1000 is not later than 2000";
        QTest::newRow("exp equals nbf") << object("{'nbf': 2000, 'exp': 2000}") << "/exp"
                                        << "expAfterNbf"
                                        << "must be later than Not Before";
        QTest::newRow("redirect with a space")
            << object("{'redirect_on_meeting_exit': 'https://example.com/good bye'}") << "/redirect_on_meeting_exit"
            << "pattern"
            << "without spaces";
        QTest::newRow("redirect without host")
            << object("{'redirect_on_meeting_exit': 'https:///bye'}") << "/redirect_on_meeting_exit"
            << "pattern"
            << "with a host";
        QTest::newRow("redirect too long")
            << QJsonObject{{"redirect_on_meeting_exit",
                            QStringLiteral("https://example.com/") + QString(1981, QLatin1Char('x'))}}
            << "/redirect_on_meeting_exit"
            << "maxLength"
            << "2001 characters long; at most 2000";
        QTest::newRow("redirect javascript")
            << object("{'redirect_on_meeting_exit': 'javascript://example.com/%0Aalert(1)'}")
            << "/redirect_on_meeting_exit"
            << "pattern"
            << "javascript:, data:, vbscript: and file: links are refused";
        QTest::newRow("redirect without scheme separator")
            << object("{'redirect_on_meeting_exit': 'mailto:someone@example.com'}") << "/redirect_on_meeting_exit"
            << "pattern"
            << "deep link (myapp://call-ended)";
        QTest::newRow("redirect with a control character")
            << QJsonObject{{"redirect_on_meeting_exit", QStringLiteral("myapp://call\u0001ended")}}
            << "/redirect_on_meeting_exit"
            << "pattern"
            << "control characters";
        QTest::newRow("legacy recording mode rtp-tracks")
            << object("{'enable_recording': 'rtp-tracks'}") << "/enable_recording"
            << "enum"
            << "allowed values: cloud, cloud-audio-only, local, raw-tracks";
        QTest::newRow("legacy recording mode output-byte-stream")
            << object("{'enable_recording': 'output-byte-stream'}") << "/enable_recording"
            << "enum"
            << "allowed values: cloud, cloud-audio-only, local, raw-tracks";
        QTest::newRow("knocking not a boolean") << object("{'knocking': 'yes'}") << "/knocking"
                                                << "type"
                                                << "";
        QTest::newRow("canReceive byUserId not an object")
            << object("{'permissions': {'canReceive': {'byUserId': true}}}") << "/permissions/canReceive/byUserId"
            << "type"
            << "";
        QTest::newRow("canReceive by participant rule not a boolean or object")
            << object("{'permissions': {'canReceive': {'byParticipantId': {'p1': 3}}}}")
            << "/permissions/canReceive/byParticipantId/p1"
            << "anyOf"
            << "";
        QTest::newRow("auto_start_transcription string")
            << object("{'auto_start_transcription': 'on'}") << "/auto_start_transcription"
            << "type"
            << "true or false";
        QTest::newRow("cloud recording options list")
            << object("{'start_cloud_recording': true, 'start_cloud_recording_opts': [1]}")
            << "/start_cloud_recording_opts"
            << "type"
            << "must be an object, not a list";
        QTest::newRow("permissions not object") << object("{'permissions': 'all'}") << "/permissions"
                                                << "type"
                                                << "an object";
        QTest::newRow("permissions unknown key") << object("{'permissions': {'canFly': true}}") << "/permissions/canFly"
                                                 << "additionalProperties"
                                                 << "hasPresence";
        QTest::newRow("hasPresence string")
            << object("{'permissions': {'hasPresence': 'no'}}") << "/permissions/hasPresence"
            << "type"
            << "true or false";
        QTest::newRow("canSend bad item")
            << object("{'permissions': {'canSend': ['video', 'smell']}}") << "/permissions/canSend"
            << "anyOf"
            << "screenVideo";
        QTest::newRow("canSend duplicate")
            << object("{'permissions': {'canSend': ['audio', 'audio']}}") << "/permissions/canSend"
            << "anyOf"
            << "none of the allowed forms";
        QTest::newRow("canSend number") << object("{'permissions': {'canSend': 3}}") << "/permissions/canSend"
                                        << "anyOf"
                                        << "3 has none";
        QTest::newRow("canAdmin bad item")
            << object("{'permissions': {'canAdmin': ['root']}}") << "/permissions/canAdmin"
            << "anyOf"
            << "participants";
        QTest::newRow("canReceive unknown key")
            << object("{'permissions': {'canReceive': {'all': true}}}") << "/permissions/canReceive/all"
            << "additionalProperties"
            << "base";
    }
    void badInput()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, field);
        QFETCH(QString, rule);
        QFETCH(QString, message);
        const ActionErrors errors = m_spec.validate(inputs);
        QCOMPARE(errors.size(), 1);
        const ActionError &error = errors.first();
        QCOMPARE(error.code, QStringLiteral("invalid_input"));
        QCOMPARE(error.field, field);
        QCOMPARE(error.rule, rule);
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
    }

    // Values of any length are refused in bounded time, without a crash:
    // lengths are checked before any pattern, and patterns and times never
    // reach a recursive matcher.
    void hostileLengths_data()
    {
        QTest::addColumn<QString>("declaration");
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("rule");

        const QString daily = meetingTokenDeclarationPath();
        const QString signalwire = sourcePath(QStringLiteral("schemas/signalwire/create-room-token.json"));
        const QString unbounded = testDeclarationPath(QStringLiteral("valid-unbounded-strings.json"));
        const QString many(30000, QLatin1Char('a'));
        const QString megabyteUrl = QStringLiteral("https://example.com/") + QString(1 << 20, QLatin1Char('x'));
        QTest::newRow("daily room_name 30000") << daily << QJsonObject{{"room_name", many}} << "/room_name"
                                               << "maxLength";
        QTest::newRow("daily redirect 20000 + space")
            << daily
            << QJsonObject{{"redirect_on_meeting_exit",
                            QStringLiteral("https://") + QString(20000, QLatin1Char('a')) + QLatin1Char(' ')}}
            << "/redirect_on_meeting_exit"
            << "maxLength";
        QTest::newRow("signalwire room_name 30000") << signalwire << QJsonObject{{"room_name", many}} << "/room_name"
                                                    << "maxLength";
        QTest::newRow("signalwire join_from 30000 digits")
            << signalwire << QJsonObject{{"room_name", "a"}, {"join_from", QString(30000, QLatin1Char('1'))}}
            << "/join_from"
            << "anyOf";
        QTest::newRow("pattern, a megabyte ending in a space")
            << unbounded << QJsonObject{{"url", megabyteUrl + QLatin1Char(' ')}} << "/url"
            << "pattern";
        QTest::newRow("pattern, quadratic")
            << unbounded
            << QJsonObject{{"url", QStringLiteral("https://") + QString(20000, QLatin1Char('a')) + QLatin1Char(' ')}}
            << "/url"
            << "pattern";
        QTest::newRow("date-time, a megabyte of digits")
            << unbounded << QJsonObject{{"when", QString(1 << 20, QLatin1Char('2'))}} << "/when"
            << "format";
        // A pattern reached only through a $ref (under $defs) is taken from valijson too.
        const QString referenced = testDeclarationPath(QStringLiteral("valid-reference-outside-keywords.json"));
        QTest::newRow("pattern under $defs, 300000 characters")
            << referenced << QJsonObject{{"name", QString(300000, QLatin1Char('a')) + QLatin1Char('c')}} << "/name"
            << "pattern";
        QTest::newRow("minLength under $defs") << referenced << QJsonObject{{"name", "ab"}} << "/name"
                                               << "minLength";
        QTest::newRow("date, 30000 digits")
            << unbounded << QJsonObject{{"day", QString(30000, QLatin1Char('2')) + QStringLiteral("-01-01")}} << "/day"
            << "format";
    }
    void hostileLengths()
    {
        QFETCH(QString, declaration);
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, field);
        QFETCH(QString, rule);
        const ActionSpec spec = ActionSpec::fromFile(declaration);
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        QElapsedTimer clock;
        clock.start();
        const ActionErrors errors = spec.validate(inputs);
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, field);
        QCOMPARE(errors.first().rule, rule);
    }

    // A text too short and of the wrong shape: its length is named first, as valijson's own keywords named it.
    void lengthNamedBeforePattern()
    {
        const ActionSpec spec = ActionSpec::fromFile(sourcePath(QStringLiteral("schemas/daily/delete-webhook.json")));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const ActionErrors errors = spec.validate(QJsonObject{{"uuid", ""}});
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).field, QStringLiteral("/uuid"));
        QCOMPARE(errors.at(0).rule, QStringLiteral("minLength"));
        QCOMPARE(errors.at(1).rule, QStringLiteral("pattern"));
    }

    void longValidValuesPass()
    {
        const ActionSpec spec = ActionSpec::fromFile(
            testDeclarationPath(QStringLiteral("valid-unbounded-strings.json")));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const QJsonObject inputs{{"url", QStringLiteral("https://example.com/") + QString(1 << 20, QLatin1Char('x'))},
                                 {"when", QStringLiteral("2026-01-01T00:00:00.") + QString(100000, QLatin1Char('5'))
                                              + QLatin1Char('Z')}};
        QElapsedTimer clock;
        clock.start();
        const ActionErrors errors = spec.validate(inputs);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.isEmpty() ? QString() : errors.first().toString()));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    }

    // Every unknown field is named, each with its JSON pointer escaped (RFC 6901).
    void everyUnknownField()
    {
        const ActionErrors errors = m_spec.validate(
            object("{'zz1': 1, 'zz2': 2, 'a/b': 3, 'c~d': 4, 'room_name': 'ok'}"));
        QStringList fields;
        for (const ActionError &error : errors) {
            QCOMPARE(error.rule, QStringLiteral("additionalProperties"));
            fields.append(error.field);
        }
        fields.sort();
        QCOMPARE(fields, (QStringList{"/a~1b", "/c~0d", "/zz1", "/zz2"}));
    }

    void everyErrorAtOnce()
    {
        const ActionErrors errors = m_spec.validate(
            object("{'room_name': 'bad room', 'user_id': '0123456789012345678901234567890123456789',"
                   " 'lang': 'xx', 'is_owner': 'yes', 'nbf': 10, 'exp': 5, 'surprise': 1}"));
        QCOMPARE(errors.size(), 6);
        QStringList problems;
        for (const ActionError &error : errors)
            problems.append(error.field + QLatin1Char(' ') + error.rule);
        problems.sort();
        QCOMPARE(problems, (QStringList{"/exp expAfterNbf", "/is_owner type", "/lang enum", "/room_name pattern",
                                        "/surprise additionalProperties", "/user_id maxLength"}));
    }

    // A long value is shortened in messages without splitting a character
    // in two: the message must stay valid text for every JSON consumer.
    void messagesKeepCharactersWhole_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        const QString emoji = QString::fromUtf8("😀");
        for (int prefix = 56; prefix <= 60; ++prefix)
            QTest::addRow("room_name cut after %d letters", prefix)
                << QJsonObject{{"room_name", QString(prefix, QLatin1Char('a')) + emoji.repeated(4)}};
        QTest::newRow("lang") << QJsonObject{{"lang", QString(58, QLatin1Char('x')) + emoji.repeated(4)}};
    }
    void messagesKeepCharactersWhole()
    {
        QFETCH(QJsonObject, inputs);
        const ActionErrors errors = m_spec.validate(inputs);
        QCOMPARE(errors.size(), 1);
        const QString &message = errors.first().message;
        QVERIFY2(message.contains(QStringLiteral("…")), qPrintable(message));
        QVERIFY2(message.isValidUtf16(), qPrintable(message));
    }

    // A schema of any draft-07 keyword, decided as JSON Schema decides it.
    void schemaKeywords_data()
    {
        QTest::addColumn<QJsonValue>("schema");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("field"); // of the first error; empty when the value is valid
        const auto json = singleQuotedJson;
        // Only aggregate errors from valijson: the innermost one, with its place.
        QTest::newRow("allOf true, false") << json("{'allOf': [true, false]}") << json("1") << "/value";
        QTest::newRow("items false") << json("{'items': false}") << json("[1]") << "/value/0";
        QTest::newRow("items true, false") << json("{'items': [true, false]}") << json("[1, 'a']") << "/value/1";
        QTest::newRow("property false") << json("{'properties': {'bar': false}}") << json("{'bar': 2}") << "/value/bar";
        QTest::newRow("$ref to false") << json("{'allOf': [{'$ref': '#/properties/value/definitions/no'}], "
                                               "'definitions': {'no': false}}")
                                       << json("1") << "/value";
        QTest::newRow("propertyNames maxLength")
            << json("{'propertyNames': {'maxLength': 3}}") << json("{'abcd': 1}") << "/value";
        QTest::newRow("propertyNames false") << json("{'propertyNames': false}") << json("{'a': 1}") << "/value";
        QTest::newRow("propertyNames, short name")
            << json("{'propertyNames': {'maxLength': 3}}") << json("{'abc': 1}") << "";
        // Two failed anyOfs at one place: one of them is reported, not none.
        QTest::newRow("nested anyOf") << json("{'anyOf': [{'anyOf': [{'type': 'string'}, {'type': 'boolean'}]}, "
                                              "{'type': 'null'}]}")
                                      << json("1.5") << "/value";
        // RFC 3339: a leap second ends a UTC day, and nothing else.
        QTest::newRow("leap second at 22:59Z") << json("{'format': 'time'}") << json("'22:59:60Z'") << "/value";
        QTest::newRow("leap second at 23:58Z") << json("{'format': 'time'}") << json("'23:58:60Z'") << "/value";
        QTest::newRow("leap second at 23:59Z") << json("{'format': 'time'}") << json("'23:59:60Z'") << "";
        QTest::newRow("leap second at 15:59-08:00") << json("{'format': 'time'}") << json("'15:59:60-08:00'") << "";
        QTest::newRow("leap second at 01:29+01:30") << json("{'format': 'time'}") << json("'01:29:60+01:30'") << "";
        QTest::newRow("leap second at 23:59+01:00")
            << json("{'format': 'time'}") << json("'23:59:60+01:00'") << "/value";
        QTest::newRow("date-time leap second")
            << json("{'format': 'date-time'}") << json("'1998-12-31T23:59:60Z'") << "";
        QTest::newRow("date-time leap second at 22:59Z")
            << json("{'format': 'date-time'}") << json("'1998-12-31T22:59:60Z'") << "/value";
        // multipleOf on decimals, exactly.
        QTest::newRow("12391239123 by 1e-8") << json("{'multipleOf': 1e-8}") << json("12391239123") << "";
        QTest::newRow("0.3 by 0.1") << json("{'multipleOf': 0.1}") << json("0.3") << "";
        QTest::newRow("0.0075 by 0.0001") << json("{'multipleOf': 0.0001}") << json("0.0075") << "";
        QTest::newRow("0.00751 by 0.0001") << json("{'multipleOf': 0.0001}") << json("0.00751") << "/value";
        QTest::newRow("35 by 1.5") << json("{'multipleOf': 1.5}") << json("35") << "/value";
        QTest::newRow("2^62 by 3") << json("{'multipleOf': 3}") << json("4611686018427387904") << "/value";
    }
    void schemaKeywords()
    {
        QFETCH(QJsonValue, schema);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject fieldSchema = schema.toObject();
        fieldSchema.insert(QStringLiteral("title"), QStringLiteral("Value"));
        fieldSchema.insert(QStringLiteral("description"), QStringLiteral("The value."));
        const ActionSpec spec = ActionSpec::fromDeclaration(oneFieldDeclaration(fieldSchema), QStringLiteral("test"));
        QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
        const ActionErrors errors = spec.validate({{QStringLiteral("value"), value}});
        if (field.isEmpty()) {
            QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).toString()));
            return;
        }
        QVERIFY2(!errors.isEmpty(), "invalid, yet accepted");
        QCOMPARE(errors.first().field, field);
    }

    void validInput_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::newRow("empty") << QJsonObject();
        QTest::newRow("typical") << object(
            "{'room_name': 'standup-1_a', 'user_name': 'Alice Ä', 'is_owner': true, 'exp': 1893456000}");
        QTest::newRow("after 2038") << object("{'nbf': 2147483648, 'exp': 4102444800}");
        QTest::newRow("whole number written as decimal") << object("{'exp': 1893456000.0}");
        QTest::newRow("every recording mode") << object("{'enable_recording': 'cloud-audio-only'}");
        QTest::newRow("raw tracks recording") << object("{'enable_recording': 'raw-tracks'}");
        QTest::newRow("Danish interface") << object("{'lang': 'da'}");
        QTest::newRow("knocking") << object("{'knocking': true}");
        QTest::newRow("redirect to an app's deep link")
            << object("{'redirect_on_meeting_exit': 'myapp://call-ended?room=standup'}");
        QTest::newRow("canReceive by user and participant")
            << object("{'permissions': {'canReceive': {'base': false, 'byUserId': {'u1': true}, 'byParticipantId': "
                      "{'p1': {'video': true}}}}}");
        QTest::newRow("user_id 36") << QJsonObject{{"user_id", QString(36, QLatin1Char('u'))}};
        QTest::newRow("user_id 36 emoji") << QJsonObject{{"user_id", QString::fromUtf8("😀").repeated(36)}};
        QTest::newRow("room_name 128") << QJsonObject{{"room_name", QString(128, QLatin1Char('r'))}};
        QTest::newRow("lang pt-BR") << object("{'lang': 'pt-BR'}");
        QTest::newRow("exp just after nbf") << object("{'nbf': 1893456000, 'exp': 1893456001}");
        QTest::newRow("canSend true") << object("{'permissions': {'canSend': true, 'hasPresence': false}}");
        QTest::newRow("canSend list") << object(
            "{'permissions': {'canSend': ['video', 'screenAudio'], 'canAdmin': ['participants']}}");
        QTest::newRow("canReceive base") << object("{'permissions': {'canReceive': {'base': false}}}");
        QTest::newRow("redirect") << object("{'redirect_on_meeting_exit': 'https://example.com/bye'}");
        QTest::newRow("redirect with port and query")
            << object("{'redirect_on_meeting_exit': 'http://localhost:8080/bye?from=call#end'}");
        QTest::newRow("bundle fields (licensing is checked elsewhere)")
            << object("{'auto_start_transcription': true, 'enable_live_captions_ui': false}");
    }
    void validInput()
    {
        QFETCH(QJsonObject, inputs);
        const ActionErrors errors = m_spec.validate(inputs);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).toString()));
    }

    void warnings_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QStringList>("codes");
        QTest::newRow("nothing") << QJsonObject() << QStringList{"no_room_name", "no_expiry"};
        QTest::newRow("no expiry") << object("{'room_name': 'a'}") << QStringList{"no_expiry"};
        QTest::newRow("no room") << object("{'exp': 1893456000}") << QStringList{"no_room_name"};
        QTest::newRow("both") << object("{'room_name': 'a', 'exp': 1893456000}") << QStringList();
    }
    void warnings()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QStringList, codes);
        QStringList actual;
        for (const ActionError &warning : m_spec.warningsFor(inputs))
            actual.append(warning.code);
        QCOMPARE(actual, codes);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
