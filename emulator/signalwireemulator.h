#pragma once

#include "emulatedapi.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

namespace ActionNode {

class EmulatorServer;

/*!
    SignalWire's Video REST API for room tokens, as SignalWire documents it:
    \c{POST /api/video/room_tokens} with HTTP Basic authentication (project
    id and API token). Every field is checked against the runtime's
    create-room-token declaration (EmulatorDeclarations); a bad request gets 422 with \c{{"errors": [{"type", "code",
   "message", "attribute", "url"}]}}, bad credentials 401 \c{{"error": "Unauthorized"}}. A good one gets \c{{"token":
   "<JWT>"}}: HS512 with the header typ \c VRT, signed with the API token, with the claims of SignalWire's example
   token, named by the declaration's \c x-claim (\c u, \c r, \c s, \c acr, \c jf, \c ju, \c rat, \c rse), plus \c iat,
   \c jti and \c sub, the project id.
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

private:
    EmulatorReply createRoomToken(const QHttpServerRequest &request) const;

    EmulatorServer *m_server;
    QString m_projectId;
    QByteArray m_apiToken;
};

} // namespace ActionNode
