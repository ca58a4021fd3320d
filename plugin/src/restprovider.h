#pragma once

#include "jsonpointer.h"
#include "ratelimiter.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace ActionNode {

/*!
    What a provider manifest says about its REST API, read once per
    provider: how to authenticate, which connection setting holds the base
    URL, where its error replies say what failed, and its rate limits.
*/
class RestProvider
{
public:
    enum class AuthScheme { None, Bearer, Basic };

    static RestProvider fromManifest(const QJsonObject &manifest);

    QString name;              //!< for messages ("Daily answered HTTP 404")
    AuthScheme auth = AuthScheme::None;
    QString authUserSetting;   //!< basic: the user name's setting
    QString authSecretSetting; //!< bearer token or basic password
    QString baseUrlSetting;
    //! Used when the base URL setting is empty: {setting} placeholders, e.g. https://{space}/api/video.
    QString baseUrlTemplate;
    JsonPointer errorType;
    JsonPointer errorMessage;
    QHash<QString, RateLimiter::Limit> rateLimits;
    //! Environment variables of the connection settings, by setting.
    QHash<QString, QString> environment;

    //! The environment variable of \a setting, or a placeholder when it has none.
    QString environmentOf(const QString &setting) const
    {
        return environment.value(setting, QStringLiteral("its environment variable"));
    }
};

} // namespace ActionNode
