#include "support/futureresult.h"
#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"
#include "support/json.h"

#include "emulatorserver.h"
#include "fault.h"
#include "signalwireemulator.h"

#include <actionnode/sdk/jwt.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/runtime.h>

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// Answers every request with one fixed reply: SignalWire's documented error
// bodies, including those the emulator never produces for a valid request.
class RecordedAnswer : public EmulatedApi
{
public:
    int status = 200;
    QByteArray body;
    QJsonObject lastRequest; //!< the body of the last request answered

    bool handlesPath(const QString &) const override { return true; }
    EmulatorReply handle(const QHttpServerRequest &request) override
    {
        lastRequest = QJsonDocument::fromJson(request.body()).object();
        return EmulatorReply::json(status, QJsonDocument::fromJson(body).object());
    }
    EmulatorReply errorReply(int status, const QString &info) const override
    {
        return EmulatorReply::json(status, {{QStringLiteral("error"), info}});
    }
};

// SignalWire's Create room token through the same runtime as Daily's: its
// metadata, its validation, the REST round trip against the emulator with
// faults, and the command line with no provider-specific host code.
class TestSignalWire : public QObject
{
    Q_OBJECT

private:
    // JSON written with single quotes, to keep the tables readable.
    static constexpr auto object = singleQuotedObject; // support/json.h
    static const QString actionId;
    static constexpr const char *projectId = "5d8a1c2e-0000-4000-8000-signalwire01";
    static constexpr const char *apiToken = "signalwire-test-token-41d9";

    EmulatorServer m_server;
    SignalWireEmulator *m_signalWire = nullptr;
    RecordedAnswer m_recordedAnswer; // outlives the server that serves it
    EmulatorServer m_recordedServer;
    Runtime m_runtime;
    QJsonArray m_declaredSettings;


    Connection connection(const QJsonObject &overrides = {}) const
    {
        Connection signalWire(QStringLiteral("signalwire"), m_declaredSettings);
        signalWire.setValue(QStringLiteral("project_id"), QLatin1String(projectId));
        signalWire.setValue(QStringLiteral("api_token"), QLatin1String(apiToken));
        signalWire.setValue(QStringLiteral("api_base"), m_signalWire->apiBaseUrl());
        signalWire.setValue(QStringLiteral("timeout_ms"), QStringLiteral("3000"));
        for (auto it = overrides.begin(); it != overrides.end(); ++it)
            signalWire.setValue(it.key(), it.value().toString());
        return signalWire;
    }

    ActionResult run(const QJsonObject &inputs, const Connection &connection)
    {
        m_runtime.setConnection(connection);
        const QFuture<ActionResult> future = m_runtime.invoke(actionId, inputs);
        const ActionResult result = resultOf(future, 20000);
        [&] { QCOMPARE(future.resultCount(), 1); }();
        return result;
    }

    //! POST /room_tokens to the emulator, as SignalWire's project authenticates.
    HttpAnswer postRoomToken(const QByteArray &body)
    {
        QNetworkAccessManager network;
        return sendRequest(network, "POST", QUrl(m_signalWire->apiBaseUrl() + QStringLiteral("/room_tokens")), body,
                           {{"Authorization", "Basic " + (QByteArray(projectId) + ':' + apiToken).toBase64()}}, 10000);
    }

private slots:
    void initTestCase()
    {
        m_signalWire = new SignalWireEmulator(QLatin1String(projectId), apiToken, &m_server);
        QVERIFY2(m_server.listen(0), qPrintable(m_server.errorString()));
        m_recordedServer.addApi(&m_recordedAnswer);
        QVERIFY2(m_recordedServer.listen(0), qPrintable(m_recordedServer.errorString()));
        m_runtime.discoverPlugins();
        QVERIFY2(!m_runtime.action(actionId).hasError(), qPrintable(m_runtime.action(actionId).errorString()));
        for (const PluginSpec &plugin : m_runtime.plugins()) {
            if (!plugin.hasError() && plugin.id() == QLatin1String("signalwire"))
                m_declaredSettings = plugin.connectionSettings();
        }
        QVERIFY(!m_declaredSettings.isEmpty());
    }

    void init()
    {
        m_server.reset();
        m_recordedServer.reset();
    }

