#include "mcpserver.h"
#include "jsontext.h"
#include "mcptriggerresources.h"
#include "requestconnections.h"

#include <actionnode/errorcodes.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/pushsubscriptions.h>
#include <actionnode/subscriptionapi.h>
#include <actionnode/session.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace ActionNode {

// MCP requests, notifications and errors (README.md's table lists every category).
Q_LOGGING_CATEGORY(lcMcp, "actionnode.mcp", QtInfoMsg)

namespace {

// JSON-RPC 2.0 error codes, and the one MCP servers use before initialize.
enum ErrorCode {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    NotInitialized = -32002,
};

const QStringList supportedProtocolVersions{QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26"),
                                            QStringLiteral("2024-11-05")};

QString toolName(const QString &actionId)
{
    return QString(actionId).replace(QLatin1Char('.'), QLatin1Char('_'));
}

bool isValidId(const QJsonValue &id)
{
    return id.isString() || (id.isDouble() && id.toDouble() == static_cast<double>(id.toInteger()));
}

QJsonObject stringProperty(const QString &description)
{
    return {{QStringLiteral("type"), QStringLiteral("string")}, {QStringLiteral("description"), description}};
}

QJsonObject objectSchema(const QJsonObject &properties)
{
    return {{QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), properties}};
}

