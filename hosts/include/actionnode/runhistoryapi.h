#pragma once

#include <actionnode/httphost.h>
#include <actionnode/store.h>

#include <QJsonObject>
#include <QObject>

namespace ActionNode {

class ActionApi;
class Session;

/*!
    The routes of the run history a Session keeps in its store
    (Session::recordRun()), on the HttpHost of an ActionApi (each needs a
    bearer key, like the invocation routes):

    | route | answer |
    |---|---|
    | \c{GET /v1/runs?limit=N&before=ID} | \c{{"runs": [...], "next_before": ID}}, newest first, N at most maxPageSize
   (default defaultPageSize); \c next_before is there while older runs are kept | | \c{GET /v1/runs/{id}} | the run
   (RunRecord::toJson()); 404 \c not_found once pruned | | \c{POST /v1/runs/{id}/replay} | runs the stored inputs again,
   answered as an invocation |

    Every invocation the ActionApi answers is recorded once it has a result,
    masked as RunRecord::of() masks it: no secret is stored. A replay runs
    the inputs as stored under the declaration version they ran with, so a
    run of an older version is migrated first (its changes are warnings of
    the answer). A replay's body is a JSON object of inputs that replace the stored ones;
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

    //! Serves the run history of \a session (which has a store) on \a host, replaying through \a api.
    RunHistoryApi(Session *session, ActionApi *api, HttpHost *host);

private:
    void listRuns(const HttpExchangePtr &exchange);
    void showRun(const HttpExchangePtr &exchange);
    void replayRun(const HttpExchangePtr &exchange);
    //! The run the path names; nullopt when it was answered 404 or 503 instead.
    std::optional<RunRecord> keptRun(const HttpExchangePtr &exchange);
    //! 503 \c store_unavailable with \a reason logged, not sent (it names a file).
    static void answerStoreFailure(const HttpExchangePtr &exchange, const QString &reason);

    Session *m_session;
    ActionApi *m_api;
};

} // namespace ActionNode
