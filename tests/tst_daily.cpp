// "Create meeting token" end to end: the Daily plugin, through the runtime and
// the command line, against the in-process and the stand-alone Daily emulator.

#include "pythonwithjwt.h"

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/jwt.h>
#include <actionnode/runtime.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryFile>
#include <QTest>

using namespace ActionNode;

Q_DECLARE_METATYPE(ActionNode::ActionResult::Status)

namespace {

const QString actionId = QStringLiteral("daily.create_meeting_token");
const QByteArray apiKey = "tst-daily-key-7c1e9a05d3f2b684";
const QByteArray wrongKey = "tst-daily-wrong-key-53a8e1c07b2f";
const QString domainName = QStringLiteral("tst-domain");
const QString domainId = QStringLiteral("5d1f0c2e-7b3a-4e96-a1c8-0f2d4b6e8a13");
const QString rest = QStringLiteral("rest");
const QString selfSigned = QStringLiteral("self-signed");

// Far enough in the future for any test run, and past 2^31 seconds (2038).
constexpr qint64 after2038 = 4102444800; // 2100-01-01T00:00:00Z

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

QJsonObject withoutIssuedAt(QJsonObject claims)
{
    claims.remove(QStringLiteral("iat"));
    return claims;
}


// Answers 429 with a given Retry-After value once, then issues tokens.
class RetryAfterApi : public EmulatedApi
{
public:
    explicit RetryAfterApi(const QByteArray &retryAfter) : m_retryAfter(retryAfter) {}

    bool handlesPath(const QString &path) const override
    {
        return path == QLatin1String("/v1/meeting-tokens");
    }

    EmulatorReply handle(const QHttpServerRequest &) override
    {
        if (m_answered++ == 0) {
            EmulatorReply reply = errorReply(429, QStringLiteral("slow down"));
            reply.headers.append(qMakePair(QByteArray("Retry-After"), m_retryAfter));
            return reply;
        }
        EmulatorReply reply = EmulatorReply::json(
                200, { { QStringLiteral("token"),
                         QString::fromLatin1(Jwt::sign({ { QStringLiteral("iat"), now() } }, apiKey)) } });
        reply.tokenIssued = true;
        return reply;
    }

    EmulatorReply errorReply(int status, const QString &info) const override
    {
        return EmulatorReply::json(status, { { QStringLiteral("error"), QStringLiteral("rate-limit-error") },
                                             { QStringLiteral("info"), info } });
    }

private:
    QByteArray m_retryAfter;
    int m_answered = 0;
};

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class tst_Daily : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void restSendsOnlySetFields_data();
    void restSendsOnlySetFields();
    void modesCarrySameProperties_data();
    void modesCarrySameProperties();
    void selfSignedRefusesUndocumentedClaims_data();
    void selfSignedRefusesUndocumentedClaims();
    void verifiedByPyJwt_data();
    void verifiedByPyJwt();

    void faults_data();
    void faults();
    void retryAfterHttpDate_data();
    void retryAfterHttpDate();
    void unreachable();
    void configurationErrors_data();
    void configurationErrors();

    void cliKeepsSecrets_data();
    void cliKeepsSecrets();
    void inspectVerify_data();
    void inspectVerify();
    void inspectReadsNumericDates_data();
    void inspectReadsNumericDates();
    void batchBeyondTheConnectionPool();

private:
    Connection connection(const QString &mode, const QJsonObject &overrides = {}) const;
    void run(const QJsonObject &inputs, const Connection &connection, ActionResult *result,
             int limitMs = 15000);
    QByteArray tokenOf(const QJsonObject &inputs, const QString &mode);
    void runCli(const QStringList &arguments, const QJsonObject &environment, CliRun *run);

    EmulatorServer m_server;
    DailyEmulator *m_daily = nullptr;
    Runtime m_runtime;
    QJsonArray m_declaredSettings;
    qint64 m_elapsedMs = 0;
    QString m_python;

    QProcess m_emulatorProcess;
    QUrl m_emulatorProcessUrl;
    QNetworkAccessManager m_network;
};

void tst_Daily::initTestCase()
{
    m_daily = new DailyEmulator(apiKey, &m_server);
    m_daily->setDomainName(domainName);
    m_daily->setDomainId(domainId);
    QVERIFY2(m_server.listen(0), qPrintable(m_server.errorString()));

    QVERIFY(m_runtime.discoverPlugins() > 0);
    QVERIFY2(!m_runtime.action(actionId).hasError(), qPrintable(m_runtime.action(actionId).errorString()));
    for (const PluginSpec &plugin : m_runtime.plugins()) {
        if (!plugin.hasError() && plugin.id() == QLatin1String("daily"))
            m_declaredSettings = plugin.connectionSettings();
    }
    QVERIFY(!m_declaredSettings.isEmpty());
    m_python = pythonWithJwt();

    // The stand-alone emulator, for the command line tests.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ACTIONNODE_EMULATOR_API_KEY"), QString::fromLatin1(apiKey));
    m_emulatorProcess.setProcessEnvironment(environment);
    m_emulatorProcess.start(QStringLiteral(ACTIONNODE_EMULATOR_EXECUTABLE),
                            { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--domain"),
                              domainName, QStringLiteral("--domain-id"), domainId });
    QVERIFY2(m_emulatorProcess.waitForStarted(10000), qPrintable(m_emulatorProcess.errorString()));
    QByteArray line;
    while (!line.contains('\n') && m_emulatorProcess.waitForReadyRead(10000))
        line += m_emulatorProcess.readAllStandardOutput();
    static const QRegularExpression listening(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)\n$"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(line));
    QVERIFY2(match.hasMatch(), line.constData());
    m_emulatorProcessUrl = QUrl(match.captured(1));
    m_network.setProxy(QNetworkProxy::NoProxy);
}

