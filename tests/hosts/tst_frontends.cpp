#include "support/futureresult.h"
#include "support/json.h"
#include "support/processrun.h"

#include "command.h"
#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/actionapi.h>
#include <actionnode/errorcodes.h>
#include <actionnode/httphost.h>
#include <actionnode/session.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const char ProviderKey[] = "frontends-test-key-31f7";
const char WrongKey[] = "frontends-wrong-key-88c2";
const QString TokenAction = QStringLiteral("daily.create_meeting_token");

//! The operations of Session, as each row names one.
enum class Operation { List, Describe, Invoke, FieldOptions, Migrate, ConnectionTest };

//! What a front end answered: the first error's code (empty on success) and its status or exit code.
struct Outcome
{
    QString code;
    int status = -1;
};

QString firstCode(const QJsonObject &document)
{
    return document.value(QStringLiteral("errors")).toArray().at(0).toObject().value(QStringLiteral("code")).toString();
}

//! The caller's own Daily account, as X-ActionNode-Connection and MCP's _meta carry it.
QJsonObject wrongAccount()
{
    return {{QStringLiteral("daily"), QJsonObject{{QStringLiteral("api_key"), QLatin1String(WrongKey)}}}};
}

} // namespace

/*
    Each operation of the serving layer through every front end: the C++
    Session, the actionnode command (exit code and JSON), the HTTP API (an
    HttpHost in this process: status and body) and MCP (serve --stdio:
    isError and the code in brackets). The same error code comes back from
    each, with the exit code and HTTP status errorcodes.h documents for it.
*/
class TestFrontends : public QObject
{
    Q_OBJECT

private:
    EmulatorServer m_emulator;
    DailyEmulator *m_daily = nullptr;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<HttpHost> m_host;
    QNetworkAccessManager m_network;
    QTemporaryDir m_directory;

    QProcessEnvironment environment(bool wrongKey) const
    {
        QProcessEnvironment settings = dailyEnvironment(m_daily->apiBaseUrl(),
                                                        QLatin1String(wrongKey ? WrongKey : ProviderKey));
        settings.insert(QStringLiteral("DAILY_TOKEN_MODE"), QStringLiteral("self-signed"));
        settings.insert(QStringLiteral("DAILY_DOMAIN_ID"), DailyEmulator::defaultDomainId());
        return settings;
    }

    Outcome viaSession(Operation operation, const QString &action, const QJsonObject &inputs, bool wrongKey)
    {
        InvokeOptions call;
        if (wrongKey) {
            Connection own = m_session->runtime()->connection(QStringLiteral("daily"));
            own.setValue(QStringLiteral("api_key"), QLatin1String(WrongKey));
            call.connections = {own};
        }
        ActionResult result;
        switch (operation) {
        case Operation::List: result = m_session->list(); break;
        case Operation::Describe: result = m_session->describe(action); break;
        case Operation::Invoke: result = resultOf(m_session->invoke(action, inputs, call)); break;
        case Operation::FieldOptions:
            result = resultOf(m_session->fieldOptions(action, QStringLiteral("room_name"), QStringLiteral("stand")));
            break;
        case Operation::Migrate: result = m_session->migrate(action, QStringLiteral("1.0.0"), inputs); break;
        case Operation::ConnectionTest:
            result = resultOf(m_session->testConnection(QStringLiteral("daily"), call));
            break;
        }
        return {result.errors.value(0).code, int(result.status)};
    }

