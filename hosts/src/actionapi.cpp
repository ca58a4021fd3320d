#include <actionnode/actionapi.h>
#include <actionnode/errorcodes.h>
#include <actionnode/httpmetrics.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/runhistoryapi.h>
#include <actionnode/runtime.h>

#include "openapidocument.h"

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

} // namespace

ActionApi::ActionApi(Runtime *runtime, HttpHost *host, const ActionApiOptions &options)
    : QObject(host), m_runtime(runtime), m_host(host), m_options(options)
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
        const int actions = int(m_runtime->knownActionIds().size());
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
            m_openApi = QJsonDocument(OpenApiDocument::build(m_runtime->actions(), m_runHistory != nullptr))
                            .toJson(QJsonDocument::Compact);
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
    host->addRoute("POST", QStringLiteral("/v1/license"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { checkLicense(exchange); });
}

int ActionApi::httpStatus(const ActionResult &result)
{
    return HttpReply::statusOf(result.status);
}

void ActionApi::listActions(const HttpExchangePtr &exchange)
{
    QJsonArray actions;
    for (const ActionSpec &action : m_runtime->actions())
        actions.append(QJsonObject{{QStringLiteral("id"), action.id()},
                                   {QStringLiteral("title"), action.title()},
                                   {QStringLiteral("provider"), action.provider()},
                                   {QStringLiteral("category"), action.category()},
                                   {QStringLiteral("version"), action.version()}});
    exchange->reply(HttpReply::json(200, {{QStringLiteral("actions"), actions}}));
}

void ActionApi::describeAction(const HttpExchangePtr &exchange)
{
    const ActionSpec action = m_runtime->action(exchange->pathArguments().value(0));
    if (action.hasError()) {
        exchange->reply(HttpReply::error(ErrorCode::UnknownAction, action.errorString()));
        return;
    }
    // ?locale=de: the texts of that locale, English where it has none.
    const QString locale = exchange->query().queryItemValue(QStringLiteral("locale"), QUrl::FullyDecoded);
    const ActionSpec shown = locale.isEmpty() ? action : action.localized(locale);
    if (shown.hasError()) {
        exchange->reply(HttpReply::error(ErrorCode::InvalidLocale, shown.errorString()));
        return;
    }
    exchange->reply(HttpReply::json(200, MetadataRenderer::toJson(shown, licenseFor(*exchange))));
}

// Browsers send a cross-origin JSON body only after a preflight, which is
// refused unless the origin is allowed: insisting on the media type keeps
// plain forms of other sites from running actions.
bool ActionApi::acceptsBody(const HttpExchangePtr &exchange)
{
    const QByteArray type = exchange->header("content-type").trimmed().toLower();
    if (type == "application/json" || type.startsWith("application/json;"))
        return true;
    exchange->reply(HttpReply::error(ErrorCode::UnsupportedMediaType,
                                     QStringLiteral("send the body as Content-Type: application/json")));
    return false;
}

void ActionApi::setRunHistory(RunHistoryApi *history)
{
    m_runHistory = history;
    m_openApi.clear();
}

void ActionApi::invokeAction(const HttpExchangePtr &exchange)
{
    if (!acceptsBody(exchange))
        return;
    const QString actionId = exchange->pathArguments().value(0);
    if (!admitInvocation(exchange, actionId))
        return;
    // A body the runtime reads straight into the action's inputs needs no document.
    std::optional<ActionInputs> inputs = m_runtime->readInputs(actionId, exchange->body());
    QJsonParseError parseError;
    const QJsonDocument document = inputs ? QJsonDocument(QJsonObject())
                                          : QJsonDocument::fromJson(exchange->body(), &parseError);
    if (!document.isObject()) {
        const QString reason =
            parseError.error != QJsonParseError::NoError
                ? QStringLiteral("%1 at byte %2").arg(parseError.errorString()).arg(parseError.offset)
                : QStringLiteral("it is not an object");
        exchange->reply(HttpReply::error(ErrorCode::InvalidJson,
                                         QStringLiteral("the body must be a JSON object of inputs: %1").arg(reason)));
        return;
    }
    startInvocation(exchange, actionId, inputs, document.object(), QStringLiteral("http"));
}