void tst_Daily::cleanupTestCase()
{
    m_emulatorProcess.kill();
    m_emulatorProcess.waitForFinished(10000);
}

void tst_Daily::init()
{
    m_server.reset();
}

Connection tst_Daily::connection(const QString &mode, const QJsonObject &overrides) const
{
    // Built from the manifest alone, so that no DAILY_* variable of the
    // environment running the tests can change them.
    Connection daily(QStringLiteral("daily"), m_declaredSettings);
    daily.setValue(QStringLiteral("api_key"), QString::fromLatin1(apiKey));
    daily.setValue(QStringLiteral("api_base"), m_daily->apiBaseUrl());
    daily.setValue(QStringLiteral("token_mode"), mode);
    daily.setValue(QStringLiteral("domain"), domainName);
    daily.setValue(QStringLiteral("domain_id"), domainId);
    daily.setValue(QStringLiteral("timeout_ms"), QStringLiteral("5000"));
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        daily.setValue(it.key(), it.value().toString());
    return daily;
}

void tst_Daily::run(const QJsonObject &inputs, const Connection &connection, ActionResult *result,
                    int limitMs)
{
    m_runtime.setConnection(connection);
    QFutureWatcher<ActionResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    QSignalSpy resultsReady(&watcher, &QFutureWatcherBase::resultReadyAt);
    QElapsedTimer timer;
    timer.start();
    watcher.setFuture(m_runtime.invoke(actionId, inputs));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, limitMs);
    m_elapsedMs = timer.elapsed();
    // Exactly one result: a retry must never produce a second output.
    QCOMPARE(watcher.future().resultCount(), 1);
    QCOMPARE(resultsReady.count(), 1);
    *result = watcher.result();
}

QByteArray tst_Daily::tokenOf(const QJsonObject &inputs, const QString &mode)
{
    ActionResult result;
    run(inputs, connection(mode), &result);
    if (!result.isSuccess())
        qWarning().noquote() << QJsonDocument(result.toJson()).toJson();
    return result.outputs.value(QLatin1String("token")).toString().toLatin1();
}

void tst_Daily::restSendsOnlySetFields_data()
{
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<bool>("withDomain");
    QTest::addColumn<QJsonObject>("expectedClaims");
    QTest::addColumn<QStringList>("expectedWarnings");

    const qint64 exp = now() + 3600;
    QTest::newRow("room and expiry")
            << QJsonObject{ { "room_name", "standup" }, { "exp", exp } } << true
            << QJsonObject{ { "r", "standup" }, { "exp", exp }, { "d", domainId } } << QStringList();
    QTest::newRow("room and expiry, no domain")
            << QJsonObject{ { "room_name", "standup" }, { "exp", exp } } << false
            << QJsonObject{ { "r", "standup" }, { "exp", exp }, { "d", domainId } } << QStringList();
    // Fields with a default (is_owner, enable_screenshare, start_video_off, ...) are
    // not sent when left out, so the room's and the domain's settings still apply.
    QTest::newRow("user name only besides room and expiry")
            << QJsonObject{ { "room_name", "r1" }, { "exp", exp }, { "user_name", "Alice" } } << true
            << QJsonObject{ { "r", "r1" }, { "exp", exp }, { "u", "Alice" }, { "d", domainId } }
            << QStringList();
    QTest::newRow("default values set explicitly are sent")
            << QJsonObject{ { "room_name", "r1" }, { "exp", exp }, { "is_owner", false },
                            { "enable_screenshare", true } } << true
            << QJsonObject{ { "r", "r1" }, { "exp", exp }, { "o", false }, { "ss", true }, { "d", domainId } }
            << QStringList();
    QTest::newRow("no room name")
            << QJsonObject{ { "exp", exp } } << true
            << QJsonObject{ { "exp", exp }, { "d", domainId } } << QStringList{ "no_room_name" };
    QTest::newRow("no expiry")
            << QJsonObject{ { "room_name", "standup" } } << true
            << QJsonObject{ { "r", "standup" }, { "d", domainId } } << QStringList{ "no_expiry" };
    QTest::newRow("nothing")
            << QJsonObject() << false
            << QJsonObject{ { "d", domainId } } << QStringList{ "no_room_name", "no_expiry" };
}