    Outcome viaCommandLine(Operation operation, const QString &action, const QJsonObject &inputs, bool wrongKey)
    {
        QStringList arguments;
        switch (operation) {
        case Operation::List: arguments = {"list", "--format", "json"}; break;
        case Operation::Describe: arguments = {"describe", action, "--format", "json"}; break;
        case Operation::Invoke:
            arguments = {"run", action};
            for (auto it = inputs.begin(); it != inputs.end(); ++it)
                arguments.append(
                    it.key() + QStringLiteral(":=")
                    + QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact))
                          .mid(1)
                          .chopped(1));
            break;
        case Operation::FieldOptions: arguments = {"options", action, "room_name", "--search", "stand"}; break;
        case Operation::Migrate: {
            const QString saved = m_directory.filePath(QStringLiteral("saved.json"));
            QFile file(saved);
            if (file.open(QIODevice::WriteOnly))
                file.write(compactJson(inputs));
            arguments = {"migrate", action, "--from", "1.0.0", "--input", saved};
            break;
        }
        case Operation::ConnectionTest: arguments = {"connection", "test", "daily"}; break;
        }
        const ProcessRun run = runActionnode(arguments, actionnodeEnvironment(environment(wrongKey)));
        return {firstCode(QJsonDocument::fromJson(run.out).object()), run.exitCode};
    }

    Outcome viaHttp(Operation operation, const QString &action, const QJsonObject &inputs, bool wrongKey)
    {
        QByteArray method = "GET";
        QString path;
        QByteArray body;
        switch (operation) {
        case Operation::List: path = QStringLiteral("/v1/actions"); break;
        case Operation::Describe: path = QStringLiteral("/v1/actions/") + action; break;
        case Operation::Invoke:
            method = "POST";
            path = QStringLiteral("/v1/actions/%1/invoke").arg(action);
            body = compactJson(inputs);
            break;
        case Operation::FieldOptions:
            path = QStringLiteral("/v1/actions/%1/fields/room_name/options?search=stand").arg(action);
            break;
        case Operation::Migrate:
            method = "POST";
            path = QStringLiteral("/v1/actions/%1/migrate").arg(action);
            body = compactJson(QJsonObject{{"from", "1.0.0"}, {"inputs", inputs}});
            break;
        case Operation::ConnectionTest:
            method = "POST";
            path = QStringLiteral("/v1/connections/daily/test");
            body = "{}";
            break;
        }
        QNetworkRequest request(m_host->url().resolved(QUrl(path)));
        if (!body.isNull())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (wrongKey)
            request.setRawHeader("X-ActionNode-Connection", compactJson(wrongAccount()).toBase64());
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 30000))
            reply->abort();
        const Outcome outcome{firstCode(QJsonDocument::fromJson(reply->readAll()).object()),
                              reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()};
        reply->deleteLater();
        return outcome;
    }

    //! The code of an MCP answer: of its first error when isError, else empty; status 1 for isError, -32602 and
    //! the like for a JSON-RPC error.
    Outcome viaMcp(Operation operation, const QString &action, const QJsonObject &inputs, bool wrongKey)
    {
        QJsonObject params;
        QString method = QStringLiteral("tools/call");
        switch (operation) {
        case Operation::List:
        case Operation::Describe: method = QStringLiteral("tools/list"); break;
        case Operation::Invoke: params = {{"name", QString(action).replace('.', '_')}, {"arguments", inputs}}; break;
        case Operation::FieldOptions:
            params = {{"name", "actionnode_field_options"},
                      {"arguments", QJsonObject{{"action", action}, {"field", "room_name"}, {"search", "stand"}}}};
            break;
        case Operation::Migrate: {
            QJsonObject saved = inputs;
            saved.insert(QStringLiteral("saved_version"), QStringLiteral("1.0.0"));
            params = {{"name", QString(action).replace('.', '_')}, {"arguments", saved}};
            break;
        }
        case Operation::ConnectionTest:
            params = {{"name", "actionnode_test_connection"}, {"arguments", QJsonObject{{"provider", "daily"}}}};
            if (wrongKey)
                params.insert(QStringLiteral("_meta"), QJsonObject{{"actionnode/connection", wrongAccount()}});
            break;
        }
        const QByteArray input =
            compactJson(
                QJsonObject{{"jsonrpc", "2.0"},
                            {"id", 0},
                            {"method", "initialize"},
                            {"params", QJsonObject{{"protocolVersion", "2025-06-18"},
                                                   {"capabilities", QJsonObject()},
                                                   {"clientInfo", QJsonObject{{"name", "t"}, {"version", "1"}}}}}})
            + '\n' + compactJson(QJsonObject{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}})
            + '\n';
        const ProcessRun run = runActionnode({"serve", "--stdio"}, actionnodeEnvironment(environment(false)), input);
        for (const QByteArray &line : run.out.split('\n')) {
            const QJsonObject message = QJsonDocument::fromJson(line).object();
            if (message.value(QStringLiteral("id")).toInt(-1) != 1)
                continue;
            if (message.contains(QStringLiteral("error")))
                return {{}, message.value("error").toObject().value("code").toInt()};
            const QJsonObject result = message.value(QStringLiteral("result")).toObject();
            if (!result.value(QStringLiteral("isError")).toBool())
                return {{}, 0};
            static const QRegularExpression code(QStringLiteral("\\[([a-z_]+)\\]"));
            const QString text =
                result.value("content").toArray().at(0).toObject().value(QStringLiteral("text")).toString();
            return {code.match(text).captured(1), 1};
        }
        return {QStringLiteral("no answer: ") + QString::fromUtf8(run.err), -1};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
        m_daily = new DailyEmulator(ProviderKey, &m_emulator);
        QVERIFY(m_emulator.listen(0));
        QString problem;
        QVERIFY2(m_daily->state().createRoom({{"name", "standup"}}, &problem), qPrintable(problem));
        m_session = std::make_unique<Session>();
        QVERIFY2(m_session->load(&problem), qPrintable(problem));
        Runtime &runtime = *m_session->runtime();
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_key"), QLatin1String(ProviderKey));
        connection.setValue(QStringLiteral("api_base"), m_daily->apiBaseUrl());
        connection.setValue(QStringLiteral("token_mode"), QStringLiteral("self-signed"));
        connection.setValue(QStringLiteral("domain_id"), DailyEmulator::defaultDomainId());
        connection.setValue(QStringLiteral("max_retries"), QStringLiteral("0"));
        runtime.setConnection(connection);
        m_host = std::make_unique<HttpHost>(HttpHostOptions());
        new ActionApi(m_session.get(), m_host.get());
        QVERIFY2(m_host->listen(&problem), qPrintable(problem));
    }

    void operation_data()
    {
        QTest::addColumn<int>("operation");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<bool>("wrongKey");
        QTest::addColumn<QString>("code"); // empty: succeeds everywhere
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("httpStatus");

        const QJsonObject token{{"room_name", "standup"}, {"exp", 1893456000}};
        const QJsonObject saved{{"room_name", "standup"}, {"exp", 1893456000}, {"enable_recording", "rtp-tracks"}};
        QJsonObject invalid = token;
        invalid.insert(QStringLiteral("is_owner"), QStringLiteral("yes"));
        QJsonObject locked = token;
        locked.insert(QStringLiteral("auto_start_transcription"), true);

        QTest::newRow("list") << int(Operation::List) << QString() << QJsonObject() << false << "" << 0 << 200;
        QTest::newRow("describe") << int(Operation::Describe) << TokenAction << QJsonObject() << false << "" << 0
                                  << 200;
        QTest::newRow("invoke") << int(Operation::Invoke) << TokenAction << token << false << "" << 0 << 200;
        QTest::newRow("invoke, invalid input")
            << int(Operation::Invoke) << TokenAction << invalid << false << "invalid_input" << 3 << 422;
        QTest::newRow("invoke, bundle field without licence")
            << int(Operation::Invoke) << TokenAction << locked << false << "bundle_required" << 4 << 403;
        QTest::newRow("invoke, unknown action")
            << int(Operation::Invoke) << "daily.nope" << token << false << "unknown_action" << 1 << 404;
        QTest::newRow("field options") << int(Operation::FieldOptions) << TokenAction << QJsonObject() << false << ""
                                       << 0 << 200;
        QTest::newRow("migrate") << int(Operation::Migrate) << TokenAction << saved << false << "" << 0 << 200;
        QTest::newRow("connection test") << int(Operation::ConnectionTest) << QString() << QJsonObject() << false << ""
                                         << 0 << 200;
        QTest::newRow("connection test, key refused")
            << int(Operation::ConnectionTest) << QString() << QJsonObject() << true << "provider_error" << 5 << 502;
    }
    void operation()
    {
        QFETCH(int, operation);
        QFETCH(QString, action);
        QFETCH(QJsonObject, inputs);
        QFETCH(bool, wrongKey);
        QFETCH(QString, code);
        QFETCH(int, exitCode);
        QFETCH(int, httpStatus);
        const auto op = Operation(operation);

        const Outcome session = viaSession(op, action, inputs, wrongKey);
        QCOMPARE(session.code, code);
        if (!code.isEmpty()) {
            // The documented mapping: the exit code of the result's status, the HTTP status of the code.
            QCOMPARE(int(Command::exitCodeOf(ActionResult::Status(session.status))), exitCode);
            QCOMPARE(HttpReply::statusOf(*ErrorCodes::fromName(code)), httpStatus);
        }

        const Outcome commandLine = viaCommandLine(op, action, inputs, wrongKey);
        QCOMPARE(commandLine.code, code);
        QCOMPARE(commandLine.status, exitCode);

        const Outcome http = viaHttp(op, action, inputs, wrongKey);
        QCOMPARE(http.code, code);
        QCOMPARE(http.status, httpStatus);

        const Outcome mcp = viaMcp(op, action, inputs, wrongKey);
        if (code == QLatin1String("unknown_action")) {
            // No tool is named after an unknown action: MCP refuses the call itself (Invalid params).
            QCOMPARE(mcp.status, -32602);
        } else {
            QCOMPARE(mcp.code, code);
            QCOMPARE(mcp.status, code.isEmpty() ? 0 : 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestFrontends)
#include "tst_frontends.moc"
