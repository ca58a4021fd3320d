#include "openapidocument.h"

#include <actionnode/errorcodes.h>

#include <QCoreApplication>
#include <QJsonArray>

namespace ActionNode {

namespace {

QJsonObject ref(const QString &kind, const QString &name)
{
    return {{QStringLiteral("$ref"), QStringLiteral("#/components/%1/%2").arg(kind, name)}};
}

QJsonObject jsonContent(const QJsonObject &schema)
{
    return {{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), schema}}}};
}

QJsonObject response(const QString &description, const QJsonObject &schema)
{
    return {{QStringLiteral("description"), description}, {QStringLiteral("content"), jsonContent(schema)}};
}

QJsonObject errorResponse(const QString &description)
{
    return response(description, ref(QStringLiteral("schemas"), QStringLiteral("ErrorDocument")));
}

// A declaration's JSON Schema (draft-07) as an OpenAPI 3.1 schema: the
// keywords used by declarations mean the same in both; only the dialect
// markers are left out, since the document's dialect applies.
QJsonObject embeddedSchema(QJsonObject schema)
{
    schema.remove(QStringLiteral("$schema"));
    schema.remove(QStringLiteral("$id"));
    return schema;
}

QJsonObject stringProperty(const QString &description)
{
    return {{QStringLiteral("type"), QStringLiteral("string")}, {QStringLiteral("description"), description}};
}

QJsonObject objectSchema(const QJsonObject &properties, const QStringList &required)
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("required"), QJsonArray::fromStringList(required)},
            {QStringLiteral("properties"), properties}};
}

QJsonObject typed(const QString &type, const QString &description)
{
    return {{QStringLiteral("type"), type}, {QStringLiteral("description"), description}};
}

QJsonObject arrayOf(const QJsonObject &items, const QString &description)
{
    return {{QStringLiteral("type"), QStringLiteral("array")},
            {QStringLiteral("items"), items},
            {QStringLiteral("description"), description}};
}

QJsonObject parameter(const QString &name, const QString &in, const QString &description)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("in"), in},
            {QStringLiteral("required"), in == QLatin1String("path")},
            {QStringLiteral("description"), description},
            {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
}

// The error list of actionnode/errorcodes.h, as the document states it.
QString errorCodesText()
{
    QStringList names;
    for (const ErrorCode code : ErrorCodes::all())
        names.append(ErrorCodes::name(code));
    return QStringLiteral("Stable identifier: in errors one of %1; in warnings the declaration's own code.")
        .arg(names.join(QStringLiteral(", ")));
}

QString errorRulesText()
{
    const QStringList markers{ErrorRule::Bundle,         ErrorRule::VisibleWhen,    ErrorRule::Json,
                              ErrorRule::Claim,          ErrorRule::MalformedReply, ErrorRule::PaginationLimit,
                              ErrorRule::httpStatus(429)};
    return QStringLiteral("The broken rule: a JSON Schema keyword, a declared rule id, or one of %1 (any HTTP status).")
        .arg(markers.join(QStringLiteral(", ")));
}