void tst_Daily::restSendsOnlySetFields()
{
    QFETCH(QJsonObject, inputs);
    QFETCH(bool, withDomain);
    QFETCH(QJsonObject, expectedClaims);
    QFETCH(QStringList, expectedWarnings);

    ActionResult result;
    run(inputs, connection(rest, withDomain ? QJsonObject() : QJsonObject{ { "domain", "" } }), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
    QCOMPARE(m_server.requestCount(), 1);
    QCOMPARE(m_server.tokensIssued(), 1);

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

void tst_Daily::modesCarrySameProperties_data()
{
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QJsonObject>("expectedClaims");

    const qint64 t = now();
    QTest::newRow("owner")
            << QJsonObject{ { "room_name", "board-room" }, { "is_owner", true }, { "exp", t + 600 } }
            << QJsonObject{ { "r", "board-room" }, { "o", true }, { "exp", t + 600 }, { "d", domainId } };
    QTest::newRow("user name and id, language, eject")
            << QJsonObject{ { "room_name", "r_2" }, { "user_name", "Zoë Ünal-Øster" },
                            { "user_id", "0c97f635-1c13-4fc1-86f7-bb2be859d8b9" }, { "lang", "pt-BR" },
                            { "eject_at_token_exp", true }, { "eject_after_elapsed", 5400 },
                            { "exp", t + 600 } }
            << QJsonObject{ { "r", "r_2" }, { "u", "Zoë Ünal-Øster" },
                            { "ud", "0c97f635-1c13-4fc1-86f7-bb2be859d8b9" }, { "uil", "pt-BR" },
                            { "ejt", true }, { "eje", 5400 }, { "exp", t + 600 }, { "d", domainId } };
    QTest::newRow("times after 2038")
            << QJsonObject{ { "room_name", "future" }, { "nbf", qint64(1) << 31 }, { "exp", after2038 } }
            << QJsonObject{ { "r", "future" }, { "nbf", qint64(1) << 31 }, { "exp", after2038 }, { "d", domainId } };
    QTest::newRow("canSend list and recording")
            << QJsonObject{ { "room_name", "rec" }, { "exp", t + 600 }, { "enable_recording", "cloud" },
                            { "start_cloud_recording", true },
                            { "permissions", QJsonObject{ { "hasPresence", false },
                                                          { "canSend", QJsonArray{ "video", "screenAudio" } },
                                                          { "canReceive", QJsonObject{ { "base", false } } } } } }
            << QJsonObject{ { "r", "rec" }, { "exp", t + 600 }, { "er", "cloud" }, { "sr", true },
                            { "p", QJsonObject{ { "hp", false }, { "cs", "v,sa" },
                                                { "cr", QJsonObject{ { "b", false } } } } },
                            { "d", domainId } };
    QTest::newRow("canSend all, local recording")
            << QJsonObject{ { "room_name", "rec2" }, { "exp", t + 600 }, { "enable_recording", "local" },
                            { "permissions", QJsonObject{ { "canSend", true } } } }
            << QJsonObject{ { "r", "rec2" }, { "exp", t + 600 }, { "er", "local" },
                            { "p", QJsonObject{ { "cs", true } } }, { "d", domainId } };
    QTest::newRow("the other abbreviated properties")
            << QJsonObject{ { "room_name", "misc" }, { "exp", t + 600 }, { "start_video_off", true },
                            { "start_audio_off", true }, { "enable_screenshare", false },
                            { "enable_recording_ui", false }, { "close_tab_on_exit", true },
                            { "redirect_on_meeting_exit", "https://example.com/bye?x=1" },
                            { "start_cloud_recording", true },
                            { "start_cloud_recording_opts", QJsonObject{ { "layout", QJsonObject{ { "preset", "single-participant" } } } } } }
            << QJsonObject{ { "r", "misc" }, { "exp", t + 600 }, { "vo", true }, { "ao", true },
                            { "ss", false }, { "erui", false }, { "ctoe", true },
                            { "rome", "https://example.com/bye?x=1" }, { "sr", true },
                            { "sro", QJsonObject{ { "layout", QJsonObject{ { "preset", "single-participant" } } } } },
                            { "d", domainId } };
}

void tst_Daily::modesCarrySameProperties()
{
    QFETCH(QJsonObject, inputs);
    QFETCH(QJsonObject, expectedClaims);

    for (const QString &mode : { rest, selfSigned }) {
        ActionResult result;
        run(inputs, connection(mode), &result);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
        // Self-signing needs no round trip.
        QCOMPARE(m_server.requestCount(), 1);

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
                         .arg(domainName, inputs.value(QLatin1String("room_name")).toString(),
                              QString::fromLatin1(token)));
        QVERIFY(result.warnings.isEmpty());
    }
}

void tst_Daily::selfSignedRefusesUndocumentedClaims_data()
{
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("restClaim");

    const QJsonObject base{ { "room_name", "prejoin" }, { "exp", now() + 600 } };
    QJsonObject inputs = base;
    inputs.insert(QStringLiteral("enable_prejoin_ui"), true);
    QTest::newRow("enable_prejoin_ui") << inputs << "/enable_prejoin_ui" << "enable_prejoin_ui";
    inputs = base;
    inputs.insert(QStringLiteral("enable_terse_logging"), true);
    QTest::newRow("enable_terse_logging") << inputs << "/enable_terse_logging" << "enable_terse_logging";
    inputs = base;
    inputs.insert(QStringLiteral("permissions"), QJsonObject{ { "canAdmin", QJsonArray{ "participants" } } });
    QTest::newRow("permissions.canAdmin") << inputs << "/permissions/canAdmin" << "p";
}

void tst_Daily::selfSignedRefusesUndocumentedClaims()
{
    QFETCH(QJsonObject, inputs);
    QFETCH(QString, field);
    QFETCH(QString, restClaim);

    ActionResult result;
    run(inputs, connection(selfSigned), &result);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(result.status, ActionResult::Status::InvalidInput);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().code, QStringLiteral("not_self_signable"));
    QCOMPARE(result.errors.first().field, field);
    QVERIFY(result.outputs.isEmpty());

    // The REST mode carries it.
    run(inputs, connection(rest), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
    const QJsonObject claims = Jwt::decode(result.outputs.value(QLatin1String("token")).toString().toLatin1()).claims;
    QVERIFY2(claims.contains(restClaim), QJsonDocument(claims).toJson().constData());
}

void tst_Daily::verifiedByPyJwt_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QByteArray>("verifyKey");
    QTest::addColumn<QString>("refusal"); // PyJWT's exception, empty when it accepts the token

    const qint64 t = now();
    const QJsonObject current{ { "room_name", "py" }, { "user_name", "Zoë" }, { "nbf", t - 60 }, { "exp", t + 600 },
                               { "permissions", QJsonObject{ { "canSend", QJsonArray{ "audio", "video" } } } } };
    QTest::newRow("self-signed") << selfSigned << current << apiKey << QString();
    QTest::newRow("REST") << rest << current << apiKey << QString();
    QTest::newRow("self-signed, expires after 2038")
            << selfSigned << QJsonObject{ { "room_name", "py" }, { "exp", after2038 } } << apiKey << QString();
    QTest::newRow("self-signed, expired")
            << selfSigned << QJsonObject{ { "room_name", "py" }, { "exp", t - 60 } } << apiKey
            << QStringLiteral("ExpiredSignatureError");
    QTest::newRow("self-signed, not yet valid")
            << selfSigned << QJsonObject{ { "room_name", "py" }, { "nbf", t + 3600 }, { "exp", t + 7200 } }
            << apiKey << QStringLiteral("ImmatureSignatureError");
    QTest::newRow("self-signed, other key") << selfSigned << current << wrongKey
                                            << QStringLiteral("InvalidSignatureError");
}

