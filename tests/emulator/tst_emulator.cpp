#include "support/httpexchange.h"
#include "support/processrun.h"
#include "support/serverprocess.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/sdk/jwt.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray apiKey = "tst-emulator-key";

using Response = HttpAnswer;

//! Daily's error type and message in an error answer.
QString errorTypeOf(const Response &response)
{
    return response.json().value(QLatin1String("error")).toString();
}
QString infoOf(const Response &response)
{
    return response.json().value(QLatin1String("info")).toString();
}

QByteArray tokenBody(const QJsonObject &properties)
{
    return compactJson(QJsonObject{{QStringLiteral("properties"), properties}});
}

} // namespace

class TestEmulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void createToken();
    void createTokenWithoutProperties();
    void authentication_data();
    void authentication();
    void badProperty_data();
    void badProperty();
    void validateRoundTrip();
    void validateSelfSignedToken();
    void validateRefuses_data();
    void validateRefuses();
    void domainConfig();
    void accountsKeepTheirOwnRooms();
    void addAccountRefuses_data();
    void addAccountRefuses();
    void unknownRoute_data();
    void unknownRoute();
    void declaredPropertyAccepted_data();
    void declaredPropertyAccepted();
    void unreadableDeclarations();
    void webhookBodyChecked_data();
    void webhookBodyChecked();
    void transcriptEventNamesTheRoomById();

    void faultModes_data();
    void faultModes();
    void dropOnceIsRetried();
    void faultsApplyInOrder();
    void statsAndReset();
    void controlEndpointRejects_data();
    void controlEndpointRejects();
    void controlEndpointListsAndRoutes();

    void executable();
    void executableRefusesUnreadableDeclarations();

private:
    Response send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QByteArray &authorization = "Bearer " + apiKey);
    Response requestToken(const QJsonObject &properties);
    void applyFault(const QJsonObject &fault, bool viaControlEndpoint);

    EmulatorServer m_server;
    DailyEmulator *m_daily = nullptr;
    QNetworkAccessManager m_network;
};

void TestEmulator::initTestCase()
{
    m_daily = new DailyEmulator(apiKey, &m_server);
    QVERIFY2(m_server.listen(0), qPrintable(m_server.errorString()));
    QVERIFY(m_server.port() != 0);
    QCOMPARE(m_server.url().host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(m_daily->apiBaseUrl(), m_server.url().toString() + QStringLiteral("/v1"));
    m_network.setProxy(QNetworkProxy::NoProxy); // the emulator is on loopback, never via a proxy
}

void TestEmulator::init()
{
    m_server.reset();
    // Fresh connections, so how Qt re-sends after a dropped one is the same for every test.
    m_network.clearConnectionCache();
}

Response TestEmulator::send(const QByteArray &method, const QString &path, const QByteArray &body,
                            const QByteArray &authorization)
{
    // Declared JSON even without a body: what the emulator makes of that is under test too.
    HttpHeaders headers{{"Content-Type", "application/json"}};
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    const Response response = sendRequest(m_network, method, m_server.url().resolved(QUrl(path)), body, headers, 25000);
    if (response.status == 0 && response.error == QNetworkReply::OperationCanceledError)
        qWarning("no answer from the emulator for %s %s", method.constData(), qPrintable(path));
    return response;
}

Response TestEmulator::requestToken(const QJsonObject &properties)
{
    return send("POST", QStringLiteral("/v1/meeting-tokens"), tokenBody(properties));
}

void TestEmulator::applyFault(const QJsonObject &fault, bool viaControlEndpoint)
{
    if (viaControlEndpoint) {
        const Response response = send("POST", QStringLiteral("/_emulator/faults"), compactJson(fault), {});
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(QLatin1String("pending")).toArray().size(), 1);
    } else {
        QString error;
        const std::optional<Fault> parsed = Fault::fromJson(fault, &error);
        QVERIFY2(parsed, qPrintable(error));
        QVERIFY(m_server.faultPlan().schedule(*parsed, &error));
    }
}

void TestEmulator::createToken()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject properties{
        {QStringLiteral("room_name"), QStringLiteral("hello")},
        {QStringLiteral("user_name"), QStringLiteral("A. User")},
        {QStringLiteral("user_id"), QStringLiteral("0c97f635-1c13-4fc1-86f7-bb2be859d8b9")},
        {QStringLiteral("is_owner"), true},
        {QStringLiteral("exp"), now + 3600},
        {QStringLiteral("nbf"), now - 60},
        {QStringLiteral("eject_after_elapsed"), 900},
        {QStringLiteral("lang"), QStringLiteral("pt-BR")},
        {QStringLiteral("enable_recording"), QStringLiteral("cloud")},
        {QStringLiteral("start_cloud_recording"), true},
        {QStringLiteral("auto_start_transcription"), false},
        {QStringLiteral("enable_prejoin_ui"), true},
        {QStringLiteral("permissions"),
         QJsonObject{{QStringLiteral("hasPresence"), true},
                     {QStringLiteral("canSend"), QJsonArray{QStringLiteral("video"), QStringLiteral("screenAudio")}},
                     {QStringLiteral("canReceive"), QJsonObject{{QStringLiteral("base"), false}}}}},
    };
    const Response response = requestToken(properties);
    QCOMPARE(response.status, 200);
    const QJsonObject body = response.json();
    QCOMPARE(body.keys(), QStringList{QStringLiteral("token")});
    const QByteArray token = body.value(QLatin1String("token")).toString().toLatin1();

    QString error;
    QVERIFY2(Jwt::verify(token, apiKey, &error), qPrintable(error));
    QVERIFY(!Jwt::verify(token, "another-key"));

    const Jwt::Decoded decoded = Jwt::decode(token);
    QCOMPARE(decoded.header, (QJsonObject{{QStringLiteral("alg"), QStringLiteral("HS256")},
                                          {QStringLiteral("typ"), QStringLiteral("JWT")}}));
    const QJsonObject &claims = decoded.claims;
    const qint64 iat = claims.value(QLatin1String("iat")).toInteger();
    QVERIFY2(qAbs(iat - now) <= 5, qPrintable(QString::number(iat)));
    QJsonObject expected{
        {QStringLiteral("d"), DailyEmulator::defaultDomainId()},
        {QStringLiteral("iat"), iat},
        {QStringLiteral("r"), QStringLiteral("hello")},
        {QStringLiteral("u"), QStringLiteral("A. User")},
        {QStringLiteral("ud"), QStringLiteral("0c97f635-1c13-4fc1-86f7-bb2be859d8b9")},
        {QStringLiteral("o"), true},
        {QStringLiteral("exp"), now + 3600},
        {QStringLiteral("nbf"), now - 60},
        {QStringLiteral("eje"), 900},
        {QStringLiteral("uil"), QStringLiteral("pt-BR")},
        {QStringLiteral("er"), QStringLiteral("cloud")},
        {QStringLiteral("sr"), true},
        {QStringLiteral("ast"), false},
        // Daily documents no abbreviation for this one.
        {QStringLiteral("enable_prejoin_ui"), true},
        {QStringLiteral("p"), QJsonObject{{QStringLiteral("hp"), true},
                                          {QStringLiteral("cs"), QStringLiteral("v,sa")},
                                          {QStringLiteral("cr"), QJsonObject{{QStringLiteral("b"), false}}}}},
    };
    QCOMPARE(claims, expected);

    QCOMPARE(m_server.tokensIssued(), 1);
    QCOMPARE(m_server.requestCount(), 1);
}

