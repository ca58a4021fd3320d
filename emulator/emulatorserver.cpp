#include "emulatorserver.h"

#include "emulatedapi.h"
#include "emulatorlogging.h"
#include "emulatorreply.h"
#include "loopbackhttpserver.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace ActionNode {

namespace {

const QString controlPrefix = QStringLiteral("/_emulator/");

QByteArray methodName(const QHttpServerRequest &request)
{
    return QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()))).toUpper();
}

// Paths can carry a meeting token (GET /v1/meeting-tokens/<token>): never log one.
QString redactedPath(const QString &path)
{
    QStringList segments = path.split(QLatin1Char('/'));
    for (QString &segment : segments) {
        if (segment.count(QLatin1Char('.')) >= 2)
            segment = QStringLiteral("<token>");
    }
    return segments.join(QLatin1Char('/'));
}

EmulatorReply controlError(int status, const QString &error, const QString &info)
{
    return EmulatorReply::json(status, {{QStringLiteral("error"), error}, {QStringLiteral("info"), info}});
}

QString injectedInfo(int status)
{
    if (status == 429)
        return QStringLiteral("rate limit exceeded (fault injected by the emulator)");
    if (status >= 500)
        return QStringLiteral("server error (fault injected by the emulator)");
    return QStringLiteral("request refused (fault injected by the emulator)");
}

QJsonArray faultsToJson(const QList<Fault> &faults)
{
    QJsonArray array;
    for (const Fault &fault : faults)
        array.append(fault.toJson());
    return array;
}

} // namespace

EmulatorServer::EmulatorServer(QObject *parent)
    : QObject(parent),
      m_http(new LoopbackHttpServer([this](const QHttpServerRequest &request,
                                           QTcpSocket *socket) { handleRequest(request, socket); },
                                    this))
{}

EmulatorServer::~EmulatorServer() = default;

void EmulatorServer::addApi(EmulatedApi *api)
{
    m_apis.append(api);
}

bool EmulatorServer::listen(quint16 port)
{
    m_errorString.clear();
    m_port = m_http->listenOnLoopback(port, &m_errorString);
    return m_port != 0;
}

QUrl EmulatorServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QJsonObject EmulatorServer::stats() const
{
    return {{QStringLiteral("requests"), m_requestCount},
            {QStringLiteral("tokensIssued"), m_tokensIssued},
            {QStringLiteral("peakConcurrentRequests"), m_peakConcurrentRequests}};
}

void EmulatorServer::reset()
{
    m_faultPlan.clear();
    m_requestCount = 0;
    m_tokensIssued = 0;
    m_peakConcurrentRequests = m_concurrentRequests;
    for (EmulatedApi *api : std::as_const(m_apis))
        api->reset();
}

void EmulatorServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    if (path.startsWith(controlPrefix)) {
        const EmulatorReply reply = handleControl(request);
        qCDebug(lcEmulator).noquote() << methodName(request) << path << "->" << reply.status;
        LoopbackHttpServer::reply(socket, reply);
        return;
    }
    for (EmulatedApi *api : std::as_const(m_apis)) {
        if (api->handlesPath(path)) {
            handleApiRequest(api, request, socket);
            return;
        }
    }
    const QString info = QStringLiteral("no such endpoint");
    const EmulatorReply reply = m_apis.isEmpty() ? controlError(404, QStringLiteral("not-found"), info)
                                                 : m_apis.first()->errorReply(404, info);
    qCDebug(lcEmulator).noquote() << methodName(request) << redactedPath(path) << "-> 404";
    LoopbackHttpServer::reply(socket, reply);
}