void tst_Daily::verifiedByPyJwt()
{
    QFETCH(QString, mode);
    QFETCH(QJsonObject, inputs);
    QFETCH(QByteArray, verifyKey);
    QFETCH(QString, refusal);

    if (m_python.isEmpty())
        QSKIP("no python3 with the jwt module (PyJWT) found; set ACTIONNODE_PYTHON to one");
    const QByteArray token = tokenOf(inputs, mode);
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
    QProcess process;
    // The key goes through standard input: command lines are visible to other users.
    process.start(m_python, { QStringLiteral("-c"), script, QString::fromLatin1(token) });
    QVERIFY(process.waitForStarted(10000));
    process.write(verifyKey);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    const QByteArray output = process.readAllStandardOutput().trimmed();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit, process.readAllStandardError().constData());
    if (!refusal.isEmpty()) {
        QCOMPARE(process.exitCode(), 1);
        QCOMPARE(QString::fromUtf8(output), refusal);
        return;
    }
    QVERIFY2(process.exitCode() == 0, (output + process.readAllStandardError()).constData());
    const QJsonObject claims = QJsonDocument::fromJson(output).object();
    QCOMPARE(claims, Jwt::decode(token).claims);
    QCOMPARE(claims.value(QLatin1String("r")).toString(), QStringLiteral("py"));
    QCOMPARE(claims.value(QLatin1String("d")).toString(), domainId);
    QCOMPARE(claims.value(QLatin1String("exp")).toInteger(), inputs.value(QLatin1String("exp")).toInteger());
}

void tst_Daily::faults_data()
{
    QTest::addColumn<QJsonArray>("faults");
    QTest::addColumn<QJsonObject>("settings");
    QTest::addColumn<ActionResult::Status>("status");
    QTest::addColumn<QString>("rule");        // the error's rule (or code when it has none)
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<int>("requests");        // as counted by the emulator
    QTest::addColumn<int>("minElapsedMs");

    using S = ActionResult::Status;
    using F = QJsonObject;
    // Retry-After is honoured: the default backoff alone would wait 250 ms.
    QTest::newRow("429 with Retry-After 1, then success")
            << QJsonArray{ F{ { "status", 429 }, { "retryAfter", 1 } } } << QJsonObject()
            << S::Succeeded << QString() << QString() << 2 << 950;
    QTest::newRow("503 with Retry-After 1, then success")
            << QJsonArray{ F{ { "status", 503 }, { "retryAfter", 1 } } } << QJsonObject()
            << S::Succeeded << QString() << QString() << 2 << 950;
    QTest::newRow("503, then success")
            << QJsonArray{ F{ { "status", 503 } } } << QJsonObject()
            << S::Succeeded << QString() << QString() << 2 << 0;
    QTest::newRow("500 twice, then success")
            << QJsonArray{ F{ { "status", 500 }, { "count", 2 } } } << QJsonObject()
            << S::Succeeded << QString() << QString() << 3 << 0;
    QTest::newRow("502 more often than max_retries")
            << QJsonArray{ F{ { "status", 502 }, { "count", 3 } } } << QJsonObject{ { "max_retries", "2" } }
            << S::ProviderFailed << QStringLiteral("http_502")
            << QStringLiteral("HTTP 502 (server-error): server error (fault injected by the emulator) after 3 attempts")
            << 3 << 0;
    QTest::newRow("429 more often than max_retries")
            << QJsonArray{ F{ { "status", 429 }, { "retryAfter", 0 }, { "count", 2 } } }
            << QJsonObject{ { "max_retries", "1" } }
            << S::ProviderFailed << QStringLiteral("http_429")
            << QStringLiteral("HTTP 429 (rate-limit-error): rate limit exceeded") << 2 << 0;
    QTest::newRow("no retries at all")
            << QJsonArray{ F{ { "status", 500 } } } << QJsonObject{ { "max_retries", "0" } }
            << S::ProviderFailed << QStringLiteral("http_500") << QStringLiteral("HTTP 500 (server-error)") << 1 << 0;
    QTest::newRow("slower than timeout_ms every time")
            << QJsonArray{ F{ { "delayMs", 1500 }, { "count", 2 } } }
            << QJsonObject{ { "timeout_ms", "300" }, { "max_retries", "1" } }
            << S::NetworkFailed << QStringLiteral("network_error")
            << QStringLiteral("after 2 attempt(s): no answer within 300 ms") << 2 << 600;
    QTest::newRow("only the first answer slower than timeout_ms")
            << QJsonArray{ F{ { "delayMs", 1500 } } } << QJsonObject{ { "timeout_ms", "400" } }
            << S::Succeeded << QString() << QString() << 2 << 400;
    // Qt re-sends a request once by itself when the connection closes before
    // any byte of the answer, and not again before a request succeeds: a
    // first attempt fails after two drops, later ones after one each.
    QTest::newRow("dropped once, re-sent by Qt")
            << QJsonArray{ F{ { "drop", true } } } << QJsonObject()
            << S::Succeeded << QString() << QString() << 2 << 0;
    QTest::newRow("dropped twice, then success")
            << QJsonArray{ F{ { "drop", true }, { "count", 2 } } } << QJsonObject()
            << S::Succeeded << QString() << QString() << 3 << 0;
    QTest::newRow("dropped every time")
            << QJsonArray{ F{ { "drop", true }, { "count", 4 } } } << QJsonObject{ { "max_retries", "2" } }
            << S::NetworkFailed << QStringLiteral("network_error")
            << QStringLiteral("Daily could not be reached after 3 attempt(s): Connection closed") << 4 << 0;
    QTest::newRow("malformed JSON with 200")
            << QJsonArray{ F{ { "malformed", true } } } << QJsonObject()
            << S::ProviderFailed << QStringLiteral("malformed_reply") << QStringLiteral("not JSON") << 1 << 0;
    QTest::newRow("400 is final and shows Daily's info")
            << QJsonArray{ F{ { "status", 400 } } } << QJsonObject()
            << S::ProviderFailed << QStringLiteral("http_400")
            << QStringLiteral("HTTP 400 (invalid-request-error): request refused (fault injected by the emulator)")
            << 1 << 0;
    QTest::newRow("403 is final")
            << QJsonArray{ F{ { "status", 403 } } } << QJsonObject()
            << S::ProviderFailed << QStringLiteral("http_403") << QStringLiteral("(forbidden)") << 1 << 0;
    QTest::newRow("401 for a wrong key is final")
            << QJsonArray() << QJsonObject{ { "api_key", QString::fromLatin1(wrongKey) } }
            << S::ProviderFailed << QStringLiteral("http_401")
            << QStringLiteral("HTTP 401 (authentication-error): API key is not valid") << 1 << 0;
}

