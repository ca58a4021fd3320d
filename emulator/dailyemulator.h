#pragma once

#include "dailystate.h"
#include "emulatedapi.h"

#include <actionnode/actionspec.h>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <optional>

namespace ActionNode {

class DailyWebhooks;
class EmulatorServer;

/*!
    Daily's REST API for meeting tokens, as documented by Daily:

    \list
    \li \c{POST /v1/meeting-tokens} with \c{Authorization: Bearer <key>} and
        \c{{"properties": {...}}}: checks the properties against Daily's
        create-meeting-token declaration (EmulatorDeclarations), as the action
        does, and answers \c{{"token": "<JWT>"}}, an HS256 token signed with
        the API key whose claims are the declared self-signing abbreviations
        (\c x-claim: \c r, \c o, ...; \c d and \c iat added), so it cannot be
        told from a self-signed one. A property without an abbreviation is
        kept under its own name.
    \li \c{GET /v1/meeting-tokens/<token>[?ignoreNbf=true]}: the token's
        properties under their full names if it verifies with the key, belongs
        to this domain and is in its validity window.
    \li \c{GET /v1/}: the domain's name and \c domain_id (needed to self-sign).
    \li \c{POST /v1/rooms}, \c{GET /v1/rooms} (paginated), \c{GET|POST|DELETE /v1/rooms/<name>}:
        rooms kept in memory (DailyState); a room created without a name gets a
        generated one; an unknown room is a 404 "room <name> does not exist".
    \li \c{GET /v1/meetings}, \c{GET /v1/presence}, \c{GET /v1/recordings}
        (paginated) and \c{GET /v1/recordings/<id>/access-link}: the fixtures
        seeded with \c{POST /_emulator/daily/fixtures}
        (\c{{"meetings": [...], "recordings": [...], "presence": {...}}}).
    \endlist

    The server's fault switches apply to every endpoint.

    Errors use Daily's shape \c{{"error": "<type>", "info": "<detail>"}}.
*/
class DailyEmulator : public QObject, public EmulatedApi
{
    Q_OBJECT

public:
    //! Serves on \a server (which becomes the parent), accepting \a apiKey.
    DailyEmulator(const QByteArray &apiKey, EmulatorServer *server);

    static QString defaultDomainName();
    static QString defaultDomainId();

    void setDomainName(const QString &name)
    {
        m_domainName = name;
        m_state.setDomainName(name);
    }
    QString domainName() const { return m_domainName; }
    void setDomainId(const QString &id) { m_domainId = id; }
    QString domainId() const { return m_domainId; }

    //! The REST base URL a client should use, e.g. http://127.0.0.1:<port>/v1
    QString apiBaseUrl() const;

    /*!
        Maps a meeting token's claims back to Daily's property names, as the
        validate endpoint answers them (\c d becomes \c domain_id; \c iat is dropped).
    */
    QJsonObject propertiesFromClaims(const QJsonObject &claims) const;

    DailyState &state() { return m_state; }
    //! Webhooks (\c /v1/webhooks) and the events they deliver.
    DailyWebhooks *webhooks() const { return m_webhooks; }
    //! Daily's answer when \a request's API key is missing or wrong, else nothing.
    std::optional<EmulatorReply> authenticationError(const QHttpServerRequest &request) const;

    bool handlesPath(const QString &path) const override;
    std::optional<EmulatorReply> handleControl(const QString &endpoint, const QHttpServerRequest &request) override;
    void reset() override { m_state.reset(); }
    EmulatorReply handle(const QHttpServerRequest &request) override;
    EmulatorReply errorReply(int status, const QString &info) const override;

private:
    //! Daily's create-meeting-token declaration: the token properties, their types and their claims.
    ActionSpec tokenDeclaration() const;
    EmulatorReply createMeetingToken(const QHttpServerRequest &request) const;
    EmulatorReply validateMeetingToken(const QHttpServerRequest &request, const QString &token) const;
    EmulatorReply domainConfig() const;
    EmulatorReply rooms(const QHttpServerRequest &request, const QString &name);
    EmulatorReply listing(const QJsonArray &items, const QHttpServerRequest &request) const;
    EmulatorReply recordingLink(const QHttpServerRequest &request, const QString &id) const;

    EmulatorServer *m_server;
    QByteArray m_apiKey;
    QString m_domainName;
    QString m_domainId;
    DailyState m_state;
    DailyWebhooks *m_webhooks;
};

} // namespace ActionNode
