#pragma once

#include "emulatedapi.h"
#include "signalwirestate.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>

namespace ActionNode {

class EmulatorServer;

/*!
    SignalWire's Video REST API under \c /api/video, as SignalWire's
    reference documents it (SignalWireReference), with HTTP Basic
    authentication (project id and API token): room tokens
    (\c{POST /room_tokens}), rooms (\c{POST} and \c{GET /rooms},
    \c{GET}, \c{PUT} and \c{DELETE /rooms/{id}}), room sessions
    (\c{GET /room_sessions}, \c{/room_sessions/{id}}, its \c members and
    \c recordings) and room recordings (\c{GET /room_recordings},
    \c{GET} and \c{DELETE /room_recordings/{id}}), kept in a
    SignalWireState. Sessions, members and recordings are seeded with
    \c{POST /_emulator/signalwire/fixtures}.

    A bad request gets 422 with every problem listed,
    \c{{"errors": [{"type", "code", "message", "attribute", "url"}]}}; bad
    credentials 401 \c{{"error": "Unauthorized"}}; an unknown id 404
    \c{{"error": "Not Found"}}. A room token is HS512 with the header typ
    \c VRT, signed with the API token, with the claims of SignalWire's
    example token (\c u, \c r, \c s, \c acr, \c jf, \c ju, \c rat, \c rse,
    \c iat, \c jti and \c sub, the project id); without permissions it
    grants SignalWire's default ones, and an audience member none.
*/
class SignalWireEmulator : public QObject, public EmulatedApi
{
    Q_OBJECT

public:
    SignalWireEmulator(const QString &projectId, const QByteArray &apiToken, EmulatorServer *server);

    static QString defaultProjectId();
    static QByteArray defaultApiToken();
    //! The base URL a client should use, e.g. http://127.0.0.1:<port>/api/video
    QString apiBaseUrl() const;

    bool handlesPath(const QString &path) const override;
    EmulatorReply handle(const QHttpServerRequest &request) override;
    EmulatorReply errorReply(int status, const QString &info) const override;
    std::optional<EmulatorReply> handleControl(const QString &endpoint, const QHttpServerRequest &request) override;
    void reset() override { m_state.reset(); }

private:
    EmulatorReply createRoomToken(const QJsonObject &body) const;
    EmulatorReply rooms(const QHttpServerRequest &request, const QString &id);
    EmulatorReply sessions(const QHttpServerRequest &request, const QString &id, const QString &part) const;
    EmulatorReply recordings(const QHttpServerRequest &request, const QString &id);
    //! One page of \a items for \a request, or its 422.
    EmulatorReply page(const QHttpServerRequest &request, const QJsonArray &items) const;

    EmulatorServer *m_server;
    QString m_projectId;
    QByteArray m_apiToken;
    SignalWireState m_state;
};

} // namespace ActionNode