void tst_Daily::faults()
{
    QFETCH(QJsonArray, faults);
    QFETCH(QJsonObject, settings);
    QFETCH(ActionResult::Status, status);
    QFETCH(QString, rule);
    QFETCH(QString, messagePart);
    QFETCH(int, requests);
    QFETCH(int, minElapsedMs);

    for (const QJsonValue &value : std::as_const(faults)) {
        QString error;
        const std::optional<Fault> fault = Fault::fromJson(value.toObject(), &error);
        QVERIFY2(fault, qPrintable(error));
        QVERIFY(m_server.faultPlan().schedule(*fault, &error));
    }
    const QJsonObject inputs{ { "room_name", "faulty" }, { "exp", now() + 600 } };
    ActionResult result;
    run(inputs, connection(rest, settings), &result);
    if (QTest::currentTestFailed())
        return;

    QVERIFY2(result.status == status, QJsonDocument(result.toJson()).toJson().constData());
    QVERIFY2(m_elapsedMs >= minElapsedMs, qPrintable(QString::number(m_elapsedMs)));
    if (status == ActionResult::Status::Succeeded) {
        QVERIFY(Jwt::verify(result.outputs.value(QLatin1String("token")).toString().toLatin1(), apiKey));
        QVERIFY(result.errors.isEmpty());
    } else {
        QVERIFY(result.outputs.isEmpty());
        QCOMPARE(result.errors.size(), 1);
        const ActionError &error = result.errors.first();
        QCOMPARE(error.rule.isEmpty() ? error.code : error.rule, rule);
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
        QVERIFY(!error.message.contains(QString::fromLatin1(apiKey)));
        QVERIFY(!error.message.contains(QString::fromLatin1(wrongKey)));
    }
    QCOMPARE(m_server.requestCount(), requests);
    QVERIFY(m_server.faultPlan().isEmpty());
    // Nothing is still under way once the result is in.
    QTest::qWait(300);
    QCOMPARE(m_server.requestCount(), requests);
}

void tst_Daily::retryAfterHttpDate_data()
{
    QTest::addColumn<QString>("dateFormat"); // an HTTP-date 3 s ahead in this format, if set
    QTest::addColumn<QByteArray>("retryAfter"); // else this value
    QTest::addColumn<int>("minElapsedMs");
    QTest::addColumn<QString>("retryLog"); // the exact wait, where it is known in advance

    // HTTP-dates have whole seconds: 3 s ahead is at least 2 s from now.
    QTest::newRow("IMF-fixdate") << "ddd, dd MMM yyyy HH:mm:ss 'GMT'" << QByteArray() << 1900 << QString();
    QTest::newRow("RFC 850 date") << "dddd, dd-MMM-yy HH:mm:ss 'GMT'" << QByteArray() << 1900 << QString();
    QTest::newRow("asctime date") << "ddd MMM d HH:mm:ss yyyy" << QByteArray() << 1900 << QString();
    // A past date means "now"; anything unreadable falls back to the backoff
    // (250 ms, of which the upper half is random: at least 125 ms).
    QTest::newRow("date in the past") << QString() << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << 0
                                      << "retrying in 0 ms after HTTP 429";
    QTest::newRow("seconds") << QString() << QByteArray("2") << 1950 << "retrying in 2000 ms after HTTP 429";
    QTest::newRow("garbage") << QString() << QByteArray("soon") << 120 << QString();
}

void tst_Daily::retryAfterHttpDate()
{
    QFETCH(QString, dateFormat);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, minElapsedMs);
    QFETCH(QString, retryLog);

    if (!dateFormat.isEmpty())
        retryAfter = QLocale::c().toString(QDateTime::currentDateTimeUtc().addSecs(3), dateFormat).toLatin1();
    if (!retryLog.isEmpty())
        QTest::ignoreMessage(QtInfoMsg, qPrintable(retryLog)); // fails the test unless logged
    EmulatorServer server;
    RetryAfterApi api(retryAfter);
    server.addApi(&api);
    QVERIFY(server.listen(0));
    ActionResult result;
    run({ { "room_name", "later" }, { "exp", now() + 600 } },
        connection(rest, { { "api_base", server.url().toString() + QStringLiteral("/v1") } }), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
    QCOMPARE(server.requestCount(), 2);
    QVERIFY2(m_elapsedMs >= minElapsedMs && m_elapsedMs < 10000,
             qPrintable(QStringLiteral("%1 ms for Retry-After: %2").arg(m_elapsedMs).arg(QString::fromLatin1(retryAfter))));
}

