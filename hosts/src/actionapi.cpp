#include <actionnode/actionapi.h>
#include <actionnode/errorcodes.h>
#include <actionnode/httpmetrics.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/runtime.h>
#include <actionnode/session.h>

#include "jsontext.h"
#include "resultline.h"
#include "requestconnections.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

// The panel's files are compiled into ActionNodeHosts, a static library, whose
// resources are registered only when asked for (outside any namespace).
static void registerPanelResources()
{
    Q_INIT_RESOURCE(actionnode_panel);
}

namespace ActionNode {

namespace {

const QByteArray LicenseHeader = QByteArrayLiteral("x-actionnode-license");
// Sent with the panel's files: only its own scripts and styles, no framing.
const QByteArray PanelSecurityPolicy = QByteArrayLiteral(
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");

QByteArray contentTypeOf(const QString &name)
{
    if (name.endsWith(QLatin1String(".html")))
        return "text/html; charset=utf-8";
    if (name.endsWith(QLatin1String(".css")))
        return "text/css; charset=utf-8";
    if (name.endsWith(QLatin1String(".js")))
        return "text/javascript; charset=utf-8";
    if (name.endsWith(QLatin1String(".svg")))
        return "image/svg+xml";
    return "application/octet-stream";
}

// The code a failed result is answered with when it tells another status than the result's.
std::optional<ErrorCode> refusalCode(const ActionResult &result)
{
    // A refusal of the request itself (unknown_action: 404, invalid_json:
    // 400) is told by its code, as HttpReply::error() tells it; what the
    // provider answered by the status (its not_found is a 502).
    const bool fromProvider = result.status == ActionResult::Status::ProviderFailed
                              || result.status == ActionResult::Status::NetworkFailed;
    const std::optional<ErrorCode> code = ErrorCodes::fromName(result.errors.value(0).code);
    if (code && !fromProvider && HttpReply::statusOf(*code) != HttpReply::statusOf(result.status))
        return code;
    return std::nullopt;
}

} // namespace

ActionApi::ActionApi(Session *session, HttpHost *host, const ActionApiOptions &options)
    : QObject(host), m_session(session), m_host(host), m_options(options)
{
    registerPanelResources();
    using Access = HttpHost::Access;
    host->addRoute("GET", QStringLiteral("/"), Access::Public,
                   [this](const HttpExchangePtr &exchange) { servePanelFile(exchange, QStringLiteral("index.html")); });
    host->addRoute("GET", QStringLiteral("/panel/([a-z]+\\.(?:js|css|svg))"), Access::Public,
                   [this](const HttpExchangePtr &exchange) {
                       servePanelFile(exchange, exchange->pathArguments().value(0));
                   });
    host->addRoute("GET", QStringLiteral("/healthz"), Access::Public, [](const HttpExchangePtr &exchange) {
        exchange->reply(HttpReply::json(200, {{QStringLiteral("status"), QStringLiteral("ok")}}));
    });
    host->addRoute("GET", QStringLiteral("/readyz"), Access::Public, [this](const HttpExchangePtr &exchange) {
        const int actions = int(m_session->runtime()->knownActionIds().size());
        if (actions == 0 || m_host->isStopping()) {
            exchange->reply(HttpReply::error(ErrorCode::NotReady, actions == 0
                                                                      ? QStringLiteral("no provider plugin is loaded")
                                                                      : QStringLiteral("the service is stopping")));
            return;
        }
        exchange->reply(HttpReply::json(200, {{QStringLiteral("status"), QStringLiteral("ready")},
                                              {QStringLiteral("actions"), actions}}));
    });
    host->addRoute("GET", QStringLiteral("/openapi.json"), Access::Public, [this](const HttpExchangePtr &exchange) {
        if (m_openApi.isEmpty())
            m_openApi = QJsonDocument(m_session->openApiDocument()).toJson(QJsonDocument::Compact);
        HttpReply reply;
        reply.body = m_openApi;
        exchange->reply(reply);
    });
    host->addRoute("GET", QStringLiteral("/metrics"), Access::ApiKey, [this](const HttpExchangePtr &exchange) {
        HttpReply reply;
        reply.contentType = "text/plain; version=0.0.4; charset=utf-8";
        reply.body = m_host->metrics()->prometheusText();
        exchange->reply(reply);
    });
    host->addRoute("GET", QStringLiteral("/v1/actions"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { listActions(exchange); });
    host->addRoute("GET", QStringLiteral("/v1/actions/([^/]+)"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { describeAction(exchange); });
    host->addRoute("POST", QStringLiteral("/v1/actions/([^/]+)/invoke"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { invokeAction(exchange); });
    host->addRoute("GET", QStringLiteral("/v1/actions/([^/]+)/fields/([^/]+)/options"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { fieldOptions(exchange); });
    host->addRoute("POST", QStringLiteral("/v1/actions/([^/]+)/migrate"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { migrateInputs(exchange); });
    host->addRoute("POST", QStringLiteral("/v1/connections/([^/]+)/test"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { testConnection(exchange); });
    host->addRoute("GET", QStringLiteral("/v1/exports/([^/]+)"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { exportPackage(exchange); });
    host->addRoute("POST", QStringLiteral("/v1/license"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { checkLicense(exchange); });
}

HttpReply ActionApi::replyTo(const ActionResult &result, const QJsonObject &answer)
{
    if (result.isSuccess())
        return HttpReply::json(200, answer);
    QJsonObject document = result.toJson();
    if (const std::optional<ErrorCode> code = refusalCode(result)) {
        document.insert(QStringLiteral("status"), ErrorCodes::name(*code));
        return HttpReply::json(HttpReply::statusOf(*code), document);
    }
    return HttpReply::json(HttpReply::statusOf(result.status), document);
}

HttpReply ActionApi::invocationReply(const ActionResult &result)
{
    if (!result.isSuccess() && refusalCode(result))
        return replyTo(result, {});
    // The bytes QJsonDocument writes for result.toJson(), without building it.
    HttpReply reply;
    reply.status = result.isSuccess() ? 200 : HttpReply::statusOf(result.status);
    reply.body = ResultLine::document(result);
    return reply;
}

void ActionApi::listActions(const HttpExchangePtr &exchange)
{
    const ActionResult listed = m_session->list();
    exchange->reply(HttpReply::json(200, listed.outputs.toJsonObject()));
}

void ActionApi::describeAction(const HttpExchangePtr &exchange)
{
    // ?locale=de: the texts of that locale, English where it has none.
    const QString locale = exchange->query().queryItemValue(QStringLiteral("locale"), QUrl::FullyDecoded);
    replyWith(exchange, m_session->describe(exchange->pathArguments().value(0), locale, callOptions(*exchange)));
}

void ActionApi::fieldOptions(const HttpExchangePtr &exchange)
{
    const QStringList arguments = exchange->pathArguments();
    const QUrlQuery query = exchange->query();
    const std::optional<InvokeOptions> options =
        providerCallOptions(exchange, m_session->runtime()->action(arguments.value(0)).provider());
    if (!options)
        return;
    answerLater(exchange,
                m_session->fieldOptions(arguments.value(0), arguments.value(1),
                                        query.queryItemValue(QStringLiteral("search"), QUrl::FullyDecoded),
                                        query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), *options));
}

void ActionApi::migrateInputs(const HttpExchangePtr &exchange)
{
    std::optional<QJsonObject> body = jsonBody(exchange);
    if (!body)
        return;
    const QJsonValue from = body->value(QStringLiteral("from"));
    const QJsonValue inputs = body->value(QStringLiteral("inputs"));
    if (!from.isString() || !inputs.isObject()) {
        exchange->reply(
            HttpReply::error(ErrorCode::InvalidJson,
                             QStringLiteral("the body must be {\"from\": \"<saved version>\", \"inputs\": {...}}")));
        return;
    }
    replyWith(exchange, m_session->migrate(exchange->pathArguments().value(0), from.toString(), inputs.toObject()));
}

void ActionApi::exportPackage(const HttpExchangePtr &exchange)
{
    const QUrlQuery query = exchange->query();
    BuilderExportOptions options;
    options.provider = query.queryItemValue(QStringLiteral("provider"), QUrl::FullyDecoded);
    options.packageName = query.queryItemValue(QStringLiteral("package_name"), QUrl::FullyDecoded);
    replyWith(exchange, m_session->exportPackage(exchange->pathArguments().value(0), options));
}

void ActionApi::testConnection(const HttpExchangePtr &exchange)
{
    if (!acceptsBody(exchange))
        return;
    const QString providerId = exchange->pathArguments().value(0);
    const std::optional<InvokeOptions> options = providerCallOptions(exchange, providerId);
    if (!options)
        return;
    answerLater(exchange, m_session->testConnection(providerId, *options));
}

std::optional<QJsonObject> ActionApi::jsonBody(const HttpExchangePtr &exchange)
{
    return acceptsBody(exchange) ? bodyObject(exchange) : std::nullopt;
}

std::optional<QJsonObject> ActionApi::bodyObject(const HttpExchangePtr &exchange)
{
    QString parseError;
    const QJsonValue document = JsonText::parse(exchange->body(), &parseError);
    if (!document.isObject()) {
        const QString reason = document.isUndefined() ? parseError : QStringLiteral("it is not an object");
        exchange->reply(
            HttpReply::error(ErrorCode::InvalidJson, QStringLiteral("the body must be a JSON object: %1").arg(reason)));
        return std::nullopt;
    }
    return document.toObject();
}

void ActionApi::replyWith(const HttpExchangePtr &exchange, const ActionResult &result)
{
    exchange->reply(replyTo(result, result.outputs.toJsonObject()));
}

void ActionApi::answerLater(const HttpExchangePtr &exchange, const QFuture<ActionResult> &future)
{
    whenFinished(ActionCall(future), [exchange](const ActionResult &result) { replyWith(exchange, result); });
}

void ActionApi::whenFinished(const ActionCall &call, const std::function<void(const ActionResult &)> &answer)
{
    if (call.isFinished()) {
        answer(call.result());
        return;
    }
    call.future().then(this, answer).onCanceled(this, [answer] {
        answer(ActionResult::failure(
            ActionResult::Status::NetworkFailed,
            {{ErrorCodes::name(ErrorCode::Canceled), {}, {}, QStringLiteral("the operation was canceled")}}));
    });
}

// Browsers send a cross-origin JSON body only after a preflight, which is
// refused unless the origin is allowed: insisting on the media type keeps
// plain forms of other sites from running actions.
bool ActionApi::acceptsBody(const HttpExchangePtr &exchange)
{
    const QByteArrayView type = exchange->headerView("content-type").trimmed();
    const QByteArrayView json("application/json");
    if (type.size() >= json.size() && type.first(json.size()).compare(json, Qt::CaseInsensitive) == 0
        && (type.size() == json.size() || type[json.size()] == ';'))
        return true;
    exchange->reply(HttpReply::error(ErrorCode::UnsupportedMediaType,
                                     QStringLiteral("send the body as Content-Type: application/json")));
    return false;
}

void ActionApi::invokeAction(const HttpExchangePtr &exchange)
{
    if (!acceptsBody(exchange))
        return;
    const QString actionId = m_session->runtime()->actionId(exchange->pathArgument(0));
    // The body is read straight into the action's inputs, which keep it for the run
    // history as sent. Text the reader declines is read as a document, which words
    // what is wrong with it or reads what the reader leaves to it.
    if (const std::optional<ActionInputs> inputs = m_session->runtime()->readSentInputs(actionId, exchange->body())) {
        invoke(exchange, actionId, *inputs, QStringLiteral("http"));
        return;
    }
    if (const std::optional<QJsonObject> inputs = bodyObject(exchange))
        invoke(exchange, actionId, ActionInputs(*inputs), QStringLiteral("http"));
}

void ActionApi::invoke(const HttpExchangePtr &exchange, const QString &actionId, const ActionInputs &inputs,
                       const QString &origin, const QString &savedVersion)
{
    std::optional<InvokeOptions> options = admitInvocation(exchange, actionId);
    if (!options)
        return;
    options->savedVersion = savedVersion;
    exchange->setLogLabel(actionId);
    m_host->metrics()->invocationStarted();
    const ActionCall call = m_session->call(actionId, inputs, *options);
    // A result already there (a self-signed token) is answered without a callback made for it.
    if (call.isFinished()) {
        finishInvocation(exchange, actionId, inputs, origin, *options, call.result());
        return;
    }
    whenFinished(call, [this, exchange, actionId, inputs, origin, caller = *options](const ActionResult &result) {
        finishInvocation(exchange, actionId, inputs, origin, caller, result);
    });
}

std::optional<InvokeOptions> ActionApi::admitInvocation(const HttpExchangePtr &exchange, const QString &actionId)
{
    // An action that loaded is known; the list of every id is made only for one that did not.
    const ActionSpec action = m_session->runtime()->action(actionId);
    if (action.hasError() && !m_session->runtime()->knownActionIds().contains(actionId)) {
        exchange->reply(
            HttpReply::error(ErrorCode::UnknownAction, QStringLiteral("no action is declared with this id")));
        return std::nullopt;
    }
    if (m_host->metrics()->invocationsInFlight() >= m_options.maxConcurrentInvocations) {
        HttpReply reply = HttpReply::error(ErrorCode::TooManyRequests,
                                           QStringLiteral("%1 invocations are running, the most this instance takes")
                                               .arg(m_options.maxConcurrentInvocations));
        reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(m_options.retryAfterSeconds)});
        exchange->reply(reply);
        return std::nullopt;
    }
    return providerCallOptions(exchange, action.provider());
}

void ActionApi::finishInvocation(const HttpExchangePtr &exchange, const QString &actionId, const ActionInputs &inputs,
                                 const QString &origin, const InvokeOptions &caller, const ActionResult &result)
{
    const double seconds = double(exchange->elapsedNs()) / 1e9;
    m_host->metrics()->invocationFinished(actionId, ActionResult::statusName(result.status), seconds);
    m_session->recordRun(actionId, inputs, result, origin, seconds * 1000, caller);
    exchange->reply(invocationReply(result));
}

void ActionApi::checkLicense(const HttpExchangePtr &exchange)
{
    if (!acceptsBody(exchange))
        return;
    const License license = m_session->readLicense(exchange->body());
    if (!license.isValid()) {
        exchange->reply(HttpReply::error(ErrorCode::LicenseInvalid,
                                         QStringLiteral("the license was refused: %1").arg(license.errorString())));
        return;
    }
    exchange->reply(HttpReply::json(200, {{QStringLiteral("status"), QStringLiteral("valid")},
                                          {QStringLiteral("licensee"), license.licensee()},
                                          {QStringLiteral("bundles"), QJsonArray::fromStringList(license.bundles())},
                                          {QStringLiteral("expires"), license.expires().toString(Qt::ISODate)}}));
}

InvokeOptions ActionApi::callOptions(const HttpExchange &exchange) const
{
    InvokeOptions options;
    const QByteArray encoded = exchange.header(LicenseHeader);
    if (!encoded.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        // An undecodable header gives a refused licence, whose reason the gate reports.
        options.license = m_session->readLicense(decoded ? *decoded : QByteArray());
    }
    return options;
}

std::optional<InvokeOptions> ActionApi::providerCallOptions(const HttpExchangePtr &exchange, const QString &providerId)
{
    const RequestConnections connections =
        RequestConnections::read(exchange->headerValues(RequestConnections::headerName), m_session->runtime());
    if (!connections.isValid()) {
        exchange->reply(HttpReply::error(ErrorCode::InvalidConnection, connections.errors()));
        return std::nullopt;
    }
    if (m_options.connectionsPerRequest && !providerId.isEmpty() && !connections.contains(providerId)) {
        exchange->reply(HttpReply::error(ErrorCode::ConnectionRequired,
                                         QStringLiteral("this host holds no %1 account of its own: send the "
                                                        "caller's in X-ActionNode-Connection, the base64 of "
                                                        "{\"%1\": {...}}")
                                             .arg(providerId)));
        return std::nullopt;
    }
    InvokeOptions options = callOptions(*exchange);
    options.connections = connections.connections();
    return options;
}

void ActionApi::servePanelFile(const HttpExchangePtr &exchange, const QString &name)
{
    QFile file(QStringLiteral(":/actionnode/panel/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        exchange->reply(HttpReply::error(ErrorCode::NotFound, QStringLiteral("no such panel file")));
        return;
    }
    HttpReply reply;
    reply.contentType = contentTypeOf(name);
    reply.body = file.readAll();
    reply.headers = {{"Content-Security-Policy", PanelSecurityPolicy},
                     {"X-Content-Type-Options", "nosniff"},
                     {"Referrer-Policy", "no-referrer"},
                     {"Cache-Control", "no-cache"}};
    exchange->reply(reply);
}

} // namespace ActionNode
