// Daily's meeting token over the REST transport when things go wrong: faults
// the emulator injects, Retry-After in its three forms, an unreachable API,
// and settings that are refused before any request.

#include "support/dailytokenfixture.h"
#include "support/json.h"

#include "fault.h"

#include <actionnode/sdk/jwt.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTcpServer>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;
using namespace ActionNode::TestSupport::DailyToken;

Q_DECLARE_METATYPE(ActionNode::ActionResult::Status)

namespace {

// Answers 429 with a given Retry-After value once, then issues tokens.
class RetryAfterApi : public EmulatedApi
{
public:
    explicit RetryAfterApi(const QByteArray &retryAfter) : m_retryAfter(retryAfter) {}

    bool handlesPath(const QString &path) const override { return path == QLatin1String("/v1/meeting-tokens"); }

    EmulatorReply handle(const QHttpServerRequest &) override
    {
        if (m_answered++ == 0) {
            EmulatorReply reply = errorReply(429, QStringLiteral("slow down"));
            reply.headers.append(qMakePair(QByteArray("Retry-After"), m_retryAfter));
            return reply;
        }
        EmulatorReply reply = EmulatorReply::json(
            200, {{QStringLiteral("token"), QString::fromLatin1(Jwt::sign({{QStringLiteral("iat"), now()}}, apiKey))}});
        reply.tokenIssued = true;
        return reply;
    }

    EmulatorReply errorReply(int status, const QString &info) const override
    {
        return EmulatorReply::json(status, {{QStringLiteral("error"), QStringLiteral("rate-limit-error")},
                                            {QStringLiteral("info"), info}});
    }

private:
    QByteArray m_retryAfter;
    int m_answered = 0;
};

} // namespace

class TestMeetingTokenRetries : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void faults_data();
    void faults();
    void retryAfterHttpDate_data();
    void retryAfterHttpDate();
    void unreachable();
    void configurationErrors_data();
    void configurationErrors();

private:
    DailyTokenFixture m_daily;
};

void TestMeetingTokenRetries::initTestCase()
{
    QString error;
    QVERIFY2(m_daily.start(&error), qPrintable(error));
}

void TestMeetingTokenRetries::init()
{
    m_daily.server().reset();
}

