#include "resttransport.h"

#include "restdeclaration.h"
#include "restpager.h"
#include "restreplymapper.h"
#include "restrequestbuilder.h"

#include <QPromise>
#include <QNetworkAccessManager>
#include <QTimer>

namespace ActionNode::Internal {

RestTransport::RestTransport()
{
    m_clock.start();
}

QFuture<ActionResult> RestTransport::send(const std::shared_ptr<const RestDeclaration> &declaration,
                                          const RestProvider &provider, const QString &providerId,
                                          const ActionInputs &inputs, const Connection &connection,
                                          const QList<QPair<QString, QString>> &queryOverrides)
{
    RestCall::Request request;
    ActionErrors errors;
    const ActionResult::Status status = RestRequestBuilder::build(*declaration, provider, inputs, connection,
                                                                  queryOverrides, &request, &errors);
    if (status != ActionResult::Status::Succeeded)
        return QtFuture::makeReadyFuture(ActionResult::failure(status, errors));

    const auto map = [declaration, provider, inputs](const RestCall::Reply &reply) {
        return RestReplyMapper::map(*declaration, provider, inputs, reply);
    };
    const qint64 waitMs = !m_honoursRateLimits
                              ? 0
                              : m_limiter.reserve(providerId + QLatin1Char('/') + declaration->rateLimit,
                                                  provider.rateLimits.value(declaration->rateLimit), m_clock.elapsed());
    if (waitMs <= 0)
        return RestCall::start(RestCall::threadNetwork(), request).then(map);

    auto promise = std::make_shared<QPromise<RestCall::Reply>>();
    promise->start();
    QFuture<ActionResult> future = promise->future().then(map);
    // Precise: a coarse timer may fire 5 % early, before the rate limit allows the request.
    QTimer::singleShot(
        std::chrono::milliseconds(waitMs), Qt::PreciseTimer, RestCall::threadNetwork(), [promise, request] {
            RestCall::start(RestCall::threadNetwork(), request).then([promise](const RestCall::Reply &reply) {
                promise->addResult(reply);
                promise->finish();
            });
        });
    return future;
}

QFuture<ActionResult> RestTransport::invoke(const std::shared_ptr<const RestDeclaration> &declaration,
                                            const RestProvider &provider, const QString &providerId,
                                            const ActionInputs &inputs, const Connection &connection)
{
    return send(declaration, provider, providerId, inputs, connection, {});
}

QFuture<ActionResult> RestTransport::invokeAllPages(const std::shared_ptr<const RestDeclaration> &declaration,
                                                    const RestProvider &provider, const QString &providerId,
                                                    const ActionInputs &inputs, const Connection &connection,
                                                    const ItemSink &sink)
{
    if (!declaration->paginated)
        return send(declaration, provider, providerId, inputs, connection, {});
    auto pager = std::make_shared<RestPager>(shared_from_this(), declaration, provider, providerId, inputs, connection,
                                             sink);
    return pager->start();
}

} // namespace ActionNode::Internal