QJsonObject commonSchemas()
{
    const QJsonObject error = objectSchema(
        {{QStringLiteral("code"), stringProperty(errorCodesText())},
         {QStringLiteral("field"),
          stringProperty(QStringLiteral("JSON pointer of the input concerned, when there is one."))},
         {QStringLiteral("rule"), stringProperty(errorRulesText())},
         {QStringLiteral("message"), stringProperty(QStringLiteral("A sentence for a person; never holds a secret."))}},
        {QStringLiteral("code"), QStringLiteral("message")});
    const QJsonObject errorList{{QStringLiteral("type"), QStringLiteral("array")},
                                {QStringLiteral("items"), ref(QStringLiteral("schemas"), QStringLiteral("Error"))}};
    const QJsonObject errorDocument =
        objectSchema({{QStringLiteral("status"),
                       stringProperty(QStringLiteral("invalid_input, license_refused, provider_failed, network_failed, "
                                                     "configuration_error, or the code of a request error."))},
                      {QStringLiteral("errors"), errorList},
                      {QStringLiteral("warnings"), errorList}},
                     {QStringLiteral("status"), QStringLiteral("errors")});
    const QJsonObject summary =
        objectSchema({{QStringLiteral("id"), stringProperty(QStringLiteral("Action id."))},
                      {QStringLiteral("title"), stringProperty(QStringLiteral("Title for a palette."))},
                      {QStringLiteral("provider"), stringProperty(QStringLiteral("Provider id."))},
                      {QStringLiteral("category"), stringProperty(QStringLiteral("Category for a palette."))},
                      {QStringLiteral("version"), stringProperty(QStringLiteral("Declaration version."))}},
                     {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("provider")});
    const QJsonObject summaries{{QStringLiteral("type"), QStringLiteral("array")},
                                {QStringLiteral("items"),
                                 ref(QStringLiteral("schemas"), QStringLiteral("ActionSummary"))}};
    const QJsonObject actionList = objectSchema({{QStringLiteral("actions"), summaries},
                                                 {QStringLiteral("triggers"), summaries}},
                                                {QStringLiteral("actions")});
    QJsonObject metadata = objectSchema(
        {{QStringLiteral("id"), stringProperty(QStringLiteral("Action id."))},
         {QStringLiteral("title"), stringProperty(QStringLiteral("Action title."))},
         {QStringLiteral("groups"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                      {QStringLiteral("description"),
                       QStringLiteral("Field groups in order, each with its fields (key, label, type, description, "
                                      "required, locked, default, options, constraints).")},
                      {QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}}},
         {QStringLiteral("outputs"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                      {QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}}}},
        {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("groups")});
    const QJsonObject licenseStatus = objectSchema(
        {{QStringLiteral("status"), stringProperty(QStringLiteral("valid"))},
         {QStringLiteral("licensee"), stringProperty(QStringLiteral("Who holds the licence."))},
         {QStringLiteral("bundles"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                      {QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
         {QStringLiteral("expires"), stringProperty(QStringLiteral("RFC 3339 time."))}},
        {QStringLiteral("status"), QStringLiteral("licensee"), QStringLiteral("bundles")});
    const QJsonObject option = objectSchema(
        {{QStringLiteral("value"), QJsonObject{{QStringLiteral("description"), QStringLiteral("The value to send.")}}},
         {QStringLiteral("label"), stringProperty(QStringLiteral("The text to show (at most 200 characters)."))}},
        {QStringLiteral("value"), QStringLiteral("label")});
    const QJsonObject fieldOptions = objectSchema(
        {{QStringLiteral("options"),
          arrayOf(option, QStringLiteral("The choices matching the search, at most 100, in the source's order."))},
         {QStringLiteral("freeText"),
          typed(QStringLiteral("boolean"), QStringLiteral("True when the field takes free text: no choices are "
                                                          "declared, or they cannot be loaded (see reason)."))},
         {QStringLiteral("reason"), stringProperty(QStringLiteral("Why the field is free text."))},
         {QStringLiteral("truncated"),
          typed(QStringLiteral("boolean"), QStringLiteral("More choices matched than were returned."))},
         {QStringLiteral("nextCursor"),
          stringProperty(QStringLiteral("Pass as ?cursor= for the next page of a paged source; absent on the last."))}},
        {QStringLiteral("options"), QStringLiteral("freeText")});
    const QJsonObject migration = objectSchema(
        {{QStringLiteral("from"), stringProperty(QStringLiteral("The version the inputs were saved under."))},
         {QStringLiteral("inputs"), typed(QStringLiteral("object"), QStringLiteral("The inputs as they were saved."))}},
        {QStringLiteral("from"), QStringLiteral("inputs")});
    const QJsonObject migrated = objectSchema(
        {{QStringLiteral("from"), stringProperty(QStringLiteral("The saved version."))},
         {QStringLiteral("to"), stringProperty(QStringLiteral("The declaration's version now."))},
         {QStringLiteral("inputs"), typed(QStringLiteral("object"), QStringLiteral("The inputs, upgraded."))},
         {QStringLiteral("changes"), arrayOf({{QStringLiteral("type"), QStringLiteral("string")}},
                                             QStringLiteral("What each step changed, in words; empty when "
                                                            "nothing had to."))}},
        {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("inputs"), QStringLiteral("changes")});
    const QJsonObject connectionTest = objectSchema(
        {{QStringLiteral("status"), stringProperty(QStringLiteral("ok"))},
         {QStringLiteral("message"), stringProperty(QStringLiteral("What the test found; never holds a secret."))},
         {QStringLiteral("discovered"),
          typed(QStringLiteral("object"),
                QStringLiteral("Connection settings the provider told (Daily: domain, domain_id), to be saved."))}},
        {QStringLiteral("status"), QStringLiteral("message"), QStringLiteral("discovered")});
    return {{QStringLiteral("Error"), error},
            {QStringLiteral("ErrorDocument"), errorDocument},
            {QStringLiteral("FieldOptions"), fieldOptions},
            {QStringLiteral("Migration"), migration},
            {QStringLiteral("MigratedInputs"), migrated},
            {QStringLiteral("ConnectionTestResult"), connectionTest},
            {QStringLiteral("ActionSummary"), summary},
            {QStringLiteral("ActionList"), actionList},
            {QStringLiteral("ActionMetadata"), metadata},
            {QStringLiteral("LicenseStatus"), licenseStatus}};
}

QJsonObject operation(const QString &operationId, const QString &summary, const QJsonObject &responses, bool isPublic)
{
    QJsonObject operation{{QStringLiteral("operationId"), operationId},
                          {QStringLiteral("summary"), summary},
                          {QStringLiteral("responses"), responses}};
    if (isPublic)
        operation.insert(QStringLiteral("security"), QJsonArray());
    return operation;
}

QJsonObject textOperation(const QString &operationId, const QString &summary, const QString &mediaType)
{
    const QJsonObject ok{
        {QStringLiteral("description"), summary},
        {QStringLiteral("content"),
         QJsonObject{{mediaType, QJsonObject{{QStringLiteral("schema"),
                                              QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}}}};
    return operation(operationId, summary, {{QStringLiteral("200"), ok}}, operationId != QLatin1String("metrics"));
}

QString operationName(const QString &actionId)
{
    QString name = actionId;
    return name.replace(QLatin1Char('.'), QLatin1Char('_'));
}

QJsonObject idParameter(const QString &description)
{
    return {{QStringLiteral("name"), QStringLiteral("id")},
            {QStringLiteral("in"), QStringLiteral("path")},
            {QStringLiteral("required"), true},
            {QStringLiteral("description"), description},
            {QStringLiteral("schema"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}, {QStringLiteral("minimum"), 1}}}};
}

QJsonObject queryNumber(const QString &name, const QString &description)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("in"), QStringLiteral("query")},
            {QStringLiteral("required"), false},
            {QStringLiteral("description"), description},
            {QStringLiteral("schema"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}, {QStringLiteral("minimum"), 1}}}};
}