void tst_Daily::unreachable()
{
    // A loopback port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    ActionResult result;
    run({ { "room_name", "nowhere" }, { "exp", now() + 600 } },
        connection(rest, { { "api_base", QStringLiteral("http://127.0.0.1:%1/v1").arg(port) },
                           { "max_retries", "2" } }),
        &result);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(result.status, ActionResult::Status::NetworkFailed);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().code, QStringLiteral("network_error"));
    QVERIFY2(result.errors.first().message.contains(QLatin1String("after 3 attempt(s)")),
             qPrintable(result.errors.first().message));
    // Backoff of 250 and 500 ms between the three attempts, the upper half of each random.
    QVERIFY2(m_elapsedMs >= 370, qPrintable(QString::number(m_elapsedMs)));
}

void tst_Daily::configurationErrors_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QJsonObject>("settings");
    QTest::addColumn<QString>("setting");

    QTest::newRow("api_base not a URL") << rest << QJsonObject{ { "api_base", "not a url" } } << "api_base";
    QTest::newRow("api_base not http") << rest << QJsonObject{ { "api_base", "ftp://127.0.0.1/v1" } } << "api_base";
    QTest::newRow("api_base without host") << rest << QJsonObject{ { "api_base", "http:///v1" } } << "api_base";
    QTest::newRow("timeout_ms not a number") << rest << QJsonObject{ { "timeout_ms", "fast" } } << "timeout_ms";
    QTest::newRow("timeout_ms zero") << rest << QJsonObject{ { "timeout_ms", "0" } } << "timeout_ms";
    QTest::newRow("max_retries negative") << rest << QJsonObject{ { "max_retries", "-1" } } << "max_retries";
    QTest::newRow("max_retries not a number") << rest << QJsonObject{ { "max_retries", "many" } } << "max_retries";
    QTest::newRow("unknown token_mode") << QStringLiteral("jwt") << QJsonObject() << "token_mode";
    QTest::newRow("no api_key, REST") << rest << QJsonObject{ { "api_key", "" } } << "api_key";
    QTest::newRow("no api_key, self-signed") << selfSigned << QJsonObject{ { "api_key", "" } } << "api_key";
    QTest::newRow("no domain_id, self-signed") << selfSigned << QJsonObject{ { "domain_id", "" } } << "domain_id";
    // A line break in a key would add header lines to the request: refused, the value never shown.
    QTest::newRow("api_key with CR LF, REST") << rest << QJsonObject{ { "api_key", "key\r\nX-Injected: 1" } } << "api_key";
    QTest::newRow("api_key with LF, self-signed") << selfSigned << QJsonObject{ { "api_key", "key\nX-Injected: 1" } } << "api_key";
    QTest::newRow("api_key with NUL") << rest << QJsonObject{ { "api_key", QStringLiteral("key") + QChar(0) + "X-Injected" } } << "api_key";
    QTest::newRow("domain with LF") << rest << QJsonObject{ { "domain", "acme\nX-Injected" } } << "domain";
}

void tst_Daily::configurationErrors()
{
    QFETCH(QString, mode);
    QFETCH(QJsonObject, settings);
    QFETCH(QString, setting);

    ActionResult result;
    run({ { "room_name", "config" }, { "exp", now() + 600 } }, connection(mode, settings), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.status == ActionResult::Status::ConfigurationError,
             QJsonDocument(result.toJson()).toJson().constData());
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().field, setting);
    QVERIFY(result.errors.first().toString().startsWith(setting + QLatin1String(": ")));
    QVERIFY(!result.errors.first().toString().contains(QLatin1String("X-Injected")));
    QCOMPARE(m_server.requestCount(), 0);
}

void tst_Daily::runCli(const QStringList &arguments, const QJsonObject &environment, CliRun *run)
{
    QProcessEnvironment processEnvironment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : processEnvironment.keys()) {
        if (name.startsWith(QLatin1String("DAILY_")) || name == QLatin1String("ACTIONNODE_LICENSE"))
            processEnvironment.remove(name);
    }
    // Every category at its most verbose: still no key may show.
    processEnvironment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    for (auto it = environment.begin(); it != environment.end(); ++it)
        processEnvironment.insert(it.key(), it.value().toString());
    QProcess process;
    process.setProcessEnvironment(processEnvironment);
    process.start(QStringLiteral(ACTIONNODE_EXECUTABLE), arguments);
    QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        QFAIL("actionnode did not finish within 30 s");
    }
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    run->exitCode = process.exitCode();
    run->out = process.readAllStandardOutput();
    run->err = process.readAllStandardError();
}

void tst_Daily::cliKeepsSecrets_data()
{
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QJsonObject>("environment");
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("status");

    const QString exp = QStringLiteral("exp=%1").arg(now() + 600);
    const QStringList good{ QStringLiteral("room_name=standup"), QStringLiteral("user_name=Alice"), exp };
    const QJsonObject restMode{ { "DAILY_TOKEN_MODE", rest } };
    const QJsonObject selfMode{ { "DAILY_TOKEN_MODE", selfSigned } };
    const auto with = [](QJsonObject environment, const QJsonObject &more) {
        for (auto it = more.begin(); it != more.end(); ++it)
            environment.insert(it.key(), it.value());
        return environment;
    };

    QTest::newRow("REST, success") << good << restMode << QJsonObject() << 0 << "succeeded";
    QTest::newRow("REST, wrong key") << good << with(restMode, { { "DAILY_API_KEY", QString::fromLatin1(wrongKey) } })
                                     << QJsonObject() << 5 << "provider_failed";
    QTest::newRow("REST, 503 beyond max_retries")
            << good << with(restMode, { { "DAILY_MAX_RETRIES", "1" } })
            << QJsonObject{ { "status", 503 }, { "count", 2 } } << 5 << "provider_failed";
    QTest::newRow("REST, unreachable")
            << good << with(restMode, { { "DAILY_API_BASE", "http://127.0.0.1:1/v1" }, { "DAILY_MAX_RETRIES", "1" } })
            << QJsonObject() << 6 << "network_failed";
    QTest::newRow("REST, bad input") << QStringList{ QStringLiteral("room_name=not a room"), exp } << restMode
                                     << QJsonObject() << 3 << "invalid_input";
    QTest::newRow("REST, bad api_base") << good << with(restMode, { { "DAILY_API_BASE", "api.daily.co" } })
                                        << QJsonObject() << 1 << "configuration_error";
    QTest::newRow("self-signed, success") << good << selfMode << QJsonObject() << 0 << "succeeded";
    QTest::newRow("self-signed, bad input") << QStringList{ QStringLiteral("user_id=") + QString(37, QLatin1Char('u')), exp }
                                            << selfMode << QJsonObject() << 3 << "invalid_input";
    QTest::newRow("self-signed, no claim for the field")
            << (QStringList(good) << QStringLiteral("enable_prejoin_ui=true")) << selfMode << QJsonObject() << 3
            << "invalid_input";
    QTest::newRow("self-signed, no domain_id") << good << with(selfMode, { { "DAILY_DOMAIN_ID", "" } })
                                               << QJsonObject() << 1 << "configuration_error";
}