void EmulatorServer::handleApiRequest(EmulatedApi *api, const QHttpServerRequest &request, QTcpSocket *socket)
{
    ++m_requestCount;
    m_peakConcurrentRequests = std::max(m_peakConcurrentRequests, ++m_concurrentRequests);
    const QString logPath = redactedPath(request.url().path());
    const std::optional<Fault> fault = m_faultPlan.takeNext();

    EmulatorReply reply;
    if (fault && fault->status != 0) {
        reply = api->errorReply(fault->status, injectedInfo(fault->status));
        if (fault->retryAfter >= 0)
            reply.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(fault->retryAfter)));
    } else if (fault && fault->malformed) {
        reply.status = 200;
        reply.contentType = "application/json";
        reply.body = R"({"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.)"; // cut off mid-string
    } else if (fault && fault->body) {
        reply.status = 200;
        reply.contentType = "application/json";
        reply.body = *fault->body;
    } else if (!fault || (!fault->drop && fault->bodyBytes == 0)) {
        reply = api->handle(request);
    }
    if (reply.tokenIssued)
        ++m_tokensIssued;

    if (fault) {
        qCInfo(lcEmulator).noquote() << methodName(request) << logPath << "-> fault"
                                     << QJsonDocument(fault->toJson()).toJson(QJsonDocument::Compact);
    } else {
        qCDebug(lcEmulator).noquote() << methodName(request) << logPath << "->" << reply.status;
    }
    if (reply.deferred) {
        // If the client gives up first, nothing is written.
        reply.deferred([this, socket = QPointer<QTcpSocket>(socket)](const EmulatorReply &answer) {
            --m_concurrentRequests;
            if (socket)
                LoopbackHttpServer::reply(socket, answer);
        });
        return;
    }
    const auto deliver = [this, socket = QPointer<QTcpSocket>(socket), fault, reply] {
        --m_concurrentRequests;
        if (!socket) // the client gave up first
            return;
        if (fault && fault->drop)
            LoopbackHttpServer::drop(socket);
        else if (fault && fault->stall)
            LoopbackHttpServer::stall(socket, reply);
        else if (fault && fault->bodyBytes > 0)
            LoopbackHttpServer::stream(socket, fault->bodyBytes);
        else
            LoopbackHttpServer::reply(socket, reply);
    };
    if (fault && fault->delayMs > 0) {
        QTimer::singleShot(fault->delayMs, this, deliver);
    } else {
        deliver();
    }
}

EmulatorReply EmulatorServer::handleControl(const QHttpServerRequest &request)
{
    const QString endpoint = request.url().path().mid(controlPrefix.size());
    const QHttpServerRequest::Method method = request.method();
    const auto methodNotAllowed = [](const char *allowed) {
        EmulatorReply reply = controlError(405, QStringLiteral("method-not-allowed"),
                                           QStringLiteral("use %1").arg(QLatin1String(allowed)));
        reply.headers.append(qMakePair(QByteArray("Allow"), QByteArray(allowed)));
        return reply;
    };

    if (endpoint == QLatin1String("faults")) {
        if (method == QHttpServerRequest::Method::Post)
            return scheduleFaults(request.body());
        if (method == QHttpServerRequest::Method::Get)
            return EmulatorReply::json(200, {{QStringLiteral("pending"), faultsToJson(m_faultPlan.pending())}});
        return methodNotAllowed("GET, POST");
    }
    if (endpoint == QLatin1String("stats")) {
        if (method == QHttpServerRequest::Method::Get)
            return EmulatorReply::json(200, stats());
        return methodNotAllowed("GET");
    }
    if (endpoint == QLatin1String("reset")) {
        if (method == QHttpServerRequest::Method::Post) {
            reset();
            return EmulatorReply::json(200, stats());
        }
        return methodNotAllowed("POST");
    }
    for (EmulatedApi *api : std::as_const(m_apis)) {
        if (std::optional<EmulatorReply> reply = api->handleControl(endpoint, request))
            return *reply;
    }
    return controlError(404, QStringLiteral("not-found"),
                        QStringLiteral("unknown control endpoint; use faults, stats, reset, daily/accounts, "
                                       "daily/fixtures, daily/events, daily/deliveries or daily/webhooks"));
}

EmulatorReply EmulatorServer::scheduleFaults(const QByteArray &body)
{
    const auto invalid = [](const QString &info) {
        return controlError(400, QStringLiteral("invalid-request-error"), info);
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("body is not valid JSON: %1").arg(parseError.errorString()));

    const bool single = document.isObject();
    const QJsonArray items = single ? QJsonArray{document.object()} : document.array();
    if (items.isEmpty())
        return invalid(QStringLiteral("body must be a fault object or a non-empty array of them"));

    // Check all before scheduling any, so a bad list changes nothing.
    QList<Fault> faults;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString where = single ? QStringLiteral("fault") : QStringLiteral("faults[%1]").arg(i);
        if (!items.at(i).isObject())
            return invalid(QStringLiteral("%1 must be an object").arg(where));
        QString error;
        const std::optional<Fault> fault = Fault::fromJson(items.at(i).toObject(), &error);
        if (!fault)
            return invalid(QStringLiteral("%1: %2").arg(where, error));
        faults.append(*fault);
    }
    for (const Fault &fault : std::as_const(faults))
        m_faultPlan.schedule(fault);
    return EmulatorReply::json(200, {{QStringLiteral("pending"), faultsToJson(m_faultPlan.pending())}});
}

} // namespace ActionNode
