#include "command.h"

#include <actionnode/errorcodes.h>
#include <actionnode/httpexchange.h>

#include <QSet>
#include <QTest>

using namespace ActionNode;

/*
    The one list of error codes and the hosts' mappings from it: every code
    has a unique name, and each host answers every code with a status of
    its own (HTTP) or, for the codes results carry, an exit code.
*/
class TestErrorCodes : public QObject
{
    Q_OBJECT

private slots:
    void namesAreUniqueAndRoundTrip()
    {
        QSet<QString> names;
        for (const ErrorCode code : ErrorCodes::all()) {
            const QString name = ErrorCodes::name(code);
            QVERIFY2(!name.isEmpty(), "a code without a name");
            QVERIFY2(!names.contains(name), qPrintable(name));
            names.insert(name);
            QCOMPARE(ErrorCodes::fromName(name), std::optional<ErrorCode>(code));
        }
        QVERIFY(!ErrorCodes::fromName(u"already_there"));
        QVERIFY(!ErrorCodes::fromName(u"Invalid_Input"));
        QVERIFY(!ErrorCodes::fromName(u""));
    }

    void everyCodeHasAnHttpStatus()
    {
        for (const ErrorCode code : ErrorCodes::all()) {
            const int status = HttpReply::statusOf(code);
            QVERIFY2(status >= 400 && status <= 599, qPrintable(ErrorCodes::name(code)));
            QVERIFY2(!HttpReply::reasonPhrase(status).isEmpty(), qPrintable(ErrorCodes::name(code)));
        }
    }

    void everyResultCodeHasAFailureAndAnExitCode()
    {
        for (const ErrorCode code : ErrorCodes::all()) {
            const std::optional<ActionResult::Status> status = ErrorCodes::status(code);
            if (!status)
                continue; // only a host's refusal carries it
            QVERIFY2(*status != ActionResult::Status::Succeeded, qPrintable(ErrorCodes::name(code)));
            QVERIFY2(Command::exitCodeOf(*status) != Command::Success, qPrintable(ErrorCodes::name(code)));
            const int http = HttpReply::statusOf(*status);
            QVERIFY2(http >= 400 && http <= 599, qPrintable(ErrorCodes::name(code)));
        }
    }

    // The rows of errorcodes.h's tables, as the hosts answer them.
    void documentedMapping_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("resultHttp"); // 0: not a result's code
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("refusalHttp");

        QTest::newRow("invalid_input") << "invalid_input" << 422 << 3 << 422;
        QTest::newRow("not_self_signable") << "not_self_signable" << 422 << 3 << 422;
        QTest::newRow("bundle_required") << "bundle_required" << 403 << 4 << 403;
        QTest::newRow("unknown_action") << "unknown_action" << 500 << 1 << 404;
        QTest::newRow("unknown_trigger") << "unknown_trigger" << 500 << 1 << 404;
        QTest::newRow("connection_error") << "connection_error" << 500 << 1 << 500;
        QTest::newRow("not_found") << "not_found" << 502 << 5 << 404;
        QTest::newRow("provider_error") << "provider_error" << 502 << 5 << 502;
        QTest::newRow("network_error") << "network_error" << 504 << 6 << 504;
        QTest::newRow("invalid_json") << "invalid_json" << 0 << 0 << 400;
        QTest::newRow("unauthorized") << "unauthorized" << 0 << 0 << 401;
        QTest::newRow("method_not_allowed") << "method_not_allowed" << 0 << 0 << 405;
        QTest::newRow("body_too_large") << "body_too_large" << 0 << 0 << 413;
        QTest::newRow("too_many_requests") << "too_many_requests" << 0 << 0 << 429;
        QTest::newRow("shutting_down") << "shutting_down" << 0 << 0 << 503;
        QTest::newRow("timeout") << "timeout" << 0 << 0 << 504;
        QTest::newRow("usage") << "usage" << 0 << 0 << 400;
        QTest::newRow("canceled") << "canceled" << 504 << 6 << 504;
        // A webhook receipt's refusals, with the status TriggerHub answers them with.
        QTest::newRow("not_configured") << "not_configured" << 0 << 0 << 503;
        QTest::newRow("unknown_provider") << "unknown_provider" << 0 << 0 << 404;
        QTest::newRow("too_large") << "too_large" << 0 << 0 << 413;
        QTest::newRow("invalid_signature") << "invalid_signature" << 0 << 0 << 401;
        QTest::newRow("invalid_timestamp") << "invalid_timestamp" << 0 << 0 << 401;
        QTest::newRow("malformed") << "malformed" << 0 << 0 << 400;
        QTest::newRow("too_many_events") << "too_many_events" << 0 << 0 << 503;
    }
    void documentedMapping()
    {
        QFETCH(QString, name);
        QFETCH(int, resultHttp);
        QFETCH(int, exitCode);
        QFETCH(int, refusalHttp);

        const std::optional<ErrorCode> code = ErrorCodes::fromName(name);
        QVERIFY(code);
        const std::optional<ActionResult::Status> status = ErrorCodes::status(*code);
        QCOMPARE(status.has_value(), resultHttp != 0);
        if (status) {
            QCOMPARE(HttpReply::statusOf(*status), resultHttp);
            QCOMPARE(int(Command::exitCodeOf(*status)), exitCode);
        }
        QCOMPARE(HttpReply::statusOf(*code), refusalHttp);
        const HttpReply reply = HttpReply::error(*code, QStringLiteral("why"));
        QCOMPARE(reply.status, refusalHttp);
        QVERIFY2(reply.body.contains("\"code\":\"" + name.toUtf8() + '"'), reply.body.constData());
    }

    void httpRuleMarker() { QCOMPARE(ErrorRule::httpStatus(429), QStringLiteral("http_429")); }
};

QTEST_GUILESS_MAIN(TestErrorCodes)
#include "tst_errorcodes.moc"
