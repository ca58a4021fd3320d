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
    const std::optional<InvokeOptions> caller = m_api->providerCallOptions(exchange, {});
    if (!caller)
        return;
    const QStringList owners = ownersOf(*caller);
    // One more than asked for tells whether an older page exists.
    const int wanted = int(*limit) + 1;
    m_session->writeRecordedRuns();
    QList<RunRecord> runs;
    // The store reads by owner; the host's own runs of a provider the caller brings an account of are not its.
    for (qint64 below = *before;;) {
        QString error;
        const std::optional<QList<RunRecord>> page = m_session->store()->runs(below, wanted, owners, &error);
        if (!page) {
            answerStoreFailure(exchange, error);
            return;
        }
        for (const RunRecord &run : *page) {
            below = run.id;
            if (runs.size() < wanted && isCallers(run, *caller))
                runs.append(run);
        }
        if (page->size() < wanted || runs.size() >= wanted)
            break;
    }
    QJsonArray list;
    for (qsizetype i = 0; i < runs.size() && i < *limit; ++i)
        list.append(runs.at(i).toJson());
    QJsonObject page{{QStringLiteral("runs"), list}};
    if (runs.size() > *limit)
        page.insert(QStringLiteral("next_before"), runs.at(*limit - 1).id);
    exchange->reply(HttpReply::json(200, page));
}

std::optional<RunRecord> RunHistoryApi::keptRun(const HttpExchangePtr &exchange)
{
    const qint64 id = exchange->pathArguments().value(0).toLongLong();
    const std::optional<InvokeOptions> caller = m_api->providerCallOptions(exchange, {});
    if (!caller)
        return std::nullopt;
    m_session->writeRecordedRuns();
    QString error;
    std::optional<RunRecord> run = m_session->store()->run(id, ownersOf(*caller), &error);
    if (run && !isCallers(*run, *caller))
        run.reset();
    if (!run && !error.isEmpty())
        answerStoreFailure(exchange, error);
    else if (!run)
        exchange->reply(HttpReply::error(ErrorCode::NotFound, QStringLiteral("run %1 is not kept").arg(id)));
    return run;
}

bool RunHistoryApi::isCallers(const RunRecord &run, const InvokeOptions &caller) const
{
    return run.owner == caller.ownerFor(m_session->runtime()->action(run.action).provider());
}

QStringList RunHistoryApi::ownersOf(const InvokeOptions &caller) const
{
    QStringList owners;
    for (const PluginSpec &plugin : m_session->runtime()->plugins())
        owners.append(caller.ownerFor(plugin.id()));
    owners.removeDuplicates();
    return owners;
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
    QJsonObject inputs = run->inputsObject();
    for (auto it = replacements.constBegin(); it != replacements.constEnd(); ++it)
        inputs.insert(it.key(), it.value());
    // Inputs stored under an older declaration are upgraded as saved inputs are.
    const QString current = m_session->runtime()->action(run->action).version();
    m_api->invoke(exchange, run->action, ActionInputs(inputs), QStringLiteral("replay"),
                  run->version != current ? run->version : QString());
}

} // namespace ActionNode
