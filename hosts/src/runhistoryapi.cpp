#include <actionnode/actionapi.h>
#include <actionnode/actionspec.h>
#include <actionnode/errorcodes.h>
#include <actionnode/runhistoryapi.h>
#include <actionnode/session.h>
#include <actionnode/store.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRunHistory)

namespace ActionNode {

namespace {

// A query parameter as a whole number from \a minimum to \a maximum, or \a fallback when absent.
std::optional<qint64> numberParameter(const QUrlQuery &query, const QString &name, qint64 minimum, qint64 maximum,
                                      qint64 fallback)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < minimum || value > maximum)
        return std::nullopt;
    return value;
}

} // namespace

RunHistoryApi::RunHistoryApi(Session *session, ActionApi *api, HttpHost *host)
    : QObject(api), m_session(session), m_api(api)
{
    using Access = HttpHost::Access;
    host->addRoute("GET", QStringLiteral("/v1/runs"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { listRuns(exchange); });
    host->addRoute("GET", QStringLiteral("/v1/runs/([0-9]{1,18})"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { showRun(exchange); });
    host->addRoute("POST", QStringLiteral("/v1/runs/([0-9]{1,18})/replay"), Access::ApiKey,
                   [this](const HttpExchangePtr &exchange) { replayRun(exchange); });
}

void RunHistoryApi::answerStoreFailure(const HttpExchangePtr &exchange, const QString &reason)
{
    qCWarning(lcRunHistory).noquote() << reason;
    exchange->reply(HttpReply::error(ErrorCode::StoreUnavailable, QStringLiteral("the run history cannot be read")));
}

void RunHistoryApi::listRuns(const HttpExchangePtr &exchange)
{
    const QUrlQuery query = exchange->query();
    const std::optional<qint64> limit = numberParameter(query, QStringLiteral("limit"), 1, maxPageSize,
                                                        defaultPageSize);
    const std::optional<qint64> before = numberParameter(query, QStringLiteral("before"), 1,
                                                         std::numeric_limits<qint64>::max(), 0);
    if (!limit || !before) {
        exchange->reply(HttpReply::error(
            ErrorCode::InvalidInput,
            QStringLiteral("?limit must be from 1 to %1 and ?before a run id (1 or more)").arg(maxPageSize)));
        return;
    }
    QString error;
    // One more than asked for tells whether an older page exists.
    const std::optional<QList<RunRecord>> runs = m_session->store()->runs(*before, int(*limit) + 1, &error);
    if (!runs) {
        answerStoreFailure(exchange, error);
        return;
    }
    QJsonArray list;
    for (qsizetype i = 0; i < runs->size() && i < *limit; ++i)
        list.append(runs->at(i).toJson());
    QJsonObject page{{QStringLiteral("runs"), list}};
    if (runs->size() > *limit)
        page.insert(QStringLiteral("next_before"), runs->at(*limit - 1).id);
    exchange->reply(HttpReply::json(200, page));
}

std::optional<RunRecord> RunHistoryApi::keptRun(const HttpExchangePtr &exchange)
{
    const qint64 id = exchange->pathArguments().value(0).toLongLong();
    QString error;
    std::optional<RunRecord> run = m_session->store()->run(id, &error);
    if (!run && !error.isEmpty())
        answerStoreFailure(exchange, error);
    else if (!run)
        exchange->reply(HttpReply::error(ErrorCode::NotFound, QStringLiteral("run %1 is not kept").arg(id)));
    return run;
}

void RunHistoryApi::showRun(const HttpExchangePtr &exchange)
{
    if (const std::optional<RunRecord> run = keptRun(exchange))
        exchange->reply(HttpReply::json(200, run->toJson()));
}

void RunHistoryApi::replayRun(const HttpExchangePtr &exchange)
{
    QJsonObject replacements;
    if (!exchange->body().trimmed().isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(exchange->body());
        if (!document.isObject()) {
            exchange->reply(HttpReply::error(ErrorCode::InvalidJson,
                                             QStringLiteral("the body must be a JSON object of inputs to replace")));
            return;
        }
        replacements = document.object();
    }
    const std::optional<RunRecord> run = keptRun(exchange);
    if (!run)
        return;
    QStringList missing;
    for (const QString &key : run->maskedInputs) {
        if (!replacements.contains(key))
            missing.append(key);
    }
    if (!missing.isEmpty()) {
        exchange->reply(HttpReply::error(
            ErrorCode::InvalidInput,
            QStringLiteral("run %1 had sensitive inputs, which are not kept; send them again in the body: %2")
                .arg(run->id)
                .arg(missing.join(QStringLiteral(", ")))));
        return;
    }
    QJsonObject inputs = run->inputs;
    for (auto it = replacements.constBegin(); it != replacements.constEnd(); ++it)
        inputs.insert(it.key(), it.value());
    // Inputs stored under an older declaration are upgraded as saved inputs are.
    const QString current = m_session->runtime()->action(run->action).version();
    m_api->invoke(exchange, run->action, inputs, QStringLiteral("replay"),
                  run->version != current ? run->version : QString());
}

} // namespace ActionNode
