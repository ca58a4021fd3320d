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

    A caller reads (and replays) only the runs of its own accounts: a run
    of a provider's action is the caller's when it was made with the same
    account settings the caller's connection for that provider
    (X-ActionNode-Connection) holds, or, when the caller sends none for it,
    with the host's own connection (InvokeOptions::ownerFor()). Another
    account's run answers 404 \c not_found, as an unknown one does, so run
    ids tell nothing of other accounts.

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
    //! The run the path names; nullopt when it was answered 400, 404 or 503 instead.
    std::optional<RunRecord> keptRun(const HttpExchangePtr &exchange);
    //! Whether \a run was made for \a caller's account of its action's provider.
    bool isCallers(const RunRecord &run, const InvokeOptions &caller) const;
    //! The owners (StoredSubscription::owner) of the runs \a caller may read, one per provider.
    QStringList ownersOf(const InvokeOptions &caller) const;
    //! 503 \c store_unavailable with \a reason logged, not sent (it names a file).
    static void answerStoreFailure(const HttpExchangePtr &exchange, const QString &reason);

    Session *m_session;
    ActionApi *m_api;
};

} // namespace ActionNode