// The tools of the Session's operations that are not actions.
QJsonArray operationTools()
{
    return {
        QJsonObject{
            {QStringLiteral("name"), QLatin1String(McpServer::fieldOptionsTool)},
            {QStringLiteral("title"), QStringLiteral("Choices of a field")},
            {QStringLiteral("description"),
             QStringLiteral("The choices of a field of an action, loaded from the provider where the field declares "
                            "them (e.g. room names): {\"options\": [{\"value\", \"label\"}...], \"freeText\", "
                            "\"nextCursor\"?}. Pass nextCursor back as cursor for the next page.")},
            {QStringLiteral("inputSchema"),
             QJsonObject{
                 {QStringLiteral("type"), QStringLiteral("object")},
                 {QStringLiteral("properties"),
                  QJsonObject{{QStringLiteral("action"), stringProperty(QStringLiteral("The action id, e.g. "
                                                                                       "daily.create_meeting_token."))},
                              {QStringLiteral("field"), stringProperty(QStringLiteral("The field's key."))},
                              {QStringLiteral("search"), stringProperty(QStringLiteral("Only choices matching it."))},
                              {QStringLiteral("cursor"),
                               stringProperty(QStringLiteral("The nextCursor of an earlier answer."))}}},
                 {QStringLiteral("required"), QJsonArray{QStringLiteral("action"), QStringLiteral("field")}},
                 {QStringLiteral("additionalProperties"), false}}},
            {QStringLiteral("outputSchema"),
             objectSchema(
                 {{QStringLiteral("options"), QJsonObject{{QStringLiteral("type"), QStringLiteral("array")}}},
                  {QStringLiteral("freeText"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                  {QStringLiteral("nextCursor"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}})},
            {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("readOnlyHint"), true}}}},
        QJsonObject{{QStringLiteral("name"), QLatin1String(McpServer::connectionTestTool)},
                    {QStringLiteral("title"), QStringLiteral("Test a provider connection")},
                    {QStringLiteral("description"),
                     QStringLiteral("Sends the provider's declared connection test with the connection in force: "
                                    "{\"status\", \"message\", \"discovered\"} (Daily: domain and domain_id).")},
                    {QStringLiteral("inputSchema"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                 {QStringLiteral("properties"),
                                  QJsonObject{{QStringLiteral("provider"),
                                               stringProperty(QStringLiteral("The provider id, e.g. daily."))}}},
                                 {QStringLiteral("required"), QJsonArray{QStringLiteral("provider")}},
                                 {QStringLiteral("additionalProperties"), false}}},
                    {QStringLiteral("outputSchema"),
                     objectSchema(
                         {{QStringLiteral("status"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                          {QStringLiteral("message"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                          {QStringLiteral("discovered"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}})},
                    {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("readOnlyHint"), true}}}},
    };
}

// The largest whole number a JSON number (a double) holds exactly.
constexpr qint64 maxJsonInteger = (qint64(1) << 53) - 1;

QJsonObject integerProperty(const QString &description, int minimum, qint64 maximum)
{
    return {{QStringLiteral("type"), QStringLiteral("integer")},
            {QStringLiteral("minimum"), minimum},
            {QStringLiteral("maximum"), maximum},
            {QStringLiteral("description"), description}};
}

QJsonObject toolOf(const char *name, const QString &title, const QString &description, const QJsonObject &properties,
                   const QStringList &required, const QJsonObject &annotations)
{
    return {{QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("title"), title},
            {QStringLiteral("description"), description},
            {QStringLiteral("inputSchema"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                         {QStringLiteral("properties"), properties},
                         {QStringLiteral("required"), QJsonArray::fromStringList(required)},
                         {QStringLiteral("additionalProperties"), false}}},
            {QStringLiteral("annotations"), annotations}};
}

// The tools of PushSubscriptions' operations, offered when the session keeps push subscriptions.
QJsonArray subscriptionTools()
{
    const QJsonObject trigger{
        {QStringLiteral("trigger"),
         stringProperty(QStringLiteral("The trigger id, e.g. daily.waiting_participant_joined."))}};
    const QJsonObject subscription{
        {QStringLiteral("subscription"), stringProperty(QStringLiteral("The subscription id (sub_...)."))}};
    const QJsonObject readOnly{{QStringLiteral("readOnlyHint"), true}};
    const QJsonObject changes{{QStringLiteral("readOnlyHint"), false}, {QStringLiteral("destructiveHint"), false}};
    QJsonObject create = trigger;
    create.insert(QStringLiteral("target_url"),
                  stringProperty(QStringLiteral("Where each event is POSTed, signed as Standard Webhooks (https). "
                                                "Without it the subscription is kept but not pushed.")));
    create.insert(QStringLiteral("filters"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                              {QStringLiteral("description"), QStringLiteral("The trigger's filters, e.g. "
                                                                             "{\"room\": \"standup\"}.")}});
    QJsonObject deliveries = subscription;
    deliveries.insert(
        QStringLiteral("limit"),
        integerProperty(QStringLiteral("The newest attempts given (default %1).").arg(SubscriptionApi::defaultPageSize),
                        1, SubscriptionApi::maxPageSize));
    QJsonObject redeliver = subscription;
    redeliver.insert(QStringLiteral("after_log_id"),
                     integerProperty(QStringLiteral("Send every event after this log id again (default: from where "
                                                    "delivery stopped)."),
                                     0, maxJsonInteger));
    return {
        toolOf(McpServer::createSubscriptionTool, QStringLiteral("Push a trigger's events to a URL"),
               QStringLiteral("Subscribes a URL to a trigger's events: {\"subscription\", \"trigger\", \"filters\", "
                              "\"target_url\", \"state\", \"secret\"}. The secret (whsec_...) verifies each "
                              "delivery and is given in this answer only."),
               create, {QStringLiteral("trigger")}, changes),
        toolOf(McpServer::listSubscriptionsTool, QStringLiteral("List a trigger's subscriptions"),
               QStringLiteral("{\"subscriptions\": [...]}: each subscription's target, filters, state and delivery "
                              "progress; never its secret."),
               trigger, {QStringLiteral("trigger")}, readOnly),
        toolOf(McpServer::deleteSubscriptionTool, QStringLiteral("Delete a subscription"),
               QStringLiteral("Ends a subscription and forgets its delivery log: {\"subscription\": id}."),
               subscription, {QStringLiteral("subscription")},
               {{QStringLiteral("readOnlyHint"), false},
                {QStringLiteral("destructiveHint"), true},
                {QStringLiteral("idempotentHint"), true}}),
        toolOf(McpServer::rotateSecretTool, QStringLiteral("Rotate a subscription's secret"),
               QStringLiteral("A new secret, given in this answer only: {\"subscription\", \"secret\", "
                              "\"previous_secret_expires_at\"}; until then deliveries are signed with both."),
               subscription, {QStringLiteral("subscription")}, changes),
        toolOf(McpServer::deliveriesTool, QStringLiteral("A subscription's delivery log"),
               QStringLiteral("{\"deliveries\": [{\"log_id\", \"webhook_id\", \"attempt\", \"status\", "
                              "\"latency_ms\", \"succeeded\", \"error\"?}...]}, newest first."),
               deliveries, {QStringLiteral("subscription")}, readOnly),
        toolOf(McpServer::redeliverTool, QStringLiteral("Redeliver a subscription's events"),
               QStringLiteral("Enables the subscription again and delivers now, from where it stopped or from "
                              "after_log_id: the subscription."),
               redeliver, {QStringLiteral("subscription")}, changes),
    };
}

// A call refused before the Session is asked, as an invalid input (\a code names why).
ActionResult refusal(ActionNode::ErrorCode code, const QString &message)
{
    return ActionResult::failure(ActionResult::Status::InvalidInput,
                                 {ActionError{ErrorCodes::name(code), {}, {}, message}});
}

QJsonObject textContent(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

/*
    The outputs as JSON text on success (the spec's fallback for clients that
    ignore structuredContent), or every error on failure. Warnings follow in a
    block of their own so that the first one stays parseable JSON.
*/
QJsonArray resultContent(const ActionResult &result)
{
    QJsonArray content;
    if (result.isSuccess()) {
        content.append(textContent(
            QString::fromUtf8(QJsonDocument(result.outputs.toJsonObject()).toJson(QJsonDocument::Compact))));
    } else {
        QStringList lines{QStringLiteral("The action failed (%1):").arg(ActionResult::statusName(result.status))};
        for (const ActionError &error : result.errors)
            lines.append(QStringLiteral("- %1 [%2]").arg(error.toString(), error.code));
        content.append(textContent(lines.join(QLatin1Char('\n'))));
    }
    QStringList warnings;
    for (const ActionError &warning : result.warnings)
        warnings.append(QStringLiteral("Warning: %1 [%2]").arg(warning.toString(), warning.code));
    if (!warnings.isEmpty())
        content.append(textContent(warnings.join(QLatin1Char('\n'))));
    return content;
}

} // namespace

McpServer::McpServer(Session *session, QObject *parent) : QObject(parent), m_session(session) {}

void McpServer::handleMessage(const QByteArray &message)
{
    QString parseError;
    const QJsonValue document = JsonText::parse(message, &parseError);
    if (document.isUndefined()) {
        replyError(QJsonValue::Null, ParseError, QStringLiteral("Parse error: ") + parseError);
        return;
    }
    if (document.isArray()) {
        replyError(QJsonValue::Null, InvalidRequest,
                   QStringLiteral("Invalid request: batches are not part of MCP %1")
                       .arg(QLatin1String(latestProtocolVersion)));
        return;
    }
    if (!document.isObject()) {
        replyError(QJsonValue::Null, InvalidRequest, QStringLiteral("Invalid request: not a JSON object"));
        return;
    }
    const QJsonObject object = document.toObject();
    const QJsonValue id = object.value(QStringLiteral("id"));
    const bool hasId = object.contains(QStringLiteral("id"));
    if (object.value(QStringLiteral("jsonrpc")).toString() != QLatin1String("2.0")) {
        replyError(hasId && isValidId(id) ? id : QJsonValue::Null, InvalidRequest,
                   QStringLiteral("Invalid request: \"jsonrpc\" must be \"2.0\""));
        return;
    }
    if (!object.contains(QStringLiteral("method"))) {
        // A response to a request of ours; this server sends none.
        if (object.contains(QStringLiteral("result")) || object.contains(QStringLiteral("error")))
            return;
        replyError(hasId && isValidId(id) ? id : QJsonValue::Null, InvalidRequest,
                   QStringLiteral("Invalid request: no \"method\""));
        return;
    }
    const QJsonValue method = object.value(QStringLiteral("method"));
    const QJsonValue params = object.value(QStringLiteral("params"));
    if (!method.isString() || (hasId && !isValidId(id))) {
        replyError(hasId && isValidId(id) ? id : QJsonValue::Null, InvalidRequest,
                   QStringLiteral("Invalid request: \"method\" must be a string and \"id\" a string or an integer"));
        return;
    }
    if (!hasId) {
        qCDebug(lcMcp) << "notification" << method.toString();
        return; // notifications/initialized, notifications/cancelled, ...: nothing to answer
    }
    if (!params.isUndefined() && !params.isObject()) {
        replyError(id, InvalidParams, QStringLiteral("Invalid params: \"params\" must be an object"));
        return;
    }
    handleRequest(id, method.toString(), params.toObject());
}

void McpServer::rejectOversizedMessage(qsizetype length)
{
    replyError(QJsonValue::Null, InvalidRequest,
               QStringLiteral("Invalid request: a message of %1 bytes is larger than this server reads").arg(length));
}

void McpServer::setTriggerResources(McpTriggerResources *resources)
{
    m_resources = resources;
    connect(resources, &McpTriggerResources::notification, this,
            [this](const QJsonObject &message) { Q_EMIT send(QJsonDocument(message).toJson(QJsonDocument::Compact)); });
}

void McpServer::handleRequest(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    qCDebug(lcMcp) << "request" << method;
    if (method == QLatin1String("initialize")) {
        if (!params.value(QStringLiteral("protocolVersion")).isString()) {
            replyError(id, InvalidParams, QStringLiteral("Invalid params: initialize needs \"protocolVersion\""));
            return;
        }
        reply(id, initialize(params));
        return;
    }
    if (method == QLatin1String("ping")) {
        reply(id, {});
        return;
    }
    if (m_resources && McpTriggerResources::handles(method)) {
        if (!m_initialized) {
            replyError(id, NotInitialized, QStringLiteral("Server not initialized: send initialize first"));
            return;
        }
        ActionResult refused;
        const std::optional<InvokeOptions> caller = callerOptions(params, &refused);
        if (!caller) {
            replyError(id, McpTriggerResources::invalidParams,
                       refused.errors.isEmpty() ? QString() : refused.errors.first().toString());
            return;
        }
        const McpTriggerResources::Answer answer = m_resources->handle(method, params, *caller);
        if (answer.errorCode != 0)
            replyError(id, answer.errorCode, answer.errorMessage);
        else
            reply(id, answer.result);
        return;
    }
    if (method != QLatin1String("tools/list") && method != QLatin1String("tools/call")) {
        replyError(id, MethodNotFound, QStringLiteral("Method not found: %1").arg(method));
        return;
    }
    if (!m_initialized) {
        replyError(id, NotInitialized, QStringLiteral("Server not initialized: send initialize first"));
        return;
    }
    if (method == QLatin1String("tools/list"))
        reply(id, listTools());
    else
        callTool(id, params);
}

QJsonObject McpServer::initialize(const QJsonObject &params)
{
    m_initialized = true;
    const QString requested = params.value(QStringLiteral("protocolVersion")).toString();
    // Version negotiation: answer the client's version when supported, else ours.
    const QString version = supportedProtocolVersions.contains(requested) ? requested
                                                                          : QLatin1String(latestProtocolVersion);
    QJsonObject capabilities{{QStringLiteral("tools"), QJsonObject{{QStringLiteral("listChanged"), false}}}};
    if (m_resources)
        capabilities.insert(QStringLiteral("resources"),
                            QJsonObject{{QStringLiteral("subscribe"), true}, {QStringLiteral("listChanged"), false}});
    return {
        {QStringLiteral("protocolVersion"), version},
        {QStringLiteral("capabilities"), capabilities},
        {QStringLiteral("serverInfo"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("actionnode")},
                     {QStringLiteral("title"), QStringLiteral("actionnode workflow actions")},
                     {QStringLiteral("version"), QCoreApplication::applicationVersion()}}},
        {QStringLiteral("instructions"),
         QStringLiteral("Each tool runs one workflow action. Its input schema lists the fields, their limits and "
                        "help texts; errors name the field and the problem.")},
    };
}

QJsonObject McpServer::listTools()
{
    QJsonArray tools = operationTools();
    if (m_session->pushSubscriptions()) {
        for (const QJsonValue &tool : subscriptionTools())
            tools.append(tool);
    }
    m_actionOfTool.clear();
    Runtime *runtime = m_session->runtime();
    const License license = runtime->license();
    for (const ActionSpec &action : runtime->actions()) {
        const QString name = toolName(action.id());
        if (m_actionOfTool.contains(name)) {
            // "a.b_c" and "a_b.c" would share a name: offer the first only.
            qCWarning(lcMcp).noquote() << "action" << action.id() << "left out: tool name" << name << "is taken by"
                                       << m_actionOfTool.value(name);
            continue;
        }
        m_actionOfTool.insert(name, action.id());
        QJsonObject inputSchema = action.inputSchema();
        QJsonObject properties = inputSchema.value(QStringLiteral("properties")).toObject();
        QJsonArray required = inputSchema.value(QStringLiteral("required")).toArray();
        QStringList locked;
        for (const FieldSpec &field : action.lockedFields(license)) {
            properties.remove(field.key());
            // Keep the schema self-consistent: a client cannot supply what it may not send.
            for (qsizetype i = required.size() - 1; i >= 0; --i) {
                if (required.at(i).toString() == field.key())
                    required.removeAt(i);
            }
            locked.append(QStringLiteral("%1 (needs the %2)").arg(field.key(), action.bundle(field.bundleId()).title));
        }
        if (!properties.contains(QLatin1String(savedVersionArgument)))
            properties.insert(QLatin1String(savedVersionArgument),
                              stringProperty(QStringLiteral("Only for arguments saved under an earlier version of this "
                                                            "tool: that version (e.g. 1.0.0); they are upgraded "
                                                            "first.")));
        inputSchema.insert(QStringLiteral("properties"), properties);
        if (inputSchema.contains(QStringLiteral("required")))
            inputSchema.insert(QStringLiteral("required"), required);
        QString description = action.description();
        if (!locked.isEmpty())
            description += QStringLiteral("\n\nLocked without a bundle license: ") + locked.join(QStringLiteral("; "))
                           + QLatin1Char('.');
        if (const QString conditions = MetadataRenderer::conditionsText(action); !conditions.isEmpty())
            description += QStringLiteral("\n\n") + conditions;
        tools.append(QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("title"), action.title()},
                                 {QStringLiteral("description"), description},
                                 {QStringLiteral("inputSchema"), inputSchema},
                                 {QStringLiteral("outputSchema"), action.outputSchema()},
                                 {QStringLiteral("annotations"), MetadataRenderer::toolAnnotations(action)}});
    }
    return {{QStringLiteral("tools"), tools}};
}

void McpServer::callTool(const QJsonValue &id, const QJsonObject &params)
{
    const QJsonValue name = params.value(QStringLiteral("name"));
    const QJsonValue arguments = params.value(QStringLiteral("arguments"));
    if (!name.isString()) {
        replyError(id, InvalidParams, QStringLiteral("Invalid params: tools/call needs a \"name\""));
        return;
    }
    if (!arguments.isUndefined() && !arguments.isObject()) {
        replyError(id, InvalidParams, QStringLiteral("Invalid params: \"arguments\" must be an object"));
        return;
    }
    if (m_actionOfTool.isEmpty())
        listTools();
    const QString tool = name.toString();
    if (!m_actionOfTool.contains(tool) && tool != QLatin1String(fieldOptionsTool)
        && tool != QLatin1String(connectionTestTool) && !(m_session->pushSubscriptions() && isSubscriptionTool(tool))) {
        replyError(id, InvalidParams, QStringLiteral("Unknown tool: %1").arg(tool));
        return;
    }
    ActionResult refused;
    const std::optional<InvokeOptions> options = callerOptions(params, &refused);
    if (!options) {
        answerTool(id, QtFuture::makeReadyFuture(refused));
        return;
    }
    answerTool(id, runTool(tool, arguments.toObject(), *options));
}

std::optional<InvokeOptions> McpServer::callerOptions(const QJsonObject &params, ActionResult *refused) const
{
    InvokeOptions options;
    const QJsonValue connection =
        params.value(QStringLiteral("_meta")).toObject().value(QLatin1String(connectionMetaKey));
    if (connection.isUndefined())
        return options;
    const QString title = QStringLiteral("_meta.") + QLatin1String(connectionMetaKey);
    const RequestConnections connections = connection.isObject()
                                               ? RequestConnections::fromJson(connection.toObject(),
                                                                              m_session->runtime(), title)
                                               : RequestConnections();
    if (!connection.isObject() || !connections.isValid()) {
        *refused = connection.isObject()
                       ? ActionResult::failure(ActionResult::Status::InvalidInput, connections.errors())
                       : refusal(ActionNode::ErrorCode::InvalidConnection,
                                 title + QStringLiteral(" must be an object keyed by provider id"));
        return std::nullopt;
    }
    options.connections = connections.connections();
    return options;
}

QFuture<ActionResult> McpServer::runTool(const QString &name, QJsonObject arguments, const InvokeOptions &options)
{
    const auto text = [&arguments](const char *key) { return arguments.value(QLatin1String(key)).toString(); };
    if (name == QLatin1String(fieldOptionsTool))
        return m_session->fieldOptions(text("action"), text("field"), text("search"), text("cursor"), options);
    if (name == QLatin1String(connectionTestTool))
        return m_session->testConnection(text("provider"), options);
    if (isSubscriptionTool(name))
        return QtFuture::makeReadyFuture(runSubscriptionTool(name, arguments, options));
    const QString actionId = m_actionOfTool.value(name);
    InvokeOptions call = options;
    const QString savedVersion = QLatin1String(savedVersionArgument);
    if (arguments.contains(savedVersion)
        && m_session->runtime()->action(actionId).field(savedVersion).key().isEmpty()) {
        if (!arguments.value(savedVersion).isString())
            return QtFuture::makeReadyFuture(
                refusal(ActionNode::ErrorCode::InvalidInput,
                        QStringLiteral("saved_version must be a version text, e.g. \"1.0.0\"")));
        call.savedVersion = arguments.take(savedVersion).toString();
    }
    QElapsedTimer clock;
    clock.start();
    return m_session->invoke(actionId, arguments, call)
        .then(this, [this, actionId, arguments, clock, call](const ActionResult &result) {
            m_session->recordRun(actionId, arguments, result, QStringLiteral("mcp"), double(clock.nsecsElapsed()) / 1e6,
                                 call);
            return result;
        });
}

bool McpServer::isSubscriptionTool(const QString &name)
{
    for (const char *tool : {createSubscriptionTool, listSubscriptionsTool, deleteSubscriptionTool, rotateSecretTool,
                             deliveriesTool, redeliverTool}) {
        if (name == QLatin1String(tool))
            return true;
    }
    return false;
}

ActionResult McpServer::runSubscriptionTool(const QString &name, const QJsonObject &arguments,
                                            const InvokeOptions &options)
{
    PushSubscriptions *subscriptions = m_session->pushSubscriptions();
    const auto text = [&arguments](const char *key) { return arguments.value(QLatin1String(key)).toString(); };
    // A number argument: its value, else \a fallback when absent; nullopt when it is no whole number in range.
    const auto whole = [&arguments](const char *key, qint64 fallback, qint64 minimum,
                                    qint64 maximum) -> std::optional<qint64> {
        const QJsonValue value = arguments.value(QLatin1String(key));
        if (value.isUndefined())
            return fallback;
        if (!value.isDouble() || value.toDouble() != double(value.toInteger()) || value.toInteger() < minimum
            || value.toInteger() > maximum)
            return std::nullopt;
        return value.toInteger();
    };
    const QString subscription = text("subscription");
    if (name == QLatin1String(createSubscriptionTool)) {
        const QJsonValue filters = arguments.value(QStringLiteral("filters"));
        if (!filters.isUndefined() && !filters.isObject())
            return refusal(ActionNode::ErrorCode::InvalidInput, QStringLiteral("filters must be an object"));
        return subscriptions->create(text("trigger"), filters.toObject(), text("target_url"), options);
    }
    if (name == QLatin1String(listSubscriptionsTool))
        return subscriptions->list(text("trigger"), options);
    if (name == QLatin1String(deleteSubscriptionTool))
        return subscriptions->remove({}, subscription, options);
    if (name == QLatin1String(rotateSecretTool))
        return subscriptions->rotateSecret({}, subscription, options);
    if (name == QLatin1String(deliveriesTool)) {
        const std::optional<qint64> limit = whole("limit", SubscriptionApi::defaultPageSize, 1,
                                                  SubscriptionApi::maxPageSize);
        if (!limit)
            return refusal(
                ActionNode::ErrorCode::InvalidInput,
                QStringLiteral("limit must be a whole number from 1 to %1").arg(SubscriptionApi::maxPageSize));
        return subscriptions->deliveries({}, subscription, int(*limit), options);
    }
    const std::optional<qint64> afterLogId = whole("after_log_id", -1, 0, maxJsonInteger);
    if (!afterLogId)
        return refusal(ActionNode::ErrorCode::InvalidInput,
                       QStringLiteral("after_log_id must be a log id, a whole number of 0 or more"));
    return subscriptions->redeliver({}, subscription,
                                    *afterLogId >= 0 ? std::optional<qint64>(*afterLogId) : std::nullopt, options);
}

void McpServer::answerTool(const QJsonValue &id, const QFuture<ActionResult> &future)
{
    const auto answer = [this, id](const ActionResult &result) {
        QJsonObject content{{QStringLiteral("content"), resultContent(result)},
                            {QStringLiteral("isError"), !result.isSuccess()}};
        if (result.isSuccess())
            content.insert(QStringLiteral("structuredContent"), result.outputs.toJsonObject());
        reply(id, content);
    };
    if (future.isFinished()) {
        answer(future.result());
        return;
    }
    ++m_pendingCalls;
    auto *watcher = new QFutureWatcher<ActionResult>(this);
    connect(watcher, &QFutureWatcher<ActionResult>::finished, this, [this, watcher, answer] {
        answer(watcher->result());
        watcher->deleteLater();
        if (--m_pendingCalls == 0)
            Q_EMIT idle();
    });
    watcher->setFuture(future);
}

void McpServer::reply(const QJsonValue &id, const QJsonObject &result)
{
    Q_EMIT send(QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                          {QStringLiteral("id"), id},
                                          {QStringLiteral("result"), result}})
                    .toJson(QJsonDocument::Compact));
}

void McpServer::replyError(const QJsonValue &id, int code, const QString &message)
{
    qCDebug(lcMcp).noquote() << "error" << code << message;
    Q_EMIT send(QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                          {QStringLiteral("id"), id},
                                          {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                                                {QStringLiteral("message"), message}}}})
                    .toJson(QJsonDocument::Compact));
}

} // namespace ActionNode
