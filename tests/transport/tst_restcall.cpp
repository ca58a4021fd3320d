#include "support/futureresult.h"

#include "restcall.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <climits>
#include <functional>

using namespace ActionNode;
using namespace ActionNode::Internal;
using namespace ActionNode::TestSupport;

namespace {

/*
    A loopback HTTP/1.1 server whose every answer a test chooses: it records
    each request (method, path, headers), can hold answers back, and counts
    the requests it works on at the same time.
*/
class ScriptedServer : public QTcpServer
{
public:
    struct Received
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray header(const QByteArray &name) const
        {
            for (const auto &header : headers) {
                if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                    return header.second;
            }
            return {};
        }
    };
    struct Answer
    {
        int status = 200;
        QByteArray body = "{}";
        QList<QPair<QByteArray, QByteArray>> headers;
        int delayMs = 0;
    };
    std::function<Answer(const Received &)> answer = [](const Received &) { return Answer(); };
    QList<Received> received;
    int busy = 0;
    int mostBusy = 0;

    explicit ScriptedServer(QObject *parent = nullptr) : QTcpServer(parent)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequests(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    QString url(const QString &path = QStringLiteral("/v1/things")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path);
    }

private:
    void readRequests(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            Received request;
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            buffer.remove(0, end + 4 + length);
            received.append(request);
            mostBusy = qMax(mostBusy, ++busy);
            const Answer answer = this->answer(request);
            QTimer::singleShot(answer.delayMs, socket, [this, socket, answer] {
                --busy;
                QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.status) + " Scripted\r\n";
                for (const auto &header : answer.headers)
                    response += header.first + ": " + header.second + "\r\n";
                response += "Content-Type: application/json\r\nContent-Length: "
                            + QByteArray::number(answer.body.size()) + "\r\n\r\n";
                // An "X-Stall" answer stops half-way through its body, the connection left open.
                const bool stall = std::any_of(answer.headers.begin(), answer.headers.end(),
                                               [](const auto &header) { return header.first == "X-Stall"; });
                socket->write(response + (stall ? answer.body.left(answer.body.size() / 2) : answer.body));
            });
        }
    }

    QHash<QTcpSocket *, QByteArray> m_buffers;
};

RestCall::Reply await(const QFuture<RestCall::Reply> &future, int limitMs = 20000)
{
    return waitForResult(future, limitMs).value_or(RestCall::Reply{-1, {}, QStringLiteral("never finished"), 0});
}

} // namespace

