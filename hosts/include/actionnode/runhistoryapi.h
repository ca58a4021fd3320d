#pragma once

#include <actionnode/httphost.h>
#include <actionnode/store.h>

#include <QJsonObject>
#include <QObject>

namespace ActionNode {

class ActionApi;
class ActionSpec;
struct ActionResult;

/*!
    The run history of an ActionApi, kept in a Store, and its routes on the
    same HttpHost (each needs a bearer key, like the invocation routes):

    | route | answer |
    |---|---|
    | \c{GET /v1/runs?limit=N&before=ID} | \c{{"runs": [...], "next_before": ID}}, newest first, N at most maxPageSize
   (default defaultPageSize); \c next_before is there while older runs are kept | | \c{GET /v1/runs/{id}} | the run
   (RunRecord::toJson()); 404 \c not_found once pruned | | \c{POST /v1/runs/{id}/replay} | runs the stored inputs again,
   answered as an invocation |

    Every invocation the ActionApi answers is recorded once it has a result
    (record()), masked as RunRecord::of() masks it: no secret is stored. A
    replay's body is a JSON object of inputs that replace the stored ones;
    it must hold every input the run had masked (\c masked_inputs), else
    422 \c invalid_input names them. A replay is recorded as a run of its
    own, with origin \c replay. When the store fails, the routes answer 503
    \c store_unavailable and an invocation is answered all the same (the
    failure is logged).
*/
class RunHistoryApi : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 500;

    //! Records \a api's invocations in \a store (which must outlive this) and serves them on \a host.
    RunHistoryApi(Store *store, ActionApi *api, HttpHost *host);

    //! Records one invocation of \a action with \a inputs that ended with \a result.
    void record(const ActionSpec &action, const QJsonObject &inputs, const ActionResult &result, const QString &origin,
                double durationMs);

private:
    void listRuns(const HttpExchangePtr &exchange);
    void showRun(const HttpExchangePtr &exchange);
    void replayRun(const HttpExchangePtr &exchange);
    //! The run the path names; nullopt when it was answered 404 or 503 instead.
    std::optional<RunRecord> keptRun(const HttpExchangePtr &exchange);
    //! 503 \c store_unavailable with \a reason logged, not sent (it names a file).
    static void answerStoreFailure(const HttpExchangePtr &exchange, const QString &reason);

    Store *m_store;
    ActionApi *m_api;
};

} // namespace ActionNode