void TestEmulator::createTokenWithoutProperties()
{
    for (const QByteArray &body : {QByteArray(), QByteArray("{}"), tokenBody({})}) {
        const Response response = send("POST", QStringLiteral("/v1/meeting-tokens"), body);
        QCOMPARE(response.status, 200);
        const QByteArray token = response.json().value(QLatin1String("token")).toString().toLatin1();
        QVERIFY(Jwt::verify(token, apiKey));
        QCOMPARE(Jwt::decode(token).claims.keys(), (QStringList{QStringLiteral("d"), QStringLiteral("iat")}));
    }
    QCOMPARE(m_server.tokensIssued(), 3);
}

void TestEmulator::authentication_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorType");

    QTest::newRow("wrong key") << QByteArray("Bearer wrong-key") << 401 << QStringLiteral("authentication-error");
    QTest::newRow("key with suffix") << "Bearer " + apiKey + "x" << 401 << QStringLiteral("authentication-error");
    QTest::newRow("missing header") << QByteArray() << 400 << QStringLiteral("authorization-header-error");
    QTest::newRow("basic scheme") << QByteArray("Basic dGVzdDp0ZXN0") << 400 << QStringLiteral("invalid-request-error");
    QTest::newRow("bearer without key") << QByteArray("Bearer ") << 400 << QStringLiteral("invalid-request-error");
}

void TestEmulator::authentication()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, errorType);

    for (const auto &[method, path] : {qMakePair(QByteArray("POST"), QStringLiteral("/v1/meeting-tokens")),
                                       qMakePair(QByteArray("GET"), QStringLiteral("/v1/"))}) {
        const Response response = send(method, path, tokenBody({}), authorization);
        QCOMPARE(response.status, status);
        QCOMPARE(errorTypeOf(response), errorType);
        QVERIFY(!infoOf(response).isEmpty());
        QVERIFY(!response.body.contains(apiKey));
    }
    QCOMPARE(m_server.tokensIssued(), 0);
}

void TestEmulator::badProperty_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("infoNames");

    const auto row = [](const char *name, const QString &property, const QJsonValue &value, const QString &infoNames) {
        QTest::newRow(name) << tokenBody({{property, value}}) << infoNames;
    };
    row("room_name with a space", QStringLiteral("room_name"), QStringLiteral("my room"), QStringLiteral("room_name"));
    row("room_name with a slash", QStringLiteral("room_name"), QStringLiteral("a/b"), QStringLiteral("room_name"));
    row("room_name empty", QStringLiteral("room_name"), QString(), QStringLiteral("room_name"));
    row("room_name too long", QStringLiteral("room_name"), QString(129, QLatin1Char('r')), QStringLiteral("room_name"));
    row("room_name a number", QStringLiteral("room_name"), 42, QStringLiteral("room_name"));
    row("user_id 37 characters", QStringLiteral("user_id"), QString(37, QLatin1Char('u')), QStringLiteral("user_id"));
    row("user_name not a string", QStringLiteral("user_name"), QJsonArray{1}, QStringLiteral("user_name"));
    row("is_owner a string", QStringLiteral("is_owner"), QStringLiteral("true"), QStringLiteral("is_owner"));
    row("enable_screenshare null", QStringLiteral("enable_screenshare"), QJsonValue(),
        QStringLiteral("enable_screenshare"));
    row("enable_recording unknown", QStringLiteral("enable_recording"), QStringLiteral("rtp"),
        QStringLiteral("enable_recording"));
    row("lang ja", QStringLiteral("lang"), QStringLiteral("ja"), QStringLiteral("lang"));
    row("exp negative", QStringLiteral("exp"), -1, QStringLiteral("exp"));
    row("exp fractional", QStringLiteral("exp"), 1.5, QStringLiteral("exp"));
    row("nbf a string", QStringLiteral("nbf"), QStringLiteral("1700000000"), QStringLiteral("nbf"));
    row("eject_after_elapsed negative", QStringLiteral("eject_after_elapsed"), -60,
        QStringLiteral("eject_after_elapsed"));
    row("redirect_on_meeting_exit not a URL", QStringLiteral("redirect_on_meeting_exit"), QStringLiteral("not a url"),
        QStringLiteral("redirect_on_meeting_exit"));
    row("redirect_on_meeting_exit without ://", QStringLiteral("redirect_on_meeting_exit"),
        QStringLiteral("mailto:someone@example.com"), QStringLiteral("redirect_on_meeting_exit"));
    row("start_cloud_recording_opts a string", QStringLiteral("start_cloud_recording_opts"), QStringLiteral("{}"),
        QStringLiteral("start_cloud_recording_opts"));
    row("unknown property", QStringLiteral("room"), QStringLiteral("hello"), QStringLiteral("room"));
    row("unknown property of a megabyte", QString(1 << 20, QLatin1Char('k')), true,
        QString(200, QLatin1Char('k')) + QStringLiteral("…:"));
    row("permissions not an object", QStringLiteral("permissions"), true, QStringLiteral("permissions"));
    row("permissions.canSend unknown media", QStringLiteral("permissions"),
        QJsonObject{{QStringLiteral("canSend"), QJsonArray{QStringLiteral("video"), QStringLiteral("smell")}}},
        QStringLiteral("permissions.canSend: [\"video\",\"smell\"] has none of the allowed forms"));
    row("permissions.canAdmin a string", QStringLiteral("permissions"),
        QJsonObject{{QStringLiteral("canAdmin"), QStringLiteral("participants")}},
        QStringLiteral("permissions.canAdmin"));
    row("permissions.hasPresence a number", QStringLiteral("permissions"),
        QJsonObject{{QStringLiteral("hasPresence"), 1}}, QStringLiteral("permissions.hasPresence"));
    row("permissions unknown key", QStringLiteral("permissions"), QJsonObject{{QStringLiteral("canFly"), true}},
        QStringLiteral("permissions.canFly"));
    row("permissions.canReceive.base a string", QStringLiteral("permissions"),
        QJsonObject{{QStringLiteral("canReceive"), QJsonObject{{QStringLiteral("base"), QStringLiteral("all")}}}},
        QStringLiteral("permissions.canReceive.base"));

    QTest::newRow("properties not an object") << QByteArray(R"({"properties":[]})") << QStringLiteral("properties");
    QTest::newRow("field beside properties")
        << QByteArray(R"({"properties":{},"room_name":"a"})") << QStringLiteral("room_name");
    QTest::newRow("body not JSON") << QByteArray("room_name=hello") << QStringLiteral("JSON");
    QTest::newRow("body a JSON array") << QByteArray("[]") << QStringLiteral("JSON object");
}

