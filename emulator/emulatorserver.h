#pragma once

#include "emulatordeclarations.h"
#include "faultplan.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QTcpSocket;
QT_END_NAMESPACE

namespace ActionNode {

class EmulatedApi;
class EmulatorReply;
class LoopbackHttpServer;

/*!
    Serves one or more emulated provider APIs on 127.0.0.1 and adds what
    they share: fault injection, request statistics and the control API.

    Control API (never subject to faults, not counted):
    \list
    \li \c{POST /_emulator/faults}: a fault object, or an array of them, is
        appended to the plan (see Fault::fromJson()); answers the pending list.
    \li \c{GET /_emulator/faults}: the pending faults.
    \li \c{GET /_emulator/stats}: \c{{"requests":N,"tokensIssued":M,"peakConcurrentRequests":P}},
        P the most API requests that were waiting for their answer at once.
    \li \c{POST /_emulator/reset}: clears faults, counters and the APIs' state.
    \li an API's own control endpoints (\c{POST /_emulator/daily/fixtures}, \c{/_emulator/daily/accounts}).
    \endlist
*/
class EmulatorServer : public QObject
{
    Q_OBJECT

public:
    explicit EmulatorServer(QObject *parent = nullptr);
    ~EmulatorServer() override;

    //! Serves \a api's routes; \a api is not owned and must outlive requests.
    void addApi(EmulatedApi *api);

    //! Listens on 127.0.0.1:\a port; 0 picks a free port.
    bool listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl url() const; //!< http://127.0.0.1:<port>
    QString errorString() const { return m_errorString; }

    FaultPlan &faultPlan() { return m_faultPlan; }
    //! The action declarations the APIs check requests against.
    EmulatorDeclarations &declarations() { return m_declarations; }
    const EmulatorDeclarations &declarations() const { return m_declarations; }
    int requestCount() const { return m_requestCount; }
    int tokensIssued() const { return m_tokensIssued; }
    //! The most API requests received and not yet answered at one time, since the start or reset().
    int peakConcurrentRequests() const { return m_peakConcurrentRequests; }
    QJsonObject stats() const;
    void reset();

private:
    void handleRequest(const QHttpServerRequest &request, QTcpSocket *socket);
    void handleApiRequest(EmulatedApi *api, const QHttpServerRequest &request, QTcpSocket *socket);
    EmulatorReply handleControl(const QHttpServerRequest &request);
    EmulatorReply scheduleFaults(const QByteArray &body);

    LoopbackHttpServer *m_http;
    QList<EmulatedApi *> m_apis;
    FaultPlan m_faultPlan;
    EmulatorDeclarations m_declarations;
    QString m_errorString;
    quint16 m_port = 0;
    int m_requestCount = 0;
    int m_tokensIssued = 0;
    int m_concurrentRequests = 0;
    int m_peakConcurrentRequests = 0;
};

} // namespace ActionNode
