#pragma once

#include "jsonpointer.h"
#include "providererrorlist.h"
#include "ratelimiter.h"
#include "restcall.h"

#include <actionnode/connection.h>

#include <QHash>
#include <QByteArray>
#include <QJsonObject>
#include <QStringList>
#include <QString>

namespace ActionNode::Internal {

/*!
    What a provider manifest says about its REST API, read once per
    provider: how to authenticate, which connection setting holds the base
    URL, where its error replies say what failed, and its rate limits. The
    REST transport and the connection test both read a manifest through it.
*/
class RestProvider
{
public:
    enum class AuthScheme { None, Bearer, Basic };

    static RestProvider fromManifest(const QJsonObject &manifest);

    QString name; //!< for messages ("Daily answered HTTP 404")
    AuthScheme auth = AuthScheme::None;
    QString authUserSetting;   //!< basic: the user name's setting
    QString authSecretSetting; //!< bearer token or basic password
    QString baseUrlSetting;
    //! Used when the base URL setting is empty: {setting} placeholders, e.g. https://{space}/api/video.
    QString baseUrlTemplate;
    JsonPointer errorType;
    JsonPointer errorMessage;
    //! Where an error reply lists several errors (\c errorBody.list), or null.
    ProviderErrorList errorList;
    QHash<QString, RateLimiter::Limit> rateLimits;
    //! The settings that name the account whose rate limits a call spends (the manifest's \c rateLimitAccount).
    QStringList rateLimitAccount;
    //! The manifest's \c maxAnswerBytes: the largest answer body read from the provider.
    qint64 maxAnswerBytes = RestCall::defaultMaxReplyBytes;
    //! Environment variables of the connection settings, by setting.
    QHash<QString, QString> environment;

    //! The account of \a connection whose rate limits a call spends (RateLimiter::accountOf()).
    QByteArray accountOf(const Connection &connection) const
    {
        return RateLimiter::accountOf(connection, rateLimitAccount, authSecretSetting);
    }

    //! Text from a reply or from inputs, as a message holds it: cut at 500 characters, so that it cannot flood logs.
    static QString bounded(const QString &text);
    /*!
        What an error reply says, read at the manifest's \c errorBody pointers
        (or, when they read nothing, from the first entry of its error list);
        bounded in length.
    */
    struct ErrorReply
    {
        QString type;
        QString message;
    };
    ErrorReply errorOf(const QByteArray &body) const;
    //! "Daily answered HTTP 401 (authentication-error): ..." for a non-2xx \a reply.
    QString answered(const RestCall::Reply &reply, const ErrorReply &error) const;
    //! "Daily could not be reached after 3 attempt(s): ..." for a reply without an HTTP status.
    QString unreachable(const RestCall::Reply &reply) const;

    //! The environment variable of \a setting, or a placeholder when it has none.
    QString environmentOf(const QString &setting) const
    {
        return environment.value(setting, QStringLiteral("its environment variable"));
    }
};

} // namespace ActionNode::Internal