void TestEmulator::badProperty()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, infoNames);

    const Response response = send("POST", QStringLiteral("/v1/meeting-tokens"), body);
    QCOMPARE(response.status, 400);
    QCOMPARE(errorTypeOf(response), QStringLiteral("invalid-request-error"));
    QVERIFY2(infoOf(response).contains(infoNames), qPrintable(infoOf(response)));
    QVERIFY2(response.body.size() < 2000, response.body.left(300).constData());
    QCOMPARE(m_server.tokensIssued(), 0);
}

void TestEmulator::validateRoundTrip()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject properties{
        {QStringLiteral("room_name"), QStringLiteral("round-trip_1")},
        {QStringLiteral("user_name"), QStringLiteral("Zoë")},
        {QStringLiteral("is_owner"), false},
        {QStringLiteral("exp"), now + 600},
        {QStringLiteral("close_tab_on_exit"), true},
        {QStringLiteral("redirect_on_meeting_exit"), QStringLiteral("https://example.com/bye")},
        {QStringLiteral("enable_live_captions_ui"), true},
        {QStringLiteral("permissions"),
         QJsonObject{{QStringLiteral("canSend"), QJsonArray{QStringLiteral("audio")}},
                     {QStringLiteral("canAdmin"),
                      QJsonArray{QStringLiteral("participants"), QStringLiteral("transcription")}}}},
    };
    const Response created = requestToken(properties);
    QCOMPARE(created.status, 200);
    const QString token = created.json().value(QLatin1String("token")).toString();

    const Response validated = send("GET", QStringLiteral("/v1/meeting-tokens/") + token);
    QCOMPARE(validated.status, 200);
    QJsonObject expected = properties;
    expected.insert(QStringLiteral("domain_id"), DailyEmulator::defaultDomainId());
    QCOMPARE(validated.json(), expected);
}

void TestEmulator::validateSelfSignedToken()
{
    // A token self-signed with the key and Daily's abbreviations is accepted like an issued one.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims{{QStringLiteral("r"), QStringLiteral("test")},
                             {QStringLiteral("iat"), now},
                             {QStringLiteral("d"), DailyEmulator::defaultDomainId()},
                             {QStringLiteral("o"), true},
                             {QStringLiteral("ejt"), true}};
    const QByteArray token = Jwt::sign(claims, apiKey);
    const Response validated = send("GET", QStringLiteral("/v1/meeting-tokens/") + QString::fromLatin1(token));
    QCOMPARE(validated.status, 200);
    QCOMPARE(validated.json(), (QJsonObject{{QStringLiteral("room_name"), QStringLiteral("test")},
                                            {QStringLiteral("domain_id"), DailyEmulator::defaultDomainId()},
                                            {QStringLiteral("is_owner"), true},
                                            {QStringLiteral("eject_at_token_exp"), true}}));
    QCOMPARE(m_daily->propertiesFromClaims(claims), validated.json());
}

