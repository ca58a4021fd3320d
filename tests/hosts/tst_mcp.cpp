#include "support/json.h"
#include "support/processrun.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"
#include "fault.h"

#include <actionnode/sdk/jwt.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

// 'actionnode serve --stdio' as an MCP client sees it: the handshake, the
// tools, calls, and every kind of bad message answered without a crash.
class TestMcp : public QObject
{
    Q_OBJECT

private:
    static constexpr const char *apiKey = "mcp-qt-test-key-90ab";
    static constexpr const char *toolName = "daily_create_meeting_token";

    struct Session
    {
        int exitCode = -1;
        QHash<QString, QJsonObject> byId; //!< replies that carry an id
        QStringList order;                //!< those ids in the order the replies came
        QList<QJsonObject> anonymous;     //!< replies with a null id
        QByteArray err;
        QByteArray out;
    };

    static QByteArray message(const QJsonValue &id, const QString &method, const QJsonObject &params = {})
    {
        QJsonObject object{{"jsonrpc", "2.0"}, {"method", method}};
        if (!id.isUndefined())
            object.insert(QStringLiteral("id"), id);
        if (!params.isEmpty())
            object.insert(QStringLiteral("params"), params);
        return compactJson(object);
    }
    static QByteArray notification(const QString &method) { return message(QJsonValue(QJsonValue::Undefined), method); }
    static QByteArray initialize(const QString &version = QStringLiteral("2025-06-18"))
    {
        return message(0, QStringLiteral("initialize"),
                       {{"protocolVersion", version},
                        {"capabilities", QJsonObject()},
                        {"clientInfo", QJsonObject{{"name", "tst_mcp"}, {"version", "1"}}}});
    }
    static QByteArray call(const QJsonValue &id, const QJsonObject &arguments)
    {
        return message(id, QStringLiteral("tools/call"), {{"name", toolName}, {"arguments", arguments}});
    }
    static QString text(const QJsonObject &reply, int block = 0)
    {
        return reply.value("result")
            .toObject()
            .value("content")
            .toArray()
            .at(block)
            .toObject()
            .value("text")
            .toString();
    }
    static QString fixture(const char *name) { return testDataPath(QStringLiteral("licenses/") + QLatin1String(name)); }
    static QString ping(const QByteArray &padding)
    {
        return QStringLiteral("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"pad\":\"%1\"}}")
            .arg(QString::fromLatin1(padding));
    }

    /*
        Writes every line, closes standard input at once (so calls are still
        in flight when it closes), and collects the replies. The event loop
        keeps running meanwhile, for an emulator in this process.
    */
    static Session converse(const QList<QByteArray> &lines, const QStringList &extraArguments = {},
                            const QHash<QString, QString> &settings = {})
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("DAILY_API_KEY"), QLatin1String(apiKey));
        environment.insert(QStringLiteral("DAILY_TOKEN_MODE"), QStringLiteral("self-signed"));
        environment.insert(QStringLiteral("DAILY_DOMAIN_ID"), QStringLiteral("mcp-domain"));
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("actionnode.*=true"));
        for (auto setting = settings.cbegin(); setting != settings.cend(); ++setting)
            environment.insert(setting.key(), setting.value());
        QByteArray input;
        for (const QByteArray &line : lines)
            input += line + '\n';
        const ProcessRun run = runActionnode(QStringList{"serve", "--stdio"} + extraArguments,
                                             actionnodeEnvironment(environment), input);
        Session session;
        session.exitCode = run.exitCode;
        session.out = run.out;
        session.err = run.err;
        for (const QByteArray &line : session.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject reply = QJsonDocument::fromJson(line).object();
            const QJsonValue id = reply.value(QStringLiteral("id"));
            if (id.isNull()) {
                session.anonymous.append(reply);
                continue;
            }
            const QString key = id.isString() ? id.toString() : QString::number(id.toInteger());
            session.byId.insert(key, reply);
            session.order.append(key);
        }
        return session;
    }

    static QJsonObject findTool(const Session &session, const QString &listId)
    {
        const QJsonArray tools = session.byId.value(listId).value("result").toObject().value("tools").toArray();
        for (const QJsonValue &tool : tools) {
            if (tool.toObject().value("name").toString() == QLatin1String(toolName))
                return tool.toObject();
        }
        return {};
    }

