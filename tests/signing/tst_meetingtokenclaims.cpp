// The claims of Daily's meeting token: what each input becomes in the token,
// the same in the REST and the self-signed mode, refused where self-signing
// has no claim, and checked by an independent JWT implementation (PyJWT).

#include "support/dailytokenfixture.h"
#include "support/json.h"
#include "support/processrun.h"
#include "support/pythonwithjwt.h"

#include <actionnode/sdk/jwt.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;
using namespace ActionNode::TestSupport::DailyToken;

class TestMeetingTokenClaims : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void restSendsOnlySetFields_data();
    void restSendsOnlySetFields();
    void modesCarrySameProperties_data();
    void modesCarrySameProperties();
    void selfSignedRefusesUndocumentedClaims_data();
    void selfSignedRefusesUndocumentedClaims();
    void verifiedByPyJwt_data();
    void verifiedByPyJwt();

private:
    DailyTokenFixture m_daily;
    QString m_python;
};

void TestMeetingTokenClaims::initTestCase()
{
    QString error;
    QVERIFY2(m_daily.start(&error), qPrintable(error));
    m_python = pythonWithJwt();
}

void TestMeetingTokenClaims::init()
{
    m_daily.server().reset();
}

void TestMeetingTokenClaims::restSendsOnlySetFields_data()
{
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<bool>("withDomain");
    QTest::addColumn<QJsonObject>("expectedClaims");
    QTest::addColumn<QStringList>("expectedWarnings");

    const qint64 exp = now() + 3600;
    QTest::newRow("room and expiry") << QJsonObject{{"room_name", "standup"}, {"exp", exp}} << true
                                     << QJsonObject{{"r", "standup"}, {"exp", exp}, {"d", domainId}} << QStringList();
    QTest::newRow("room and expiry, no domain")
        << QJsonObject{{"room_name", "standup"}, {"exp", exp}} << false
        << QJsonObject{{"r", "standup"}, {"exp", exp}, {"d", domainId}} << QStringList();
    // Fields with a default (is_owner, enable_screenshare, start_video_off, ...) are
    // not sent when left out, so the room's and the domain's settings still apply.
    QTest::newRow("user name only besides room and expiry")
        << QJsonObject{{"room_name", "r1"}, {"exp", exp}, {"user_name", "Alice"}} << true
        << QJsonObject{{"r", "r1"}, {"exp", exp}, {"u", "Alice"}, {"d", domainId}} << QStringList();
    QTest::newRow("default values set explicitly are sent")
        << QJsonObject{{"room_name", "r1"}, {"exp", exp}, {"is_owner", false}, {"enable_screenshare", true}} << true
        << QJsonObject{{"r", "r1"}, {"exp", exp}, {"o", false}, {"ss", true}, {"d", domainId}} << QStringList();
    QTest::newRow("no room name") << QJsonObject{{"exp", exp}} << true << QJsonObject{{"exp", exp}, {"d", domainId}}
                                  << QStringList{"no_room_name"};
    QTest::newRow("no expiry") << QJsonObject{{"room_name", "standup"}} << true
                               << QJsonObject{{"r", "standup"}, {"d", domainId}} << QStringList{"no_expiry"};
    QTest::newRow("nothing") << QJsonObject() << false << QJsonObject{{"d", domainId}}
                             << QStringList{"no_room_name", "no_expiry"};
}