void TestEmulator::validateRefuses_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("infoPart");

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto claims = [now](const QString &key, const QJsonValue &value) {
        QJsonObject object{{QStringLiteral("r"), QStringLiteral("room")},
                           {QStringLiteral("iat"), now},
                           {QStringLiteral("d"), DailyEmulator::defaultDomainId()}};
        object.insert(key, value);
        return object;
    };
    const auto token = [](const QJsonObject &object, const QByteArray &key = apiKey) {
        return QString::fromLatin1(Jwt::sign(object, key));
    };
    const QString good = token(claims(QStringLiteral("o"), true));

    QTest::newRow("other key") << token(claims(QStringLiteral("o"), true), "not-the-key") << QString() << 400
                               << QStringLiteral("signature mismatch");
    QTest::newRow("tampered payload") << good.section(QLatin1Char('.'), 0, 0) + QLatin1Char('.')
                                             + QString::fromLatin1(
                                                 Jwt::base64UrlEncode(compactJson(claims(QStringLiteral("o"), false))))
                                             + QLatin1Char('.') + good.section(QLatin1Char('.'), 2, 2)
                                      << QString() << 400 << QStringLiteral("signature mismatch");
    QTest::newRow("not a token") << QStringLiteral("not-a-token") << QString() << 400
                                 << QStringLiteral("malformed token");
    QTest::newRow("other domain") << token(claims(QStringLiteral("d"), QStringLiteral("another-domain-id")))
                                  << QString() << 400 << QStringLiteral("another domain");
    QTest::newRow("expired") << token(claims(QStringLiteral("exp"), now - 10)) << QString() << 400
                             << QStringLiteral("expired");
    QTest::newRow("not yet valid") << token(claims(QStringLiteral("nbf"), now + 3600)) << QString() << 400
                                   << QStringLiteral("ignoreNbf");
    QTest::newRow("not yet valid, ignoreNbf")
        << token(claims(QStringLiteral("nbf"), now + 3600)) << QStringLiteral("?ignoreNbf=true") << 200 << QString();
}

void TestEmulator::validateRefuses()
{
    QFETCH(QString, token);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, infoPart);

    const Response response = send("GET", QStringLiteral("/v1/meeting-tokens/") + token + query);
    QCOMPARE(response.status, status);
    if (status != 200) {
        QCOMPARE(errorTypeOf(response), QStringLiteral("invalid-request-error"));
        QVERIFY2(infoOf(response).contains(infoPart), qPrintable(infoOf(response)));
    } else {
        QCOMPARE(response.json().value(QLatin1String("room_name")).toString(), QStringLiteral("room"));
    }
}

void TestEmulator::domainConfig()
{
    const Response response = send("GET", QStringLiteral("/v1/"));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QLatin1String("domain_name")).toString(), DailyEmulator::defaultDomainName());
    QCOMPARE(response.json().value(QLatin1String("domain_id")).toString(), DailyEmulator::defaultDomainId());
}

// Each key reaches its own domain: rooms, domain config and tokens; the listing names no key.
void TestEmulator::accountsKeepTheirOwnRooms()
{
    const QByteArray otherKey = "tst-emulator-other-key";
    const QByteArray other = "Bearer " + otherKey;
    QCOMPARE(send("POST", "/_emulator/daily/accounts",
                  compactJson(QJsonObject{
                      {"api_key", QString::fromLatin1(otherKey)}, {"domain", "other"}, {"domain_id", "d-2"}}))
                 .status,
             200);
    QCOMPARE(send("POST", "/v1/rooms", compactJson(QJsonObject{{"name", "first-room"}})).status, 200);
    QCOMPARE(send("POST", "/v1/rooms", compactJson(QJsonObject{{"name", "other-room"}}), other).status, 200);
    QCOMPARE(send("POST", "/v1/rooms", compactJson(QJsonObject{{"name", "shared-name"}}), other).status, 200);
    QCOMPARE(send("POST", "/v1/rooms", compactJson(QJsonObject{{"name", "shared-name"}})).status,
             200); // another domain's name

    const auto roomNames = [](const Response &listing) {
        QStringList names;
        for (const QJsonValue &room : listing.json().value("data").toArray())
            names.append(room.toObject().value("name").toString());
        names.sort();
        return names;
    };
    QCOMPARE(roomNames(send("GET", "/v1/rooms")), QStringList({"first-room", "shared-name"}));
    QCOMPARE(roomNames(send("GET", "/v1/rooms", {}, other)), QStringList({"other-room", "shared-name"}));
    QCOMPARE(send("GET", "/v1/rooms/other-room").status, 404);
    QVERIFY(send("GET", "/v1/rooms/other-room", {}, other).json().value("url").toString().contains("other"));
    QCOMPARE(send("GET", "/v1/", {}, other).json().value("domain_id").toString(), "d-2");
    QCOMPARE(send("GET", "/v1/").json().value("domain_id").toString(), DailyEmulator::defaultDomainId());

    // A token is signed with its account's key and valid in that account alone.
    const QString token = send("POST", "/v1/meeting-tokens", tokenBody({}), other).json().value("token").toString();
    QCOMPARE(Jwt::decode(token.toUtf8()).claims.value("d").toString(), "d-2");
    QCOMPARE(send("GET", "/v1/meeting-tokens/" + token, {}, other).status, 200);
    QCOMPARE(send("GET", "/v1/meeting-tokens/" + token).status, 400);
    // Webhooks are the first account's.
    QCOMPARE(send("GET", "/v1/webhooks", {}, other).status, 403);
    QCOMPARE(send("GET", "/v1/webhooks").status, 200);

    const Response accounts = send("GET", "/_emulator/daily/accounts");
    QCOMPARE(accounts.status, 200);
    QVERIFY(!accounts.body.contains(apiKey));
    QVERIFY(!accounts.body.contains(otherKey));
    const QJsonArray listed = accounts.json().value("accounts").toArray();
    QCOMPARE(listed.size(), 2);
    QCOMPARE(listed.at(1).toObject().value("domain").toString(), "other");
    QCOMPARE(listed.at(1).toObject().value("rooms").toInt(), 2);
    QCOMPARE(listed.at(1).toObject().value("requests").toInt(), 7);
    const QJsonArray arrivals = accounts.json().value("arrivals").toArray();
    QCOMPARE(arrivals.size(), 13); // every authenticated request but the webhooks', a 404 too
    QCOMPARE(arrivals.at(0).toString(), DailyEmulator::defaultDomainName());
    QCOMPARE(arrivals.at(1).toString(), "other");

    // A reset forgets the added account.
    QCOMPARE(send("POST", "/_emulator/reset").status, 200);
    QCOMPARE(send("GET", "/v1/rooms", {}, other).status, 401);
}

