// Daily's meeting token through the actionnode command, against the
// stand-alone emulator: no key or signature in any output at full debug,
// inspect --verify, and a batch wider than Qt's connection pool.

#include "support/dailytokenfixture.h"
#include "support/processrun.h"
#include "support/serverprocess.h"

#include <actionnode/sdk/jwt.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;
using namespace ActionNode::TestSupport::DailyToken;

class TestMeetingTokenCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void cliKeepsSecrets_data();
    void cliKeepsSecrets();
    void inspectVerify_data();
    void inspectVerify();
    void inspectReadsNumericDates_data();
    void inspectReadsNumericDates();
    void batchBeyondTheConnectionPool();

private:
    //! Runs actionnode with \a settings added to a clean environment, every log category at its most verbose.
    static ProcessRun runCli(const QStringList &arguments, const QJsonObject &settings);

    DailyTokenFixture m_daily;  //!< for tokens to inspect
    EmulatorProcess m_emulator; //!< for the command
};

void TestMeetingTokenCli::initTestCase()
{
    QString error;
    QVERIFY2(m_daily.start(&error), qPrintable(error));
    QVERIFY2(m_emulator.start(apiKey,
                              {QStringLiteral("--domain"), domainName, QStringLiteral("--domain-id"), domainId}),
             qPrintable(m_emulator.errorString()));
}

void TestMeetingTokenCli::init()
{
    m_daily.server().reset();
}

ProcessRun TestMeetingTokenCli::runCli(const QStringList &arguments, const QJsonObject &settings)
{
    QProcessEnvironment environment;
    // Every category at its most verbose: still no key may show.
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    for (auto it = settings.begin(); it != settings.end(); ++it)
        environment.insert(it.key(), it.value().toString());
    return runActionnode(arguments, actionnodeEnvironment(environment), {}, 30000);
}

void TestMeetingTokenCli::cliKeepsSecrets_data()
{
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QJsonObject>("environment");
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("status");

    const QString exp = QStringLiteral("exp=%1").arg(now() + 600);
    const QStringList good{QStringLiteral("room_name=standup"), QStringLiteral("user_name=Alice"), exp};
    const QJsonObject restMode{{"DAILY_TOKEN_MODE", rest}};
    const QJsonObject selfMode{{"DAILY_TOKEN_MODE", selfSigned}};
    const auto with = [](QJsonObject environment, const QJsonObject &more) {
        for (auto it = more.begin(); it != more.end(); ++it)
            environment.insert(it.key(), it.value());
        return environment;
    };

    QTest::newRow("REST, success") << good << restMode << QJsonObject() << 0 << "succeeded";
    QTest::newRow("REST, wrong key") << good << with(restMode, {{"DAILY_API_KEY", QString::fromLatin1(wrongKey)}})
                                     << QJsonObject() << 5 << "provider_failed";
    QTest::newRow("REST, 503 beyond max_retries")
        << good << with(restMode, {{"DAILY_MAX_RETRIES", "1"}}) << QJsonObject{{"status", 503}, {"count", 2}} << 5
        << "provider_failed";
    QTest::newRow("REST, unreachable") << good
                                       << with(restMode, {{"DAILY_API_BASE", "http://127.0.0.1:1/v1"},
                                                          {"DAILY_MAX_RETRIES", "1"}})
                                       << QJsonObject() << 6 << "network_failed";
    QTest::newRow("REST, bad input") << QStringList{QStringLiteral("room_name=not a room"), exp} << restMode
                                     << QJsonObject() << 3 << "invalid_input";
    QTest::newRow("REST, bad api_base") << good << with(restMode, {{"DAILY_API_BASE", "api.daily.co"}}) << QJsonObject()
                                        << 1 << "configuration_error";
    QTest::newRow("self-signed, success") << good << selfMode << QJsonObject() << 0 << "succeeded";
    QTest::newRow("self-signed, bad input")
        << QStringList{QStringLiteral("user_id=") + QString(37, QLatin1Char('u')), exp} << selfMode << QJsonObject()
        << 3 << "invalid_input";
    QTest::newRow("self-signed, no claim for the field")
        << (QStringList(good) << QStringLiteral("enable_prejoin_ui=true")) << selfMode << QJsonObject() << 3
        << "invalid_input";
    QTest::newRow("self-signed, no domain_id")
        << good << with(selfMode, {{"DAILY_DOMAIN_ID", ""}}) << QJsonObject() << 1 << "configuration_error";
}