private slots:
    void handshake_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QString>("answered");
        QTest::newRow("current") << "2025-06-18"
                                 << "2025-06-18";
        QTest::newRow("older supported") << "2025-03-26"
                                         << "2025-03-26";
        QTest::newRow("oldest supported") << "2024-11-05"
                                          << "2024-11-05";
        QTest::newRow("unknown") << "2031-01-01"
                                 << "2025-06-18";
    }
    void handshake()
    {
        QFETCH(QString, requested);
        QFETCH(QString, answered);
        const Session session = converse(
            {initialize(requested), notification("notifications/initialized"), message(1, "ping")});
        QCOMPARE(session.exitCode, 0);
        const QJsonObject result = session.byId.value("0").value("result").toObject();
        QCOMPARE(result.value("protocolVersion").toString(), answered);
        const QJsonObject serverInfo = result.value("serverInfo").toObject();
        QCOMPARE(serverInfo.value("name").toString(), QStringLiteral("actionnode"));
        QVERIFY(!serverInfo.value("version").toString().isEmpty());
        QCOMPARE(result.value("capabilities").toObject(),
                 (QJsonObject{{"tools", QJsonObject{{"listChanged", false}}}}));
        QCOMPARE(session.byId.value("1").value("result").toObject(), QJsonObject());
        QCOMPARE(session.order, (QStringList{"0", "1"})); // the notification is not answered
        QVERIFY(session.anonymous.isEmpty());
    }

    void toolsListAndCall()
    {
        const Session session = converse({
            initialize(),
            message(1, "tools/list"),
            call(2, {{"room_name", "standup"}, {"exp", 1893456000}}),
            call("three", {{"room_name", "bad room"}, {"user_id", QString(40, 'x')}}),
            call(4, {{"room_name", "a"}, {"auto_start_transcription", true}}),
            message(5, "tools/call", {{"name", "no_such_tool"}}),
            message(6, "tools/call", {{"name", toolName}, {"arguments", "room_name=a"}}),
            message(7, "tools/call", {{"arguments", QJsonObject()}}),
        });
        QCOMPARE(session.exitCode, 0);

        // Names usable by language model function calling too; schemas as MCP wants them.
        static const QRegularExpression portableName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
        const QJsonArray tools = session.byId.value("1").value("result").toObject().value("tools").toArray();
        QVERIFY(!tools.isEmpty());
        for (const QJsonValue &each : tools) {
            const QJsonObject tool = each.toObject();
            QVERIFY2(portableName.match(tool.value("name").toString()).hasMatch(),
                     qPrintable(tool.value("name").toString()));
            QVERIFY(!tool.value("title").toString().isEmpty());
            QCOMPARE(tool.value("inputSchema").toObject().value("type").toString(), QStringLiteral("object"));
            QCOMPARE(tool.value("outputSchema").toObject().value("type").toString(), QStringLiteral("object"));
        }
        const QJsonObject tool = findTool(session, "1");
        QCOMPARE(tool.value("title").toString(), QStringLiteral("Create meeting token"));
        const QJsonObject properties = tool.value("inputSchema").toObject().value("properties").toObject();
        QVERIFY(properties.contains("room_name"));
        QVERIFY(properties.value("room_name").toObject().contains("description"));
        QVERIFY(!properties.contains("auto_start_transcription"));
        QVERIFY(!properties.contains("enable_live_captions_ui"));
        QVERIFY2(tool.value("description")
                     .toString()
                     .contains("auto_start_transcription (needs the Video, Audio & Live Bundle)"),
                 qPrintable(tool.value("description").toString()));
        QVERIFY(tool.value("outputSchema").toObject().value("properties").toObject().contains("token"));
        // The declaration's hints as MCP tool annotations; its conditions in the description.
        const QJsonObject annotations = tool.value("annotations").toObject();
        QCOMPARE(annotations.value("readOnlyHint"), QJsonValue(false));
        QCOMPARE(annotations.value("destructiveHint"), QJsonValue(false));
        QCOMPARE(annotations.value("idempotentHint"), QJsonValue(false));
        QCOMPARE(annotations.value("openWorldHint"), QJsonValue(true));
        QVERIFY2(tool.value("description")
                     .toString()
                     .contains("start_cloud_recording_opts only when Start Cloud Recording is Yes"),
                 qPrintable(tool.value("description").toString()));

        const QJsonObject created = session.byId.value("2").value("result").toObject();
        QCOMPARE(created.value("isError").toBool(), false);
        const QJsonObject outputs = created.value("structuredContent").toObject();
        QString error;
        QVERIFY2(Jwt::verify(outputs.value("token").toString().toLatin1(), apiKey, &error), qPrintable(error));
        // The text block is the same outputs as JSON, for clients without structuredContent.
        QCOMPARE(QJsonDocument::fromJson(text(session.byId.value("2")).toUtf8()).object(), outputs);

        const QJsonObject invalid = session.byId.value("three").value("result").toObject();
        QCOMPARE(invalid.value("isError").toBool(), true);
        QVERIFY(!invalid.contains("structuredContent"));
        const QString invalidText = text(session.byId.value("three"));
        QVERIFY2(invalidText.contains("invalid_input") && invalidText.contains("/room_name")
                     && invalidText.contains("/user_id"),
                 qPrintable(invalidText));

        const QJsonObject locked = session.byId.value("4").value("result").toObject();
        QCOMPARE(locked.value("isError").toBool(), true);
        const QString lockedText = text(session.byId.value("4"));
        QVERIFY2(lockedText.contains("bundle_required") && lockedText.contains("auto_start_transcription")
                     && lockedText.contains("Video, Audio & Live Bundle"),
                 qPrintable(lockedText));

        for (const char *id : {"5", "6", "7"})
            QCOMPARE(session.byId.value(id).value("error").toObject().value("code").toInt(), -32602);
        QVERIFY(session.byId.value("5").value("error").toObject().value("message").toString().contains("no_such_tool"));
        QVERIFY(!session.out.contains(apiKey));
        QVERIFY(!session.err.contains(apiKey));
        QVERIFY(session.err.contains("actionnode.mcp")); // logs go to stderr, never stdout
    }

    void warningsInText()
    {
        const Session session = converse({initialize(), call(1, {})});
        const QJsonObject reply = session.byId.value("1");
        QCOMPARE(reply.value("result").toObject().value("isError").toBool(), false);
        QVERIFY(reply.value("result").toObject().value("structuredContent").toObject().contains("token"));
        const QString warnings = text(reply, 1);
        QVERIFY2(warnings.contains("[no_room_name]") && warnings.contains("[no_expiry]"), qPrintable(warnings));

        // With --strict the same call is refused with those warnings as errors.
        const Session strict = converse({initialize(), call(1, {})}, {"--strict"});
        QCOMPARE(strict.byId.value("1").value("result").toObject().value("isError").toBool(), true);
        QVERIFY(text(strict.byId.value("1")).contains("[no_expiry]"));
    }

    void license_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("unlocked");
        QTest::newRow("no license") << QStringList() << false;
        QTest::newRow("bundle license") << QStringList{"--license", fixture("valid-bundle.json"), "--license-key",
                                                       fixture("test-vendor.pub.pem")}
                                        << true;
        QTest::newRow("license without the bundle") << QStringList{"--license", fixture("valid-no-bundle.json"),
                                                                   "--license-key", fixture("test-vendor.pub.pem")}
                                                    << false;
    }
    void license()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, unlocked);
        const Session session =
            converse({initialize(), message(1, "tools/list"),
                      call(2, {{"room_name", "captions"}, {"exp", 1893456000}, {"auto_start_transcription", true}})},
                     arguments);
        QCOMPARE(session.exitCode, 0);
        const QJsonObject tool = findTool(session, "1");
        QCOMPARE(
            tool.value("inputSchema").toObject().value("properties").toObject().contains("auto_start_transcription"),
            unlocked);
        QCOMPARE(tool.value("description").toString().contains("Video, Audio & Live Bundle"), !unlocked);
        const QJsonObject result = session.byId.value("2").value("result").toObject();
        QCOMPARE(result.value("isError").toBool(), !unlocked);
        if (unlocked) {
            const QJsonObject claims =
                Jwt::decode(result.value("structuredContent").toObject().value("token").toString().toLatin1()).claims;
            QCOMPARE(claims.value("ast"), QJsonValue(true));
        }
    }

    void concurrentCalls()
    {
        // REST mode against an emulator that holds its answers back: a ping
        // sent after two calls is answered first, and closing standard input
        // while both are in flight still gets them answered.
        EmulatorServer server;
        auto *daily = new DailyEmulator(apiKey, &server);
        QVERIFY2(server.listen(0), qPrintable(server.errorString()));
        Fault slow;
        slow.delayMs = 1200;
        slow.count = 2;
        QVERIFY(server.faultPlan().schedule(slow));
        const QHash<QString, QString> rest{{"DAILY_TOKEN_MODE", "rest"}, {"DAILY_API_BASE", daily->apiBaseUrl()}};
        const Session session = converse({initialize(), call(1, {{"room_name", "one"}, {"exp", 1893456000}}),
                                          call(2, {{"room_name", "two"}, {"exp", 1893456000}}), message(3, "ping")},
                                         {}, rest);
        QCOMPARE(session.exitCode, 0);
        QCOMPARE(session.order.size(), 4);
        QCOMPARE(session.order.mid(0, 2), (QStringList{"0", "3"}));
        for (const char *id : {"1", "2"}) {
            const QJsonObject result = session.byId.value(id).value("result").toObject();
            QVERIFY2(!result.value("isError").toBool(), qPrintable(text(session.byId.value(id))));
            QVERIFY(!result.value("structuredContent").toObject().value("token").toString().isEmpty());
        }
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(!session.err.contains(apiKey));
    }

    // More calls than Qt's six connections per host against answers held
    // back 500 ms: the 2 s timeout counts each request's own time, not its
    // wait for a connection, so every call succeeds.
    void callsBeyondTheConnectionPool()
    {
        constexpr int calls = 40;
        EmulatorServer server;
        auto *daily = new DailyEmulator(apiKey, &server);
        QVERIFY2(server.listen(0), qPrintable(server.errorString()));
        Fault slow;
        slow.delayMs = 500;
        slow.count = calls;
        QVERIFY(server.faultPlan().schedule(slow));
        QList<QByteArray> lines{initialize()};
        for (int id = 1; id <= calls; ++id)
            lines.append(call(id, {{"room_name", "pool"}, {"exp", 1893456000}}));
        const Session session = converse(lines, {},
                                         {{"DAILY_TOKEN_MODE", "rest"},
                                          {"DAILY_API_BASE", daily->apiBaseUrl()},
                                          {"DAILY_TIMEOUT_MS", "2000"},
                                          {"DAILY_MAX_RETRIES", "0"}});
        QCOMPARE(session.exitCode, 0);
        for (int id = 1; id <= calls; ++id) {
            const QJsonObject result = session.byId.value(QString::number(id)).value("result").toObject();
            QVERIFY2(!result.value("isError").toBool(), qPrintable(text(session.byId.value(QString::number(id)))));
        }
        QCOMPARE(server.requestCount(), calls);
    }

    // A value long enough to overflow a recursive regex matcher is refused,
    // and the server goes on answering.
    void hostileLengthKeepsServing()
    {
        const QString room(30000, QLatin1Char('a'));
        const Session session = converse(
            {initialize(), call(1, {{"room_name", room}, {"exp", 1893456000}}), message(2, "ping")});
        QCOMPARE(session.exitCode, 0);
        QVERIFY(session.byId.value("1").value("result").toObject().value("isError").toBool());
        QVERIFY(text(session.byId.value("1")).contains("maxLength")
                || text(session.byId.value("1")).contains("at most 128"));
        QVERIFY(session.byId.contains("2"));
    }

    void providerError()
    {
        EmulatorServer server;
        auto *daily = new DailyEmulator(apiKey, &server);
        QVERIFY2(server.listen(0), qPrintable(server.errorString()));
        Fault refused;
        refused.status = 400;
        QVERIFY(server.faultPlan().schedule(refused));
        const Session session = converse({initialize(), call(1, {{"room_name", "refused"}, {"exp", 1893456000}})}, {},
                                         {{"DAILY_TOKEN_MODE", "rest"}, {"DAILY_API_BASE", daily->apiBaseUrl()}});
        const QJsonObject result = session.byId.value("1").value("result").toObject();
        QCOMPARE(result.value("isError").toBool(), true);
        QVERIFY(!result.contains("structuredContent"));
        const QString message = text(session.byId.value("1"));
        QVERIFY2(message.contains("provider_failed") && message.contains("HTTP 400"), qPrintable(message));
        QVERIFY(!message.contains(apiKey));
    }

    void badMessages_data()
    {
        // code 0: nothing is answered.
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("code");
        QTest::newRow("not JSON") << QByteArray("{\"jsonrpc\": \"2.0\", ") << -32700;
        QTest::newRow("NUL byte") << QByteArray("{\"jsonrpc\":\"2.0\",\0\"id\":9}", 24) << -32700;
        QTest::newRow("invalid UTF-8") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"\xff\xfe\"}")
                                       << -32700;
        QTest::newRow("scalar") << QByteArray("42") << -32600;
        QTest::newRow("string") << QByteArray("\"ping\"") << -32600;
        QTest::newRow("batch") << QByteArray("[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}]") << -32600;
        QTest::newRow("empty batch") << QByteArray("[]") << -32600;
        QTest::newRow("wrong version") << QByteArray("{\"jsonrpc\":\"1.0\",\"id\":9,\"method\":\"ping\"}") << -32600;
        QTest::newRow("no version") << QByteArray("{\"id\":9,\"method\":\"ping\"}") << -32600;
        QTest::newRow("no method") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9}") << -32600;
        QTest::newRow("method not a string") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":5}") << -32600;
        QTest::newRow("object id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}") << -32600;
        QTest::newRow("null id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}") << -32600;
        QTest::newRow("fractional id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9.5,\"method\":\"ping\"}") << -32600;
        QTest::newRow("unknown method") << message(9, "resources/list") << -32601;
        QTest::newRow("params not object")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":[]}") << -32602;
        QTest::newRow("initialize without version")
            << message(9, "initialize", {{"capabilities", QJsonObject()}}) << -32602;
        QTest::newRow("unknown notification") << notification("notifications/unheard_of") << 0;
        QTest::newRow("a response") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}") << 0;
    }
    void badMessages()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, code);
        // The server answers, then keeps serving the next request.
        const Session session = converse({initialize(), line, message(10, "ping")});
        QCOMPARE(session.exitCode, 0);
        QVERIFY(session.byId.value("10").contains("result"));
        if (code == 0) {
            QCOMPARE(session.order, (QStringList{"0", "10"}));
            QVERIFY(session.anonymous.isEmpty());
            return;
        }
        QCOMPARE(session.byId.size() + session.anonymous.size(), 3);
        QJsonObject error = session.byId.value("9").value("error").toObject();
        if (error.isEmpty() && !session.anonymous.isEmpty())
            error = session.anonymous.first().value("error").toObject();
        QCOMPARE(error.value("code").toInt(), code);
        QVERIFY(!error.value("message").toString().isEmpty());
    }

    void requestBeforeInitialize()
    {
        const Session session = converse({message(1, "tools/list"), message(2, "ping"),
                                          call(3, {{"room_name", "early"}}), initialize(), message(4, "tools/list")});
        QCOMPARE(session.byId.value("1").value("error").toObject().value("code").toInt(), -32002);
        QVERIFY(session.byId.value("2").contains("result"));
        QCOMPARE(session.byId.value("3").value("error").toObject().value("code").toInt(), -32002);
        QVERIFY(session.byId.value("4").value("result").toObject().contains("tools"));
    }

    void oversizedMessage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<qsizetype>("length");
        QTest::addColumn<bool>("accepted");
        const QStringList limit{"--max-message-bytes", "2048"};
        QTest::newRow("at the limit") << limit << qsizetype(2048) << true;
        QTest::newRow("one byte over") << limit << qsizetype(2049) << false;
        QTest::newRow("far over") << limit << qsizetype(50000) << false;
        QTest::newRow("default limit, 4 MiB") << QStringList() << qsizetype(4 * 1024 * 1024) << true;
        QTest::newRow("default limit, 5 MiB") << QStringList() << qsizetype(5 * 1024 * 1024) << false;
    }
    void oversizedMessage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(qsizetype, length);
        QFETCH(bool, accepted);
        const qsizetype overhead = ping({}).size();
        const QByteArray line = ping(QByteArray(length - overhead, 'x')).toLatin1();
        QCOMPARE(line.size(), length);
        const Session session = converse({initialize(), line, message(8, "ping")}, arguments);
        QCOMPARE(session.exitCode, 0);
        QCOMPARE(session.byId.contains("7"), accepted);
        QCOMPARE(session.anonymous.size(), accepted ? 0 : 1);
        if (!accepted) {
            const QJsonObject error = session.anonymous.first().value("error").toObject();
            QCOMPARE(error.value("code").toInt(), -32600);
            QVERIFY(error.value("message").toString().contains(QString::number(length)));
        }
        QVERIFY(session.byId.value("8").contains("result"));
    }

    void lastLineWithoutNewline()
    {
        const ProcessRun run = runActionnode({"serve", "--stdio"}, actionnodeEnvironment(),
                                             initialize() + "\n" + message(1, "ping"), 30000);
        QCOMPARE(run.exitCode, 0);
        const QList<QByteArray> replies = run.out.trimmed().split('\n');
        QCOMPARE(replies.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(replies.last()).object().value("id").toInt(), 1);
    }

    void closedInputEndsCleanly()
    {
        const Session session = converse({});
        QCOMPARE(session.exitCode, 0);
        QVERIFY(session.out.isEmpty());
    }

    void usage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no transport") << QStringList{"serve"};
        QTest::newRow("limit too small") << QStringList{"serve", "--stdio", "--max-message-bytes", "10"};
        QTest::newRow("limit not a number") << QStringList{"serve", "--stdio", "--max-message-bytes", "lots"};
    }
    void usage()
    {
        QFETCH(QStringList, arguments);
        const ProcessRun run = runActionnode(arguments, actionnodeEnvironment(), {}, 30000);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMcp)
#include "tst_mcp.moc"
