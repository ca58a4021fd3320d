#include "resttransport.h"

#include "restdeclaration.h"
#include "restpager.h"
#include "restreplymapper.h"
#include "restrequestbuilder.h"

#include "logging.h"

#include <actionnode/errorcodes.h>
#include <actionnode/sharedratelimits.h>

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
                                          const QList<QPair<QString, QString>> &queryOverrides, const QString &pageUrl)
{
    RestCall::Request request;
    ActionErrors errors;
    const ActionResult::Status status = RestRequestBuilder::build(*declaration, provider, inputs, connection,
                                                                  queryOverrides, &request, &errors);
    if (status != ActionResult::Status::Succeeded)
        return QtFuture::makeReadyFuture(ActionResult::failure(status, errors));
    if (!pageUrl.isEmpty()) {
        const QUrl url = request.url.resolved(QUrl(pageUrl));
        const auto origin = [](const QUrl &u) {
            return u.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
        };
        if (!url.isValid() || origin(url) != origin(request.url) || !url.userInfo().isEmpty())
            return QtFuture::makeReadyFuture(ActionResult::failure(
                ActionResult::Status::ProviderFailed,
                {{ErrorCodes::name(ErrorCode::ProviderError),
                  {},
                  ErrorRule::ForeignPage,
                  QStringLiteral("%1 named its next page on another origin (%2), not followed: the request carries "
                                 "credentials")
                      .arg(provider.name, RestProvider::bounded(origin(url).toString()))}}));
        request.url = url;
    }

    const auto map = [declaration, provider, inputs](const RestCall::Reply &reply) {
        return RestReplyMapper::map(*declaration, provider, inputs, reply);
    };
    // The provider's limits are its accounts' (Daily's are per domain): one bucket per account and limit.
    const auto limit = provider.rateLimits.constFind(declaration->rateLimit);
    const qint64 waitMs = !m_honoursRateLimits || limit == provider.rateLimits.constEnd()
                              ? 0
                              : reserve(providerId + QLatin1Char('/')
                                            + QString::fromLatin1(provider.accountOf(connection)) + QLatin1Char('/')
                                            + declaration->rateLimit,
                                        *limit);
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

qint64 RestTransport::reserve(const QString &key, const RateLimiter::Limit &limit)
{
    if (m_sharedLimits) {
        QString error;
        const std::optional<qint64> waitMs = m_sharedLimits->reserve(key, limit.requests, limit.perSeconds, limit.burst,
                                                                     &error);
        if (waitMs) {
            if (m_sharedLimitsFailing)
                qCInfo(lcRest) << "the shared rate limits answer again; requests are spaced by them";
            m_sharedLimitsFailing = false;
            return *waitMs;
        }
        if (!m_sharedLimitsFailing)
            qCWarning(lcRest).noquote() << error
                                               + QStringLiteral("; until they answer, requests are spaced by this "
                                                                "process's own limits, not across replicas");
        m_sharedLimitsFailing = true;
    }
    return m_limiter.reserve(key, limit, m_clock.elapsed());
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