void TestEmulator::addAccountRefuses_data()
{
    QTest::addColumn<QJsonObject>("account");
    QTest::addColumn<QString>("message");
    QTest::newRow("no key") << QJsonObject{{"domain", "x"}, {"domain_id", "y"}} << "non-empty api_key";
    QTest::newRow("taken key") << QJsonObject{{"api_key", QString::fromLatin1(apiKey)},
                                              {"domain", "x"},
                                              {"domain_id", "y"}}
                               << "exists already";
    QTest::newRow("taken domain") << QJsonObject{{"api_key", "k"},
                                                 {"domain", DailyEmulator::defaultDomainName()},
                                                 {"domain_id", "y"}}
                                  << "exists already";
}

void TestEmulator::addAccountRefuses()
{
    QFETCH(QJsonObject, account);
    QFETCH(QString, message);
    const Response response = send("POST", "/_emulator/daily/accounts", compactJson(account));
    QCOMPARE(response.status, 400);
    QVERIFY2(infoOf(response).contains(message), qPrintable(infoOf(response)));
    QCOMPARE(send("GET", "/_emulator/daily/accounts").json().value("accounts").toArray().size(), 1);
}

void TestEmulator::unknownRoute_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<int>("countedRequests");

    QTest::newRow("root") << QByteArray("GET") << QStringLiteral("/") << 404 << QStringLiteral("not-found") << 0;
    QTest::newRow("outside the API") << QByteArray("POST") << QStringLiteral("/meeting-tokens") << 404
                                     << QStringLiteral("not-found") << 0;
    QTest::newRow("other Daily resource")
        << QByteArray("GET") << QStringLiteral("/v1/logs") << 404 << QStringLiteral("not-found") << 1;
    QTest::newRow("nested token path") << QByteArray("GET") << QStringLiteral("/v1/meeting-tokens/a/b") << 404
                                       << QStringLiteral("not-found") << 1;
    QTest::newRow("wrong method") << QByteArray("DELETE") << QStringLiteral("/v1/meeting-tokens") << 405
                                  << QStringLiteral("method-not-allowed") << 1;
}

void TestEmulator::unknownRoute()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, errorType);
    QFETCH(int, countedRequests);

    const Response response = send(method, path);
    QCOMPARE(response.status, status);
    QCOMPARE(errorTypeOf(response), errorType);
    QVERIFY(!infoOf(response).isEmpty());
    QCOMPARE(m_server.requestCount(), countedRequests);
}

void TestEmulator::faultModes_data()
{
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<bool>("viaControlEndpoint");

    const QList<QPair<const char *, QJsonObject>> faults = {
        {"429 twice with Retry-After",
         {{QStringLiteral("status"), 429}, {QStringLiteral("count"), 2}, {QStringLiteral("retryAfter"), 1}}},
        {"503 once", {{QStringLiteral("status"), 503}, {QStringLiteral("count"), 1}}},
        {"500 once", {{QStringLiteral("status"), 500}, {QStringLiteral("count"), 1}}},
        {"slow reply", {{QStringLiteral("delayMs"), 1500}, {QStringLiteral("count"), 1}}},
        // Count 2: the client re-sends once after the first drop (see dropOnceIsRetried()).
        {"drop", {{QStringLiteral("drop"), true}, {QStringLiteral("count"), 2}}},
        {"drop after a delay",
         {{QStringLiteral("drop"), true}, {QStringLiteral("delayMs"), 300}, {QStringLiteral("count"), 2}}},
        {"malformed", {{QStringLiteral("malformed"), true}, {QStringLiteral("count"), 1}}},
        {"a body of the test's choosing",
         {{QStringLiteral("body"), QStringLiteral("<html>Bad gateway</html>")}, {QStringLiteral("count"), 2}}},
    };
    for (const auto &[name, fault] : faults) {
        QTest::addRow("%s, C++", name) << fault << false;
        QTest::addRow("%s, control endpoint", name) << fault << true;
    }
}

void TestEmulator::faultModes()
{
    QFETCH(QJsonObject, fault);
    QFETCH(bool, viaControlEndpoint);

    applyFault(fault, viaControlEndpoint);
    const int count = fault.value(QLatin1String("count")).toInt();
    const int status = fault.value(QLatin1String("status")).toInt();
    const int delayMs = fault.value(QLatin1String("delayMs")).toInt();
    const bool drop = fault.value(QLatin1String("drop")).toBool();
    const QJsonObject properties{{QStringLiteral("room_name"), QStringLiteral("faulty")}};

    const int clientRequests = drop ? count / 2 : count;
    for (int i = 0; i < clientRequests; ++i) {
        const Response response = requestToken(properties);
        QVERIFY2(response.elapsedMs >= delayMs - 50, qPrintable(QString::number(response.elapsedMs)));
        if (status != 0) {
            QCOMPARE(response.status, status);
            QCOMPARE(errorTypeOf(response),
                     status == 429 ? QStringLiteral("rate-limit-error") : QStringLiteral("server-error"));
            const QJsonValue retryAfter = fault.value(QLatin1String("retryAfter"));
            QCOMPARE(response.headers.value("retry-after"),
                     retryAfter.isUndefined() ? QByteArray() : QByteArray::number(retryAfter.toInt()));
        } else if (drop) {
            QCOMPARE(response.status, 0);
            QCOMPARE(response.error, QNetworkReply::RemoteHostClosedError);
            QVERIFY(response.body.isEmpty());
        } else if (fault.contains(QLatin1String("body"))) {
            QCOMPARE(response.status, 200);
            QCOMPARE(response.body, fault.value(QLatin1String("body")).toString().toUtf8());
        } else if (fault.value(QLatin1String("malformed")).toBool()) {
            QCOMPARE(response.status, 200);
            QJsonParseError parseError;
            QJsonDocument::fromJson(response.body, &parseError);
            QVERIFY(parseError.error != QJsonParseError::NoError);
        } else {
            // Delay only: late, but otherwise a normal answer.
            QCOMPARE(response.status, 200);
            QVERIFY(Jwt::verify(response.json().value(QLatin1String("token")).toString().toLatin1(), apiKey));
        }
    }
    QVERIFY(m_server.faultPlan().isEmpty());

    const Response normal = requestToken(properties);
    QCOMPARE(normal.status, 200);
    QVERIFY(normal.headers.value("retry-after").isEmpty());
    QVERIFY2(normal.elapsedMs < 1000, qPrintable(QString::number(normal.elapsedMs)));
    QVERIFY(Jwt::verify(normal.json().value(QLatin1String("token")).toString().toLatin1(), apiKey));
    QCOMPARE(m_server.requestCount(), count + 1);
    QCOMPARE(m_server.tokensIssued(), delayMs > 0 && status == 0 && !drop ? 2 : 1);
}

