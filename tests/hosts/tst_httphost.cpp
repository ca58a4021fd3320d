#include "support/json.h"
#include "support/processrun.h"
#include "support/testdata.h"
#include "support/metadatajson.h"

#include "dailyemulator.h"
#include "emulatorserver.h"
#include "httprequestchecker.h"

#include <actionnode/actionapi.h>
#include <actionnode/httphost.h>
#include <actionnode/httpmetrics.h>
#include <actionnode/runhistoryapi.h>
#include <actionnode/sdk/jwt.h>
#include <actionnode/runtime.h>
#include <actionnode/session.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslSocket>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QByteArray ProviderKey = "provider-secret-key-7f3a9c";
const QByteArray CallerKey = "caller-key-5b8e21";
const char InvokePath[] = "/v1/actions/daily.create_meeting_token/invoke";

struct Answer
{
    int status = 0;
    QByteArray body;
    QJsonObject document;
    QHash<QByteArray, QByteArray> headers;
    QString error;
};

QByteArray fixture(const QString &name)
{
    return readTestData(QStringLiteral("licenses/") + name);
}

QString writeKeysFile(const QTemporaryDir &dir, const QByteArrayList &lines)
{
    const QString name = dir.filePath(QStringLiteral("keys"));
    QFile file(name);
    if (file.open(QIODevice::WriteOnly))
        file.write(lines.join('\n') + '\n');
    return name;
}

QByteArray digestLine(const QByteArray &key)
{
    return "sha256:" + QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex();
}

//! The session of the service: the test vendor's key verifies licences.
SessionOptions serviceOptions()
{
    SessionOptions options;
    options.licensePublicKeyPem = fixture(QStringLiteral("test-vendor.pub.pem"));
    return options;
}

/*
    An emulator of Daily, a session whose connection points at it, and an
    HTTP host serving the session, all in this process.
*/
class Service
{
public:
    explicit Service(HttpHostOptions options = {}, ActionApiOptions apiOptions = {},
                     const QString &tokenMode = QStringLiteral("self-signed"),
                     const SessionOptions &sessionOptions = serviceOptions())
        : session(sessionOptions)
    {
        daily = new DailyEmulator(ProviderKey, &emulator);
        emulatorListening = emulator.listen(0);
        sessionLoaded = session.load(&listenError);
        Runtime &runtime = *session.runtime();
        Connection connection = runtime.connection(QStringLiteral("daily"));
        connection.setValue(QStringLiteral("api_key"), QString::fromLatin1(ProviderKey));
        connection.setValue(QStringLiteral("api_base"), daily->apiBaseUrl());
        connection.setValue(QStringLiteral("token_mode"), tokenMode);
        connection.setValue(QStringLiteral("domain_id"), DailyEmulator::defaultDomainId());
        connection.setValue(QStringLiteral("max_retries"), QStringLiteral("1"));
        connection.setValue(QStringLiteral("timeout_ms"), QStringLiteral("3000"));
        runtime.setConnection(connection);
        options.accessLog = [this](const QByteArray &line) { accessLog.append(line); };
        host = std::make_unique<HttpHost>(options);
        api = new ActionApi(&session, host.get(), apiOptions);
        listening = sessionLoaded && host->listen(&listenError);
    }

    Answer request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(host->url().resolved(QUrl(path)));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (!body.isNull())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &header : headers)
            request.setRawHeader(header.first, header.second);
        QNetworkReply *reply = network.sendCustomRequest(request, method, body);
        if (!ignoredTlsErrors.isEmpty())
            reply->ignoreSslErrors(ignoredTlsErrors);
        Answer answer;
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000)) {
            answer.error = QStringLiteral("no answer");
            reply->abort();
        }
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.document = QJsonDocument::fromJson(answer.body).object();
        for (const auto &pair : reply->rawHeaderPairs())
            answer.headers.insert(pair.first.toLower(), pair.second);
        if (answer.status == 0)
            answer.error = reply->errorString();
        responses.append(answer.body);
        reply->deleteLater();
        return answer;
    }

    Answer invoke(const QJsonObject &inputs, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return request("POST", QString::fromLatin1(InvokePath), compactJson(inputs), headers);
    }

    //! An invocation left running; the caller waits for the reply and deletes it.
    QNetworkReply *startInvoke(const QByteArray &body)
    {
        QNetworkRequest request(host->url().resolved(QUrl(QString::fromLatin1(InvokePath))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return network.post(request, body);
    }

    EmulatorServer emulator;
    DailyEmulator *daily = nullptr;
    bool emulatorListening = false;
    Session session;
    bool sessionLoaded = false;
    std::unique_ptr<HttpHost> host;
    ActionApi *api = nullptr;
    bool listening = false;
    QString listenError;
    QNetworkAccessManager network;
    QList<QSslError> ignoredTlsErrors;
    QByteArrayList accessLog;
    QByteArrayList responses;
};

//! A loopback client socket, bound to \a localAddress (127.0.0.2 stands for a second client).
std::unique_ptr<QTcpSocket> connectTo(quint16 port, const QHostAddress &localAddress = QHostAddress::LocalHost)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->bind(localAddress);
    socket->connectToHost(QHostAddress::LocalHost, port);
    return socket;
}

/*
    What the server sent on \a socket until it closed the connection or a
    whole answer (head and Content-Length bytes) arrived, waiting up to
    \a waitMs with the event loop turning (the server runs in this thread).
*/
QByteArray readAnswer(QTcpSocket *socket, int waitMs = 5000)
{
    QByteArray received;
    const auto whole = [&received] {
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return false;
        static const QRegularExpression length(QStringLiteral("\r\nContent-Length: (\\d+)\r\n"));
        const QRegularExpressionMatch match = length.match(QString::fromLatin1(received.left(headEnd + 2)));
        return match.hasMatch() && received.size() >= headEnd + 4 + match.captured(1).toLongLong();
    };
    // What arrived is the answer, whether or not it came whole in time.
    const bool ended = QTest::qWaitFor(
        [&] {
            received += socket->readAll();
            return whole() || socket->state() == QAbstractSocket::UnconnectedState;
        },
        waitMs);
    Q_UNUSED(ended);
    return received + socket->readAll();
}

