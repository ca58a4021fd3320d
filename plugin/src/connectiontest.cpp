#include <actionnode/connectiontest.h>
#include <actionnode/restcall.h>

#include <QJsonDocument>

namespace ActionNode {

namespace {

using Result = ConnectionTest::Result;

Result result(Result::Status status, const QString &message, const QJsonObject &discovered = {})
{
    return {status, message, discovered};
}

// The value at a JSON pointer of \a document (no escapes: the pointers are declared).
QJsonValue valueAt(const QJsonValue &document, const QString &pointer)
{
    QJsonValue value = document;
    for (const QString &token : pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        value = value.toObject().value(token);
    return value;
}

// What the provider's error body says ("authentication-error: API key is not valid"), if anything.
QString providerMessage(const QByteArray &body, const QJsonObject &errorBody)
{
    const QJsonValue document = QJsonDocument::fromJson(body).object();
    QStringList parts;
    for (const char *key : {"type", "message"}) {
        const QString pointer = errorBody.value(QLatin1String(key)).toString();
        const QString text = pointer.isEmpty() ? QString() : valueAt(document, pointer).toString();
        if (!text.isEmpty())
            parts.append(text.left(500));
    }
    return parts.join(QStringLiteral(": "));
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
    const QString provider = manifest.value(QLatin1String("name")).toString(connection.providerId());
    const QJsonObject test = manifest.value(QLatin1String("connectionTest")).toObject();
    if (test.isEmpty())
        return QtFuture::makeReadyFuture(result(Result::Status::NotConfigured,
                                                QStringLiteral("%1 declares no connection test").arg(provider)));
    const QJsonObject auth = manifest.value(QLatin1String("auth")).toObject();
    const QString secretSetting = auth.value(QLatin1String("secret")).toString();
    if (auth.value(QLatin1String("scheme")).toString() != QLatin1String("bearer") || secretSetting.isEmpty())
        return QtFuture::makeReadyFuture(result(Result::Status::NotConfigured,
                                                QStringLiteral("%1's manifest declares no bearer \"auth\"").arg(provider)));
    if (!connection.hasValue(secretSetting))
        return QtFuture::makeReadyFuture(result(Result::Status::NotConfigured,
                                                QStringLiteral("no %1 set for %2").arg(secretSetting, provider)));
    const QJsonObject discover = test.value(QLatin1String("discover")).toObject();
    for (auto it = discover.begin(); it != discover.end(); ++it) {
        if (!connection.keys().contains(it.key()))
            return QtFuture::makeReadyFuture(result(
                Result::Status::NotConfigured,
                QStringLiteral("the connection test discovers \"%1\", which is not a %2 setting").arg(it.key(), provider)));
    }

    const QString baseSetting = manifest.value(QLatin1String("baseUrl")).toString();
    RestCall::Request request;
    const ActionErrors problems = RestCall::prepare(&request, connection, connection.value(baseSetting), baseSetting,
                                                    test.value(QLatin1String("path")).toString());
    if (!problems.isEmpty())
        return QtFuture::makeReadyFuture(result(Result::Status::NotConfigured, problems.constFirst().toString()));
    request.method = test.value(QLatin1String("method")).toString(QStringLiteral("GET")).toLatin1();
    request.headers = {{"Authorization", "Bearer " + connection.value(secretSetting).toUtf8()}};
    const QJsonObject errorBody = manifest.value(QLatin1String("errorBody")).toObject();

    return RestCall::start(RestCall::threadNetwork(), request).then([provider, discover, errorBody](const RestCall::Reply &reply) {
        if (!reply.hasHttpStatus())
            return result(Result::Status::Unreachable, QStringLiteral("%1 could not be reached after %2 attempt(s): %3")
                                                           .arg(provider).arg(reply.attempts).arg(reply.errorString));
        const QString said = providerMessage(reply.body, errorBody);
        const QString answered = QStringLiteral("%1 answered HTTP %2%3")
                                     .arg(provider).arg(reply.status).arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said);
        if (reply.status == 401 || reply.status == 403)
            return result(Result::Status::InvalidCredentials, answered);
        if (reply.status < 200 || reply.status > 299)
            return result(Result::Status::ProviderError, answered);
        const QJsonValue document = QJsonDocument::fromJson(reply.body).object();
        QJsonObject discovered;
        for (auto it = discover.begin(); it != discover.end(); ++it) {
            const QJsonValue value = valueAt(document, it.value().toString());
            if (!value.isString() || value.toString().isEmpty())
                return result(Result::Status::ProviderError, QStringLiteral("%1 answered HTTP %2 without %3")
                                                                 .arg(provider).arg(reply.status).arg(it.value().toString()));
            discovered.insert(it.key(), value);
        }
        return result(Result::Status::Ok, QStringLiteral("%1 accepted the key").arg(provider), discovered);
    });
}

} // namespace ActionNode
