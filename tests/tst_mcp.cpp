#include <actionnode/jwt.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

// 'actionnode serve --stdio' as an MCP client sees it: the handshake, the
// tools, calls, and every kind of bad message answered without a crash.
class TestMcp : public QObject
{
    Q_OBJECT

private:
    static constexpr const char *apiKey = "mcp-qt-test-key-90ab";

    struct Session
    {
        int exitCode = -1;
        QHash<QString, QJsonObject> byId; //!< replies by id ("null" for id-less errors, in order)
        QList<QJsonObject> anonymous;
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
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    static QByteArray initialize(const QString &version = QStringLiteral("2025-06-18"))
    {
        return message(0, QStringLiteral("initialize"),
                       {{"protocolVersion", version}, {"capabilities", QJsonObject()},
                        {"clientInfo", QJsonObject{{"name", "tst_mcp"}, {"version", "1"}}}});
    }
    // Writes every line, closes standard input, and collects the replies.
    static Session converse(const QList<QByteArray> &lines, const QStringList &extraArguments = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DAILY_API_KEY"), QLatin1String(apiKey));
        environment.insert(QStringLiteral("DAILY_TOKEN_MODE"), QStringLiteral("self-signed"));
        environment.insert(QStringLiteral("DAILY_DOMAIN_ID"), QStringLiteral("mcp-domain"));
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("actionnode.*=true"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(ACTIONNODE_EXECUTABLE), QStringList{"serve", "--stdio"} + extraArguments);
        Session session;
        if (!process.waitForStarted(10000))
            return session;
        for (const QByteArray &line : lines)
            process.write(line + '\n');
        process.closeWriteChannel();
        if (!process.waitForFinished(60000)) {
            process.kill();
            return session;
        }
        session.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        session.out = process.readAllStandardOutput();
        session.err = process.readAllStandardError();
        for (const QByteArray &line : session.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject reply = QJsonDocument::fromJson(line).object();
            const QJsonValue id = reply.value(QStringLiteral("id"));
            if (id.isNull())
                session.anonymous.append(reply);
            else
                session.byId.insert(id.isString() ? id.toString() : QString::number(id.toInteger()), reply);
        }
        return session;
    }

private slots:
    void handshake_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QString>("answered");
        QTest::newRow("current") << "2025-06-18" << "2025-06-18";
        QTest::newRow("older supported") << "2025-03-26" << "2025-03-26";
        QTest::newRow("oldest supported") << "2024-11-05" << "2024-11-05";
        QTest::newRow("unknown") << "2031-01-01" << "2025-06-18";
    }
    void handshake()
    {
        QFETCH(QString, requested);
        QFETCH(QString, answered);
        const Session session = converse({initialize(requested), message({}, "notifications/initialized"), message(1, "ping")});
        QCOMPARE(session.exitCode, 0);
        const QJsonObject result = session.byId.value("0").value("result").toObject();
        QCOMPARE(result.value("protocolVersion").toString(), answered);
        QCOMPARE(result.value("serverInfo").toObject().value("name").toString(), QStringLiteral("actionnode"));
        QVERIFY(result.value("capabilities").toObject().contains("tools"));
        QCOMPARE(session.byId.value("1").value("result").toObject(), QJsonObject());
        QCOMPARE(session.byId.size(), 2); // the notification is not answered
    }