//! Everything \a socket receives until the server closes it (or 5 s pass).
QByteArray readUntilClosed(QTcpSocket *socket)
{
    QByteArray received;
    // The caller checks the socket's state: what arrived is returned either way.
    const bool closed = QTest::qWaitFor(
        [&] {
            received += socket->readAll();
            return socket->state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    Q_UNUSED(closed);
    return received + socket->readAll();
}

//! The status code of the answer \a answer, or 0 for none.
int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

// The one error shape: {"status": code, "errors": [{"code": ..., "message": ...}, ...]}.
bool hasErrorShape(const QJsonObject &document)
{
    const QJsonArray errors = document.value(QStringLiteral("errors")).toArray();
    if (!document.value(QStringLiteral("status")).isString() || errors.isEmpty())
        return false;
    for (const QJsonValue &error : errors) {
        if (error.toObject().value(QStringLiteral("code")).toString().isEmpty()
            || error.toObject().value(QStringLiteral("message")).toString().isEmpty())
            return false;
    }
    return true;
}

QStringList errorFields(const QJsonObject &document)
{
    QStringList fields;
    for (const QJsonValue &error : document.value(QStringLiteral("errors")).toArray())
        fields.append(error.toObject().value(QStringLiteral("field")).toString());
    fields.sort();
    return fields;
}

} // namespace

class TestHttpHost : public QObject
{
    Q_OBJECT

private slots:
    void invoke_data()
    {
        QTest::addColumn<QString>("tokenMode");
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("license");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QStringList>("fields");

        const QByteArray valid = R"({"room_name":"standup","exp":1893456000})";
        const QByteArray transcription = R"({"room_name":"standup","exp":1893456000,"auto_start_transcription":true})";
        QTest::newRow("self-signed") << "self-signed" << QByteArray() << valid << QByteArray() << 200 << "succeeded"
                                     << QStringList();
        QTest::newRow("rest") << "rest" << QByteArray() << valid << QByteArray() << 200 << "succeeded" << QStringList();
        QTest::newRow("every field error")
            << "self-signed" << QByteArray() << QByteArray(R"({"room_name":"bad name!","exp":"soon","nbf":-5})")
            << QByteArray() << 422 << "invalid_input" << QStringList{"/exp", "/nbf", "/room_name"};
        QTest::newRow("unknown field") << "self-signed" << QByteArray() << QByteArray(R"({"room":"x"})") << QByteArray()
                                       << 422 << "invalid_input" << QStringList{"/room"};
        QTest::newRow("bundle required") << "self-signed" << QByteArray() << transcription << QByteArray() << 403
                                         << "license_refused" << QStringList{"/auto_start_transcription"};
        QTest::newRow("bundle with licence")
            << "self-signed" << QByteArray() << transcription << fixture(QStringLiteral("valid-bundle.json")) << 200
            << "succeeded" << QStringList();
        QTest::newRow("tampered licence")
            << "self-signed" << QByteArray() << transcription << fixture(QStringLiteral("tampered.json")) << 403
            << "license_refused" << QStringList{"/auto_start_transcription"};
        QTest::newRow("provider error") << "rest" << QByteArray(R"({"status":403})") << valid << QByteArray() << 502
                                        << "provider_failed" << QStringList{""};
        QTest::newRow("network failure") << "rest" << QByteArray(R"({"drop":true,"count":5})") << valid << QByteArray()
                                         << 504 << "network_failed" << QStringList{""};
        QTest::newRow("not JSON") << "self-signed" << QByteArray() << QByteArray("{\"room_name\":") << QByteArray()
                                  << 400 << "invalid_json" << QStringList{""};
        QTest::newRow("not an object") << "self-signed" << QByteArray() << QByteArray("[1,2]") << QByteArray() << 400
                                       << "invalid_json" << QStringList{""};
    }

    void invoke()
    {
        QFETCH(QString, tokenMode);
        QFETCH(QByteArray, fault);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, license);
        QFETCH(int, httpStatus);
        QFETCH(QString, status);
        QFETCH(QStringList, fields);

        Service service({}, {}, tokenMode);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        if (!fault.isEmpty()) {
            QString problem;
            const std::optional<Fault> parsed = Fault::fromJson(QJsonDocument::fromJson(fault).object(), &problem);
            QVERIFY2(parsed && service.emulator.faultPlan().schedule(*parsed), qPrintable(problem));
        }
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!license.isEmpty())
            headers.append({"X-ActionNode-License", license.toBase64()});
        const Answer answer = service.request("POST", QString::fromLatin1(InvokePath), body, headers);
        QVERIFY2(answer.error.isEmpty() || answer.status != 0, qPrintable(answer.error));
        QCOMPARE(answer.status, httpStatus);
        QCOMPARE(answer.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(answer.document.value("status").toString(), status);
        if (httpStatus == 200) {
            const QString token = answer.document.value("outputs").toObject().value("token").toString();
            const Jwt::Decoded decoded = Jwt::decode(token.toLatin1());
            QCOMPARE(decoded.claims.value("r").toString(), QStringLiteral("standup"));
        } else {
            QVERIFY2(hasErrorShape(answer.document), answer.body.constData());
            QCOMPARE(errorFields(answer.document), fields);
        }
        // The result document is the one 'actionnode run' prints.
        if (httpStatus != 400)
            QVERIFY(answer.document.contains(httpStatus == 200 ? "outputs" : "errors"));
        for (const QByteArray &text : service.responses + service.accessLog)
            QVERIFY2(!text.contains(ProviderKey), text.constData());
    }

    void requestErrors_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown action") << QByteArray("POST") << "/v1/actions/daily.nothing/invoke" << 404
                                        << "unknown_action";
        QTest::newRow("describe unknown")
            << QByteArray("GET") << "/v1/actions/daily.nothing" << 404 << "unknown_action";
        QTest::newRow("no route") << QByteArray("GET") << "/v2/whatever" << 404 << "not_found";
        QTest::newRow("wrong method") << QByteArray("GET") << QString::fromLatin1(InvokePath) << 405
                                      << "method_not_allowed";
        QTest::newRow("panel traversal") << QByteArray("GET") << "/panel/..%2Fhttphost.cpp" << 404 << "not_found";
        QTest::newRow("form body") << QByteArray("POST-FORM") << QString::fromLatin1(InvokePath) << 415
                                   << "unsupported_media_type";
        QTest::newRow("rebound host name") << QByteArray("GET-REBOUND") << "/v1/actions" << 421 << "host_not_served";
    }

    void requestErrors()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(int, httpStatus);
        QFETCH(QString, code);
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        Answer answer;
        if (method == "POST-FORM")
            answer = service.request("POST", path, "{}", {{"Content-Type", "text/plain"}});
        else if (method == "GET-REBOUND")
            answer = service.request("GET", path, {}, {{"Host", "attacker.example:8080"}});
        else
            answer = service.request(method, path, method == "POST" ? QByteArray("{}") : QByteArray());
        QCOMPARE(answer.status, httpStatus);
        QVERIFY2(hasErrorShape(answer.document), answer.body.constData());
        QCOMPARE(answer.document.value("errors").toArray().first().toObject().value("code").toString(), code);
    }

    void bodyMediaType_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("JSON") << QByteArray("application/json") << true;
        QTest::newRow("JSON in capitals, with a charset") << QByteArray("Application/JSON; charset=utf-8") << true;
        QTest::newRow("JSON, parameter without a space") << QByteArray("application/json;charset=utf-8") << true;
        QTest::newRow("longer name") << QByteArray("application/jsonx") << false;
        QTest::newRow("JSON patch") << QByteArray("application/json-patch+json") << false;
        QTest::newRow("text") << QByteArray("text/plain") << false;
        QTest::newRow("shorter name") << QByteArray("application/jso") << false;
    }

    // Only a JSON body is read: a plain form of another site cannot run an action.
    void bodyMediaType()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(bool, accepted);
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const Answer answer = service.request("POST", QString::fromLatin1(InvokePath), "{}",
                                              {{"Content-Type", contentType}});
        QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
        if (accepted) {
            // Read and invoked: the empty inputs sign a token, as with the plain media type.
            QVERIFY2(answer.status == 200, answer.body.constData());
            QVERIFY(answer.document.value("outputs").toObject().contains("token"));
        } else {
            QCOMPARE(answer.status, 415);
            QCOMPARE(answer.document.value("errors").toArray().first().toObject().value("code").toString(),
                     QStringLiteral("unsupported_media_type"));
        }
    }

    // The operations beside invoke: each answers as the Session does, refusals with its codes.
    void operations_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("member");
        const QString options = QStringLiteral("/v1/actions/daily.create_meeting_token/fields/%1/options");
        const QString migrate = QStringLiteral("/v1/actions/%1/migrate");
        const QByteArray saved =
            R"({"from": "1.0.0", "inputs": {"room_name": "standup", "enable_recording": "rtp-tracks"}})";
        QTest::newRow("options") << QByteArray("GET") << options.arg("room_name") + "?search=STAND" << QByteArray()
                                 << QByteArray() << 200 << ""
                                 << "options";
        QTest::newRow("options of an unknown field")
            << QByteArray("GET") << options.arg("nope") << QByteArray() << QByteArray() << 404 << "not_found"
            << "";
        QTest::newRow("options of an unknown action")
            << QByteArray("GET") << "/v1/actions/daily.nope/fields/room_name/options" << QByteArray() << QByteArray()
            << 404 << "unknown_action"
            << "";
        QTest::newRow("migrate") << QByteArray("POST") << migrate.arg("daily.create_meeting_token") << saved
                                 << QByteArray() << 200 << ""
                                 << "changes";
        QTest::newRow("migrate from an unknown version")
            << QByteArray("POST") << migrate.arg("daily.create_meeting_token")
            << QByteArray(R"({"from": "0.1.0", "inputs": {}})") << QByteArray() << 422 << "invalid_input"
            << "";
        QTest::newRow("migrate without inputs")
            << QByteArray("POST") << migrate.arg("daily.create_meeting_token") << QByteArray(R"({"from": "1.0.0"})")
            << QByteArray() << 400 << "invalid_json"
            << "";
        QTest::newRow("migrate, not JSON") << QByteArray("POST") << migrate.arg("daily.create_meeting_token")
                                           << QByteArray("{") << QByteArray() << 400 << "invalid_json"
                                           << "";
        QTest::newRow("migrate an unknown action")
            << QByteArray("POST") << migrate.arg("daily.nope") << saved << QByteArray() << 404 << "unknown_action"
            << "";
        QTest::newRow("connection test") << QByteArray("POST") << "/v1/connections/daily/test" << QByteArray("{}")
                                         << QByteArray() << 200 << ""
                                         << "discovered";
        QTest::newRow("connection test, key refused")
            << QByteArray("POST") << "/v1/connections/daily/test" << QByteArray("{}") << QByteArray(R"({"status":401})")
            << 502 << "provider_error"
            << "";
        QTest::newRow("connection test, unreachable")
            << QByteArray("POST") << "/v1/connections/daily/test" << QByteArray("{}")
            << QByteArray(R"({"drop":true,"count":5})") << 504 << "network_error"
            << "";
        QTest::newRow("connection test of an unknown provider")
            << QByteArray("POST") << "/v1/connections/nope/test" << QByteArray("{}") << QByteArray() << 404
            << "not_found"
            << "";
    }

    void operations()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, fault);
        QFETCH(int, httpStatus);
        QFETCH(QString, code);
        QFETCH(QString, member);
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        QString problem;
        QVERIFY2(service.daily->state().createRoom({{"name", "standup"}}, &problem), qPrintable(problem));
        QVERIFY2(service.daily->state().createRoom({{"name", "retro"}}, &problem), qPrintable(problem));
        if (!fault.isEmpty()) {
            const std::optional<Fault> parsed = Fault::fromJson(QJsonDocument::fromJson(fault).object(), &problem);
            QVERIFY2(parsed && service.emulator.faultPlan().schedule(*parsed), qPrintable(problem));
        }
        const Answer answer = service.request(method, path, body);
        QVERIFY2(answer.status == httpStatus, answer.body.constData());
        if (!code.isEmpty()) {
            QVERIFY2(hasErrorShape(answer.document), answer.body.constData());
            QCOMPARE(answer.document.value("errors").toArray().first().toObject().value("code").toString(), code);
        } else {
            QVERIFY2(answer.document.contains(member), answer.body.constData());
        }
        if (path.endsWith(QLatin1String("options?search=STAND"))) {
            const QJsonArray choices = answer.document.value("options").toArray();
            QCOMPARE(choices.size(), 1);
            QCOMPARE(choices.first().toObject().value("value").toString(), QStringLiteral("standup"));
        }
        if (member == QLatin1String("discovered"))
            QCOMPARE(answer.document.value("discovered").toObject().value("domain_id").toString(),
                     DailyEmulator::defaultDomainId());
        for (const QByteArray &text : service.responses + service.accessLog)
            QVERIFY2(!text.contains(ProviderKey), text.constData());
    }

    void apiKeys_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("httpStatus");
        QTest::newRow("no key") << "/v1/actions" << QByteArray() << 401;
        QTest::newRow("wrong key") << "/v1/actions" << QByteArray("Bearer not-the-key") << 401;
        QTest::newRow("key as basic") << "/v1/actions" << ("Basic " + CallerKey) << 401;
        QTest::newRow("digest as key") << "/v1/actions" << ("Bearer " + digestLine(CallerKey)) << 401;
        QTest::newRow("key") << "/v1/actions" << ("Bearer " + CallerKey) << 200;
        QTest::newRow("scheme in lower case") << "/v1/actions" << ("bearer " + CallerKey) << 200;
        QTest::newRow("second key") << "/v1/actions" << QByteArray("Bearer second-key") << 200;
        QTest::newRow("metrics without key") << "/metrics" << QByteArray() << 401;
        QTest::newRow("describe without key") << "/v1/actions/daily.create_meeting_token" << QByteArray() << 401;
        QTest::newRow("health without key") << "/healthz" << QByteArray() << 200;
        QTest::newRow("readiness without key") << "/readyz" << QByteArray() << 200;
        QTest::newRow("openapi without key") << "/openapi.json" << QByteArray() << 200;
        QTest::newRow("panel without key") << "/" << QByteArray() << 200;
    }

    void apiKeys()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, authorization);
        QFETCH(int, httpStatus);
        QTemporaryDir dir;
        HttpHostOptions options;
        options.apiKeysFile = writeKeysFile(dir, {"# callers", digestLine(CallerKey), "", digestLine("second-key")});
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        const Answer answer = service.request("GET", path, {}, headers);
        QCOMPARE(answer.status, httpStatus);
        if (httpStatus == 401) {
            QCOMPARE(answer.headers.value("www-authenticate"), QByteArray("Bearer"));
            QVERIFY(hasErrorShape(answer.document));
        }
        for (const QByteArray &line : service.accessLog)
            QVERIFY2(!line.contains(CallerKey) && !line.contains("not-the-key"), line.constData());
    }

    void refusedSetups_data()
    {
        QTest::addColumn<QByteArrayList>("keyLines");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("message");
        QTest::newRow("key in clear") << QByteArrayList{digestLine("a"), "caller-key-in-clear"} << "127.0.0.1"
                                      << "keys:2: expected sha256:";
        QTest::newRow("short digest") << QByteArrayList{"sha256:abcd"} << "127.0.0.1"
                                      << "keys:1: expected sha256:";
        QTest::newRow("not hex") << QByteArrayList{"sha256:" + QByteArray(64, 'z')} << "127.0.0.1"
                                 << "keys:1: expected sha256:";
        QTest::newRow("only comments") << QByteArrayList{"# nothing"} << "127.0.0.1"
                                       << "holds no key digest";
        QTest::newRow("open without keys") << QByteArrayList() << "0.0.0.0"
                                           << "needs API keys";
    }

    void refusedSetups()
    {
        QFETCH(QByteArrayList, keyLines);
        QFETCH(QString, address);
        QFETCH(QString, message);
        QTemporaryDir dir;
        HttpHostOptions options;
        options.address = QHostAddress(address);
        if (!keyLines.isEmpty())
            options.apiKeysFile = writeKeysFile(dir, keyLines);
        Service service(options);
        QVERIFY(!service.listening);
        QVERIFY2(service.listenError.contains(message), qPrintable(service.listenError));
        QVERIFY(!service.listenError.contains("caller-key-in-clear"));
    }

    void bodyLimit()
    {
        HttpHostOptions options;
        options.maxBodyBytes = 2048;
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        // A declared length over the limit is refused before the body is sent.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(service.host->url().port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write(QByteArray("POST ") + InvokePath
                     + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Content-Length: 1073741824\r\n\r\n{\"room_name\":");
        QVERIFY(QTest::qWaitFor(
            [&] { return socket.bytesAvailable() > 0 || socket.state() != QAbstractSocket::ConnectedState; }, 5000));
        const QByteArray reply = socket.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 413 "), reply.constData());
        QVERIFY(reply.contains("\"body_too_large\""));
        QVERIFY(reply.contains("Connection: close"));
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000));

        // A body sent without a declared length is cut off as it arrives.
        const Answer big = service.invoke({{"room_name", QString(4096, QLatin1Char('a'))}});
        QCOMPARE(big.status, 413);
        // Under the limit, the same kind of value is judged by the declaration.
        const Answer small = service.invoke({{"room_name", QString(200, QLatin1Char('a'))}});
        QCOMPARE(small.status, 422);
        QCOMPARE(errorFields(small.document), QStringList{"/room_name"});
        QCOMPARE(service.request("GET", "/healthz").status, 200);
    }

    void requestFraming_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QByteArray>("code");
        const QByteArray get = "GET /v1/actions HTTP/1.1\r\n";
        QTest::newRow("loopback host") << get + "Host: localhost:80\r\n\r\n" << 200 << QByteArray();
        QTest::newRow("IPv6 loopback host") << get + "Host: [::1]:8080\r\n\r\n" << 200 << QByteArray();
        QTest::newRow("user part in host") << get + "Host: localhost:80@evil.example\r\n\r\n"
                                           << 400 << QByteArray("bad_request");
        QTest::newRow("unclosed IPv6 literal") << get + "Host: [::1\r\n\r\n" << 400 << QByteArray("bad_request");
        // QHostAddress alone would trim the space and read the loopback address.
        QTest::newRow("space inside an IPv6 literal") << get + "Host: [ ::1]\r\n\r\n"
                                                      << 400 << QByteArray("bad_request");
        QTest::newRow("loopback name of another host") << get + "Host: 127.0.0.1.evil.example\r\n\r\n"
                                                       << 421 << QByteArray("host_not_served");
        QTest::newRow("no host") << get + "\r\n" << 400 << QByteArray("bad_request");
        QTest::newRow("two hosts") << get + "Host: localhost\r\nHost: evil.example\r\n\r\n"
                                   << 400 << QByteArray("bad_request");
        QTest::newRow("absolute-form, same host")
            << QByteArray("GET http://localhost/v1/actions HTTP/1.1\r\nHost: localhost\r\n\r\n") << 200 << QByteArray();
        QTest::newRow("absolute-form, other host")
            << QByteArray("GET http://evil.example/v1/actions HTTP/1.1\r\nHost: localhost\r\n\r\n") << 400
            << QByteArray("bad_request");
        QTest::newRow("absolute-form, empty host")
            << QByteArray("GET http:///v1/actions HTTP/1.1\r\nHost: \r\n\r\n") << 400 << QByteArray("bad_request");
        QTest::newRow("absolute-form, port alone")
            << QByteArray("GET http://:80/v1/actions HTTP/1.1\r\nHost: :80\r\n\r\n") << 400
            << QByteArray("bad_request");
        const QByteArray post = QByteArray("POST ") + InvokePath
                                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
        QTest::newRow("two Content-Length")
            << post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x" << 400 << QByteArray("bad_request");
        QTest::newRow("Content-Length and chunked")
            << post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
            << 400 << QByteArray("bad_request");
        QTest::newRow("other transfer coding") << post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
                                               << 400 << QByteArray("bad_request");
        QTest::newRow("folded header") << get + "Host: localhost\r\nX-Note: a\r\n b\r\n\r\n"
                                       << 400 << QByteArray("bad_request");
        QTest::newRow("space before colon") << get + "Host : localhost\r\n\r\n" << 400 << QByteArray("bad_request");
        QByteArray manyHeaders = get + "Host: localhost\r\n";
        for (int i = 0; i < HttpHostOptions::maxHeaderLines; ++i)
            manyHeaders += "X-Header-" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\r\n";
        QTest::newRow("too many header lines") << manyHeaders + "\r\n" << 431 << QByteArray("headers_too_large");
        QTest::newRow("head over its own limit")
            << get + "Host: localhost\r\nX-Padding: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n"
            << 431 << QByteArray("headers_too_large");
        QTest::newRow("bare LF line ends")
            << QByteArray("GET /v1/actions HTTP/1.1\nHost: localhost\n\n") << 400 << QByteArray("bad_request");
        QTest::newRow("unclosed quoted chunk extension")
            << post + "Transfer-Encoding: chunked\r\n\r\n2;name=\"open\r\n{}\r\n0\r\n\r\n"
            << 400 << QByteArray("bad_request");
        QTest::newRow("chunk extensions")
            << post + "Transfer-Encoding: chunked\r\n\r\nc ; a=\"b \\\" c\";d\r\n{\"room\":\"x\"}\r\n0\r\n\r\n"
            << 422 << QByteArray();
        QTest::newRow("chunk over the body limit")
            << post + "Transfer-Encoding: chunked\r\n\r\n100001\r\n{" << 413 << QByteArray("body_too_large");
    }

    void requestFraming()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, httpStatus);
        QFETCH(QByteArray, code);
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto socket = connectTo(quint16(service.host->url().port()));
        socket->write(request);
        const QByteArray answer = readAnswer(socket.get());
        QVERIFY2(statusOf(answer) == httpStatus, answer.left(600).constData());
        if (!code.isEmpty()) {
            QVERIFY2(answer.contains("\"code\":\"" + code + '"'), answer.constData());
            QVERIFY(answer.contains("Connection: close") || httpStatus == 421);
        }
    }

    void requestReadTheSameHoweverSplit_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("headBytes");
        QTest::addColumn<std::optional<ActionNode::ErrorCode>>("refusal");
        const QByteArray longTarget = "GET /" + QByteArray(1500, 'a');
        QTest::newRow("head line over the limit ending in LF alone")
            << longTarget + " HTTP/1.1\nHost: localhost\r\n\r\n"
            << 1024 << std::optional(ActionNode::ErrorCode::HeadersTooLarge);
        QTest::newRow("head line over the limit ending in CRLF")
            << longTarget + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
            << 1024 << std::optional(ActionNode::ErrorCode::HeadersTooLarge);
        const QByteArray chunked = "POST /x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("chunk size line over its limit")
            << chunked + "2;" + QByteArray(4096 - 1, 'n') + "\r\n{}\r\n0\r\n\r\n"
            << 64 * 1024 << std::optional(ActionNode::ErrorCode::BadRequest);
        QTest::newRow("chunk size line at its limit")
            << chunked + "2;" + QByteArray(4096 - 2, 'n') + "\r\n{}\r\n0\r\n\r\n"
            << 64 * 1024 << std::optional<ActionNode::ErrorCode>();
        // Lines split anywhere, with whole lines after them: each read as sent.
        QTest::newRow("absolute-form target naming the Host")
            << QByteArray("GET http://Example.COM:8080/x HTTP/1.1\r\nHost: example.com:8080\r\nX-Note: a\r\n"
                          "Content-Length: 2\r\n\r\n{}")
            << 64 * 1024 << std::optional<ActionNode::ErrorCode>();
        QTest::newRow("absolute-form target naming another host")
            << QByteArray("GET http://example.com/x HTTP/1.1\r\nHost: example.org\r\nX-Note: a\r\n\r\n") << 64 * 1024
            << std::optional(ActionNode::ErrorCode::BadRequest);
    }

    // A request is accepted or refused for the same reason wherever the bytes
    // were split on their way in, as libFuzzer's fuzz_http_request also checks.
    void requestReadTheSameHoweverSplit()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, headBytes);
        using Refusal = std::optional<ActionNode::ErrorCode>;
        QFETCH(Refusal, refusal);
        const ActionNode::HttpRequestChecker::Limits limits{headBytes, 16, 1024 * 1024};
        // In two parts split anywhere, and a short request in three, so that a line also arrives in three.
        const qsizetype lastSecondSplit = request.size() <= 256 ? request.size() : 0;
        for (qsizetype split = 0; split <= request.size(); ++split) {
            for (qsizetype second = split; second <= qMax(split, lastSecondSplit); ++second) {
                ActionNode::HttpRequestChecker checker(limits);
                const QByteArrayView bytes(request);
                if (checker.feed(bytes.first(split)) && checker.feed(bytes.sliced(split, second - split)))
                    checker.feed(bytes.sliced(second));
                const bool refused = checker.phase() == ActionNode::HttpRequestChecker::Phase::Refused;
                QVERIFY2(refused == refusal.has_value(), qPrintable(QStringLiteral("%1, %2").arg(split).arg(second)));
                if (refused)
                    QVERIFY2(checker.refusal().code == *refusal, qPrintable(checker.refusal().message));
                else
                    QCOMPARE(checker.completedRequests(), 1);
            }
        }
    }

    void pipelinedRequests()
    {
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto socket = connectTo(quint16(service.host->url().port()));
        // Three requests in one write, the last one closing: three answers, in the order asked.
        socket->write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                      "GET /nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n"
                      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        const QByteArray answers = readUntilClosed(socket.get());
        QVERIFY(socket->state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(answers.count("HTTP/1.1 "), 3);
        const qsizetype notFound = answers.indexOf("HTTP/1.1 404 ");
        QVERIFY2(answers.startsWith("HTTP/1.1 200 ") && notFound > 0
                     && answers.indexOf("HTTP/1.1 200 ", notFound) > notFound,
                 answers.constData());
    }

    void timeouts_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("httpStatus");
        QTest::newRow("nothing sent") << QByteArray() << 0;
        QTest::newRow("part of a head") << QByteArray("GET /healthz HTTP/1.1\r\nHost: localhost\r\n") << 408;
        QTest::newRow("part of a body")
            << (QByteArray("POST ") + InvokePath
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"r")
            << 408;
    }

    void timeouts()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, httpStatus);
        HttpHostOptions options;
        options.idleTimeoutMs = 300;
        options.headerTimeoutMs = 300;
        options.bodyTimeoutMs = 300;
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto socket = connectTo(quint16(service.host->url().port()));
        QVERIFY(socket->waitForConnected(5000));
        socket->write(request);
        const QByteArray answer = readUntilClosed(socket.get());
        QVERIFY(socket->state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(statusOf(answer), httpStatus);
        if (httpStatus != 0)
            QVERIFY2(answer.contains("\"code\":\"request_timeout\""), answer.constData());
    }

    void idleTimeoutSparesRequestsUnderWay()
    {
        HttpHostOptions options;
        options.idleTimeoutMs = 300;
        Service service(options, {}, QStringLiteral("rest"));
        QVERIFY2(service.listening, qPrintable(service.listenError));
        Fault slow;
        slow.delayMs = 900;
        QVERIFY(service.emulator.faultPlan().schedule(slow));
        // An answer that takes longer than the idle timeout still arrives, on a connection kept alive.
        const auto socket = connectTo(quint16(service.host->url().port()));
        const QByteArray body = R"({"room_name":"slow","exp":1893456000})";
        socket->write(QByteArray("POST ") + InvokePath + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                      + "application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const QByteArray answer = readAnswer(socket.get());
        QVERIFY2(statusOf(answer) == 200, answer.constData());
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
        // Then, idle, it is closed.
        QVERIFY(QTest::qWaitFor([&] { return socket->state() == QAbstractSocket::UnconnectedState; }, 3000));
    }

    // The idle time runs from the last answer: a connection that sends a request more often than that stays open,
    // however long it lives, and is closed once it stops.
    void idleTimeoutRunsFromTheLastAnswer()
    {
        HttpHostOptions options;
        options.idleTimeoutMs = 600;
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto socket = connectTo(quint16(service.host->url().port()));
        QElapsedTimer lived;
        lived.start();
        while (lived.elapsed() < 1500) {
            socket->write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            const QByteArray answer = readAnswer(socket.get());
            QVERIFY2(statusOf(answer) == 200, answer.constData());
            QTest::qWait(150);
            QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
        }
        QElapsedTimer idle;
        idle.start();
        QVERIFY(QTest::qWaitFor([&] { return socket->state() == QAbstractSocket::UnconnectedState; }, 3000));
        QVERIFY2(idle.elapsed() >= 300, qPrintable(QString::number(idle.elapsed())));
    }

    void connectionCaps()
    {
        HttpHostOptions options;
        options.maxConnections = 5;
        options.maxConnectionsPerClient = 3;
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const quint16 port = quint16(service.host->url().port());
        const QHostAddress second(QStringLiteral("127.0.0.2"));
        std::vector<std::unique_ptr<QTcpSocket>> open;
        // A connection the server kept answers a request; one over a cap is answered 503 and closed.
        const auto outcome = [&](const QHostAddress &from) {
            auto socket = connectTo(port, from);
            socket->write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            const QByteArray answer = readAnswer(socket.get());
            open.push_back(std::move(socket));
            return answer.contains("too_many_connections") ? 503 : statusOf(answer);
        };
        for (int i = 0; i < 3; ++i)
            QCOMPARE(outcome(QHostAddress::LocalHost), 200);
        QCOMPARE(outcome(QHostAddress::LocalHost), 503); // this client's cap
        QCOMPARE(outcome(second), 200);
        QCOMPARE(outcome(second), 200);
        QCOMPARE(outcome(second), 503); // the server's cap
        // A connection that ends frees its place.
        open.front()->abort();
        QTest::qWait(100);
        QCOMPARE(outcome(QHostAddress::LocalHost), 200);
    }

    void descriptorExhaustion()
    {
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const quint16 port = quint16(service.host->url().port());
        // Connections wait in the kernel's backlog until the event loop turns.
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < 8; ++i) {
            clients.push_back(connectTo(port));
            QVERIFY(clients.back()->waitForConnected(5000));
        }
        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &saved), 0);
        // Room for two more descriptors: the third accept() fails with EMFILE. Free numbers
        // below the highest one in use would count as room too, so they are filled first.
        int highest = 0;
        for (int fd = 0; fd < 4096; ++fd)
            highest = fcntl(fd, F_GETFD) != -1 ? fd : highest;
        QList<int> fillers;
        for (int fd = 0; fd < highest; ++fd) {
            if (fcntl(fd, F_GETFD) == -1)
                fillers.append(::open("/dev/null", O_RDONLY));
        }
        rlimit tight = saved;
        tight.rlim_cur = rlim_t(highest + 3);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &tight), 0);
        rusage before{};
        getrusage(RUSAGE_SELF, &before);
        QTest::qWait(1000);
        rusage after{};
        getrusage(RUSAGE_SELF, &after);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &saved), 0);
        for (const int fd : std::as_const(fillers))
            ::close(fd);
        const auto cpuMs = [](const rusage &usage) {
            return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
                   + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
        };
        // Waiting for a descriptor is not a busy loop (one would use the whole second).
        QVERIFY2(cpuMs(after) - cpuMs(before) < 500, qPrintable(QString::number(cpuMs(after) - cpuMs(before))));
        // With descriptors back, every waiting connection is served.
        for (const auto &client : clients)
            client->write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        for (const auto &client : clients)
            QCOMPARE(statusOf(readAnswer(client.get())), 200);
    }

    void concurrencyLimit()
    {
        ActionApiOptions apiOptions;
        apiOptions.maxConcurrentInvocations = 1;
        Service service({}, apiOptions, QStringLiteral("rest"));
        QVERIFY2(service.listening, qPrintable(service.listenError));
        Fault slow;
        slow.delayMs = 1500;
        QVERIFY(service.emulator.faultPlan().schedule(slow));
        QNetworkReply *first = service.startInvoke(R"({"room_name":"one","exp":1893456000})");
        QVERIFY(QTest::qWaitFor([&] { return service.host->metrics()->invocationsInFlight() == 1; }, 5000));
        const Answer refused = service.invoke({{"room_name", "two"}, {"exp", 1893456000}});
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.headers.value("retry-after"), QByteArray("1"));
        QVERIFY(hasErrorShape(refused.document));
        QVERIFY(QTest::qWaitFor([&] { return first->isFinished(); }, 10000));
        QCOMPARE(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        first->deleteLater();
        QCOMPARE(service.invoke({{"room_name", "three"}, {"exp", 1893456000}}).status, 200);
    }

    void requestTimeout()
    {
        HttpHostOptions options;
        options.requestTimeoutMs = 300;
        Service service(options, {}, QStringLiteral("rest"));
        QVERIFY2(service.listening, qPrintable(service.listenError));
        Fault slow;
        slow.delayMs = 2000;
        QVERIFY(service.emulator.faultPlan().schedule(slow));
        QElapsedTimer timer;
        timer.start();
        const Answer answer = service.invoke({{"room_name", "slow"}, {"exp", 1893456000}});
        QCOMPARE(answer.status, 504);
        QCOMPARE(answer.document.value("status").toString(), QStringLiteral("timeout"));
        QVERIFY(timer.elapsed() < 1900);
        // The late result is counted, not sent.
        QVERIFY(QTest::qWaitFor([&] { return service.host->metrics()->invocationsInFlight() == 0; }, 5000));
        QCOMPARE(service.host->pendingExchanges(), 0);
    }

    void cors_data()
    {
        QTest::addColumn<QStringList>("origins");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("off by default") << QStringList() << QByteArray("https://builder.example") << false;
        QTest::newRow("listed origin") << QStringList{"https://builder.example"}
                                       << QByteArray("https://builder.example") << true;
        QTest::newRow("other origin") << QStringList{"https://builder.example"} << QByteArray("https://evil.example")
                                      << false;
    }

    void cors()
    {
        QFETCH(QStringList, origins);
        QFETCH(QByteArray, origin);
        QFETCH(bool, allowed);
        HttpHostOptions options;
        options.corsOrigins = origins;
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const Answer simple = service.request("GET", "/v1/actions", {}, {{"Origin", origin}});
        QCOMPARE(simple.status, 200);
        QCOMPARE(simple.headers.value("access-control-allow-origin"), allowed ? origin : QByteArray());
        const Answer preflight = service.request("OPTIONS", QString::fromLatin1(InvokePath), {},
                                                 {{"Origin", origin}, {"Access-Control-Request-Method", "POST"}});
        QCOMPARE(preflight.status, allowed ? 204 : 403);
        if (allowed)
            QVERIFY(preflight.headers.value("access-control-allow-headers").contains("Authorization"));
    }

    void metrics()
    {
        Service service({}, {}, QStringLiteral("rest"));
        QVERIFY2(service.listening, qPrintable(service.listenError));
        Fault limited;
        limited.status = 429;
        limited.retryAfter = 0;
        QVERIFY(service.emulator.faultPlan().schedule(limited));
        QCOMPARE(service.invoke({{"room_name", "a"}, {"exp", 1893456000}}).status, 200);
        QCOMPARE(service.invoke({{"room_name", "b c"}}).status, 422);
        const Answer answer = service.request("GET", "/metrics");
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        const QByteArray text = answer.body;
        QVERIFY2(text.contains(
                     "actionnode_invocations_total{action=\"daily.create_meeting_token\",status=\"succeeded\"} 1\n"),
                 text.constData());
        QVERIFY(text.contains(
            "actionnode_invocations_total{action=\"daily.create_meeting_token\",status=\"invalid_input\"} 1\n"));
        QVERIFY(
            text.contains("actionnode_invocation_duration_seconds_count{action=\"daily.create_meeting_token\"} 2\n"));
        QVERIFY(text.contains(
            "actionnode_invocation_duration_seconds_bucket{action=\"daily.create_meeting_token\",le=\"+Inf\"} 2\n"));
        QVERIFY(text.contains("actionnode_invocations_in_flight 0\n"));
        QVERIFY(text.contains("actionnode_http_requests_total{code=\"422\"} 1\n"));
        QRegularExpression retries(QStringLiteral("actionnode_provider_retries_total ([0-9]+)\n"));
        const QRegularExpressionMatch match = retries.match(QString::fromUtf8(text));
        QVERIFY(match.hasMatch());
        QVERIFY(match.captured(1).toInt() >= 1);
        QVERIFY(!text.contains(ProviderKey));
        // Every access log line is one JSON object naming the request and its outcome.
        QCOMPARE(service.accessLog.size(), 3);
        const QJsonObject first = QJsonDocument::fromJson(service.accessLog.first()).object();
        QCOMPARE(first.value("method").toString(), QStringLiteral("POST"));
        QCOMPARE(first.value("status").toInt(), 200);
        QCOMPARE(first.value("action").toString(), QStringLiteral("daily.create_meeting_token"));
        QVERIFY(first.value("ms").toDouble() > 0);
    }

    void describeInLocale()
    {
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const Answer german = service.request("GET", "/v1/actions/daily.create_meeting_token?locale=de");
        QCOMPARE(german.status, 200);
        QCOMPARE(german.document.value("title").toString(), QStringLiteral("Meeting-Token erstellen"));
        // A locale without a translation file falls back to English.
        const Answer english = service.request("GET", "/v1/actions/daily.create_meeting_token?locale=fi");
        QCOMPARE(english.status, 200);
        QCOMPARE(english.document.value("title").toString(), QStringLiteral("Create meeting token"));
        const Answer refused = service.request("GET", "/v1/actions/daily.create_meeting_token?locale=..%2Fx");
        QCOMPARE(refused.status, 400);
        QVERIFY(hasErrorShape(refused.document));
        QCOMPARE(refused.document.value("errors").toArray().first().toObject().value("code").toString(),
                 QStringLiteral("invalid_locale"));
    }

    void describeWithLicense()
    {
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto transcription = [](const QJsonObject &metadata) {
            return metadataGroup(metadata, QStringLiteral("transcription"));
        };
        const Answer locked = service.request("GET", "/v1/actions/daily.create_meeting_token");
        QCOMPARE(locked.status, 200);
        QCOMPARE(transcription(locked.document).value("locked").toBool(), true);
        const QByteArray license = fixture(QStringLiteral("valid-bundle.json"));
        const Answer unlocked = service.request("GET", "/v1/actions/daily.create_meeting_token", {},
                                                {{"X-ActionNode-License", license.toBase64()}});
        QCOMPARE(transcription(unlocked.document).value("locked").toBool(), false);
        // Nothing is kept: the next request without the header sees the lock again.
        QCOMPARE(transcription(service.request("GET", "/v1/actions/daily.create_meeting_token").document)
                     .value("locked")
                     .toBool(),
                 true);
        const Answer checked = service.request("POST", "/v1/license", license);
        QCOMPARE(checked.status, 200);
        QCOMPARE(checked.document.value("licensee").toString(), QStringLiteral("Acme Studios"));
        const Answer refused = service.request("POST", "/v1/license", fixture(QStringLiteral("expired.json")));
        QCOMPARE(refused.status, 422);
        QVERIFY(hasErrorShape(refused.document));
        for (const QByteArray &line : service.accessLog)
            QVERIFY2(!line.contains(license.toBase64().left(40)), line.constData());
    }

    // A run stored under an older declaration is replayed as saved inputs are: migrated first.
    void replayMigratesAnOlderRun()
    {
        SessionOptions options = serviceOptions();
        options.storeLocation = Store::inMemory();
        Service service({}, {}, QStringLiteral("self-signed"), options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        new RunHistoryApi(&service.session, service.api, service.host.get());
        const ActionSpec action = service.session.runtime()->action(QStringLiteral("daily.create_meeting_token"));
        // 1.0.0 took "rtp-tracks", which the current declaration refuses and its migration drops.
        RunRecord old =
            RunRecord::of(action, {{"room_name", "standup"}, {"exp", 1893456000}, {"enable_recording", "rtp-tracks"}},
                          ActionResult::success(QJsonObject{{"token", "x"}}));
        old.version = QStringLiteral("1.0.0");
        old.origin = QStringLiteral("http");
        old.startedAt = QDateTime::currentMSecsSinceEpoch();
        QString error;
        const qint64 id = service.session.store()->appendRun(old, &error);
        QVERIFY2(id > 0, qPrintable(error));

        const Answer replayed = service.request("POST", QStringLiteral("/v1/runs/%1/replay").arg(id), "{}");
        QVERIFY2(replayed.status == 200, replayed.body.constData());
        QVERIFY2(replayed.body.contains("\"code\":\"migrated\""), replayed.body.constData());
        // The session's document lists the run routes it serves.
        QVERIFY(service.request("GET", "/openapi.json").document.value("paths").toObject().contains("/v1/runs"));
    }

    void openApiDocument()
    {
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const Answer answer = service.request("GET", "/openapi.json");
        QCOMPARE(answer.status, 200);
        const QJsonObject document = answer.document;
        QCOMPARE(document.value("openapi").toString(), QStringLiteral("3.1.0"));
        const QJsonObject schemas = document.value("components").toObject().value("schemas").toObject();
        for (const ActionSpec &action : service.session.runtime()->actions()) {
            const QJsonObject invoke = document.value("paths")
                                           .toObject()
                                           .value(QStringLiteral("/v1/actions/%1/invoke").arg(action.id()))
                                           .toObject()
                                           .value("post")
                                           .toObject();
            QVERIFY2(!invoke.isEmpty(), qPrintable(action.id()));
            QCOMPARE(invoke.value("requestBody")
                         .toObject()
                         .value("content")
                         .toObject()
                         .value("application/json")
                         .toObject()
                         .value("schema")
                         .toObject()
                         .value("$ref")
                         .toString(),
                     QStringLiteral("#/components/schemas/%1.inputs").arg(action.id()));
            QJsonObject inputs = action.inputSchema();
            inputs.remove("$schema");
            QCOMPARE(schemas.value(action.id() + ".inputs").toObject(), inputs);
            QVERIFY(invoke.value("responses").toObject().contains("422"));
        }
    }

    void panelFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("page") << "/" << QByteArray("text/html; charset=utf-8");
        QTest::newRow("script") << "/panel/panel.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("form module") << "/panel/form.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("conditions module") << "/panel/conditions.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("styles") << "/panel/panel.css" << QByteArray("text/css; charset=utf-8");
    }

    void panelFiles()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, contentType);
        Service service;
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const Answer answer = service.request("GET", path);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.headers.value("content-type"), contentType);
        QVERIFY(answer.headers.value("content-security-policy").contains("default-src 'self'"));
        QVERIFY(answer.body.size() > 100);
    }

    void tls()
    {
        QTemporaryDir dir;
        const QString certificate = dir.filePath("cert.pem");
        const QString key = dir.filePath("key.pem");
        const ProcessRun openssl = runProcess("openssl",
                                              {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                               "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
                                               "/CN=127.0.0.1"},
                                              QProcessEnvironment::systemEnvironment(), {}, 30000);
        QVERIFY2(openssl.exitCode == 0, openssl.err.constData());
        HttpHostOptions options;
        options.tlsCertificateFile = certificate;
        options.tlsKeyFile = key;
        Service service(options);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        QCOMPARE(service.host->url().scheme(), QStringLiteral("https"));
        const QSslCertificate served = QSslCertificate::fromPath(certificate).value(0);
        service.ignoredTlsErrors = {QSslError(QSslError::SelfSignedCertificate, served),
                                    QSslError(QSslError::HostNameMismatch, served)};
        const Answer answer = service.invoke({{"room_name", "secure"}, {"exp", 1893456000}});
        QVERIFY2(answer.status == 200, qPrintable(answer.error + answer.body));
        // Plain HTTP on the TLS port gets no answer.
        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, quint16(service.host->url().port()));
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::qWait(300);
        QVERIFY(!plain.readAll().startsWith("HTTP/1.1 200"));

        options.tlsKeyFile.clear();
        Service halfConfigured(options);
        QVERIFY(!halfConfigured.listening);
        QVERIFY(halfConfigured.listenError.contains("both a certificate and a private key"));
    }

    // A route's pattern matches the whole path, alternatives included; its groups are the handler's arguments, a
    // group that took no part a null one. A pattern that does not compile matches nothing and says so.
    void routePatterns()
    {
        Service service;
        const auto echo = [](const HttpExchangePtr &exchange) {
            // The arguments read in place say what the copies say; one past the last is null.
            const QStringList arguments = exchange->pathArguments();
            bool viewsAgree = exchange->pathView() == exchange->path() && exchange->pathArgument(-1).isNull()
                              && exchange->pathArgument(arguments.size()).isNull();
            for (qsizetype index = 0; index < arguments.size(); ++index)
                viewsAgree = viewsAgree && exchange->pathArgument(index) == arguments.at(index)
                             && exchange->pathArgument(index).isNull() == arguments.at(index).isNull();
            exchange->reply(HttpReply::json(200, {{"arguments", QJsonArray::fromStringList(arguments)},
                                                  {"viewsAgree", viewsAgree},
                                                  {"secondIsNull", exchange->pathArgument(1).isNull()}}));
        };
        service.host->addRoute("GET", QStringLiteral("/v1/pairs/([a-z]+)(?:-([0-9]+))?/x"), HttpHost::Access::Public,
                               echo);
        service.host->addRoute("GET", QStringLiteral("/v1/either|/v1/or"), HttpHost::Access::Public, echo);
        service.host->addRoute("GET", QStringLiteral("/v1/any/([^/]+)"), HttpHost::Access::Public, echo);
        QTest::ignoreMessage(QtWarningMsg,
                             "the route GET /v1/broken/( matches no path: missing closing parenthesis at offset 12");
        service.host->addRoute("GET", QStringLiteral("/v1/broken/("), HttpHost::Access::Public, echo);
        // Compiles only inside the anchors' group, where it would match any path starting "/v1/half".
        QTest::ignoreMessage(QtWarningMsg, "the route GET /v1/half)|(x matches no path: unmatched closing "
                                           "parenthesis at offset 8");
        service.host->addRoute("GET", QStringLiteral("/v1/half)|(x"), HttpHost::Access::Public, echo);
        // Compiles alone; the comment it ends in would swallow the closing anchor.
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral(
                                 "^the route GET \\(\\?x\\)/v1/note #c matches no path: anchored at both ends, ")));
        service.host->addRoute("GET", QStringLiteral("(?x)/v1/note #c"), HttpHost::Access::Public, echo);
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto arguments = [&](const QString &path) {
            const Answer answer = service.request("GET", path);
            if (answer.status == 200 && !answer.document.value("viewsAgree").toBool())
                return QStringList{"the arguments read in place differ"};
            return answer.status == 200 ? answer.document.value("arguments").toVariant().toStringList()
                                        : QStringList{QString::number(answer.status)};
        };
        QCOMPARE(arguments("/v1/pairs/ab-12/x"), QStringList({"ab", "12"}));
        QCOMPARE(arguments("/v1/pairs/ab/x"), QStringList({"ab", ""}));
        QVERIFY(service.request("GET", "/v1/pairs/ab/x").document.value("secondIsNull").toBool());
        QVERIFY(!service.request("GET", "/v1/pairs/ab-12/x").document.value("secondIsNull").toBool());
        // Percent-encoding is decoded before the match; a path longer than most is matched as well.
        QCOMPARE(arguments("/v1/any/a%20b%C3%A9"), QStringList({QStringLiteral("a b\u00e9")}));
        QCOMPARE(arguments("/v1/pairs/" + QString(300, u'q') + "-7/x"), QStringList({QString(300, u'q'), "7"}));
        QCOMPARE(arguments("/v1/pairs/ab/xy"), QStringList{"404"});
        QCOMPARE(arguments("/v2/v1/pairs/ab/x"), QStringList{"404"});
        QCOMPARE(arguments("/v1/either"), QStringList());
        QCOMPARE(arguments("/v1/or"), QStringList());
        QCOMPARE(arguments("/v1/eitherx"), QStringList{"404"});
        QCOMPARE(arguments("/x/v1/or"), QStringList{"404"});
        QCOMPARE(arguments("/v1/broken/("), QStringList{"404"});
        QCOMPARE(arguments("/v1/halfway"), QStringList{"404"});
        QCOMPARE(arguments("/v1/note"), QStringList{"404"});
    }

    void extraRoutes()
    {
        // Other components serve their own routes on the same host, with its checks.
        QTemporaryDir dir;
        HttpHostOptions options;
        options.apiKeysFile = writeKeysFile(dir, {digestLine(CallerKey)});
        Service service(options);
        service.host->addRoute(
            "GET", QStringLiteral("/v1/echo/([a-z]+)"), HttpHost::Access::ApiKey, [](const HttpExchangePtr &exchange) {
                exchange->reply(HttpReply::json(200, {{"echo", exchange->pathArguments().value(0)}}));
            });
        service.host->addRoute("GET", QStringLiteral("/v1/stream"), HttpHost::Access::Public,
                               [](const HttpExchangePtr &exchange) {
                                   QTcpSocket *socket = exchange->takeSocket();
                                   socket->write(
                                       "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: one\n\n");
                                   socket->disconnectFromHost();
                               });
        QVERIFY2(service.listening, qPrintable(service.listenError));
        QCOMPARE(service.request("GET", "/v1/echo/abc").status, 401);
        const Answer echoed = service.request("GET", "/v1/echo/abc", {}, {{"Authorization", "Bearer " + CallerKey}});
        QCOMPARE(echoed.document.value("echo").toString(), QStringLiteral("abc"));
        // A head larger than the room a request has in place is read whole.
        const Answer padded = service.request("GET", "/v1/echo/abcd", {},
                                              {{"X-Padding", QByteArray(3000, 'p')},
                                               {"Authorization", "Bearer " + CallerKey}});
        QCOMPARE(padded.document.value("echo").toString(), QStringLiteral("abcd"));
        const Answer streamed = service.request("GET", "/v1/stream");
        QCOMPARE(streamed.status, 200);
        QCOMPARE(streamed.body, QByteArray("data: one\n\n"));
        QCOMPARE(service.host->pendingExchanges(), 0);
    }

    // An answer larger than the kernel takes at once arrives whole: what the first write leaves goes through Qt.
    void largeAnswerArrivesWhole()
    {
        Service service;
        QByteArray large(8 * 1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < large.size(); ++i)
            large[i] = char('a' + i % 26);
        service.host->addRoute("GET", QStringLiteral("/v1/large"), HttpHost::Access::Public,
                               [&large](const HttpExchangePtr &exchange) {
                                   HttpReply reply;
                                   reply.contentType = "text/plain";
                                   reply.headers.append({QByteArrayLiteral("X-Answer"), QByteArrayLiteral("large")});
                                   reply.body = large;
                                   exchange->reply(reply);
                               });
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const Answer answer = service.request("GET", "/v1/large");
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.headers.value("x-answer"), QByteArray("large"));
        QCOMPARE(answer.body.size(), large.size());
        QVERIFY(answer.body == large);
    }

    // A handler may keep an exchange past the host's life and answer it then: nothing is told of it, nothing breaks.
    void exchangeOutlivesTheHost()
    {
        Service service;
        HttpExchangePtr kept;
        service.host->addRoute("GET", QStringLiteral("/v1/later"), HttpHost::Access::Public,
                               [&kept](const HttpExchangePtr &exchange) { kept = exchange; });
        QVERIFY2(service.listening, qPrintable(service.listenError));
        const auto socket = connectTo(quint16(service.host->url().port()));
        socket->write("GET /v1/later HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return kept != nullptr; }, 5000));
        QCOMPARE(service.host->pendingExchanges(), 1);
        service.host.reset();
        kept->reply(HttpReply::json(200, {{"late", true}}));
        QVERIFY(kept->isAnswered());
        QVERIFY(QTest::qWaitFor([&] { return socket->state() == QAbstractSocket::UnconnectedState; }, 5000));
    }

    void gracefulStop()
    {
        Service service({}, {}, QStringLiteral("rest"));
        QVERIFY2(service.listening, qPrintable(service.listenError));
        Fault slow;
        slow.delayMs = 800;
        QVERIFY(service.emulator.faultPlan().schedule(slow));
        QNetworkReply *inFlight = service.startInvoke(R"({"room_name":"late","exp":1893456000})");
        QVERIFY(QTest::qWaitFor([&] { return service.host->pendingExchanges() == 1; }, 5000));
        QSignalSpy stopped(service.host.get(), &HttpHost::stopped);
        service.host->stop(5000);
        QCOMPARE(service.request("GET", "/readyz").status, 0); // no new connection is accepted
        QVERIFY(stopped.wait(5000));
        QCOMPARE(stopped.first().first().toInt(), 0);
        QVERIFY(QTest::qWaitFor([&] { return inFlight->isFinished(); }, 5000));
        QCOMPARE(inFlight->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        inFlight->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestHttpHost)
#include "tst_httphost.moc"