void TestMeetingTokenRetries::faults_data()
{
    QTest::addColumn<QJsonArray>("faults");
    QTest::addColumn<QJsonObject>("settings");
    QTest::addColumn<ActionResult::Status>("status");
    QTest::addColumn<QString>("rule"); // the error's rule (or code when it has none)
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<int>("requests"); // as counted by the emulator
    QTest::addColumn<int>("minElapsedMs");

    using S = ActionResult::Status;
    using F = QJsonObject;
    // Retry-After is honoured: the default backoff alone would wait 250 ms.
    QTest::newRow("429 with Retry-After 1, then success")
        << QJsonArray{F{{"status", 429}, {"retryAfter", 1}}} << QJsonObject() << S::Succeeded << QString() << QString()
        << 2 << 950;
    QTest::newRow("503 with Retry-After 1, then success")
        << QJsonArray{F{{"status", 503}, {"retryAfter", 1}}} << QJsonObject() << S::Succeeded << QString() << QString()
        << 2 << 950;
    QTest::newRow("503, then success") << QJsonArray{F{{"status", 503}}} << QJsonObject() << S::Succeeded << QString()
                                       << QString() << 2 << 0;
    QTest::newRow("500 twice, then success") << QJsonArray{F{{"status", 500}, {"count", 2}}} << QJsonObject()
                                             << S::Succeeded << QString() << QString() << 3 << 0;
    QTest::newRow("502 more often than max_retries")
        << QJsonArray{F{{"status", 502}, {"count", 3}}} << QJsonObject{{"max_retries", "2"}} << S::ProviderFailed
        << QStringLiteral("http_502")
        << QStringLiteral("HTTP 502 (server-error): server error (fault injected by the emulator) after 3 attempts")
        << 3 << 0;
    QTest::newRow("429 more often than max_retries")
        << QJsonArray{F{{"status", 429}, {"retryAfter", 0}, {"count", 2}}} << QJsonObject{{"max_retries", "1"}}
        << S::ProviderFailed << QStringLiteral("http_429")
        << QStringLiteral("HTTP 429 (rate-limit-error): rate limit exceeded") << 2 << 0;
    QTest::newRow("no retries at all") << QJsonArray{F{{"status", 500}}} << QJsonObject{{"max_retries", "0"}}
                                       << S::ProviderFailed << QStringLiteral("http_500")
                                       << QStringLiteral("HTTP 500 (server-error)") << 1 << 0;
    QTest::newRow("slower than timeout_ms every time")
        << QJsonArray{F{{"delayMs", 1500}, {"count", 2}}} << QJsonObject{{"timeout_ms", "300"}, {"max_retries", "1"}}
        << S::NetworkFailed << QStringLiteral("network_error")
        << QStringLiteral("after 2 attempt(s): no answer within 300 ms") << 2 << 600;
    QTest::newRow("only the first answer slower than timeout_ms")
        << QJsonArray{F{{"delayMs", 1500}}} << QJsonObject{{"timeout_ms", "400"}} << S::Succeeded << QString()
        << QString() << 2 << 400;
    // Qt re-sends a request once by itself when the connection closes before
    // any byte of the answer, and not again before a request succeeds: a
    // first attempt fails after two drops, later ones after one each.
    QTest::newRow("dropped once, re-sent by Qt")
        << QJsonArray{F{{"drop", true}}} << QJsonObject() << S::Succeeded << QString() << QString() << 2 << 0;
    QTest::newRow("dropped twice, then success") << QJsonArray{F{{"drop", true}, {"count", 2}}} << QJsonObject()
                                                 << S::Succeeded << QString() << QString() << 3 << 0;
    QTest::newRow("dropped every time") << QJsonArray{F{{"drop", true}, {"count", 4}}}
                                        << QJsonObject{{"max_retries", "2"}} << S::NetworkFailed
                                        << QStringLiteral("network_error")
                                        << QStringLiteral(
                                               "Daily could not be reached after 3 attempt(s): Connection closed")
                                        << 4 << 0;
    QTest::newRow("malformed JSON with 200")
        << QJsonArray{F{{"malformed", true}}} << QJsonObject() << S::ProviderFailed << QStringLiteral("malformed_reply")
        << QStringLiteral("not JSON") << 1 << 0;
    QTest::newRow("400 is final and shows Daily's info")
        << QJsonArray{F{{"status", 400}}} << QJsonObject() << S::ProviderFailed << QStringLiteral("http_400")
        << QStringLiteral("HTTP 400 (invalid-request-error): request refused (fault injected by the emulator)") << 1
        << 0;
    QTest::newRow("403 is final") << QJsonArray{F{{"status", 403}}} << QJsonObject() << S::ProviderFailed
                                  << QStringLiteral("http_403") << QStringLiteral("(forbidden)") << 1 << 0;
    QTest::newRow("401 for a wrong key is final")
        << QJsonArray() << QJsonObject{{"api_key", QString::fromLatin1(wrongKey)}} << S::ProviderFailed
        << QStringLiteral("http_401") << QStringLiteral("HTTP 401 (authentication-error): API key is not valid") << 1
        << 0;
}

void TestMeetingTokenRetries::faults()
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
        QVERIFY(m_daily.server().faultPlan().schedule(*fault, &error));
    }
    const QJsonObject inputs{{"room_name", "faulty"}, {"exp", now() + 600}};
    ActionResult result;
    m_daily.run(inputs, m_daily.connection(rest, settings), &result);
    if (QTest::currentTestFailed())
        return;

    QVERIFY2(result.status == status, compactJson(result.toJson()).constData());
    QVERIFY2(m_daily.elapsedMs() >= minElapsedMs, qPrintable(QString::number(m_daily.elapsedMs())));
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
    QCOMPARE(m_daily.server().requestCount(), requests);
    QVERIFY(m_daily.server().faultPlan().isEmpty());
    // Nothing is still under way once the result is in.
    QTest::qWait(300);
    QCOMPARE(m_daily.server().requestCount(), requests);
}

