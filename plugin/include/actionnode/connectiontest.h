#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/connection.h>

#include <QFuture>
#include <QJsonObject>
#include <QString>

namespace ActionNode {

/*!
    The "test connection" button: the request a provider declares in its
    manifest (\c connectionTest), sent with the connection's credentials
    (the manifest's \c auth and \c baseUrl), and what its answer says.

    \code
    "auth": {"scheme": "bearer", "secret": "api_key"},
    "baseUrl": "api_base",
    "errorBody": {"type": "/error", "message": "/info"},
    "connectionTest": {"method": "GET", "path": "/",
                       "discover": {"domain": "/domain_name", "domain_id": "/domain_id"}}
    \endcode

    \c discover maps connection settings to JSON pointers into the answer:
    what the provider tells about the account (Daily's domain and domain id)
    and a host may save to the connection. Credentials are never part of a
    result's message.
*/
class ACTIONNODE_EXPORT ConnectionTest
{
public:
    struct ACTIONNODE_EXPORT Result
    {
        enum class Status {
            Ok,
            InvalidCredentials, //!< the provider refused the key (401 or 403)
            Unreachable,        //!< no HTTP answer: DNS, connection, TLS, timeout
            ProviderError,      //!< another answer, or one without what was to be discovered
            NotConfigured,      //!< no test declared, or connection settings missing or wrong
        };
        Status status = Status::NotConfigured;
        QString message;
        //! Discovered connection settings (setting key -> value).
        QJsonObject discovered;

        bool isOk() const { return status == Status::Ok; }
        static QString statusName(Status status);
        //! {"status": "ok" | "invalid_credentials" | ..., "message": ..., "discovered": {...}}
        QJsonObject toJson() const;
    };

    /*!
        Runs the test \a manifest declares for \a connection, on the calling
        thread's event loop; the future is finished at once when the test
        cannot be sent.
    */
    static QFuture<Result> run(const QJsonObject &manifest, const Connection &connection);
};

} // namespace ActionNode
