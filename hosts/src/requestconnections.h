#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/connection.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace ActionNode {

class Runtime;

/*!
    The provider connections a caller sends with one request, in the
    \c X-ActionNode-Connection header: the base64 of a JSON object keyed by
    provider id, as a \c --connection file is
    (\c{{"daily": {"api_key": "...", "domain": "...", "domain_id": "..."}}}),
    holding every provider the caller brings. Each becomes the operator's
    connection of that provider with its account settings replaced
    (Connection::setAccount()): a caller sets credentials and account
    settings only, never the base URL, CA file or timeouts, and is refused
    naming the key when it tries. The connections are then checked as any
    other (Connection::problems()). No message holds a value, and nothing
    is kept after the request.
*/
class RequestConnections
{
public:
    //! The header's name, in lower case as HttpExchange::header() takes it.
    static const QByteArray headerName;

    /*!
        Reads the values of every \c X-ActionNode-Connection header of a
        request (none: no connection), over the operator's connections of
        \a runtime. More than one header, a value that is
        not base64 of a JSON object of objects, an unknown provider, or a
        setting refused by Connection::setAccount() or problems() gives
        errors (code \c invalid_connection) and no connection.
    */
    static RequestConnections read(const QList<QByteArray> &headerValues, Runtime *runtime);
    /*!
        The same for \a providers, the decoded object keyed by provider id
        (as an MCP call brings it), named \a title in every message.
    */
    static RequestConnections fromJson(const QJsonObject &providers, Runtime *runtime, const QString &title);

    bool isValid() const { return m_errors.isEmpty(); }
    ActionErrors errors() const { return m_errors; }
    bool isEmpty() const { return m_connections.isEmpty(); }
    bool contains(const QString &providerId) const { return m_connections.contains(providerId); }
    //! The connections sent, one per provider.
    QList<Connection> connections() const { return m_connections.values(); }

private:
    void refuse(const QString &field, const QString &message);

    QHash<QString, Connection> m_connections;
    ActionErrors m_errors;
};

} // namespace ActionNode