class TestRestCall : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;
    ScriptedServer m_server;
    ScriptedServer m_elsewhere; // another origin: another port

    RestCall::Request request(const QString &url) const
    {
        RestCall::Request request;
        request.url = QUrl(url);
        request.body = "{}";
        request.headers = {{"Authorization", "Bearer secret-key"}, {"Content-Type", "application/json"}};
        request.timeoutMs = 5000;
        return request;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        QVERIFY(m_elsewhere.listen(QHostAddress::LocalHost));
    }
    void init()
    {
        m_server.received.clear();
        m_server.mostBusy = 0;
        m_server.answer = [](const ScriptedServer::Received &) { return ScriptedServer::Answer(); };
        m_elsewhere.received.clear();
    }

    // Each delay doubles from backoffMs up to its cap, whatever the attempt
    // number (no overflow), with its upper half random.
    void backoffDelay_data()
    {
        QTest::addColumn<int>("attempts");
        QTest::addColumn<double>("random");
        QTest::addColumn<qint64>("delay");
        QTest::newRow("first, least") << 1 << 0.0 << qint64(125);
        QTest::newRow("first, most") << 1 << 1.0 << qint64(250);
        QTest::newRow("second, middle") << 2 << 0.5 << qint64(375);
        QTest::newRow("sixth, capped") << 6 << 1.0 << qint64(8000);
        QTest::newRow("25th, capped") << 25 << 1.0 << qint64(8000);
        QTest::newRow("25th, least") << 25 << 0.0 << qint64(4000);
        QTest::newRow("1000th") << 1000 << 1.0 << qint64(8000);
        QTest::newRow("INT_MAX") << INT_MAX << 1.0 << qint64(8000);
    }
    void backoffDelay()
    {
        QFETCH(int, attempts);
        QFETCH(double, random);
        QFETCH(qint64, delay);
        QCOMPARE(RestCall::backoffDelay(RestCall::Request(), attempts, random), delay);
    }

    // Past the 25th attempt the shift used to overflow and the call never finished.
    void manyRetriesFinish()
    {
        m_server.answer = [](const ScriptedServer::Received &) { return ScriptedServer::Answer{500, "{}", {}, 0}; };
        RestCall::Request failing = request(m_server.url());
        failing.maxRetries = 40;
        failing.backoffMs = 1;
        failing.maxBackoffMs = 2;
        const RestCall::Reply reply = await(RestCall::start(&m_network, failing));
        QCOMPARE(reply.status, 500);
        QCOMPARE(reply.attempts, 41);
        QCOMPARE(m_server.received.size(), 41);
    }

    // However many retries are allowed, the waits together stay under the total cap.
    void totalWaitIsCapped()
    {
        m_server.answer = [](const ScriptedServer::Received &) { return ScriptedServer::Answer{503, "{}", {}, 0}; };
        RestCall::Request failing = request(m_server.url());
        failing.maxRetries = 1000;
        failing.backoffMs = 50;
        failing.maxBackoffMs = 100;
        failing.maxTotalBackoffMs = 300;
        QElapsedTimer clock;
        clock.start();
        const RestCall::Reply reply = await(RestCall::start(&m_network, failing));
        QCOMPARE(reply.status, 503);
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        // Waits of 25 to 100 ms within 300 ms: 3 to 12 retries.
        QVERIFY2(reply.attempts >= 4 && reply.attempts <= 13, qPrintable(QString::number(reply.attempts)));
    }

    // More requests than Qt's six connections per host: the timeout counts
    // only the request's own time, not its wait for a connection.
    void queuedRequestsDoNotTimeOut()
    {
        m_server.answer = [](const ScriptedServer::Received &) { return ScriptedServer::Answer{200, "{}", {}, 400}; };
        RestCall::Request slow = request(m_server.url());
        slow.timeoutMs = 1500;
        slow.maxRetries = 0;
        QList<QFuture<RestCall::Reply>> futures;
        for (int i = 0; i < 36; ++i)
            futures.append(RestCall::start(&m_network, slow));
        for (const QFuture<RestCall::Reply> &future : std::as_const(futures)) {
            const RestCall::Reply reply = await(future);
            QVERIFY2(reply.status == 200, qPrintable(reply.errorString));
        }
        QCOMPARE(m_server.received.size(), 36);
        QVERIFY(m_server.mostBusy <= 6);
    }

    // Within the origin a redirect is followed, credentials and all; to
    // another origin it is refused, and nothing reaches that origin.
    void redirects_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("sameOrigin");
        QTest::newRow("307, same origin") << 307 << true;
        QTest::newRow("308, same origin") << 308 << true;
        QTest::newRow("307, another origin") << 307 << false;
        QTest::newRow("308, another origin") << 308 << false;
        QTest::newRow("302, another origin") << 302 << false;
    }
    void redirects()
    {
        QFETCH(int, status);
        QFETCH(bool, sameOrigin);
        const QByteArray target = (sameOrigin ? m_server.url(QStringLiteral("/v1/moved"))
                                              : m_elsewhere.url(QStringLiteral("/steal")))
                                      .toLatin1();
        m_server.answer = [status, target](const ScriptedServer::Received &received) {
            if (received.path == "/v1/moved")
                return ScriptedServer::Answer{200, "{\"moved\":true}", {}, 0};
            return ScriptedServer::Answer{status, "", {{"Location", target}}, 0};
        };
        const RestCall::Reply reply = await(RestCall::start(&m_network, request(m_server.url())));
        QCOMPARE(m_elsewhere.received.size(), 0);
        if (sameOrigin) {
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.body, QByteArray("{\"moved\":true}"));
            QCOMPARE(m_server.received.size(), 2);
            QCOMPARE(m_server.received.last().method, QByteArray("POST"));
            QCOMPARE(m_server.received.last().header("Authorization"), QByteArray("Bearer secret-key"));
        } else {
            QCOMPARE(reply.status, status);
            QVERIFY2(reply.errorString.contains(QLatin1String("refused to follow a redirect")),
                     qPrintable(reply.errorString));
            QVERIFY(reply.errorString.contains(QString::number(m_elsewhere.serverPort())));
            QVERIFY(!reply.errorString.contains(QLatin1String("secret-key")));
            QCOMPARE(m_server.received.size(), 1);
        }
    }

    void redirectLoopEnds()
    {
        const QByteArray self = m_server.url().toLatin1();
        m_server.answer = [self](const ScriptedServer::Received &) {
            return ScriptedServer::Answer{307, "", {{"Location", self}}, 0};
        };
        const RestCall::Reply reply = await(RestCall::start(&m_network, request(m_server.url())));
        QCOMPARE(reply.status, 307);
        QCOMPARE(m_server.received.size(), RestCall::maxRedirects + 1);
        QVERIFY(reply.errorString.contains(QLatin1String("redirects")));
    }

    // A CR or LF would end the header line early: the request is never sent,
    // and the reply names the header, never its value.
    void controlCharactersInHeaders_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("CR LF") << QByteArray("Bearer secret\r\nX-Injected: 1");
        QTest::newRow("LF") << QByteArray("Bearer secret\nX-Injected: 1");
        QTest::newRow("NUL") << QByteArray("Bearer secret\0X-Injected", 24);
    }
    void controlCharactersInHeaders()
    {
        QFETCH(QByteArray, value);
        RestCall::Request injected = request(m_server.url());
        injected.headers = {{"Authorization", value}};
        const RestCall::Reply reply = await(RestCall::start(&m_network, injected));
        QCOMPARE(reply.status, 0);
        QVERIFY2(reply.errorString.contains(QLatin1String("Authorization")), qPrintable(reply.errorString));
        QVERIFY(!reply.errorString.contains(QLatin1String("secret")));
        QCOMPARE(m_server.received.size(), 0);
    }

    // An answer over the limit is refused as it passes it: from its Content-Length, or,
    // without one (read until the connection closes), from what has arrived so far.
    void answerOverLimit_data()
    {
        QTest::addColumn<bool>("declaresLength");
        QTest::newRow("Content-Length") << true;
        QTest::newRow("until close") << false;
    }
    void answerOverLimit()
    {
        QFETCH(bool, declaresLength);
        constexpr qint64 limit = 64 * 1024;
        static constexpr qint64 sent = 64 * 1024 * 1024; // far more than is ever read
        QTcpServer endless;
        QVERIFY(endless.listen(QHostAddress::LocalHost));
        qint64 written = 0;
        connect(&endless, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = endless.nextPendingConnection();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          + (declaresLength ? "Content-Length: " + QByteArray::number(sent) + "\r\n"
                                            : QByteArray("Connection: close\r\n"))
                          + "\r\n");
            const auto more = [socket, &written] {
                while (written < sent && socket->bytesToWrite() < 256 * 1024) {
                    socket->write(QByteArray(16 * 1024, ' '));
                    written += 16 * 1024;
                }
            };
            connect(socket, &QTcpSocket::bytesWritten, socket, more);
            more();
        });
        RestCall::Request large = request(QStringLiteral("http://127.0.0.1:%1/big").arg(endless.serverPort()));
        large.maxReplyBytes = limit;
        const RestCall::Reply reply = await(RestCall::start(&m_network, large));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body.isEmpty());
        QCOMPARE(reply.errorString, QStringLiteral("the answer is larger than the limit of 64 KiB (maxAnswerBytes)"));
        QCOMPARE(reply.attempts, 1); // never retried
        QVERIFY2(written < sent / 4, qPrintable(QString::number(written)));
    }

    // The limit is the largest body read: one byte more is refused.
    void answerAtLimitIsRead()
    {
        const QByteArray body = "{\"token\": \"" + QByteArray(1000, 'x') + "\"}";
        m_server.answer = [body](const ScriptedServer::Received &) { return ScriptedServer::Answer{200, body, {}, 0}; };
        RestCall::Request atLimit = request(m_server.url());
        atLimit.maxReplyBytes = body.size();
        const RestCall::Reply read = await(RestCall::start(&m_network, atLimit));
        QCOMPARE(read.status, 200);
        QCOMPARE(read.body, body);
        QVERIFY(read.errorString.isEmpty());
        atLimit.maxReplyBytes = body.size() - 1;
        const RestCall::Reply refused = await(RestCall::start(&m_network, atLimit));
        QCOMPARE(refused.status, 200);
        QVERIFY(refused.body.isEmpty());
        QVERIFY2(refused.errorString.startsWith("the answer is larger than the limit of 1012 bytes"),
                 qPrintable(refused.errorString));
    }

    // Headers, part of the body, then nothing: a timeout, retried, never an answer.
    void stalledBodyTimesOut()
    {
        m_server.answer = [](const ScriptedServer::Received &) {
            return ScriptedServer::Answer{200, R"({"token": "abc"})", {{"X-Stall", "1"}}, 0};
        };
        RestCall::Request stalled = request(m_server.url());
        stalled.timeoutMs = 300;
        stalled.maxRetries = 1;
        stalled.backoffMs = 1;
        const RestCall::Reply reply = await(RestCall::start(&m_network, stalled));
        QCOMPARE(reply.status, 0);
        QVERIFY(reply.body.isEmpty());
        QCOMPARE(reply.errorString, QStringLiteral("the answer did not arrive in full within 300 ms"));
        QCOMPARE(reply.attempts, 2);
        QCOMPARE(m_server.received.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRestCall)
#include "tst_restcall.moc"