// The routes of RunHistoryApi, and the Run schema they answer with.
void addRunHistory(QJsonObject *paths, QJsonObject *schemas, const QJsonObject &unauthorized)
{
    const QJsonObject object{{QStringLiteral("type"), QStringLiteral("object")}};
    const QJsonObject errorList{{QStringLiteral("type"), QStringLiteral("array")},
                                {QStringLiteral("items"), ref(QStringLiteral("schemas"), QStringLiteral("Error"))}};
    schemas->insert(
        QStringLiteral("Run"),
        objectSchema({{QStringLiteral("id"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                      {QStringLiteral("action"), stringProperty(QStringLiteral("Action id."))},
                      {QStringLiteral("version"), stringProperty(QStringLiteral("Declaration version when it ran."))},
                      {QStringLiteral("origin"), stringProperty(QStringLiteral("http, or replay."))},
                      {QStringLiteral("started_at"), stringProperty(QStringLiteral("RFC 3339 time."))},
                      {QStringLiteral("duration_ms"), QJsonObject{{QStringLiteral("type"), QStringLiteral("number")}}},
                      {QStringLiteral("inputs"), object},
                      {QStringLiteral("masked_inputs"),
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                   {QStringLiteral("description"),
                                    QStringLiteral("Sensitive inputs, not kept: a replay needs them again.")},
                                   {QStringLiteral("items"),
                                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
                      {QStringLiteral("status"), stringProperty(QStringLiteral("succeeded, invalid_input, ..."))},
                      {QStringLiteral("outputs"), object},
                      {QStringLiteral("errors"), errorList},
                      {QStringLiteral("warnings"), errorList},
                      {QStringLiteral("owner"),
                       stringProperty(QStringLiteral("The provider account it ran for: a SHA-256 digest of its "
                                                     "settings, never a key; empty for the host's own."))}},
                     {QStringLiteral("id"), QStringLiteral("action"), QStringLiteral("status")}));
    const QJsonObject runList = objectSchema(
        {{QStringLiteral("runs"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                      {QStringLiteral("items"), ref(QStringLiteral("schemas"), QStringLiteral("Run"))}}},
         {QStringLiteral("next_before"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                      {QStringLiteral("description"), QStringLiteral("?before= of the next, older page.")}}}},
        {QStringLiteral("runs")});
    const QJsonObject unavailable = errorResponse(QStringLiteral("The store cannot be read."));
    const QJsonObject notKept = errorResponse(QStringLiteral("No such run of the caller's account is kept."));
    QJsonObject list = operation(QStringLiteral("listRuns"), QStringLiteral("Recorded invocations, newest first."),
                                 {{QStringLiteral("200"), response(QStringLiteral("A page of runs."), runList)},
                                  {QStringLiteral("401"), unauthorized},
                                  {QStringLiteral("422"), errorResponse(QStringLiteral("A bad limit or before."))},
                                  {QStringLiteral("503"), unavailable}},
                                 false);
    list.insert(QStringLiteral("parameters"),
                QJsonArray{queryNumber(QStringLiteral("limit"), QStringLiteral("Runs per page (at most 500).")),
                           queryNumber(QStringLiteral("before"), QStringLiteral("Only runs older than this id."))});
    paths->insert(QStringLiteral("/v1/runs"), QJsonObject{{QStringLiteral("get"), list}});
    QJsonObject show =
        operation(QStringLiteral("getRun"), QStringLiteral("One recorded invocation."),
                  {{QStringLiteral("200"),
                    response(QStringLiteral("The run."), ref(QStringLiteral("schemas"), QStringLiteral("Run")))},
                   {QStringLiteral("401"), unauthorized},
                   {QStringLiteral("404"), notKept},
                   {QStringLiteral("503"), unavailable}},
                  false);
    show.insert(QStringLiteral("parameters"), QJsonArray{idParameter(QStringLiteral("Run id."))});
    paths->insert(QStringLiteral("/v1/runs/{id}"), QJsonObject{{QStringLiteral("get"), show}});
    QJsonObject replay =
        operation(QStringLiteral("replayRun"), QStringLiteral("Runs a recorded invocation's inputs again."),
                  {{QStringLiteral("200"), response(QStringLiteral("Succeeded: the outputs."), object)},
                   {QStringLiteral("400"), errorResponse(QStringLiteral("The body is not a JSON object."))},
                   {QStringLiteral("401"), unauthorized},
                   {QStringLiteral("404"), notKept},
                   {QStringLiteral("422"),
                    errorResponse(QStringLiteral("Invalid inputs, or masked inputs not sent again (named)."))},
                   {QStringLiteral("503"), unavailable}},
                  false);
    replay.insert(QStringLiteral("description"),
                  QStringLiteral("The body's inputs replace the stored ones and must hold every masked input; "
                                 "answered as an invocation of the run's action."));
    replay.insert(QStringLiteral("parameters"), QJsonArray{idParameter(QStringLiteral("Run id."))});
    replay.insert(QStringLiteral("requestBody"),
                  QJsonObject{{QStringLiteral("required"), false}, {QStringLiteral("content"), jsonContent(object)}});
    paths->insert(QStringLiteral("/v1/runs/{id}/replay"), QJsonObject{{QStringLiteral("post"), replay}});
}

// A path parameter of the trigger subscription routes.
QJsonObject pathParameter(const QString &name, const QString &description)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("in"), QStringLiteral("path")},
            {QStringLiteral("required"), true},
            {QStringLiteral("description"), description},
            {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
}

// The routes of SubscriptionApi, and the Subscription and Delivery schemas they answer with.
void addSubscriptions(QJsonObject *paths, QJsonObject *schemas, const QJsonObject &unauthorized)
{
    const QJsonObject object{{QStringLiteral("type"), QStringLiteral("object")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};
    schemas->insert(
        QStringLiteral("Subscription"),
        objectSchema({{QStringLiteral("subscription"), stringProperty(QStringLiteral("sub_ and 24 hex digits."))},
                      {QStringLiteral("trigger"), stringProperty(QStringLiteral("Trigger id."))},
                      {QStringLiteral("filters"), object},
                      {QStringLiteral("target_url"), stringProperty(QStringLiteral("Where events are POSTed."))},
                      {QStringLiteral("state"), stringProperty(QStringLiteral("enabled or disabled."))},
                      {QStringLiteral("disabled_reason"), stringProperty(QStringLiteral("Why delivery stopped."))},
                      {QStringLiteral("created_at"), stringProperty(QStringLiteral("RFC 3339 time."))},
                      {QStringLiteral("delivered_through"), integer},
                      {QStringLiteral("failed_attempts"), integer},
                      {QStringLiteral("next_attempt_at"), stringProperty(QStringLiteral("RFC 3339 time."))},
                      {QStringLiteral("secret"),
                       stringProperty(QStringLiteral("whsec_...: only in the answers that create or rotate it."))}},
                     {QStringLiteral("subscription"), QStringLiteral("trigger"), QStringLiteral("state")}));
    schemas->insert(
        QStringLiteral("Delivery"),
        objectSchema({{QStringLiteral("id"), integer},
                      {QStringLiteral("log_id"), integer},
                      {QStringLiteral("webhook_id"), stringProperty(QStringLiteral("webhook-id header."))},
                      {QStringLiteral("attempt"), integer},
                      {QStringLiteral("attempted_at"), stringProperty(QStringLiteral("RFC 3339 time."))},
                      {QStringLiteral("status"), integer},
                      {QStringLiteral("latency_ms"), QJsonObject{{QStringLiteral("type"), QStringLiteral("number")}}},
                      {QStringLiteral("succeeded"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                      {QStringLiteral("error"), stringProperty(QStringLiteral("Why it failed."))}},
                     {QStringLiteral("id"), QStringLiteral("log_id"), QStringLiteral("attempt")}));
    const QJsonObject subscription = ref(QStringLiteral("schemas"), QStringLiteral("Subscription"));
    const QJsonObject unknown = errorResponse(QStringLiteral("No such trigger or subscription."));
    const QJsonObject unavailable = errorResponse(QStringLiteral("The store failed."));
    const QJsonObject trigger = pathParameter(QStringLiteral("trigger"), QStringLiteral("Trigger id."));
    const QJsonObject id = pathParameter(QStringLiteral("subscription"), QStringLiteral("Subscription id."));
    const auto withParameters = [](QJsonObject operation, const QJsonArray &parameters) {
        operation.insert(QStringLiteral("parameters"), parameters);
        return operation;
    };
    QJsonObject create = withParameters(
        operation(QStringLiteral("createSubscription"),
                  QStringLiteral("Subscribes to a trigger; with target_url its events are pushed there, signed as "
                                 "Standard Webhooks with the secret of this answer."),
                  {{QStringLiteral("201"), response(QStringLiteral("The subscription and its secret."), subscription)},
                   {QStringLiteral("400"), errorResponse(QStringLiteral("The body is not a JSON object."))},
                   {QStringLiteral("401"), unauthorized},
                   {QStringLiteral("403"), errorResponse(QStringLiteral("The licence lacks the trigger's bundle."))},
                   {QStringLiteral("404"), unknown},
                   {QStringLiteral("422"), errorResponse(QStringLiteral("A bad filter or target_url (named)."))},
                   {QStringLiteral("503"), unavailable}},
                  false),
        {trigger});
    create.insert(QStringLiteral("requestBody"),
                  QJsonObject{{QStringLiteral("required"), false},
                              {QStringLiteral("content"),
                               jsonContent(objectSchema({{QStringLiteral("target_url"),
                                                          stringProperty(QStringLiteral("An https URL."))},
                                                         {QStringLiteral("filters"), object}},
                                                        {}))}});
    const QJsonObject list = withParameters(
        operation(QStringLiteral("listSubscriptions"), QStringLiteral("A trigger's subscriptions, without secrets."),
                  {{QStringLiteral("200"),
                    response(QStringLiteral("The subscriptions."),
                             objectSchema({{QStringLiteral("subscriptions"),
                                            QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                        {QStringLiteral("items"), subscription}}}},
                                          {QStringLiteral("subscriptions")}))},
                   {QStringLiteral("401"), unauthorized},
                   {QStringLiteral("404"), unknown}},
                  false),
        {trigger});
    paths->insert(QStringLiteral("/v1/triggers/{trigger}/subscriptions"),
                  QJsonObject{{QStringLiteral("post"), create}, {QStringLiteral("get"), list}});
    const QJsonObject ended = objectSchema({{QStringLiteral("subscription"), stringProperty(QStringLiteral("Id."))}},
                                           {QStringLiteral("subscription")});
    paths->insert(QStringLiteral("/v1/triggers/{trigger}/subscriptions/{subscription}"),
                  QJsonObject{
                      {QStringLiteral("delete"),
                       withParameters(operation(QStringLiteral("deleteSubscription"),
                                                QStringLiteral("Ends a subscription."),
                                                {{QStringLiteral("200"), response(QStringLiteral("Ended."), ended)},
                                                 {QStringLiteral("401"), unauthorized},
                                                 {QStringLiteral("404"), unknown},
                                                 {QStringLiteral("503"), unavailable}},
                                                false),
                                      {trigger, id})}});
    paths->insert(QStringLiteral("/v1/triggers/{trigger}/subscriptions/{subscription}/rotate-secret"),
                  QJsonObject{{QStringLiteral("post"),
                               withParameters(operation(QStringLiteral("rotateSubscriptionSecret"),
                                                        QStringLiteral("A new secret; the old one signs too until "
                                                                       "previous_secret_expires_at."),
                                                        {{QStringLiteral("200"),
                                                          response(QStringLiteral("The new secret."), object)},
                                                         {QStringLiteral("401"), unauthorized},
                                                         {QStringLiteral("404"), unknown},
                                                         {QStringLiteral("503"), unavailable}},
                                                        false),
                                              {trigger, id})}});
    paths->insert(
        QStringLiteral("/v1/triggers/{trigger}/subscriptions/{subscription}/deliveries"),
        QJsonObject{
            {QStringLiteral("get"),
             withParameters(
                 operation(QStringLiteral("listDeliveries"), QStringLiteral("Delivery attempts, newest first."),
                           {{QStringLiteral("200"),
                             response(QStringLiteral("The attempts."),
                                      objectSchema(
                                          {{QStringLiteral("deliveries"),
                                            QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                        {QStringLiteral("items"),
                                                         ref(QStringLiteral("schemas"), QStringLiteral("Delivery"))}}}},
                                          {QStringLiteral("deliveries")}))},
                            {QStringLiteral("401"), unauthorized},
                            {QStringLiteral("404"), unknown},
                            {QStringLiteral("422"), errorResponse(QStringLiteral("A bad limit."))},
                            {QStringLiteral("503"), unavailable}},
                           false),
                 {trigger, id,
                  queryNumber(QStringLiteral("limit"), QStringLiteral("Attempts per page (at most 500)."))})}});
    QJsonObject redeliver = withParameters(
        operation(QStringLiteral("redeliver"),
                  QStringLiteral("Enables the subscription again and delivers from after_log_id, or from where it "
                                 "stopped."),
                  {{QStringLiteral("200"), response(QStringLiteral("The subscription."), subscription)},
                   {QStringLiteral("401"), unauthorized},
                   {QStringLiteral("404"), unknown},
                   {QStringLiteral("422"), errorResponse(QStringLiteral("A bad after_log_id, or no target_url."))},
                   {QStringLiteral("503"), unavailable}},
                  false),
        {trigger, id});
    redeliver.insert(QStringLiteral("requestBody"),
                     QJsonObject{{QStringLiteral("required"), false},
                                 {QStringLiteral("content"),
                                  jsonContent(objectSchema({{QStringLiteral("after_log_id"), integer}}, {}))}});
    paths->insert(QStringLiteral("/v1/triggers/{trigger}/subscriptions/{subscription}/redeliver"),
                  QJsonObject{{QStringLiteral("post"), redeliver}});
}

} // namespace

QJsonObject OpenApiDocument::build(const QList<ActionSpec> &actions, bool withRunHistory, bool withSubscriptions)
{
    QJsonObject schemas = commonSchemas();
    const QJsonObject unauthorized = errorResponse(QStringLiteral("No or no accepted bearer key."));
    const QJsonObject notFound = errorResponse(QStringLiteral("No action with this id."));
    QJsonObject paths;
    const QJsonObject health = response(QStringLiteral("The service answers."),
                                        objectSchema({{QStringLiteral("status"), stringProperty(QStringLiteral("ok"))}},
                                                     {QStringLiteral("status")}));
    paths.insert(QStringLiteral("/healthz"),
                 QJsonObject{
                     {QStringLiteral("get"), operation(QStringLiteral("health"), QStringLiteral("Liveness probe."),
                                                       {{QStringLiteral("200"), health}}, true)}});
    paths.insert(QStringLiteral("/readyz"),
                 QJsonObject{{QStringLiteral("get"),
                              operation(QStringLiteral("ready"),
                                        QStringLiteral("Readiness probe: plugins loaded and not stopping."),
                                        {{QStringLiteral("200"),
                                          response(QStringLiteral("Ready."),
                                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}})},
                                         {QStringLiteral("503"), errorResponse(QStringLiteral("Not ready."))}},
                                        true)}});
    paths.insert(QStringLiteral("/metrics"),
                 QJsonObject{{QStringLiteral("get"),
                              textOperation(QStringLiteral("metrics"), QStringLiteral("Prometheus metrics."),
                                            QStringLiteral("text/plain"))}});
    paths.insert(QStringLiteral("/openapi.json"),
                 QJsonObject{{QStringLiteral("get"),
                              operation(QStringLiteral("openapi"), QStringLiteral("This document."),
                                        {{QStringLiteral("200"),
                                          response(QStringLiteral("OpenAPI 3.1 document."),
                                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}})}},
                                        true)}});
    paths.insert(
        QStringLiteral("/v1/actions"),
        QJsonObject{
            {QStringLiteral("get"),
             operation(QStringLiteral("listActions"), QStringLiteral("The actions and triggers of the loaded plugins."),
                       {{QStringLiteral("200"), response(QStringLiteral("Actions."),
                                                         ref(QStringLiteral("schemas"), QStringLiteral("ActionList")))},
                        {QStringLiteral("401"), unauthorized}},
                       false)}});
    const QJsonObject idParameter = parameter(QStringLiteral("id"), QStringLiteral("path"),
                                              QStringLiteral("Action id."));
    const QJsonObject licenseReference = ref(QStringLiteral("parameters"), QStringLiteral("License"));
    const QJsonObject connectionReference = ref(QStringLiteral("parameters"), QStringLiteral("Connection"));
    const QJsonObject connectionRefused = errorResponse(
        QStringLiteral("The connection sent is refused (invalid_connection, naming the setting), or a host of "
                       "per-request connections got none for the provider (connection_required)."));
    QJsonObject describe = operation(QStringLiteral("describeAction"),
                                     QStringLiteral("Field metadata of one action, as seen with the licence in force."),
                                     {{QStringLiteral("200"),
                                       response(QStringLiteral("Field metadata."),
                                                ref(QStringLiteral("schemas"), QStringLiteral("ActionMetadata")))},
                                      {QStringLiteral("401"), unauthorized},
                                      {QStringLiteral("404"), notFound}},
                                     false);
    describe.insert(QStringLiteral("parameters"), QJsonArray{idParameter, licenseReference});
    paths.insert(QStringLiteral("/v1/actions/{id}"), QJsonObject{{QStringLiteral("get"), describe}});
    QJsonObject license = operation(
        QStringLiteral("checkLicense"),
        QStringLiteral("Verifies a licence document and says what it unlocks; nothing is stored."),
        {{QStringLiteral("200"), response(QStringLiteral("The licence verifies."),
                                          ref(QStringLiteral("schemas"), QStringLiteral("LicenseStatus")))},
         {QStringLiteral("401"), unauthorized},
         {QStringLiteral("422"), errorResponse(QStringLiteral("The licence is refused (signature, expiry, form)."))}},
        false);
    license.insert(QStringLiteral("requestBody"),
                   QJsonObject{{QStringLiteral("required"), true},
                               {QStringLiteral("content"),
                                jsonContent({{QStringLiteral("type"), QStringLiteral("object")}})}});
    paths.insert(QStringLiteral("/v1/license"), QJsonObject{{QStringLiteral("post"), license}});
    if (withRunHistory)
        addRunHistory(&paths, &schemas, unauthorized);
    if (withSubscriptions)
        addSubscriptions(&paths, &schemas, unauthorized);

    QJsonObject options =
        operation(QStringLiteral("fieldOptions"),
                  QStringLiteral("A field's choices: declared, or loaded from the provider with the caller's licence."),
                  {{QStringLiteral("200"), response(QStringLiteral("The choices, or free text and why."),
                                                    ref(QStringLiteral("schemas"), QStringLiteral("FieldOptions")))},
                   {QStringLiteral("400"), connectionRefused},
                   {QStringLiteral("401"), unauthorized},
                   {QStringLiteral("404"), errorResponse(QStringLiteral("No action with this id, or no such field."))}},
                  false);
    options.insert(QStringLiteral("parameters"),
                   QJsonArray{idParameter,
                              parameter(QStringLiteral("field"), QStringLiteral("path"), QStringLiteral("Field key.")),
                              parameter(QStringLiteral("search"), QStringLiteral("query"),
                                        QStringLiteral("Only choices whose label holds this text (any case).")),
                              parameter(QStringLiteral("cursor"), QStringLiteral("query"),
                                        QStringLiteral("The nextCursor of an earlier answer.")),
                              licenseReference, connectionReference});
    paths.insert(QStringLiteral("/v1/actions/{id}/fields/{field}/options"),
                 QJsonObject{{QStringLiteral("get"), options}});

    QJsonObject migrate = operation(
        QStringLiteral("migrateInputs"),
        QStringLiteral("Upgrades inputs saved under an older version of the action's declaration."),
        {{QStringLiteral("200"), response(QStringLiteral("The inputs, upgraded, and what changed."),
                                          ref(QStringLiteral("schemas"), QStringLiteral("MigratedInputs")))},
         {QStringLiteral("400"), errorResponse(QStringLiteral("The body is not {\"from\", \"inputs\"}."))},
         {QStringLiteral("401"), unauthorized},
         {QStringLiteral("404"), notFound},
         {QStringLiteral("415"), errorResponse(QStringLiteral("The body is not application/json."))},
         {QStringLiteral("422"), errorResponse(QStringLiteral("The declaration cannot migrate from that version."))}},
        false);
    migrate.insert(QStringLiteral("parameters"), QJsonArray{idParameter});
    migrate.insert(QStringLiteral("requestBody"),
                   QJsonObject{{QStringLiteral("required"), true},
                               {QStringLiteral("content"),
                                jsonContent(ref(QStringLiteral("schemas"), QStringLiteral("Migration")))}});
    paths.insert(QStringLiteral("/v1/actions/{id}/migrate"), QJsonObject{{QStringLiteral("post"), migrate}});

    QJsonObject test = operation(
        QStringLiteral("testConnection"),
        QStringLiteral("Sends the provider's declared connection test with the caller's connection, or the "
                       "service's when the caller sends none."),
        {{QStringLiteral("200"), response(QStringLiteral("The credentials work; what the provider told."),
                                          ref(QStringLiteral("schemas"), QStringLiteral("ConnectionTestResult")))},
         {QStringLiteral("400"), connectionRefused},
         {QStringLiteral("401"), unauthorized},
         {QStringLiteral("404"), errorResponse(QStringLiteral("No provider with this id."))},
         {QStringLiteral("415"), errorResponse(QStringLiteral("The request is not sent as application/json."))},
         {QStringLiteral("500"),
          errorResponse(QStringLiteral("No test is declared, or the connection settings are missing or wrong."))},
         {QStringLiteral("502"), errorResponse(QStringLiteral("The provider refused the key, or answered otherwise."))},
         {QStringLiteral("504"), errorResponse(QStringLiteral("The provider could not be reached."))}},
        false);
    test.insert(QStringLiteral("parameters"), QJsonArray{parameter(QStringLiteral("provider"), QStringLiteral("path"),
                                                                   QStringLiteral("Provider id.")),
                                                         connectionReference});
    paths.insert(QStringLiteral("/v1/connections/{provider}/test"), QJsonObject{{QStringLiteral("post"), test}});

    QJsonObject exportOperation = operation(
        QStringLiteral("exportPackage"),
        QStringLiteral("The declarations as a package of a workflow builder, every file's text by its path."),
        {{QStringLiteral("200"),
          response(QStringLiteral("The package's files."),
                   objectSchema({{QStringLiteral("builder"), stringProperty(QStringLiteral("The builder."))},
                                 {QStringLiteral("files"),
                                  QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                              {QStringLiteral("description"),
                                               QStringLiteral("Each file's text by its path in the package.")},
                                              {QStringLiteral("additionalProperties"),
                                               QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}},
                                {QStringLiteral("builder"), QStringLiteral("files")}))},
         {QStringLiteral("401"), unauthorized},
         {QStringLiteral("404"), errorResponse(QStringLiteral("No export for this builder."))},
         {QStringLiteral("422"), errorResponse(QStringLiteral("An unknown provider, or what cannot be exported."))}},
        false);
    exportOperation.insert(
        QStringLiteral("parameters"),
        QJsonArray{parameter(QStringLiteral("builder"), QStringLiteral("path"), QStringLiteral("Builder, e.g. n8n.")),
                   parameter(QStringLiteral("provider"), QStringLiteral("query"),
                             QStringLiteral("Only this provider's actions and triggers.")),
                   parameter(QStringLiteral("package_name"), QStringLiteral("query"),
                             QStringLiteral("The package's name instead of the builder's conventional one."))});
    paths.insert(QStringLiteral("/v1/exports/{builder}"), QJsonObject{{QStringLiteral("get"), exportOperation}});

    for (const ActionSpec &action : actions) {
        if (action.hasError())
            continue;
        const QString id = action.id();
        schemas.insert(id + QStringLiteral(".inputs"), embeddedSchema(action.inputSchema()));
        schemas.insert(id + QStringLiteral(".outputs"), embeddedSchema(action.outputSchema()));
        const QJsonObject result = objectSchema(
            {{QStringLiteral("status"), QJsonObject{{QStringLiteral("const"), QStringLiteral("succeeded")}}},
             {QStringLiteral("outputs"), ref(QStringLiteral("schemas"), id + QStringLiteral(".outputs"))},
             {QStringLiteral("warnings"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                          {QStringLiteral("items"), ref(QStringLiteral("schemas"), QStringLiteral("Error"))}}}},
            {QStringLiteral("status"), QStringLiteral("outputs")});
        QJsonObject invoke = operation(
            QStringLiteral("invoke_") + operationName(id), action.title(),
            {{QStringLiteral("200"), response(QStringLiteral("Succeeded: the outputs."), result)},
             {QStringLiteral("400"),
              errorResponse(QStringLiteral(
                  "The body is not a JSON object (invalid_json), the connection sent is refused "
                  "(invalid_connection, naming the setting), or a host of per-request connections got none for the "
                  "action's provider (connection_required)."))},
             {QStringLiteral("401"), unauthorized},
             {QStringLiteral("403"),
              errorResponse(QStringLiteral("A field needs a bundle the licence does not hold."))},
             {QStringLiteral("413"), errorResponse(QStringLiteral("The body is over the size limit."))},
             {QStringLiteral("422"), errorResponse(QStringLiteral("Invalid inputs: every field error."))},
             {QStringLiteral("429"), errorResponse(QStringLiteral("Too many invocations running; see Retry-After."))},
             {QStringLiteral("500"),
              errorResponse(QStringLiteral("The provider's connection settings are missing or wrong."))},
             {QStringLiteral("502"), errorResponse(QStringLiteral("The provider answered with an error."))},
             {QStringLiteral("504"), errorResponse(QStringLiteral("No usable answer from the provider in time."))}},
            false);
        invoke.insert(QStringLiteral("description"), action.description());
        invoke.insert(QStringLiteral("tags"),
                      QJsonArray{action.category().isEmpty() ? action.provider() : action.category()});
        invoke.insert(QStringLiteral("parameters"), QJsonArray{licenseReference, connectionReference});
        invoke.insert(QStringLiteral("requestBody"),
                      QJsonObject{{QStringLiteral("required"), true},
                                  {QStringLiteral("content"),
                                   jsonContent(ref(QStringLiteral("schemas"), id + QStringLiteral(".inputs")))}});
        paths.insert(QStringLiteral("/v1/actions/%1/invoke").arg(id), QJsonObject{{QStringLiteral("post"), invoke}});
    }

    const QJsonObject licenseParameter{{QStringLiteral("name"), QStringLiteral("X-ActionNode-License")},
                                       {QStringLiteral("in"), QStringLiteral("header")},
                                       {QStringLiteral("required"), false},
                                       {QStringLiteral("description"),
                                        QStringLiteral("A licence document, base64: applies to this request only.")},
                                       {QStringLiteral("schema"),
                                        QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                    {QStringLiteral("contentEncoding"), QStringLiteral("base64")}}}};
    const QJsonObject connectionParameter{
        {QStringLiteral("name"), QStringLiteral("X-ActionNode-Connection")},
        {QStringLiteral("in"), QStringLiteral("header")},
        {QStringLiteral("required"), false},
        {QStringLiteral("description"),
         QStringLiteral("The caller's provider accounts, sent once: the base64 of a JSON object keyed by provider id, "
                        "{\"daily\": {\"api_key\": \"...\", \"domain\": \"...\", \"domain_id\": \"...\"}}. "
                        "Account settings only (Daily: api_key, domain, domain_id; SignalWire: space, project_id, "
                        "api_token); the base URL, CA file and timeouts stay the host's. Used for this request only. "
                        "Required by a host serving with --connections per-request.")},
        {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                               {QStringLiteral("contentEncoding"), QStringLiteral("base64")}}}};
    return {
        {QStringLiteral("openapi"), QStringLiteral("3.1.0")},
        {QStringLiteral("info"),
         QJsonObject{{QStringLiteral("title"), QStringLiteral("actionnode")},
                     {QStringLiteral("version"), QCoreApplication::applicationVersion().isEmpty()
                                                     ? QStringLiteral("0")
                                                     : QCoreApplication::applicationVersion()},
                     {QStringLiteral("description"),
                      QStringLiteral("Runs declared workflow actions; every error has one shape (ErrorDocument).")}}},
        {QStringLiteral("security"), QJsonArray{QJsonObject{{QStringLiteral("bearerKey"), QJsonArray()}}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"),
         QJsonObject{{QStringLiteral("schemas"), schemas},
                     {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("License"), licenseParameter},
                                                                {QStringLiteral("Connection"), connectionParameter}}},
                     {QStringLiteral("securitySchemes"),
                      QJsonObject{{QStringLiteral("bearerKey"),
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                               {QStringLiteral("scheme"), QStringLiteral("bearer")}}}}}}}};
}

} // namespace ActionNode