void TestEmulator::dropOnceIsRetried()
{
    // What a Qt client does with a single dropped connection: it re-sends the
    // request, so the emulator sees two requests and the client one answer.
    applyFault({{QStringLiteral("drop"), true}}, false);
    const Response response = requestToken({});
    QCOMPARE(response.status, 200);
    QCOMPARE(m_server.requestCount(), 2);
    QCOMPARE(m_server.tokensIssued(), 1);
}

void TestEmulator::faultsApplyInOrder()
{
    Fault unavailable;
    unavailable.status = 503;
    Fault limited;
    limited.status = 429;
    limited.retryAfter = 7;
    limited.count = 2;
    QVERIFY(m_server.faultPlan().schedule(unavailable));
    QVERIFY(m_server.faultPlan().schedule(limited));

    Fault inconsistent;
    inconsistent.drop = true;
    inconsistent.malformed = true;
    QString error;
    QVERIFY(!m_server.faultPlan().schedule(inconsistent, &error));
    QVERIFY2(error.contains(QLatin1String("only one of")), qPrintable(error));

    QCOMPARE(requestToken({}).status, 503);
    const Response first = requestToken({});
    QCOMPARE(first.status, 429);
    QCOMPARE(first.headers.value("retry-after"), QByteArray("7"));
    QCOMPARE(requestToken({}).status, 429);
    QCOMPARE(requestToken({}).status, 200);
}

void TestEmulator::statsAndReset()
{
    QCOMPARE(requestToken({}).status, 200);
    QCOMPARE(requestToken({}).status, 200);
    QCOMPARE(send("POST", QStringLiteral("/v1/meeting-tokens"), {}, "Bearer wrong").status, 401);

    Response stats = send("GET", QStringLiteral("/_emulator/stats"), {}, {});
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.json(), (QJsonObject{{QStringLiteral("requests"), 3},
                                        {QStringLiteral("tokensIssued"), 2},
                                        {QStringLiteral("peakConcurrentRequests"), 1}}));
    QCOMPARE(m_server.stats(), stats.json());

    applyFault({{QStringLiteral("status"), 500}}, true);
    const Response reset = send("POST", QStringLiteral("/_emulator/reset"), {}, {});
    QCOMPARE(reset.status, 200);
    QCOMPARE(reset.json(), (QJsonObject{{QStringLiteral("requests"), 0},
                                        {QStringLiteral("tokensIssued"), 0},
                                        {QStringLiteral("peakConcurrentRequests"), 0}}));
    QVERIFY(m_server.faultPlan().isEmpty());
    QCOMPARE(requestToken({}).status, 200); // the 500 was cleared

    stats = send("GET", QStringLiteral("/_emulator/stats"), {}, {});
    QCOMPARE(stats.json(), (QJsonObject{{QStringLiteral("requests"), 1},
                                        {QStringLiteral("tokensIssued"), 1},
                                        {QStringLiteral("peakConcurrentRequests"), 1}}));
}

void TestEmulator::controlEndpointRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("infoPart");

    QTest::newRow("not JSON") << QByteArray("status=429") << QStringLiteral("not valid JSON");
    QTest::newRow("empty list") << QByteArray("[]") << QStringLiteral("non-empty array");
    QTest::newRow("status 200") << QByteArray(R"({"status":200})") << QStringLiteral("\"status\"");
    QTest::newRow("status a string") << QByteArray(R"({"status":"429"})")
                                     << QStringLiteral("\"status\" must be an integer");
    QTest::newRow("unknown field") << QByteArray(R"({"stauts":429})")
                                   << QStringLiteral("unknown fault field \"stauts\"");
    QTest::newRow("retryAfter alone") << QByteArray(R"({"retryAfter":1})")
                                      << QStringLiteral("\"retryAfter\" needs a \"status\"");
    QTest::newRow("drop and malformed") << QByteArray(R"({"drop":true,"malformed":true})")
                                        << QStringLiteral("only one of");
    QTest::newRow("stall and body") << QByteArray(R"({"stall":true,"body":"{}"})") << QStringLiteral("only one of");
    QTest::newRow("body not a text") << QByteArray(R"({"body":{"token":5}})")
                                     << QStringLiteral("\"body\" must be a string");
    QTest::newRow("bodyBytes too few") << QByteArray(R"({"bodyBytes":3})")
                                       << QStringLiteral("\"bodyBytes\" must be an integer from 16");
    QTest::newRow("count 0") << QByteArray(R"({"status":500,"count":0})") << QStringLiteral("\"count\"");
    QTest::newRow("negative delay") << QByteArray(R"({"delayMs":-5})") << QStringLiteral("\"delayMs\"");
    QTest::newRow("nothing to do") << QByteArray(R"({"count":3})") << QStringLiteral("a fault needs");
    QTest::newRow("drop not a boolean") << QByteArray(R"([{"status":500},{"drop":"yes"}])")
                                        << QStringLiteral("faults[1]: \"drop\" must be true or false");
}

void TestEmulator::controlEndpointRejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, infoPart);

    const Response response = send("POST", QStringLiteral("/_emulator/faults"), body, {});
    QCOMPARE(response.status, 400);
    QCOMPARE(errorTypeOf(response), QStringLiteral("invalid-request-error"));
    QVERIFY2(infoOf(response).contains(infoPart), qPrintable(infoOf(response)));
    QVERIFY(m_server.faultPlan().isEmpty()); // a rejected list schedules none of its faults
}

