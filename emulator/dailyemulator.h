#pragma once

#include "dailyaccount.h"
#include "emulatedapi.h"

#include <actionnode/actionspec.h>

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

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

    It holds several accounts (DailyAccount): the first is made with the
    emulator (\c --api-key, \c --domain, \c --domain-id), more are added
    with \c{POST /_emulator/daily/accounts} (\c{{"api_key", "domain",
    "domain_id"}}, at most maxAccounts, each key and domain once). A request
    reaches the account of its API key: its rooms, its domain and its
    tokens, signed with its key and valid in it alone. The seeded fixtures
    and the webhooks are the first account's; another account's key is
    refused there with 403. \c{GET /_emulator/daily/accounts} lists each
    account's domain, domain id, rooms, requests and when the last
    maxArrivals of them arrived (\c arrival_ms, Unix milliseconds), never a
    key, and the domains of the last maxArrivals requests in the order they
    arrived, so that a test can tell which account's requests came first
    and how close together.

    The server's fault switches apply to every endpoint.

    Errors use Daily's shape \c{{"error": "<type>", "info": "<detail>"}}.
*/
class DailyEmulator : public QObject, public EmulatedApi
{
    Q_OBJECT

public:
    //! At most this many accounts are kept, the first included.
    static constexpr int maxAccounts = 64;
    //! The domains of at most this many of the latest requests are kept, in arrival order.
    static constexpr int maxArrivals = 10000;

    //! Serves on \a server (which becomes the parent), with one account whose key is \a apiKey.
    DailyEmulator(const QByteArray &apiKey, EmulatorServer *server);

    static QString defaultDomainName();
    static QString defaultDomainId();

    //! The first account's domain (the one of \c --api-key), which fixtures and webhooks belong to.
    void setDomainName(const QString &name) { m_accounts.front()->setDomainName(name); }
    QString domainName() const { return m_accounts.front()->domainName; }
    void setDomainId(const QString &id) { m_accounts.front()->domainId = id; }
    QString domainId() const { return m_accounts.front()->domainId; }

    /*!
        Adds an account with its own key and domain; false with \a error
        when a setting is empty, the key or domain is taken, or there are
        maxAccounts already.
    */
    bool addAccount(const QByteArray &apiKey, const QString &domainName, const QString &domainId, QString *error);

    //! The REST base URL a client should use, e.g. http://127.0.0.1:<port>/v1
    QString apiBaseUrl() const;

    /*!
        Maps a meeting token's claims back to Daily's property names, as the
        validate endpoint answers them (\c d becomes \c domain_id; \c iat is dropped).
    */
    QJsonObject propertiesFromClaims(const QJsonObject &claims) const;

    //! The first account's rooms and fixtures.
    DailyState &state() { return m_accounts.front()->state; }
    //! Webhooks (\c /v1/webhooks) and the events they deliver.
    DailyWebhooks *webhooks() const { return m_webhooks; }
    /*!
        Daily's answer when \a request's API key is missing or wrong, else
        nothing. For the webhooks, which are the first account's: another
        account's key is refused with 403.
    */
    std::optional<EmulatorReply> authenticationError(const QHttpServerRequest &request) const;

    bool handlesPath(const QString &path) const override;
    std::optional<EmulatorReply> handleControl(const QString &endpoint, const QHttpServerRequest &request) override;
    //! Forgets the added accounts, the first one's state and the arrivals.
    void reset() override;
    EmulatorReply handle(const QHttpServerRequest &request) override;
    EmulatorReply errorReply(int status, const QString &info) const override;

private:
    //! The account of \a request's API key; null with Daily's answer in \a refusal when the key is missing or wrong.
    DailyAccount *accountOf(const QHttpServerRequest &request, EmulatorReply *refusal) const;
    //! Daily's create-meeting-token declaration: the token properties, their types and their claims.
    ActionSpec tokenDeclaration() const;
    EmulatorReply createMeetingToken(const QHttpServerRequest &request, const DailyAccount &account) const;
    EmulatorReply validateMeetingToken(const QHttpServerRequest &request, const QString &token,
                                       const DailyAccount &account) const;
    static EmulatorReply domainConfig(const DailyAccount &account);
    EmulatorReply rooms(const QHttpServerRequest &request, const QString &name, DailyState &state);
    EmulatorReply listing(const QJsonArray &items, const QHttpServerRequest &request) const;
    EmulatorReply recordingLink(const QHttpServerRequest &request, const QString &id, const DailyState &state) const;
    EmulatorReply accounts(const QHttpServerRequest &request);

    EmulatorServer *m_server;
    std::vector<std::unique_ptr<DailyAccount>> m_accounts; //!< the first is the emulator's own, never removed
    QStringList m_arrivals;                                //!< domains of the latest requests, oldest first
    DailyWebhooks *m_webhooks;
};

} // namespace ActionNode