void tst_Daily::cliKeepsSecrets()
{
    QFETCH(QStringList, inputs);
    QFETCH(QJsonObject, environment);
    QFETCH(QJsonObject, fault);
    QFETCH(int, exitCode);
    QFETCH(QString, status);

    if (!fault.isEmpty()) {
        QNetworkRequest request(m_emulatorProcessUrl.resolved(QUrl(QStringLiteral("/_emulator/faults"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = m_network.post(request, QJsonDocument(fault).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
    }
    QJsonObject settings{ { "DAILY_API_KEY", QString::fromLatin1(apiKey) },
                          { "DAILY_API_BASE", m_emulatorProcessUrl.toString() + QStringLiteral("/v1") },
                          { "DAILY_DOMAIN", domainName },
                          { "DAILY_DOMAIN_ID", domainId } };
    for (auto it = environment.begin(); it != environment.end(); ++it)
        settings.insert(it.key(), it.value());

    CliRun cli;
    runCli(QStringList{ QStringLiteral("run"), actionId } + inputs, settings, &cli);
    if (QTest::currentTestFailed())
        return;
    const QByteArray both = cli.out + cli.err;
    QVERIFY2(cli.exitCode == exitCode, both.constData());
    for (const QByteArray &key : { apiKey, wrongKey })
        QVERIFY2(!both.contains(key), both.constData());
    const QJsonObject result = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(result.value(QLatin1String("status")).toString(), status);
    if (exitCode == 0) {
        const QByteArray token = result.value(QLatin1String("outputs")).toObject()
                                         .value(QLatin1String("token")).toString().toLatin1();
        QVERIFY(Jwt::verify(token, apiKey));
        // Only what was given on the command line, in either mode.
        QCOMPARE(withoutIssuedAt(Jwt::decode(token).claims).keys(),
                 (QStringList{ "d", "exp", "r", "u" }));
        // A JWT's signature is as secret as the key's use: not in the logs either.
        QVERIFY(!cli.err.contains(token.mid(token.lastIndexOf('.') + 1)));
    } else {
        QVERIFY(cli.err.contains("error: "));
    }
    if (settings.value(QLatin1String("DAILY_TOKEN_MODE")) == rest && exitCode != 3 && exitCode != 1)
        QVERIFY2(cli.err.contains("/meeting-tokens"), cli.err.constData()); // debug logging was on
}

void tst_Daily::inspectVerify_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QString>("change"); // what happens to the token before it is inspected
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("verdict"); // verification member and the start of its value

    const qint64 t = now();
    const QJsonObject current{ { "room_name", "inspect" }, { "is_owner", true }, { "exp", t + 600 } };
    for (const QString &mode : { rest, selfSigned }) {
        const QByteArray m = mode.toLatin1();
        QTest::addRow("%s, fresh", m.constData()) << mode << current << QString() << 0 << "signature=valid";
        QTest::addRow("%s, signature altered", m.constData()) << mode << current << "signature" << 1
                                                              << "signature=signature mismatch";
        QTest::addRow("%s, claims altered", m.constData()) << mode << current << "claims" << 1 << "signature=signature mismatch";
        QTest::addRow("%s, other key", m.constData()) << mode << current << "key" << 1 << "signature=signature mismatch";
    }
    QTest::newRow("self-signed, expired")
            << selfSigned << QJsonObject{ { "room_name", "inspect" }, { "exp", t - 3600 } } << QString() << 1
            << "expiry=expired at";
    QTest::newRow("self-signed, not yet valid")
            << selfSigned << QJsonObject{ { "room_name", "inspect" }, { "nbf", t + 3600 }, { "exp", t + 7200 } }
            << QString() << 1 << "notBefore=not valid before";
    QTest::newRow("self-signed, never expires")
            << selfSigned << QJsonObject{ { "room_name", "inspect" } } << QString() << 0 << "expiry=never expires";
}

void tst_Daily::inspectVerify()
{
    QFETCH(QString, mode);
    QFETCH(QJsonObject, inputs);
    QFETCH(QString, change);
    QFETCH(int, exitCode);
    QFETCH(QString, verdict);

    QByteArray token = tokenOf(inputs, mode);
    QVERIFY(!token.isEmpty());
    if (change == QLatin1String("signature")) {
        const qsizetype at = token.lastIndexOf('.') + 5;
        token[at] = token.at(at) == 'A' ? 'B' : 'A';
    } else if (change == QLatin1String("claims")) {
        QList<QByteArray> parts = token.split('.');
        QJsonObject claims = Jwt::decode(token).claims;
        claims.insert(QStringLiteral("r"), QStringLiteral("another-room"));
        parts[1] = Jwt::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        token = parts.join('.');
    }
    const QByteArray key = change == QLatin1String("key") ? wrongKey : apiKey;

    CliRun cli;
    runCli({ QStringLiteral("inspect"), QStringLiteral("--verify"), QString::fromLatin1(token) },
           { { "DAILY_API_KEY", QString::fromLatin1(key) } }, &cli);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(cli.exitCode == exitCode, (cli.out + cli.err).constData());
    QVERIFY(!(cli.out + cli.err).contains(key));
    const QJsonObject report = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(report.value(QLatin1String("action")).toString(), actionId);
    const QJsonObject verification = report.value(QLatin1String("verification")).toObject();
    QCOMPARE(verification.value(QLatin1String("valid")).toBool(), exitCode == 0);
    const QString member = verdict.section(QLatin1Char('='), 0, 0);
    const QString start = verdict.section(QLatin1Char('='), 1);
    QVERIFY2(verification.value(member).toString().startsWith(start),
             QJsonDocument(verification).toJson().constData());
    // Claims read back under Daily's property names.
    const QJsonObject properties = report.value(QLatin1String("properties")).toObject();
    QCOMPARE(properties.value(QLatin1String("room_name")).toString(),
             change == QLatin1String("claims") ? QStringLiteral("another-room") : QStringLiteral("inspect"));
    QCOMPARE(properties.value(QLatin1String("d")).toString(), domainId); // not an input: kept as is
}

// Forty lines at once against answers held back 500 ms: Qt opens six
// connections, so the last lines wait some 3 s for one. The 2 s timeout
// counts only each request's own time, so every line succeeds.
void tst_Daily::batchBeyondTheConnectionPool()
{
    constexpr int lines = 40;
    QNetworkRequest request(m_emulatorProcessUrl.resolved(QUrl(QStringLiteral("/_emulator/faults"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = m_network.post(request, QJsonDocument(QJsonObject{ { "delayMs", 500 }, { "count", lines } }).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();

    QTemporaryFile input;
    QVERIFY(input.open());
    for (int i = 0; i < lines; ++i)
        input.write(R"({"room_name": "pool", "exp": 4102444800})" "\n");
    input.close();
    CliRun cli;
    runCli({ QStringLiteral("batch"), actionId, QStringLiteral("--input"), input.fileName(), QStringLiteral("--concurrency"),
             QString::number(lines) },
           { { "DAILY_API_KEY", QString::fromLatin1(apiKey) },
             { "DAILY_API_BASE", m_emulatorProcessUrl.toString() + QStringLiteral("/v1") },
             { "DAILY_TOKEN_MODE", rest },
             { "DAILY_TIMEOUT_MS", "2000" },
             { "DAILY_MAX_RETRIES", "0" } },
           &cli);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(cli.out.count("\"status\":\"succeeded\""), lines);
}

// nbf and exp are NumericDates (RFC 7519): fractions allowed, anything else malformed.
void tst_Daily::inspectReadsNumericDates_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("verdict"); // verification member and the start of its value
    QTest::addColumn<QString>("expTime");  // part of the "exp" time shown, if any

    QTest::newRow("fractional nbf in 2100") << QByteArray(R"({"r":"inspect","nbf":4102444800.5,"exp":4102448400})") << 1
                                            << "notBefore=not valid before 2100-01-01T00:00:00.500Z" << "2100-01-01T01:00:00Z";
    QTest::newRow("fractional exp in 2100") << QByteArray(R"({"r":"inspect","exp":4102444800.5})") << 0 << "expiry=ok"
                                            << "2100-01-01T00:00:00.500Z";
    QTest::newRow("exp as a string") << QByteArray(R"({"r":"inspect","exp":"1000"})") << 1 << "expiry=malformed" << "malformed";
    QTest::newRow("exp null") << QByteArray(R"({"r":"inspect","exp":null})") << 1 << "expiry=malformed" << "malformed";
    QTest::newRow("nbf null") << QByteArray(R"({"r":"inspect","nbf":null,"exp":4102444800})") << 1 << "notBefore=malformed"
                              << "2100-01-01T00:00:00Z";
    QTest::newRow("exp beyond int64") << QByteArray(R"({"r":"inspect","exp":1e20})") << 0 << "expiry=ok" << "outside the years";
    QTest::newRow("exp in the year 10000") << QByteArray(R"({"r":"inspect","exp":253402300800})") << 0 << "expiry=ok"
                                           << "253402300800 s after 1970";
    QTest::newRow("exp in 1969") << QByteArray(R"({"r":"inspect","exp":-1.5})") << 1 << "expiry=expired at 1969-12-31T23:59:58.500Z"
                                 << "1969";
}

void tst_Daily::inspectReadsNumericDates()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, exitCode);
    QFETCH(QString, verdict);
    QFETCH(QString, expTime);

    const QByteArray token = Jwt::signPayload(payload, apiKey);
    CliRun cli;
    runCli({ QStringLiteral("inspect"), QStringLiteral("--verify"), QString::fromLatin1(token) },
           { { "DAILY_API_KEY", QString::fromLatin1(apiKey) } }, &cli);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(cli.exitCode == exitCode, (cli.out + cli.err).constData());
    const QJsonObject report = QJsonDocument::fromJson(cli.out).object();
    const QJsonObject verification = report.value(QLatin1String("verification")).toObject();
    QCOMPARE(verification.value(QLatin1String("signature")).toString(), QStringLiteral("valid"));
    QCOMPARE(verification.value(QLatin1String("valid")).toBool(), exitCode == 0);
    QVERIFY2(verification.value(verdict.section(QLatin1Char('='), 0, 0)).toString().startsWith(verdict.section(QLatin1Char('='), 1)),
             QJsonDocument(verification).toJson().constData());
    const QString shown = report.value(QLatin1String("times")).toObject().value(QLatin1String("exp")).toString();
    QVERIFY2(shown.contains(expTime), qPrintable(shown));
}

QTEST_GUILESS_MAIN(tst_Daily)
#include "tst_daily.moc"