void TestMeetingTokenClaims::restSendsOnlySetFields()
{
    QFETCH(QJsonObject, inputs);
    QFETCH(bool, withDomain);
    QFETCH(QJsonObject, expectedClaims);
    QFETCH(QStringList, expectedWarnings);

    ActionResult result;
    m_daily.run(inputs, m_daily.connection(rest, withDomain ? QJsonObject() : QJsonObject{{"domain", ""}}), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.isSuccess(), compactJson(result.toJson()).constData());
    QCOMPARE(m_daily.server().requestCount(), 1);
    QCOMPARE(m_daily.server().tokensIssued(), 1);

    const QByteArray token = result.outputs.value(QLatin1String("token")).toString().toLatin1();
    QString error;
    QVERIFY2(Jwt::verify(token, apiKey, &error), qPrintable(error));
    // The emulator puts exactly the properties it received into the token.
    const Jwt::Decoded decoded = Jwt::decode(token);
    QCOMPARE(withoutIssuedAt(decoded.claims), expectedClaims);
    QVERIFY(qAbs(decoded.claims.value(QLatin1String("iat")).toInteger() - now()) <= 5);

    const QString room = inputs.value(QLatin1String("room_name")).toString();
    if (withDomain && !room.isEmpty()) {
        QCOMPARE(result.outputs.value(QLatin1String("join_url")).toString(),
                 QStringLiteral("https://%1.daily.co/%2?t=%3").arg(domainName, room, QString::fromLatin1(token)));
    } else {
        QVERIFY(!result.outputs.contains(QLatin1String("join_url")));
    }
    QStringList warnings;
    for (const ActionError &warning : std::as_const(result.warnings))
        warnings.append(warning.code);
    QCOMPARE(warnings, expectedWarnings);
    QCOMPARE(result.toJson().value(QLatin1String("warnings")).toArray().size(), expectedWarnings.size());
}

void TestMeetingTokenClaims::modesCarrySameProperties_data()
{
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QJsonObject>("expectedClaims");

    const qint64 t = now();
    QTest::newRow("owner") << QJsonObject{{"room_name", "board-room"}, {"is_owner", true}, {"exp", t + 600}}
                           << QJsonObject{{"r", "board-room"}, {"o", true}, {"exp", t + 600}, {"d", domainId}};
    QTest::newRow("user name and id, language, eject")
        << QJsonObject{{"room_name", "r_2"},
                       {"user_name", "Zoë Ünal-Øster"},
                       {"user_id", "0c97f635-1c13-4fc1-86f7-bb2be859d8b9"},
                       {"lang", "pt-BR"},
                       {"eject_at_token_exp", true},
                       {"eject_after_elapsed", 5400},
                       {"exp", t + 600}}
        << QJsonObject{{"r", "r_2"},     {"u", "Zoë Ünal-Øster"}, {"ud", "0c97f635-1c13-4fc1-86f7-bb2be859d8b9"},
                       {"uil", "pt-BR"}, {"ejt", true},           {"eje", 5400},
                       {"exp", t + 600}, {"d", domainId}};
    QTest::newRow("times after 2038")
        << QJsonObject{{"room_name", "future"}, {"nbf", qint64(1) << 31}, {"exp", after2038}}
        << QJsonObject{{"r", "future"}, {"nbf", qint64(1) << 31}, {"exp", after2038}, {"d", domainId}};
    QTest::newRow("canSend list and recording")
        << QJsonObject{{"room_name", "rec"},
                       {"exp", t + 600},
                       {"enable_recording", "cloud"},
                       {"start_cloud_recording", true},
                       {"permissions", QJsonObject{{"hasPresence", false},
                                                   {"canSend", QJsonArray{"video", "screenAudio"}},
                                                   {"canReceive", QJsonObject{{"base", false}}}}}}
        << QJsonObject{{"r", "rec"},
                       {"exp", t + 600},
                       {"er", "cloud"},
                       {"sr", true},
                       {"p", QJsonObject{{"hp", false}, {"cs", "v,sa"}, {"cr", QJsonObject{{"b", false}}}}},
                       {"d", domainId}};
    QTest::newRow("canSend all, local recording")
        << QJsonObject{{"room_name", "rec2"},
                       {"exp", t + 600},
                       {"enable_recording", "local"},
                       {"permissions", QJsonObject{{"canSend", true}}}}
        << QJsonObject{
               {"r", "rec2"}, {"exp", t + 600}, {"er", "local"}, {"p", QJsonObject{{"cs", true}}}, {"d", domainId}};
    QTest::newRow("the other abbreviated properties")
        << QJsonObject{{"room_name", "misc"},
                       {"exp", t + 600},
                       {"start_video_off", true},
                       {"start_audio_off", true},
                       {"enable_screenshare", false},
                       {"enable_recording_ui", false},
                       {"close_tab_on_exit", true},
                       {"redirect_on_meeting_exit", "https://example.com/bye?x=1"},
                       {"start_cloud_recording", true},
                       {"start_cloud_recording_opts",
                        QJsonObject{{"layout", QJsonObject{{"preset", "single-participant"}}}}}}
        << QJsonObject{{"r", "misc"},  {"exp", t + 600},
                       {"vo", true},   {"ao", true},
                       {"ss", false},  {"erui", false},
                       {"ctoe", true}, {"rome", "https://example.com/bye?x=1"},
                       {"sr", true},   {"sro", QJsonObject{{"layout", QJsonObject{{"preset", "single-participant"}}}}},
                       {"d", domainId}};
}