void TestEmulator::controlEndpointListsAndRoutes()
{
    const QByteArray faults = R"([{"status":503},{"delayMs":100,"count":2}])";
    Response response = send("POST", QStringLiteral("/_emulator/faults"), faults, {});
    QCOMPARE(response.status, 200);
    response = send("GET", QStringLiteral("/_emulator/faults"), {}, {});
    QCOMPARE(response.status, 200);
    const QJsonArray pending = response.json().value(QLatin1String("pending")).toArray();
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(0).toObject(), (QJsonObject{{QStringLiteral("status"), 503}, {QStringLiteral("count"), 1}}));
    QCOMPARE(pending.at(1).toObject(), (QJsonObject{{QStringLiteral("delayMs"), 100}, {QStringLiteral("count"), 2}}));
    QCOMPARE(m_server.requestCount(), 0); // control requests are not API requests

    response = send("GET", QStringLiteral("/_emulator/reset"), {}, {});
    QCOMPARE(response.status, 405);
    QCOMPARE(errorTypeOf(response), QStringLiteral("method-not-allowed"));
    response = send("POST", QStringLiteral("/_emulator/unknown"), {}, {});
    QCOMPARE(response.status, 404);
    QVERIFY(!m_server.faultPlan().isEmpty());
}

namespace {

// A copy of Daily's create-meeting-token declaration with one more property, in \a directory/daily/.
bool writeDeclarationWithExtraProperty(const QString &directory, const QString &key, const QJsonObject &schema)
{
    QFile original(meetingTokenDeclarationPath());
    if (!original.open(QIODevice::ReadOnly) || !QDir(directory).mkpath(QStringLiteral("daily")))
        return false;
    QJsonObject declaration = QJsonDocument::fromJson(original.readAll()).object();
    QJsonObject inputs = declaration.value(QLatin1String("inputs")).toObject();
    QJsonObject properties = inputs.value(QLatin1String("properties")).toObject();
    properties.insert(key, schema);
    inputs.insert(QStringLiteral("properties"), properties);
    declaration.insert(QStringLiteral("inputs"), inputs);
    // Every field is in one layout group.
    QJsonArray layout = declaration.value(QLatin1String("layout")).toArray();
    QJsonObject advanced = layout.last().toObject();
    QJsonArray fields = advanced.value(QLatin1String("fields")).toArray();
    fields.append(key);
    advanced.insert(QStringLiteral("fields"), fields);
    layout.replace(layout.size() - 1, advanced);
    declaration.insert(QStringLiteral("layout"), layout);
    QFile copy(directory + QStringLiteral("/daily/create-meeting-token.json"));
    return copy.open(QIODevice::WriteOnly) && copy.write(QJsonDocument(declaration).toJson()) > 0;
}

} // namespace

void TestEmulator::declaredPropertyAccepted_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QJsonValue>("badValue");

    const QJsonObject flag{{QStringLiteral("type"), QStringLiteral("boolean")},
                           {QStringLiteral("title"), QStringLiteral("Future Flag")},
                           {QStringLiteral("description"), QStringLiteral("A property Daily adds later.")}};
    QJsonObject abbreviated = flag;
    abbreviated.insert(QStringLiteral("x-claim"), QStringLiteral("ff"));
    QTest::newRow("with a claim") << abbreviated << QJsonValue(true) << "ff" << QJsonValue(QStringLiteral("yes"));
    QTest::newRow("without a claim: its own name") << flag << QJsonValue(false) << "future_flag" << QJsonValue(1);
    QJsonObject limited{{QStringLiteral("type"), QStringLiteral("integer")},
                        {QStringLiteral("title"), QStringLiteral("Future Limit")},
                        {QStringLiteral("description"), QStringLiteral("A limit Daily adds later.")},
                        {QStringLiteral("maximum"), 10},
                        {QStringLiteral("x-claim"), QStringLiteral("fl")}};
    QTest::newRow("with a constraint") << limited << QJsonValue(10) << "fl" << QJsonValue(11);
}

// A property added to the declaration works in the emulator with no change to its code.
void TestEmulator::declaredPropertyAccepted()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QJsonValue, value);
    QFETCH(QString, claim);
    QFETCH(QJsonValue, badValue);
    const QString key = QStringLiteral("future_flag");
    const QJsonObject properties{{QStringLiteral("room_name"), QStringLiteral("next")}, {key, value}};

    // The built-in declaration does not know it: Daily's error, naming it.
    Response refused = requestToken(properties);
    QCOMPARE(refused.status, 400);
    QCOMPARE(errorTypeOf(refused), QStringLiteral("invalid-request-error"));
    QVERIFY2(infoOf(refused).startsWith(key), qPrintable(infoOf(refused)));

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    QVERIFY(writeDeclarationWithExtraProperty(directory.path(), key, schema));
    m_server.declarations().setDirectory(directory.path());
    const auto restore = qScopeGuard([this] { m_server.declarations().setDirectory({}); });

    const Response created = requestToken(properties);
    QVERIFY2(created.status == 200, created.body.constData());
    const QByteArray token = created.json().value(QLatin1String("token")).toString().toLatin1();
    QVERIFY(Jwt::verify(token, apiKey));
    const QJsonObject claims = Jwt::decode(token).claims;
    QCOMPARE(claims.value(claim), value);
    QCOMPARE(claims.value(QLatin1String("r")).toString(), QStringLiteral("next"));

    // Validating the token names it back.
    const Response validated = send("GET", QStringLiteral("/v1/meeting-tokens/") + QString::fromLatin1(token));
    QCOMPARE(validated.status, 200);
    QCOMPARE(validated.json().value(key), value);

    // The declared constraints apply, and what is still undeclared is still refused.
    for (const QJsonObject &bad : {QJsonObject{{key, badValue}}, QJsonObject{{QStringLiteral("future_other"), true}}}) {
        refused = requestToken(bad);
        QCOMPARE(refused.status, 400);
        QCOMPARE(errorTypeOf(refused), QStringLiteral("invalid-request-error"));
        QVERIFY2(infoOf(refused).startsWith(bad.keys().constFirst() + QLatin1Char(':')), qPrintable(infoOf(refused)));
    }
    QCOMPARE(m_server.tokensIssued(), 1);
}