void TestMeetingTokenCli::cliKeepsSecrets()
{
    QFETCH(QStringList, inputs);
    QFETCH(QJsonObject, environment);
    QFETCH(QJsonObject, fault);
    QFETCH(int, exitCode);
    QFETCH(QString, status);

    QString error;
    if (!fault.isEmpty())
        QVERIFY2(m_emulator.scheduleFault(fault, &error), qPrintable(error));
    QJsonObject settings{{"DAILY_API_KEY", QString::fromLatin1(apiKey)},
                         {"DAILY_API_BASE", m_emulator.dailyApiBase()},
                         {"DAILY_DOMAIN", domainName},
                         {"DAILY_DOMAIN_ID", domainId}};
    for (auto it = environment.begin(); it != environment.end(); ++it)
        settings.insert(it.key(), it.value());

    const ProcessRun cli = runCli(QStringList{QStringLiteral("run"), actionId} + inputs, settings);
    const QByteArray both = cli.out + cli.err;
    QVERIFY2(cli.exitCode == exitCode, both.constData());
    for (const QByteArray &key : {apiKey, wrongKey})
        QVERIFY2(!both.contains(key), both.constData());
    const QJsonObject result = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(result.value(QLatin1String("status")).toString(), status);
    if (exitCode == 0) {
        const QByteArray token =
            result.value(QLatin1String("outputs")).toObject().value(QLatin1String("token")).toString().toLatin1();
        QVERIFY(Jwt::verify(token, apiKey));
        // Only what was given on the command line, in either mode.
        QCOMPARE(withoutIssuedAt(Jwt::decode(token).claims).keys(), (QStringList{"d", "exp", "r", "u"}));
        // A JWT's signature is as secret as the key's use: not in the logs either.
        QVERIFY(!cli.err.contains(token.mid(token.lastIndexOf('.') + 1)));
    } else {
        QVERIFY(cli.err.contains("error: "));
    }
    if (settings.value(QLatin1String("DAILY_TOKEN_MODE")) == rest && exitCode != 3 && exitCode != 1)
        QVERIFY2(cli.err.contains("/meeting-tokens"), cli.err.constData()); // debug logging was on
}

void TestMeetingTokenCli::inspectVerify_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QString>("change"); // what happens to the token before it is inspected
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("verdict"); // verification member and the start of its value

    const qint64 t = now();
    const QJsonObject current{{"room_name", "inspect"}, {"is_owner", true}, {"exp", t + 600}};
    for (const QString &mode : {rest, selfSigned}) {
        const QByteArray m = mode.toLatin1();
        QTest::addRow("%s, fresh", m.constData()) << mode << current << QString() << 0 << "signature=valid";
        QTest::addRow("%s, signature altered", m.constData())
            << mode << current << "signature" << 1 << "signature=signature mismatch";
        QTest::addRow("%s, claims altered", m.constData())
            << mode << current << "claims" << 1 << "signature=signature mismatch";
        QTest::addRow("%s, other key", m.constData())
            << mode << current << "key" << 1 << "signature=signature mismatch";
    }
    QTest::newRow("self-signed, expired") << selfSigned << QJsonObject{{"room_name", "inspect"}, {"exp", t - 3600}}
                                          << QString() << 1 << "expiry=expired at";
    QTest::newRow("self-signed, not yet valid")
        << selfSigned << QJsonObject{{"room_name", "inspect"}, {"nbf", t + 3600}, {"exp", t + 7200}} << QString() << 1
        << "notBefore=not valid before";
    QTest::newRow("self-signed, never expires")
        << selfSigned << QJsonObject{{"room_name", "inspect"}} << QString() << 0 << "expiry=never expires";
}

void TestMeetingTokenCli::inspectVerify()
{
    QFETCH(QString, mode);
    QFETCH(QJsonObject, inputs);
    QFETCH(QString, change);
    QFETCH(int, exitCode);
    QFETCH(QString, verdict);

    QByteArray token = m_daily.tokenOf(inputs, mode);
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

    const ProcessRun cli = runCli({QStringLiteral("inspect"), QStringLiteral("--verify"), QString::fromLatin1(token)},
                                  {{"DAILY_API_KEY", QString::fromLatin1(key)}});
    QVERIFY2(cli.exitCode == exitCode, (cli.out + cli.err).constData());
    QVERIFY(!(cli.out + cli.err).contains(key));
    const QJsonObject report = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(report.value(QLatin1String("action")).toString(), actionId);
    const QJsonObject verification = report.value(QLatin1String("verification")).toObject();
    QCOMPARE(verification.value(QLatin1String("valid")).toBool(), exitCode == 0);
    const QString member = verdict.section(QLatin1Char('='), 0, 0);
    const QString start = verdict.section(QLatin1Char('='), 1);
    QVERIFY2(verification.value(member).toString().startsWith(start), QJsonDocument(verification).toJson().constData());
    // Claims read back under Daily's property names.
    const QJsonObject properties = report.value(QLatin1String("properties")).toObject();
    QCOMPARE(properties.value(QLatin1String("room_name")).toString(),
             change == QLatin1String("claims") ? QStringLiteral("another-room") : QStringLiteral("inspect"));
    QCOMPARE(properties.value(QLatin1String("d")).toString(), domainId); // not an input: kept as is
}