    void toolsListAndCall()
    {
        const Session session = converse({
            initialize(),
            message(1, "tools/list"),
            message(2, "tools/call", {{"name", "daily_create_meeting_token"},
                                      {"arguments", QJsonObject{{"room_name", "standup"}, {"exp", 1893456000}}}}),
            message("three", "tools/call", {{"name", "daily_create_meeting_token"},
                                            {"arguments", QJsonObject{{"room_name", "bad room"}, {"user_id", QString(40, 'x')}}}}),
            message(4, "tools/call", {{"name", "daily_create_meeting_token"},
                                      {"arguments", QJsonObject{{"room_name", "a"}, {"auto_start_transcription", true}}}}),
            message(5, "tools/call", {{"name", "no_such_tool"}}),
            message(6, "tools/call", {{"name", "daily_create_meeting_token"}, {"arguments", "room_name=a"}}),
        });
        QCOMPARE(session.exitCode, 0);

        const QJsonArray tools = session.byId.value("1").value("result").toObject().value("tools").toArray();
        QCOMPARE(tools.size(), 1);
        const QJsonObject tool = tools.first().toObject();
        QCOMPARE(tool.value("name").toString(), QStringLiteral("daily_create_meeting_token"));
        const QJsonObject properties = tool.value("inputSchema").toObject().value("properties").toObject();
        QVERIFY(properties.contains("room_name"));
        QVERIFY(!properties.contains("auto_start_transcription"));
        QVERIFY(tool.value("description").toString().contains("Video, Audio & Live Bundle"));
        QVERIFY(tool.value("outputSchema").toObject().value("properties").toObject().contains("token"));

        const QJsonObject created = session.byId.value("2").value("result").toObject();
        QCOMPARE(created.value("isError").toBool(), false);
        const QString token = created.value("structuredContent").toObject().value("token").toString();
        QString error;
        QVERIFY2(ActionNode::Jwt::verify(token.toLatin1(), apiKey, &error), qPrintable(error));

        const QJsonObject invalid = session.byId.value("three").value("result").toObject();
        QCOMPARE(invalid.value("isError").toBool(), true);
        const QString text = invalid.value("content").toArray().at(0).toObject().value("text").toString();
        QVERIFY2(text.contains("/room_name") && text.contains("/user_id"), qPrintable(text));

        const QString locked = session.byId.value("4").value("result").toObject().value("content").toArray().at(0)
                                   .toObject().value("text").toString();
        QVERIFY2(locked.contains("bundle_required"), qPrintable(locked));

        QCOMPARE(session.byId.value("5").value("error").toObject().value("code").toInt(), -32602);
        QCOMPARE(session.byId.value("6").value("error").toObject().value("code").toInt(), -32602);
        QVERIFY(!session.out.contains(apiKey));
        QVERIFY(!session.err.contains(apiKey));
        QVERIFY(session.err.contains("actionnode.mcp")); // logs go to stderr, never stdout
    }

    void badMessages_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("code");
        QTest::newRow("not JSON") << QByteArray("{\"jsonrpc\": \"2.0\", ") << -32700;
        QTest::newRow("batch") << QByteArray("[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}]") << -32600;
        QTest::newRow("wrong version") << QByteArray("{\"jsonrpc\":\"1.0\",\"id\":9,\"method\":\"ping\"}") << -32600;
        QTest::newRow("no method") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9}") << -32600;
        QTest::newRow("object id") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}") << -32600;
        QTest::newRow("unknown method") << message(9, "resources/list") << -32601;
        QTest::newRow("params not object") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":[]}") << -32602;
        QTest::newRow("initialize without version") << message(9, "initialize", {{"capabilities", QJsonObject()}}) << -32602;
    }
    void badMessages()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, code);
        // The server answers, then keeps serving the next request.
        const Session session = converse({initialize(), line, message(10, "ping")});
        QCOMPARE(session.exitCode, 0);
        QJsonObject error = session.byId.value("9").value("error").toObject();
        if (error.isEmpty() && !session.anonymous.isEmpty())
            error = session.anonymous.first().value("error").toObject();
        QCOMPARE(error.value("code").toInt(), code);
        QVERIFY(!error.value("message").toString().isEmpty());
        QVERIFY(session.byId.value("10").contains("result"));
    }

    void requestBeforeInitialize()
    {
        const Session session = converse({message(1, "tools/list"), message(2, "ping")});
        QCOMPARE(session.byId.value("1").value("error").toObject().value("code").toInt(), -32002);
        QVERIFY(session.byId.value("2").contains("result"));
    }

    void oversizedMessage()
    {
        const QByteArray huge = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"pad\":\"" + QByteArray(5000, 'x') + "\"}}";
        const Session session = converse({initialize(), huge, message(8, "ping")}, {"--max-message-bytes", "2048"});
        QCOMPARE(session.exitCode, 0);
        QVERIFY(!session.byId.contains("7"));
        QCOMPARE(session.anonymous.size(), 1);
        QCOMPARE(session.anonymous.first().value("error").toObject().value("code").toInt(), -32600);
        QVERIFY(session.byId.value("8").contains("result"));
    }

    void closedInputEndsCleanly()
    {
        const Session session = converse({});
        QCOMPARE(session.exitCode, 0);
        QVERIFY(session.out.isEmpty());
    }

    void usage()
    {
        QProcess process;
        process.start(QStringLiteral(ACTIONNODE_EXECUTABLE), {"serve"});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMcp)
#include "tst_mcp.moc"
