#include "restprovider.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ActionNode::Internal {

QString RestProvider::bounded(const QString &text)
{
    constexpr qsizetype maxLength = 500;
    return text.size() <= maxLength ? text : text.left(maxLength) + QStringLiteral("…");
}

RestProvider RestProvider::fromManifest(const QJsonObject &manifest)
{
    // The manifest was checked against provider.schema.json when it was read.
    RestProvider provider;
    provider.name = manifest.value(QLatin1String("name")).toString();
    const QJsonObject auth = manifest.value(QLatin1String("auth")).toObject();
    const QString scheme = auth.value(QLatin1String("scheme")).toString();
    if (scheme == QLatin1String("bearer"))
        provider.auth = AuthScheme::Bearer;
    else if (scheme == QLatin1String("basic"))
        provider.auth = AuthScheme::Basic;
    provider.authUserSetting = auth.value(QLatin1String("user")).toString();
    provider.authSecretSetting = auth.value(QLatin1String("secret")).toString();
    provider.baseUrlSetting = manifest.value(QLatin1String("baseUrl")).toString();
    provider.baseUrlTemplate = manifest.value(QLatin1String("baseUrlTemplate")).toString();
    const QJsonObject errorBody = manifest.value(QLatin1String("errorBody")).toObject();
    bool ok = false;
    provider.errorType = JsonPointer::parse(errorBody.value(QLatin1String("type")).toString(), &ok);
    provider.errorMessage = JsonPointer::parse(errorBody.value(QLatin1String("message")).toString(), &ok);
    provider.errorList = ProviderErrorList::fromErrorBody(errorBody);
    provider.maxAnswerBytes = manifest.value(QLatin1String("maxAnswerBytes")).toInteger(RestCall::defaultMaxReplyBytes);
    const QJsonObject limits = manifest.value(QLatin1String("rateLimits")).toObject();
    for (auto it = limits.begin(); it != limits.end(); ++it) {
        const QJsonObject limit = it.value().toObject();
        provider.rateLimits.insert(it.key(), {limit.value(QLatin1String("requests")).toInt(),
                                              limit.value(QLatin1String("perSeconds")).toDouble(1),
                                              limit.value(QLatin1String("burst")).toInt()});
    }
    for (const QJsonValue &setting : manifest.value(QLatin1String("rateLimitAccount")).toArray())
        provider.rateLimitAccount.append(setting.toString());
    for (const QJsonValue &setting : manifest.value(QLatin1String("connection")).toArray()) {
        const QJsonObject object = setting.toObject();
        if (object.contains(QLatin1String("env")))
            provider.environment.insert(object.value(QLatin1String("key")).toString(),
                                        object.value(QLatin1String("env")).toString());
    }
    return provider;
}

RestProvider::ErrorReply RestProvider::errorOf(const QByteArray &body) const
{
    const QJsonValue document = QJsonDocument::fromJson(body).object();
    ErrorReply said{errorType.isRoot() ? QString() : bounded(errorType.resolve(document).toString()),
                    errorMessage.isRoot() ? QString() : bounded(errorMessage.resolve(document).toString())};
    if (said.type.isEmpty() && said.message.isEmpty()) {
        const QList<ProviderErrorList::Entry> listed = errorList.entries(body);
        if (!listed.isEmpty())
            said = {listed.first().type, listed.first().message};
    }
    return said;
}

QString RestProvider::answered(const RestCall::Reply &reply, const ErrorReply &error) const
{
    QString message = QStringLiteral("%1 answered HTTP %2").arg(name).arg(reply.status);
    if (!error.type.isEmpty())
        message += QStringLiteral(" (%1)").arg(error.type);
    if (!error.message.isEmpty())
        message += QStringLiteral(": ") + error.message;
    if (!reply.errorString.isEmpty()) // a redirect not followed
        message += QStringLiteral("; ") + reply.errorString;
    if (reply.attempts > 1)
        message += QStringLiteral(" after %1 attempts").arg(reply.attempts);
    return message;
}

QString RestProvider::unreachable(const RestCall::Reply &reply) const
{
    return QStringLiteral("%1 could not be reached after %2 attempt(s): %3")
        .arg(name)
        .arg(reply.attempts)
        .arg(reply.errorString);
}

} // namespace ActionNode::Internal