// A declaration that cannot be read is named; the emulator never guesses its properties.
void TestEmulator::unreadableDeclarations()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    m_server.declarations().setDirectory(empty.path());
    const auto restore = qScopeGuard([this] { m_server.declarations().setDirectory({}); });

    const QStringList problems = m_server.declarations().problems();
    QCOMPARE(problems.size(), 1); // rooms, webhooks and SignalWire follow the providers' references, not a declaration
    for (const QString &file : {QStringLiteral("create-meeting-token.json")})
        QVERIFY2(!problems.filter(file).isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

    const Response response = requestToken({{QStringLiteral("room_name"), QStringLiteral("a")}});
    QCOMPARE(response.status, 500);
    QCOMPARE(errorTypeOf(response), QStringLiteral("server-error"));
    QVERIFY2(infoOf(response).contains(QStringLiteral("create-meeting-token.json")), qPrintable(infoOf(response)));
    QCOMPARE(m_server.tokensIssued(), 0);

    m_server.declarations().setDirectory({});
    QCOMPARE(m_server.declarations().problems(), QStringList());
}

void TestEmulator::webhookBodyChecked_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("info");
    const QByteArray url = R"("url": "http://127.0.0.1:9/hook")";
    QTest::newRow("no url") << QByteArray(R"({"eventTypes": ["meeting.started"]})") << "url: is required";
    QTest::newRow("unknown event type") << "{" + url + R"(, "eventTypes": ["meeting.paused"]})"
                                        << "eventTypes.0: ";
    QTest::newRow("unknown retry type") << "{" + url + R"(, "retryType": "sometimes"})"
                                        << "retryType: ";
    QTest::newRow("hmac not base64") << "{" + url + R"(, "hmac": "not base64!"})"
                                     << "hmac: ";
    QTest::newRow("basicAuth a number") << "{" + url + R"(, "basicAuth": 7})"
                                        << "basicAuth: ";
    QTest::newRow("the action's input name") << "{" + url + R"(, "event_types": []})"
                                             << "unknown field \"event_types\"";
    QTest::newRow("the emulator's own name for a type") << "{" + url + R"(, "eventTypes": ["dialin.started"]})"
                                                        << "eventTypes.0: ";
}

// Webhook bodies are checked against Daily's reference (emulator/reference/daily/webhook-body.json).
void TestEmulator::webhookBodyChecked()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, info);
    const Response response = send("POST", QStringLiteral("/v1/webhooks"), body);
    QCOMPARE(response.status, 400);
    QCOMPARE(errorTypeOf(response), QStringLiteral("invalid-request-error"));
    QVERIFY2(infoOf(response).startsWith(info), qPrintable(infoOf(response)));
    QCOMPARE(send("GET", QStringLiteral("/v1/webhooks")).body, QByteArray("[]"));
}

// Daily's transcript event names the room by its id (room_name is on the event's newer page only).
void TestEmulator::transcriptEventNamesTheRoomById()
{
    const Response created = send("POST", QStringLiteral("/v1/rooms"), R"({"name": "standup"})");
    QCOMPARE(created.status, 200);
    const QString roomId = created.json().value(QLatin1String("id")).toString();
    QVERIFY(!roomId.isEmpty());
    const Response raised = send("POST", QStringLiteral("/_emulator/daily/events"),
                                 R"({"type": "transcript.ready-to-download", "room": "standup"})", {});
    QCOMPARE(raised.status, 200);
    const QJsonObject payload =
        raised.json().value(QLatin1String("event")).toObject().value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("room_id")).toString(), roomId);
}

void TestEmulator::executableRefusesUnreadableDeclarations()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    QProcess process;
    process.start(emulatorExecutable(),
                  {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--declarations"), empty.path()});
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitCode(), 1);
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(errors.contains("create-meeting-token.json"), errors.constData());
    QVERIFY(process.readAllStandardOutput().isEmpty()); // never "listening on"
}

void TestEmulator::executable()
{
    EmulatorProcess emulator;
    // Most verbose logging, to check that neither the key nor a signature is ever printed.
    QProcessEnvironment logging;
    logging.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("actionnode.*=true"));
    QVERIFY2(emulator.start(apiKey, {}, logging), qPrintable(emulator.errorString()));
    QVERIFY(emulator.url().port() > 0);

    const Response response = sendRequest(m_network, "POST",
                                          emulator.url().resolved(QUrl(QStringLiteral("/v1/meeting-tokens"))),
                                          tokenBody({{QStringLiteral("room_name"), QStringLiteral("cli")}}),
                                          {{"Authorization", "Bearer " + apiKey}}, 15000);
    QCOMPARE(response.status, 200);
    const QByteArray token = response.json().value(QLatin1String("token")).toString().toLatin1();
    QVERIFY(Jwt::verify(token, apiKey));
    QCOMPARE(Jwt::decode(token).claims.value(QLatin1String("r")).toString(), QStringLiteral("cli"));

    QProcess &process = emulator.process();
    process.kill();
    QVERIFY(process.waitForFinished(10000));
    const QByteArray logs = emulator.announcementOutput() + process.readAllStandardOutput()
                            + process.readAllStandardError();
    QVERIFY2(logs.contains("meeting-tokens"), logs.constData()); // debug logging was on
    QVERIFY(!logs.contains(apiKey));
    QVERIFY(!logs.contains(token.mid(token.lastIndexOf('.') + 1)));
}

QTEST_GUILESS_MAIN(TestEmulator)
#include "tst_emulator.moc"