    // Every request field of SignalWire's reference, with its builder type.
    void metadata_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("type");
        const char *const fields[][2] = {{"room_name", "Text"},
                                         {"user_name", "Text"},
                                         {"permissions", "List"},
                                         {"join_from", "Date/Time"},
                                         {"join_until", "Date/Time"},
                                         {"remove_at", "Date/Time"},
                                         {"remove_after_seconds_elapsed", "Number"},
                                         {"join_audio_muted", "Boolean"},
                                         {"join_video_muted", "Boolean"},
                                         {"auto_create_room", "Boolean"},
                                         {"enable_room_previews", "Boolean"},
                                         {"room_display_name", "Text"},
                                         {"end_room_session_on_leave", "Boolean"},
                                         {"join_as", "Enum"},
                                         {"media_allowed", "Enum"},
                                         {"room_meta", "Object"},
                                         {"meta", "Object"},
                                         {"sync_audio_video", "Boolean"}};
        for (const auto &field : fields)
            QTest::newRow(field[0]) << QString::fromLatin1(field[0]) << QString::fromLatin1(field[1]);
    }
    void metadata()
    {
        QFETCH(QString, key);
        QFETCH(QString, type);
        const ActionSpec spec = m_runtime.action(actionId);
        const FieldSpec field = spec.field(key);
        QCOMPARE(field.key(), key);
        QCOMPARE(field.builderType(), type);
        QVERIFY(MetadataRenderer::toMarkdown(spec, License())
                    .contains(QStringLiteral("| %1 | %2 |").arg(field.label(), type)));
        const QString json = QString::fromUtf8(QJsonDocument(MetadataRenderer::toJson(spec, License())).toJson());
        QVERIFY(json.contains(QStringLiteral("\"key\": \"%1\"").arg(key)));
    }

    void metadataDetails()
    {
        const ActionSpec spec = m_runtime.action(actionId);
        QVERIFY(spec.field(QStringLiteral("room_name")).isRequired());
        QCOMPARE(spec.field(QStringLiteral("auto_create_room")).defaultValue(), QJsonValue(true));
        QCOMPARE(spec.field(QStringLiteral("permissions")).options().size(), 45);
        QCOMPARE(spec.outputs().first().label(), QStringLiteral("Token"));
        QCOMPARE(
            spec.field(QStringLiteral("meta")).constraints().value(QStringLiteral("x-maxSerializedLength")).toInt(),
            2000);
        const QString markdown = MetadataRenderer::toMarkdown(spec, License());
        QVERIFY(markdown.contains(QStringLiteral("room.self.audio_mute")));
        QVERIFY(markdown.contains(QStringLiteral(
            "| Member Meta | Object | Metadata set on the member. At most 2000 characters as JSON. Optional. |")));
        QVERIFY(markdown.contains(QStringLiteral("`no_join_until`")));
    }

    void badInput_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("message");
        QTest::newRow("no room") << object("{'user_name': 'Alice'}") << "/room_name"
                                 << "required"
                                 << "is required";
        QTest::newRow("room with space") << object("{'room_name': 'my room'}") << "/room_name"
                                         << "pattern"
                                         << "only letters, digits";
        QTest::newRow("room with dot") << object("{'room_name': 'a.b'}") << "/room_name"
                                       << "pattern"
                                       << "\"a.b\"";
        QTest::newRow("room too long") << QJsonObject{{"room_name", QString(101, 'r')}} << "/room_name"
                                       << "maxLength"
                                       << "at most 100";
        QTest::newRow("room number") << object("{'room_name': 7}") << "/room_name"
                                     << "type"
                                     << "must be text";
        QTest::newRow("user name too long")
            << QJsonObject{{"room_name", "a"}, {"user_name", QString(101, 'u')}} << "/user_name"
            << "maxLength"
            << "101 characters";
        QTest::newRow("permissions text")
            << object("{'room_name': 'a', 'permissions': 'room.self.audio_mute'}") << "/permissions"
            << "type"
            << "must be a list";
        QTest::newRow("unknown permission")
            << object("{'room_name': 'a', 'permissions': ['room.self.fly']}") << "/permissions/0"
            << "enum"
            << "room.self.fly";
        QTest::newRow("duplicate permission")
            << object("{'room_name': 'a', 'permissions': ['room.lock', 'room.lock']}") << "/permissions"
            << "uniqueItems"
            << "more than once";
        QTest::newRow("join_from not a time") << object("{'room_name': 'a', 'join_from': 'tomorrow'}") << "/join_from"
                                              << "anyOf"
                                              << "tomorrow";
        QTest::newRow("join_until a number") << object("{'room_name': 'a', 'join_until': 1700000000}") << "/join_until"
                                             << "type"
                                             << "must be text, not an integer";
        QTest::newRow("remove_at bad date") << object("{'room_name': 'a', 'remove_at': '2022-13-40'}") << "/remove_at"
                                            << "anyOf"
                                            << "2022-13-40";
        // Impossible or ill-formed dates never reach the provider; one reader decides everywhere.
        QTest::newRow("join_from February 29 of a common year")
            << object("{'room_name': 'a', 'join_from': '2026-02-29'}") << "/join_from"
            << "anyOf"
            << "2026-02-29";
        QTest::newRow("join_from two-digit year")
            << object("{'room_name': 'a', 'join_from': '26-01-01'}") << "/join_from"
            << "anyOf"
            << "26-01-01";
        QTest::newRow("join_from five-digit year")
            << object("{'room_name': 'a', 'join_from': '10000-01-01'}") << "/join_from"
            << "anyOf"
            << "10000-01-01";
        QTest::newRow("join_from non-ASCII digits")
            << QJsonObject{{"room_name", "a"}, {"join_from", QString::fromUtf8("\u0662\u0660\u0662\u0666-01-01")}}
            << "/join_from"
            << "anyOf"
            << "none of the allowed forms";
        QTest::newRow("join_until impossible date-time")
            << object("{'room_name': 'a', 'join_from': '2026-03-01', 'join_until': '2026-02-29T10:00:00Z'}")
            << "/join_until"
            << "anyOf"
            << "2026-02-29T10:00:00Z";
        QTest::newRow("join_until before join_from")
            << object("{'room_name': 'a', 'join_from': '2030-01-02', 'join_until': '2030-01-01T12:00:00Z'}")
            << "/join_until"
            << "joinUntilAfterJoinFrom"
            << "must be later than Join From";
        QTest::newRow("join_until at a leap second join_from")
            << object("{'room_name': 'a', 'join_from': '2030-01-01T23:59:60Z', 'join_until': '2030-01-02'}")
            << "/join_until"
            << "joinUntilAfterJoinFrom"
            << "is not later than \"2030-01-01T23:59:60Z\"";
        QTest::newRow("join_from without offset")
            << object("{'room_name': 'a', 'join_from': '2030-01-01T10:00:00'}") << "/join_from"
            << "anyOf"
            << "none of the allowed forms";
        QTest::newRow("remove after zero")
            << object("{'room_name': 'a', 'remove_after_seconds_elapsed': 0}") << "/remove_after_seconds_elapsed"
            << "exclusiveMinimum"
            << "more than 0";
        QTest::newRow("remove after too long")
            << object("{'room_name': 'a', 'remove_after_seconds_elapsed': 200001}") << "/remove_after_seconds_elapsed"
            << "maximum"
            << "at most 200000";
        QTest::newRow("remove after fraction")
            << object("{'room_name': 'a', 'remove_after_seconds_elapsed': 1.5}") << "/remove_after_seconds_elapsed"
            << "type"
            << "a whole number";
        QTest::newRow("muted text") << object("{'room_name': 'a', 'join_audio_muted': 'yes'}") << "/join_audio_muted"
                                    << "type"
                                    << "true or false";
        QTest::newRow("auto create null")
            << object("{'room_name': 'a', 'auto_create_room': null}") << "/auto_create_room"
            << "type"
            << "not null";
        QTest::newRow("display name too long")
            << QJsonObject{{"room_name", "a"}, {"room_display_name", QString(201, 'd')}} << "/room_display_name"
            << "maxLength"
            << "at most 200";
        QTest::newRow("join_as unknown") << object("{'room_name': 'a', 'join_as': 'guest'}") << "/join_as"
                                         << "enum"
                                         << "member, audience";
        QTest::newRow("media_allowed unknown")
            << object("{'room_name': 'a', 'media_allowed': 'video'}") << "/media_allowed"
            << "enum"
            << "audio-only";
        QTest::newRow("room_meta list") << object("{'room_name': 'a', 'room_meta': [1]}") << "/room_meta"
                                        << "type"
                                        << "an object";
        QTest::newRow("meta too large") << QJsonObject{{"room_name", "a"},
                                                       {"meta", QJsonObject{{"note", QString(2000, 'm')}}}}
                                        << "/meta"
                                        << "x-maxSerializedLength"
                                        << "at most 2000";
        QTest::newRow("unknown field") << object("{'room_name': 'a', 'audio_video_sync': true}") << "/audio_video_sync"
                                       << "additionalProperties"
                                       << "sync_audio_video";
    }
    void badInput()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, field);
        QFETCH(QString, rule);
        QFETCH(QString, message);
        const ActionErrors errors = m_runtime.action(actionId).validate(inputs);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, field);
        QCOMPARE(errors.first().rule, rule);
        QVERIFY2(errors.first().message.contains(message), qPrintable(errors.first().message));
        // Nothing invalid reaches the provider.
        QCOMPARE(run(inputs, connection()).status, ActionResult::Status::InvalidInput);
        QCOMPARE(m_server.requestCount(), 0);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QJsonObject>("claims");
        QTest::addColumn<QStringList>("warnings");
        const QStringList noEnd{QStringLiteral("no_join_until")};
        QTest::newRow("seed example")
            << object("{'room_name': 'standup', 'user_name': 'Alice', 'permissions': ['room.self.audio_mute']}")
            << object("{'r': 'standup', 'u': 'Alice', 's': ['room.self.audio_mute'], 'acr': true}") << noEnd;
        QTest::newRow("times") << object(
            "{'room_name': 'r1', 'join_from': '2030-01-01', 'join_until': '2030-01-01T10:00:00Z',"
            " 'remove_at': '2030-01-01T09:30:00+01:00', 'remove_after_seconds_elapsed': 900,"
            " 'auto_create_room': false}")
                               << object(
                                      "{'r': 'r1', 'jf': 1893456000, 'ju': 1893492000, 'rat': 1893486600, 'rse': 900,"
                                      " 'acr': false}")
                               << QStringList();
        // RFC 3339 allows a leap second and a lower-case t and z; the seed's own example uses :60.
        QTest::newRow("leap second, lower case")
            << object("{'room_name': 'r2', 'join_from': '2030-01-01T23:59:60Z', 'join_until': '2030-01-02t01:00:00z'}")
            << object("{'r': 'r2', 'jf': 1893542400, 'ju': 1893546000}") << QStringList();
        // Lengths count characters, not UTF-16 units or UTF-8 bytes.
        const QString smiles = QStringLiteral("\U0001F600").repeated(100);
        QTest::newRow("100 emoji, 1999 characters of meta")
            << QJsonObject{{"room_name", "r3"},
                           {"user_name", smiles},
                           {"meta", QJsonObject{{"n", QString(1991, QChar(0xe9))}}}}
            << QJsonObject{{"r", "r3"}, {"u", smiles}} << noEnd;
        // SignalWire's Permissions page: a token that names none gets the member's own controls.
        QTest::newRow("no permissions: SignalWire's defaults")
            << object("{'room_name': 'open'}")
            << object("{'r': 'open', 's': ['room.self.audio_mute', 'room.self.audio_unmute', 'room.self.video_mute',"
                      " 'room.self.video_unmute', 'room.self.deaf', 'room.self.undeaf', 'room.self.set_input_volume',"
                      " 'room.self.set_output_volume', 'room.self.set_input_sensitivity', 'room.self.screenshare',"
                      " 'room.self.additional_source']}")
            << noEnd;
        QTest::newRow("audience") << object(
            "{'room_name': 'stage', 'join_as': 'audience', 'media_allowed': 'audio-only'}")
                                  << object("{'r': 'stage', 's': [], 'acr': true}") << noEnd;
        // A valid request: SignalWire empties an audience member's permissions, so this only warns.
        QTest::newRow("audience with permissions")
            << object("{'room_name': 'stage', 'join_as': 'audience', 'permissions': ['room.self.audio_mute']}")
            << object("{'r': 'stage', 's': [], 'acr': true}")
            << QStringList{QStringLiteral("no_join_until"), QStringLiteral("audience_permissions_ignored")};
        QTest::newRow("member with permissions")
            << object("{'room_name': 'stage', 'join_as': 'member', 'permissions': ['room.self.audio_mute'], "
                      "'join_until': '2030-01-01'}")
            << object("{'r': 'stage', 's': ['room.self.audio_mute']}") << QStringList();
    }
    void roundTrip()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QJsonObject, claims);
        QFETCH(QStringList, warnings);
        const ActionResult result = run(inputs, connection());
        QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
        const QByteArray token = result.outputs.value(QStringLiteral("token")).toString().toLatin1();
        QString error;
        QVERIFY2(Jwt::verify(token, apiToken, &error), qPrintable(error));
        const Jwt::Decoded decoded = Jwt::decode(token);
        QCOMPARE(decoded.header.value(QStringLiteral("typ")).toString(), QStringLiteral("VRT"));
        QCOMPARE(decoded.header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS512"));
        QCOMPARE(decoded.claims.value(QStringLiteral("sub")).toString(), QLatin1String(projectId));
        for (auto it = claims.begin(); it != claims.end(); ++it)
            QCOMPARE(decoded.claims.value(it.key()), it.value());
        QCOMPARE(m_server.requestCount(), 1);
        QVERIFY(!QJsonDocument(result.toJson()).toJson().contains(apiToken));
        QStringList codes;
        for (const ActionError &warning : result.warnings)
            codes.append(warning.code);
        QCOMPARE(codes, warnings);
    }

    void faults_data()
    {
        QTest::addColumn<QJsonObject>("fault");
        QTest::addColumn<QJsonObject>("settings");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("requests");
        QTest::newRow("429 then success")
            << object("{'status': 429, 'count': 1, 'retryAfter': 1}") << QJsonObject() << true << "" << 2;
        QTest::newRow("503 then success") << object("{'status': 503, 'count': 1}") << QJsonObject() << true << "" << 2;
        QTest::newRow("500 beyond retries") << object("{'status': 500, 'count': 5}") << object("{'max_retries': '2'}")
                                            << false << "HTTP 500: Internal Server Error after 3 attempts" << 3;
        QTest::newRow("422 is final") << object("{'status': 422, 'count': 5}") << QJsonObject() << false
                                      << "HTTP 422 (invalid_parameter): request refused" << 1;
        QTest::newRow("malformed reply") << object("{'malformed': true, 'count': 1}") << QJsonObject() << false
                                         << "with a body that is not JSON" << 1;
        QTest::newRow("slow beyond timeout")
            << object("{'delayMs': 2500, 'count': 5}") << object("{'timeout_ms': '500', 'max_retries': '1'}") << false
            << "no answer within 500 ms" << 2;
    }
    void faults()
    {
        QFETCH(QJsonObject, fault);
        QFETCH(QJsonObject, settings);
        QFETCH(bool, succeeds);
        QFETCH(QString, message);
        QFETCH(int, requests);
        QString error;
        const std::optional<Fault> parsed = Fault::fromJson(fault, &error);
        QVERIFY2(parsed, qPrintable(error));
        QVERIFY(m_server.faultPlan().schedule(*parsed, &error));
        const ActionResult result = run(object("{'room_name': 'faulty'}"), connection(settings));
        QCOMPARE(result.isSuccess(), succeeds);
        if (!succeeds)
            QVERIFY2(result.errors.value(0).message.contains(message), qPrintable(result.errors.value(0).message));
        QTRY_COMPARE_WITH_TIMEOUT(m_server.requestCount(), requests, 5000);
    }

    void providerErrors_data()
    {
        QTest::addColumn<QJsonObject>("settings");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong token") << object("{'api_token': 'wrong'}") << int(ActionResult::Status::ProviderFailed)
                                     << ""
                                     << "HTTP 401: Unauthorized";
        QTest::newRow("no project") << object("{'project_id': ''}") << int(ActionResult::Status::ConfigurationError)
                                    << "project_id"
                                    << "SIGNALWIRE_PROJECT_ID";
        QTest::newRow("no space") << object("{'api_base': ''}") << int(ActionResult::Status::ConfigurationError)
                                  << "space"
                                  << "SIGNALWIRE_SPACE";
        QTest::newRow("bad base") << object("{'api_base': 'not a url'}")
                                  << int(ActionResult::Status::ConfigurationError) << "api_base"
                                  << "not an http(s) URL";
    }
    void providerErrors()
    {
        QFETCH(QJsonObject, settings);
        QFETCH(int, status);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const ActionResult result = run(object("{'room_name': 'a'}"), connection(settings));
        QCOMPARE(int(result.status), status);
        QCOMPARE(result.errors.value(0).field, field);
        QVERIFY2(result.errors.value(0).message.contains(message), qPrintable(result.errors.value(0).message));
        QVERIFY(!QJsonDocument(result.toJson()).toJson().contains(apiToken));
    }

    // SignalWire's documented error bodies become one error each, named by attribute.
    void documentedAnswers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("requests");
        const QByteArray url =
            "'url': "
            "'https://developer.signalwire.com/rest/signalwire-rest/overview/error-codes#field-invalid-parameter'";
        QTest::newRow("422 with attribute")
            << 422
            << QByteArray("{'errors': [{'type': 'validation_error', 'code': 'invalid_parameter', 'message': 'Name must "
                          "be present',"
                          " 'attribute': 'room_name', "
                          + url + "}]}")
                   .replace('\'', '"')
            << QStringList{"/room_name"} << "HTTP 422 (invalid_parameter): Name must be present" << 1;
        QTest::newRow("422, two entries, one without attribute")
            << 422
            << QByteArray("{'errors': [{'type': 'validation_error', 'code': 'invalid_parameter', 'message': "
                          "'Permissions are invalid',"
                          " 'attribute': 'permissions', "
                          + url
                          + "}, {'type': 'validation_error', 'code': 'invalid_request',"
                            " 'message': 'Request is invalid', 'attribute': null, "
                          + url + "}]}")
                   .replace('\'', '"')
            << QStringList{"/permissions", ""} << "Permissions are invalid" << 1;
        // Several errors about one property, and one about a property no input is sent as.
        QTest::newRow("422, two entries on one attribute, one unbound")
            << 422
            << QByteArray(
                   "{'errors': [{'code': 'invalid_parameter', 'message': 'is too long (maximum is 100 characters)',"
                   " 'attribute': 'room_name'}, {'code': 'invalid_parameter', 'message': 'is invalid',"
                   " 'attribute': 'room_name'}, {'code': 'invalid_parameter', 'message': 'is not allowed',"
                   " 'attribute': 'space_id'}]}")
                   .replace('\'', '"')
            << QStringList{"/room_name", "/room_name", ""} << "maximum is 100 characters" << 1;
        QTest::newRow("401") << 401 << QByteArray("{\"error\": \"Unauthorized\"}") << QStringList{""}
                             << "HTTP 401: Unauthorized" << 1;
        QTest::newRow("500 retried") << 500 << QByteArray("{\"error\": \"Internal Server Error\"}") << QStringList{""}
                                     << "HTTP 500: Internal Server Error after 2 attempts" << 2;
    }
    void documentedAnswers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QStringList, fields);
        QFETCH(QString, message);
        QFETCH(int, requests);
        m_recordedAnswer.status = status;
        m_recordedAnswer.body = body;
        const ActionResult result = run(object("{'room_name': 'a'}"),
                                        connection({{"api_base", m_recordedServer.url().toString() + "/api/video"},
                                                    {"max_retries", "1"}}));
        QCOMPARE(result.status, ActionResult::Status::ProviderFailed);
        QStringList errorFields;
        for (const ActionError &error : result.errors)
            errorFields.append(error.field);
        QCOMPARE(errorFields, fields);
        QVERIFY2(result.errors.value(0).message.contains(message), qPrintable(result.errors.value(0).message));
        QCOMPARE(result.errors.value(0).rule, QStringLiteral("http_%1").arg(status));
        QCOMPARE(m_recordedServer.requestCount(), requests);
    }

    // The errors after the first name their own problem; one on no input says which property it is about.
    void errorListKeepsEveryEntry()
    {
        m_recordedAnswer.status = 422;
        m_recordedAnswer.body =
            "{\"errors\": [{\"code\": \"invalid_parameter\", \"message\": \"is invalid\","
            " \"attribute\": \"user_name\"}, {\"code\": \"value_not_unique\", \"message\": \"is taken\","
            " \"attribute\": \"space_id\"}]}";
        const ActionResult result = run(object("{'room_name': 'a'}"),
                                        connection({{"api_base", m_recordedServer.url().toString()}}));
        QCOMPARE(result.errors.size(), 2);
        QCOMPARE(result.errors.at(0).field, QStringLiteral("/user_name"));
        QVERIFY2(result.errors.at(1).message.endsWith("(value_not_unique): is taken (about \"space_id\")"),
                 qPrintable(result.errors.at(1).message));
        QCOMPARE(result.errors.at(1).code, QStringLiteral("provider_error"));
    }

    /*
        SignalWire accepts Enable Room Previews and Room Display Name when the
        token does not create the room, and ignores them: a warning that says
        why, and the values are not sent.
    */
    void hiddenValuesIgnored()
    {
        const QJsonObject inputs = object(
            "{'room_name': 'a', 'auto_create_room': false, 'enable_room_previews': true, 'room_display_name': 'A',"
            " 'join_until': '2030-01-01'}");
        QVERIFY(m_runtime.action(actionId).validate(inputs).isEmpty());
        m_recordedAnswer.status = 200;
        m_recordedAnswer.body = "{\"token\": \"eyJ0eXAiOiJWUlQiLCJhbGciOiJIUzUxMiJ9.e30.c2ln\"}";
        const ActionResult result = run(inputs, connection({{"api_base", m_recordedServer.url().toString()}}));
        QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
        QStringList fields;
        for (const ActionError &warning : result.warnings) {
            QCOMPARE(warning.code, QStringLiteral("hidden_value_ignored"));
            QVERIFY2(warning.message.contains("is ignored because it applies only when Auto Create Room is Yes"),
                     qPrintable(warning.message));
            fields.append(warning.field);
        }
        QCOMPARE(fields, (QStringList{"/enable_room_previews", "/room_display_name"}));
        QVERIFY(!m_recordedAnswer.lastRequest.contains("enable_room_previews"));
        QVERIFY(!m_recordedAnswer.lastRequest.contains("room_display_name"));
        QCOMPARE(m_recordedAnswer.lastRequest.value("auto_create_room"), QJsonValue(false));

        // Shown, they are sent as given.
        QVERIFY(run(object("{'room_name': 'a', 'enable_room_previews': true, 'room_display_name': 'A'}"),
                    connection({{"api_base", m_recordedServer.url().toString()}}))
                    .isSuccess());
        QCOMPARE(m_recordedAnswer.lastRequest.value("room_display_name").toString(), QStringLiteral("A"));
        // As SignalWire does, the emulator accepts them for a room that must exist.
        QCOMPARE(
            postRoomToken("{\"room_name\": \"a\", \"auto_create_room\": false, \"room_display_name\": \"A\"}").status,
            200);
    }

    // The emulator checks requests as SignalWire's reference says, not as the declaration does.
    void emulatorFollowsReference()
    {
        const HttpAnswer unknown = postRoomToken("{\"room_name\": \"a\", \"room_nam\": \"b\"}");
        QCOMPARE(unknown.status, 422);
        QCOMPARE(unknown.json().value("errors").toArray().first()["attribute"].toString(), QStringLiteral("room_nam"));
        // The reference sets no lower bound on remove_after_seconds_elapsed; the declaration asks for more than 0.
        QCOMPARE(postRoomToken("{\"room_name\": \"a\", \"remove_after_seconds_elapsed\": 0}").status, 200);
        QCOMPARE(postRoomToken("{\"room_name\": \"a\", \"remove_after_seconds_elapsed\": 200001}").status, 422);
    }

    // SignalWire's own 422 answer, named by attribute, for what only it knows.
    void validationAnswerSurfaced()
    {
        const HttpAnswer answer = postRoomToken(QByteArray("{\"user_name\": 5}"));
        QCOMPARE(answer.status, 422);
        const QJsonArray errors = answer.json().value("errors").toArray();
        QStringList attributes;
        for (const QJsonValue &error : errors)
            attributes.append(error.toObject().value("attribute").toString());
        attributes.sort();
        QCOMPARE(attributes, (QStringList{"room_name", "user_name"}));
    }

    // The emulator reads times with the runtime's reader: what validation refuses, it refuses.
    void emulatorReadsTimesAsValidation_data()
    {
        QTest::addColumn<QString>("joinFrom");
        QTest::addColumn<int>("status");
        QTest::newRow("leap day") << "2028-02-29" << 200;
        QTest::newRow("February 29 of a common year") << "2026-02-29" << 422;
        QTest::newRow("two-digit year") << "26-01-01" << 422;
        QTest::newRow("five-digit year") << "10000-01-01" << 422;
        QTest::newRow("non-ASCII digits") << QString::fromUtf8("\u0662\u0660\u0662\u0666-01-01") << 422;
    }
    void emulatorReadsTimesAsValidation()
    {
        QFETCH(QString, joinFrom);
        QFETCH(int, status);
        QCOMPARE(postRoomToken(compactJson({{"room_name", "a"}, {"user_name", "b"}, {"join_from", joinFrom}})).status,
                 status);
    }

    // The command line drives the second provider with no change: run, inspect, batch.
    void commandLine()
    {
        EmulatorProcess emulator;
        QVERIFY2(emulator.start({}, {"--signalwire-project", QLatin1String(projectId), "--signalwire-token",
                                     QLatin1String(apiToken)}),
                 qPrintable(emulator.errorString()));

        QProcessEnvironment settings;
        settings.insert(QStringLiteral("SIGNALWIRE_API_BASE"),
                        emulator.url().toString() + QStringLiteral("/api/video"));
        settings.insert(QStringLiteral("SIGNALWIRE_PROJECT_ID"), QLatin1String(projectId));
        settings.insert(QStringLiteral("SIGNALWIRE_API_TOKEN"), QLatin1String(apiToken));
        settings.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("actionnode.*=true"));
        const QProcessEnvironment environment = actionnodeEnvironment(settings);
        const auto actionnode = [&environment](const QStringList &arguments, QByteArray *out, QByteArray *err) {
            const ProcessRun run = runActionnode(arguments, environment, {}, 30000);
            *out = run.out;
            *err = run.err;
            return run.exitCode;
        };
        QByteArray out, err;
        const int exitCode = actionnode({"run", actionId, "room_name=standup", "user_name=Alice",
                                         "permissions=room.self.audio_mute"},
                                        &out, &err);
        QVERIFY2(exitCode == 0, err.right(4000).constData()); // what went wrong, should it ever
        QVERIFY(!out.contains(apiToken) && !err.contains(apiToken));
        const QString token =
            QJsonDocument::fromJson(out).object().value("outputs").toObject().value("token").toString();
        QCOMPARE(actionnode({"inspect", token}, &out, &err), 0);
        const QJsonObject properties = QJsonDocument::fromJson(out).object().value("properties").toObject();
        QCOMPARE(properties.value("room_name").toString(), QStringLiteral("standup"));
        QCOMPARE(properties.value("user_name").toString(), QStringLiteral("Alice"));
        QCOMPARE(properties.value("permissions").toArray(), QJsonArray{"room.self.audio_mute"});

        QTemporaryFile input;
        QVERIFY(input.open());
        input.write(
            "{\"room_name\": \"a\"}\n{\"room_name\": \"b\", \"join_as\": \"audience\"}\n{\"room_name\": \"c d\"}\n");
        input.close();
        QCOMPARE(actionnode({"batch", actionId, "--input", input.fileName()}, &out, &err), 1);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value("status").toString(), QStringLiteral("succeeded"));
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value("status").toString(),
                 QStringLiteral("invalid_input"));
    }

    void seedTokenInspected()
    {
        const QByteArray seed =
            "eyJ0eXAiOiJWUlQiLCJhbGciOiJIUzUxMiJ9.eyJpYXQiOjE2MjIxMjAxMjMsImp0aSI6ImRmMzFjYTQ4LWRiZGMtNGJjZi1hYWU2LTQ1"
            "NWEwOGM5NDg2YSIsInN1YiI6IjBjOTdmNjM1LTFjMTMtNGZjMS04NmY3LWJiMmJlODU5ZDhiOSIsInUiOiJKb2huIERvZSIsInIiOiJ"
            "teV9zdXBlcl9hd2Vzb21lX3Jvb20iLCJzIjpbInJvb20uc2VsZi5hdWRpb191bm11dGUiXSwiYWNyIjp0cnVlLCJqZiI6MTYyMDg5Nj"
            "QwMCwianUiOjE2MjA5MDU5NjgsInJhdCI6MTYyMDkwMDAwMCwicnNlIjo5MDB9.5mu_H2PjQLtNBbMsBlS0c91EgsDjJzvZUFgj5-tP4"
            "VA0VoHZPIGgV_DLRGKt-BqG-DqC5LhpsdMWEFjhVkTBpQ";
        const ProcessRun run = runActionnode({"inspect", QString::fromLatin1(seed)});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(report.value("action").toString(), actionId);
        const QJsonObject properties = report.value("properties").toObject();
        QCOMPARE(properties.value("user_name").toString(), QStringLiteral("John Doe"));
        QCOMPARE(properties.value("room_name").toString(), QStringLiteral("my_super_awesome_room"));
        QCOMPARE(properties.value("join_from").toString(), QStringLiteral("2021-05-13T09:00:00Z"));
        QCOMPARE(properties.value("remove_after_seconds_elapsed").toInt(), 900);
    }
};

const QString TestSignalWire::actionId = QStringLiteral("signalwire.create_room_token");

QTEST_GUILESS_MAIN(TestSignalWire)
#include "tst_signalwire.moc"