void ActionApi::invoke(const HttpExchangePtr &exchange, const QString &actionId, const QJsonObject &inputs,
                       const QString &origin)
{
    if (admitInvocation(exchange, actionId))
        startInvocation(exchange, actionId, std::nullopt, inputs, origin);
}

bool ActionApi::admitInvocation(const HttpExchangePtr &exchange, const QString &actionId)
{
    if (!m_runtime->knownActionIds().contains(actionId)) {
        exchange->reply(
            HttpReply::error(ErrorCode::UnknownAction, QStringLiteral("no action is declared with this id")));
        return false;
    }
    if (m_host->metrics()->invocationsInFlight() >= m_options.maxConcurrentInvocations) {
        HttpReply reply = HttpReply::error(ErrorCode::TooManyRequests,
                                           QStringLiteral("%1 invocations are running, the most this instance takes")
                                               .arg(m_options.maxConcurrentInvocations));
        reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(m_options.retryAfterSeconds)});
        exchange->reply(reply);
        return false;
    }
    return true;
}

void ActionApi::startInvocation(const HttpExchangePtr &exchange, const QString &actionId,
                                const std::optional<ActionInputs> &inputs, const QJsonObject &document,
                                const QString &origin)
{
    exchange->setLogLabel(actionId);
    m_host->metrics()->invocationStarted();
    // The history keeps the inputs as sent; read straight into slots, they are the body.
    const QJsonObject recorded = !m_runHistory || !inputs ? document
                                                          : QJsonDocument::fromJson(exchange->body()).object();
    // The runtime checks the licence while invoke() runs, before it returns,
    // so a request's own licence applies to that request only.
    const License runtimeLicense = m_runtime->license();
    if (!exchange->header(LicenseHeader).isEmpty())
        m_runtime->setLicense(licenseFor(*exchange));
    QFuture<ActionResult> future = inputs ? m_runtime->invokeInputs(actionId, *inputs)
                                          : m_runtime->invoke(actionId, document);
    m_runtime->setLicense(runtimeLicense);
    if (future.isFinished()) {
        finishInvocation(exchange, actionId, recorded, origin, future.result());
        return;
    }
    future
        .then(this, [this, exchange, actionId, recorded, origin](
                        const ActionResult &result) { finishInvocation(exchange, actionId, recorded, origin, result); })
        .onCanceled(this, [this, exchange, actionId, recorded, origin] {
            finishInvocation(exchange, actionId, recorded, origin,
                             ActionResult::failure(ActionResult::Status::NetworkFailed,
                                                   {{QStringLiteral("canceled"),
                                                     {},
                                                     {},
                                                     QStringLiteral("the invocation was canceled")}}));
        });
}

void ActionApi::finishInvocation(const HttpExchangePtr &exchange, const QString &actionId, const QJsonObject &inputs,
                                 const QString &origin, const ActionResult &result)
{
    const double seconds = double(exchange->elapsedNs()) / 1e9;
    m_host->metrics()->invocationFinished(actionId, ActionResult::statusName(result.status), seconds);
    if (m_runHistory)
        m_runHistory->record(m_runtime->action(actionId), inputs, result, origin, seconds * 1000);
    exchange->reply(HttpReply::json(httpStatus(result), result.toJson()));
}

void ActionApi::checkLicense(const HttpExchangePtr &exchange)
{
    if (!acceptsBody(exchange))
        return;
    const License license = License::fromJson(exchange->body(), m_options.licensePublicKeyPem);
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

License ActionApi::licenseFor(const HttpExchange &exchange) const
{
    const QByteArray encoded = exchange.header(LicenseHeader);
    if (encoded.isEmpty())
        return m_runtime->license();
    const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    // An undecodable header gives a refused licence, whose reason the gate reports.
    return License::fromJson(decoded ? *decoded : QByteArray(), m_options.licensePublicKeyPem);
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