void TestMeetingTokenClaims::modesCarrySameProperties()
{
    QFETCH(QJsonObject, inputs);
    QFETCH(QJsonObject, expectedClaims);

    for (const QString &mode : {rest, selfSigned}) {
        ActionResult result;
        m_daily.run(inputs, m_daily.connection(mode), &result);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(result.isSuccess(), compactJson(result.toJson()).constData());
        // Self-signing needs no round trip.
        QCOMPARE(m_daily.server().requestCount(), 1);

        const QByteArray token = result.outputs.value(QLatin1String("token")).toString().toLatin1();
        QString error;
        QVERIFY2(Jwt::verify(token, apiKey, &error), qPrintable(error));
        const Jwt::Decoded decoded = Jwt::decode(token);
        QCOMPARE(decoded.header.value(QLatin1String("alg")).toString(), QStringLiteral("HS256"));
        QCOMPARE(withoutIssuedAt(decoded.claims), expectedClaims);
        QVERIFY(qAbs(decoded.claims.value(QLatin1String("iat")).toInteger() - now()) <= 5);
        // Times are whole numbers in the token, never 4.1024448e+09.
        if (inputs.contains(QLatin1String("exp"))) {
            const QByteArray payload = Jwt::base64UrlDecode(token.split('.').at(1));
            QVERIFY2(payload.contains("\"exp\":" + QByteArray::number(inputs.value(QLatin1String("exp")).toInteger())),
                     payload.constData());
        }
        QCOMPARE(result.outputs.value(QLatin1String("join_url")).toString(),
                 QStringLiteral("https://%1.daily.co/%2?t=%3")
                     .arg(domainName, inputs.value(QLatin1String("room_name")).toString(), QString::fromLatin1(token)));
        QVERIFY(result.warnings.isEmpty());
    }
}

void TestMeetingTokenClaims::selfSignedRefusesUndocumentedClaims_data()
{
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("restClaim");

    const QJsonObject base{{"room_name", "prejoin"}, {"exp", now() + 600}};
    QJsonObject inputs = base;
    inputs.insert(QStringLiteral("enable_prejoin_ui"), true);
    QTest::newRow("enable_prejoin_ui") << inputs << "/enable_prejoin_ui"
                                       << "enable_prejoin_ui";
    inputs = base;
    inputs.insert(QStringLiteral("enable_terse_logging"), true);
    QTest::newRow("enable_terse_logging") << inputs << "/enable_terse_logging"
                                          << "enable_terse_logging";
    inputs = base;
    inputs.insert(QStringLiteral("permissions"), QJsonObject{{"canAdmin", QJsonArray{"participants"}}});
    QTest::newRow("permissions.canAdmin") << inputs << "/permissions/canAdmin"
                                          << "p";
}

void TestMeetingTokenClaims::selfSignedRefusesUndocumentedClaims()
{
    QFETCH(QJsonObject, inputs);
    QFETCH(QString, field);
    QFETCH(QString, restClaim);

    ActionResult result;
    m_daily.run(inputs, m_daily.connection(selfSigned), &result);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(result.status, ActionResult::Status::InvalidInput);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().code, QStringLiteral("not_self_signable"));
    QCOMPARE(result.errors.first().field, field);
    QVERIFY(result.outputs.isEmpty());

    // The REST mode carries it.
    m_daily.run(inputs, m_daily.connection(rest), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.isSuccess(), compactJson(result.toJson()).constData());
    const QJsonObject claims = Jwt::decode(result.outputs.value(QLatin1String("token")).toString().toLatin1()).claims;
    QVERIFY2(claims.contains(restClaim), QJsonDocument(claims).toJson().constData());
}