// nbf and exp are NumericDates (RFC 7519): fractions allowed, anything else malformed.
void TestMeetingTokenCli::inspectReadsNumericDates_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("verdict"); // verification member and the start of its value
    QTest::addColumn<QString>("expTime"); // part of the "exp" time shown, if any

    QTest::newRow("fractional nbf in 2100") << QByteArray(R"({"r":"inspect","nbf":4102444800.5,"exp":4102448400})") << 1
                                            << "notBefore=not valid before 2100-01-01T00:00:00.500Z"
                                            << "2100-01-01T01:00:00Z";
    QTest::newRow("fractional exp in 2100") << QByteArray(R"({"r":"inspect","exp":4102444800.5})") << 0 << "expiry=ok"
                                            << "2100-01-01T00:00:00.500Z";
    QTest::newRow("exp as a string") << QByteArray(R"({"r":"inspect","exp":"1000"})") << 1 << "expiry=malformed"
                                     << "malformed";
    QTest::newRow("exp null") << QByteArray(R"({"r":"inspect","exp":null})") << 1 << "expiry=malformed"
                              << "malformed";
    QTest::newRow("nbf null") << QByteArray(R"({"r":"inspect","nbf":null,"exp":4102444800})") << 1
                              << "notBefore=malformed"
                              << "2100-01-01T00:00:00Z";
    QTest::newRow("exp beyond int64") << QByteArray(R"({"r":"inspect","exp":1e20})") << 0 << "expiry=ok"
                                      << "outside the years";
    QTest::newRow("exp in the year 10000") << QByteArray(R"({"r":"inspect","exp":253402300800})") << 0 << "expiry=ok"
                                           << "253402300800 s after 1970";
    QTest::newRow("exp in 1969") << QByteArray(R"({"r":"inspect","exp":-1.5})") << 1
                                 << "expiry=expired at 1969-12-31T23:59:58.500Z"
                                 << "1969";
}

void TestMeetingTokenCli::inspectReadsNumericDates()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, exitCode);
    QFETCH(QString, verdict);
    QFETCH(QString, expTime);

    const QByteArray token = Jwt::signPayload(payload, apiKey);
    const ProcessRun cli = runCli({QStringLiteral("inspect"), QStringLiteral("--verify"), QString::fromLatin1(token)},
                                  {{"DAILY_API_KEY", QString::fromLatin1(apiKey)}});
    QVERIFY2(cli.exitCode == exitCode, (cli.out + cli.err).constData());
    const QJsonObject report = QJsonDocument::fromJson(cli.out).object();
    const QJsonObject verification = report.value(QLatin1String("verification")).toObject();
    QCOMPARE(verification.value(QLatin1String("signature")).toString(), QStringLiteral("valid"));
    QCOMPARE(verification.value(QLatin1String("valid")).toBool(), exitCode == 0);
    QVERIFY2(verification.value(verdict.section(QLatin1Char('='), 0, 0))
                 .toString()
                 .startsWith(verdict.section(QLatin1Char('='), 1)),
             QJsonDocument(verification).toJson().constData());
    const QString shown = report.value(QLatin1String("times")).toObject().value(QLatin1String("exp")).toString();
    QVERIFY2(shown.contains(expTime), qPrintable(shown));
}

// Forty lines at once against answers held back 500 ms: Qt opens six
// connections, so the last lines wait some 3 s for one. The 2 s timeout
// counts only each request's own time, so every line succeeds.
void TestMeetingTokenCli::batchBeyondTheConnectionPool()
{
    constexpr int lines = 40;
    QString error;
    QVERIFY2(m_emulator.scheduleFault(QJsonObject{{"delayMs", 500}, {"count", lines}}, &error), qPrintable(error));

    QTemporaryFile input;
    QVERIFY(input.open());
    for (int i = 0; i < lines; ++i)
        input.write(R"({"room_name": "pool", "exp": 4102444800})"
                    "\n");
    input.close();
    const ProcessRun cli = runCli({QStringLiteral("batch"), actionId, QStringLiteral("--input"), input.fileName(),
                                   QStringLiteral("--concurrency"), QString::number(lines)},
                                  {{"DAILY_API_KEY", QString::fromLatin1(apiKey)},
                                   {"DAILY_API_BASE", m_emulator.dailyApiBase()},
                                   {"DAILY_TOKEN_MODE", rest},
                                   {"DAILY_TIMEOUT_MS", "2000"},
                                   {"DAILY_MAX_RETRIES", "0"}});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(cli.out.count("\"status\":\"succeeded\""), lines);
}

QTEST_GUILESS_MAIN(TestMeetingTokenCli)
#include "tst_meetingtokencli.moc"
