#include <actionnode/connectiontest.h>

#include "jsonpointer.h"
#include "restcall.h"
#include "restprovider.h"
#include "restrequestbuilder.h"

#include <QJsonDocument>

namespace ActionNode {

using namespace Internal;

namespace {

using Result = ConnectionTest::Result;

Result result(Result::Status status, const QString &message, const QJsonObject &discovered = {})
{
    return {status, message, discovered};
}

} // namespace

QString Result::statusName(Status status)
{
    switch (status) {
    case Status::Ok: return QStringLiteral("ok");
    case Status::InvalidCredentials: return QStringLiteral("invalid_credentials");
    case Status::Unreachable: return QStringLiteral("unreachable");
    case Status::ProviderError: return QStringLiteral("provider_error");
    case Status::NotConfigured: return QStringLiteral("not_configured");
    }
    return {};
}

QJsonObject Result::toJson() const
{
    return {{QStringLiteral("status"), statusName(status)},
            {QStringLiteral("message"), message},
            {QStringLiteral("discovered"), discovered}};
}

QFuture<Result> ConnectionTest::run(const QJsonObject &manifest, const Connection &connection)
{
    // The test request is sent, authenticated and worded as the declared REST actions' are.
    RestProvider provider = RestProvider::fromManifest(manifest);
    if (provider.name.isEmpty())
        provider.name = connection.providerId();
    const QJsonObject test = manifest.value(QLatin1String("connectionTest")).toObject();
    if (test.isEmpty())
        return QtFuture::makeReadyFuture(
            result(Result::Status::NotConfigured, QStringLiteral("%1 declares no connection test").arg(provider.name)));
    if (provider.auth == RestProvider::AuthScheme::None)
        return QtFuture::makeReadyFuture(
            result(Result::Status::NotConfigured,
                   QStringLiteral("%1's manifest declares no \"auth\"").arg(provider.name)));
    // The manifest was checked against provider.schema.json: the pointers are well formed.
    QList<QPair<QString, JsonPointer>> discover;
    const QJsonObject discoverJson = test.value(QLatin1String("discover")).toObject();
    for (auto it = discoverJson.begin(); it != discoverJson.end(); ++it) {
        if (!connection.keys().contains(it.key()))
            return QtFuture::makeReadyFuture(
                result(Result::Status::NotConfigured,
                       QStringLiteral("the connection test discovers \"%1\", which is not a %2 setting")
                           .arg(it.key(), provider.name)));
        bool ok = false;
        discover.append({it.key(), JsonPointer::parse(it.value().toString(), &ok)});
    }

    RestCall::Request request;
    ActionErrors problems = connection.problems(); // checked as before every action: no line break reaches a header
    if (problems.isEmpty())
        problems = RestRequestBuilder::address(provider, connection, test.value(QLatin1String("path")).toString(),
                                               &request);
    if (!problems.isEmpty())
        return QtFuture::makeReadyFuture(result(Result::Status::NotConfigured, problems.constFirst().toString()));

    return RestCall::start(RestCall::threadNetwork(), request).then([provider, discover](const RestCall::Reply &reply) {
        if (!reply.hasHttpStatus())
            return result(Result::Status::Unreachable, provider.unreachable(reply));
        if (reply.status < 200 || reply.status > 299) {
            const QString answered = provider.answered(reply, provider.errorOf(reply.body));
            const bool refused = reply.status == 401 || reply.status == 403;
            return result(refused ? Result::Status::InvalidCredentials : Result::Status::ProviderError, answered);
        }
        if (!reply.errorString.isEmpty()) // refused, as too large
            return result(Result::Status::ProviderError, provider.answered(reply, {}));
        const QJsonValue document = QJsonDocument::fromJson(reply.body).object();
        QJsonObject discovered;
        for (const auto &[setting, pointer] : discover) {
            const QJsonValue value = pointer.resolve(document);
            // A connection setting, saved to a file: a value no account has is not taken.
            constexpr qsizetype maxSettingLength = 255;
            if (!value.isString() || value.toString().isEmpty() || value.toString().size() > maxSettingLength)
                return result(Result::Status::ProviderError,
                              QStringLiteral("%1 answered HTTP %2 without %3 (a text of 1 to %4 characters)")
                                  .arg(provider.name)
                                  .arg(reply.status)
                                  .arg(pointer.toString())
                                  .arg(maxSettingLength));
            discovered.insert(setting, value);
        }
        return result(Result::Status::Ok, QStringLiteral("%1 accepted the key").arg(provider.name), discovered);
    });
}

} // namespace ActionNode