void TestMeetingTokenClaims::verifiedByPyJwt_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QByteArray>("verifyKey");
    QTest::addColumn<QString>("refusal"); // PyJWT's exception, empty when it accepts the token

    const qint64 t = now();
    const QJsonObject current{{"room_name", "py"},
                              {"user_name", "Zoë"},
                              {"nbf", t - 60},
                              {"exp", t + 600},
                              {"permissions", QJsonObject{{"canSend", QJsonArray{"audio", "video"}}}}};
    QTest::newRow("self-signed") << selfSigned << current << apiKey << QString();
    QTest::newRow("REST") << rest << current << apiKey << QString();
    QTest::newRow("self-signed, expires after 2038")
        << selfSigned << QJsonObject{{"room_name", "py"}, {"exp", after2038}} << apiKey << QString();
    QTest::newRow("self-signed, expired") << selfSigned << QJsonObject{{"room_name", "py"}, {"exp", t - 60}} << apiKey
                                          << QStringLiteral("ExpiredSignatureError");
    QTest::newRow("self-signed, not yet valid")
        << selfSigned << QJsonObject{{"room_name", "py"}, {"nbf", t + 3600}, {"exp", t + 7200}} << apiKey
        << QStringLiteral("ImmatureSignatureError");
    QTest::newRow("self-signed, other key")
        << selfSigned << current << wrongKey << QStringLiteral("InvalidSignatureError");
}

void TestMeetingTokenClaims::verifiedByPyJwt()
{
    QFETCH(QString, mode);
    QFETCH(QJsonObject, inputs);
    QFETCH(QByteArray, verifyKey);
    QFETCH(QString, refusal);

    if (m_python.isEmpty())
        QSKIP("no python3 with the jwt module (PyJWT) found; set ACTIONNODE_PYTHON to one");
    const QByteArray token = m_daily.tokenOf(inputs, mode);
    QVERIFY(!token.isEmpty());

    const QString script = QStringLiteral(
        "import json, sys, jwt\n"
        "try:\n"
        "    claims = jwt.decode(sys.argv[1], sys.stdin.read(), algorithms=['HS256'],\n"
        "                        options={'verify_exp': True, 'verify_nbf': True,\n"
        "                                 'require': ['iat']})\n"
        "except jwt.PyJWTError as error:\n"
        "    print(type(error).__name__)\n"
        "    sys.exit(1)\n"
        "print(json.dumps(claims))\n");
    // The key goes through standard input: command lines are visible to other users.
    const ProcessRun python = runProcess(m_python, {QStringLiteral("-c"), script, QString::fromLatin1(token)},
                                         QProcessEnvironment::systemEnvironment(), verifyKey, 30000);
    const QByteArray output = python.out.trimmed();
    QVERIFY2(python.exitCode != -1, python.err.constData());
    if (!refusal.isEmpty()) {
        QCOMPARE(python.exitCode, 1);
        QCOMPARE(QString::fromUtf8(output), refusal);
        return;
    }
    QVERIFY2(python.exitCode == 0, (output + python.err).constData());
    const QJsonObject claims = QJsonDocument::fromJson(output).object();
    QCOMPARE(claims, Jwt::decode(token).claims);
    QCOMPARE(claims.value(QLatin1String("r")).toString(), QStringLiteral("py"));
    QCOMPARE(claims.value(QLatin1String("d")).toString(), domainId);
    QCOMPARE(claims.value(QLatin1String("exp")).toInteger(), inputs.value(QLatin1String("exp")).toInteger());
}

QTEST_GUILESS_MAIN(TestMeetingTokenClaims)
#include "tst_meetingtokenclaims.moc"