void TestMeetingTokenRetries::retryAfterHttpDate_data()
{
    QTest::addColumn<QString>("dateFormat");    // an HTTP-date 3 s ahead in this format, if set
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

void TestMeetingTokenRetries::retryAfterHttpDate()
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
    m_daily.run({{"room_name", "later"}, {"exp", now() + 600}},
                m_daily.connection(rest, {{"api_base", server.url().toString() + QStringLiteral("/v1")}}), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.isSuccess(), compactJson(result.toJson()).constData());
    QCOMPARE(server.requestCount(), 2);
    QVERIFY2(
        m_daily.elapsedMs() >= minElapsedMs && m_daily.elapsedMs() < 10000,
        qPrintable(
            QStringLiteral("%1 ms for Retry-After: %2").arg(m_daily.elapsedMs()).arg(QString::fromLatin1(retryAfter))));
}

void TestMeetingTokenRetries::unreachable()
{
    // A loopback port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    ActionResult result;
    m_daily.run({{"room_name", "nowhere"}, {"exp", now() + 600}},
                m_daily.connection(rest, {{"api_base", QStringLiteral("http://127.0.0.1:%1/v1").arg(port)},
                                          {"max_retries", "2"}}),
                &result);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(result.status, ActionResult::Status::NetworkFailed);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().code, QStringLiteral("network_error"));
    QVERIFY2(result.errors.first().message.contains(QLatin1String("after 3 attempt(s)")),
             qPrintable(result.errors.first().message));
    // Backoff of 250 and 500 ms between the three attempts, the upper half of each random.
    QVERIFY2(m_daily.elapsedMs() >= 370, qPrintable(QString::number(m_daily.elapsedMs())));
}

void TestMeetingTokenRetries::configurationErrors_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QJsonObject>("settings");
    QTest::addColumn<QString>("setting");

    QTest::newRow("api_base not a URL") << rest << QJsonObject{{"api_base", "not a url"}} << "api_base";
    QTest::newRow("api_base not http") << rest << QJsonObject{{"api_base", "ftp://127.0.0.1/v1"}} << "api_base";
    QTest::newRow("api_base without host") << rest << QJsonObject{{"api_base", "http:///v1"}} << "api_base";
    QTest::newRow("timeout_ms not a number") << rest << QJsonObject{{"timeout_ms", "fast"}} << "timeout_ms";
    QTest::newRow("timeout_ms zero") << rest << QJsonObject{{"timeout_ms", "0"}} << "timeout_ms";
    QTest::newRow("max_retries negative") << rest << QJsonObject{{"max_retries", "-1"}} << "max_retries";
    QTest::newRow("max_retries not a number") << rest << QJsonObject{{"max_retries", "many"}} << "max_retries";
    QTest::newRow("unknown token_mode") << QStringLiteral("jwt") << QJsonObject() << "token_mode";
    QTest::newRow("no api_key, REST") << rest << QJsonObject{{"api_key", ""}} << "api_key";
    QTest::newRow("no api_key, self-signed") << selfSigned << QJsonObject{{"api_key", ""}} << "api_key";
    QTest::newRow("no domain_id, self-signed") << selfSigned << QJsonObject{{"domain_id", ""}} << "domain_id";
    // A line break in a key would add header lines to the request: refused, the value never shown.
    QTest::newRow("api_key with CR LF, REST") << rest << QJsonObject{{"api_key", "key\r\nX-Injected: 1"}} << "api_key";
    QTest::newRow("api_key with LF, self-signed")
        << selfSigned << QJsonObject{{"api_key", "key\nX-Injected: 1"}} << "api_key";
    QTest::newRow("api_key with NUL") << rest
                                      << QJsonObject{{"api_key", QStringLiteral("key") + QChar(0) + "X-Injected"}}
                                      << "api_key";
    QTest::newRow("domain with LF") << rest << QJsonObject{{"domain", "acme\nX-Injected"}} << "domain";
}

void TestMeetingTokenRetries::configurationErrors()
{
    QFETCH(QString, mode);
    QFETCH(QJsonObject, settings);
    QFETCH(QString, setting);

    ActionResult result;
    m_daily.run({{"room_name", "config"}, {"exp", now() + 600}}, m_daily.connection(mode, settings), &result);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(result.status == ActionResult::Status::ConfigurationError, compactJson(result.toJson()).constData());
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().field, setting);
    QVERIFY(result.errors.first().toString().startsWith(setting + QLatin1String(": ")));
    QVERIFY(!result.errors.first().toString().contains(QLatin1String("X-Injected")));
    QCOMPARE(m_daily.server().requestCount(), 0);
}

QTEST_GUILESS_MAIN(TestMeetingTokenRetries)
#include "tst_meetingtokenretries.moc"
