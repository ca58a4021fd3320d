#pragma once

#include "emulatedapi.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace ActionNode {

class DailyEmulator;
class EmulatorServer;

/*!
    Daily's webhooks, as Daily documents them:

    \list
    \li \c{POST /v1/webhooks} with \c url, optional \c eventTypes, \c hmac
        (base64; one is provisioned when absent), \c basicAuth and
        \c retryType (\c circuit-breaker, the default, or \c exponential),
        each checked against Daily's reference
        (\c emulator/reference/daily/webhook-body.json, with the 28 event
        types Daily lists), not against the create-webhook declaration.
        The answer, and the listing, carry each webhook's \c hmac.
        Before creating it, the endpoint is checked with the unsigned body
        \c{{"test":"test"}}; anything but a 200 within verifyTimeoutMs()
        answers 400 and creates nothing.
    \li \c{GET /v1/webhooks} (an array), \c{GET /v1/webhooks/<uuid>},
        \c{POST /v1/webhooks/<uuid>} (update; reactivates a FAILED webhook)
        and \c{DELETE /v1/webhooks/<uuid>}.
    \endlist

    Each event is POSTed to every ACTIVE webhook subscribed to its type,
    signed as Daily signs: \c X-Webhook-Timestamp (Unix seconds) and
    \c X-Webhook-Signature, base64 HMAC-SHA256 of "<timestamp>.<body>" keyed
    with the base64-decoded hmac. A delivery that is not answered 2xx within
    5 s is retried: \c exponential retries up to 5 attempts, waiting
    retryDelayMs() doubled each time; \c circuit-breaker retries up to 3
    attempts at retryDelayMs(). Every failed attempt counts in the webhook's
    \c failedCount (a success resets it); at failureThreshold() consecutive
    failures the webhook goes to state FAILED and receives nothing more
    until it is updated.

    Control API, to make things happen (\c{POST /_emulator/daily/events}):
    \c{{"type": "waiting-participant.joined", "room": "standup",
    "user_name": "Guest"}}, also \c participant.joined (the room's first
    participant also starts the meeting), \c participant.left (the last one
    ends it), \c meeting.started, \c meeting.ended,
    \c recording.ready-to-download and \c transcript.ready-to-download.
    \c{GET /_emulator/daily/deliveries} lists every delivery attempt.
    \c{GET /_emulator/daily/webhooks} gives them per webhook, for every
    webhook created since the last reset, deleted ones too (\c state
    \c DELETED): its attempts, how many were retries, and per event the
    status of each attempt and how many succeeded, so that a test checks
    at-least-once delivery end to end. \c{POST
    /_emulator/daily/webhooks/<uuid>/fail} puts a webhook in state
    \c FAILED, as repeated failures would.
*/
class DailyWebhooks : public QObject, public EmulatedApi
{
    Q_OBJECT

public:
    DailyWebhooks(DailyEmulator *daily, EmulatorServer *server);
    ~DailyWebhooks() override;

    int retryDelayMs() const { return m_retryDelayMs; }
    void setRetryDelayMs(int milliseconds) { m_retryDelayMs = milliseconds; }
    int verifyTimeoutMs() const { return m_verifyTimeoutMs; }
    void setVerifyTimeoutMs(int milliseconds) { m_verifyTimeoutMs = milliseconds; }
    static constexpr int failureThreshold = 3;

    /*!
        Makes event \a type happen with \a details (room, user_name,
        user_id, owner, ...) and delivers it. Returns the event, or an empty
        object with \a errorString when \a details do not describe one.
    */
    QJsonObject raise(const QString &type, const QJsonObject &details, QString *errorString);

    bool handlesPath(const QString &path) const override;
    EmulatorReply handle(const QHttpServerRequest &request) override;
    EmulatorReply errorReply(int status, const QString &info) const override;
    std::optional<EmulatorReply> handleControl(const QString &endpoint, const QHttpServerRequest &request) override;
    //! Forgets webhooks, calls in progress and delivery attempts.
    void reset() override;

Q_SIGNALS:
    //! One delivery attempt ended; \a status is the endpoint's HTTP status, 0 when none came.
    void deliveryAttempted(const QString &webhookUuid, const QString &eventId, int attempt, int status);

private:
    struct Webhook
    {
        QString uuid;
        QString url;
        QByteArray hmac;
        QString basicAuth;
        QString retryType;
        QStringList eventTypes;
        QString state = QStringLiteral("ACTIVE");
        int failedCount = 0;
        QDateTime lastMomentPushed;
        QDateTime createdAt;
        QDateTime updatedAt;
        QJsonObject toJson(const QString &domainId) const;
    };

    EmulatorReply create(const QByteArray &body);
    EmulatorReply update(const QString &uuid, const QByteArray &body);
    /*!
        Reads the writable properties of \a body into \a webhook, checked
        against Daily's reference (\a creating: \c url is required,
        \c retryType has Daily's default); an error reply naming the
        property when one is wrong.
    */
    std::optional<EmulatorReply> applyProperties(const QJsonObject &body, Webhook *webhook, bool creating) const;
    void deliver(const QString &uuid, const QJsonObject &event, const QByteArray &body, int attempt);
    void recordAttempt(const QString &uuid, const QJsonObject &event, const QByteArray &body, int attempt, int status);
    //! The per-webhook view of \c{GET /_emulator/daily/webhooks}.
    QJsonObject deliveriesByWebhook() const;

    DailyEmulator *m_daily;
    QNetworkAccessManager *m_network;
    QList<Webhook> m_webhooks;
    QHash<QString, QSet<QString>> m_participants; //!< room -> session ids in the call
    QHash<QString, QString> m_meetings;           //!< room -> meeting id while a call is on
    QList<QJsonObject> m_attempts;
    //! Every webhook created since the last reset, in order, deleted ones too: uuid, url, created_at, deleted_at.
    QList<QJsonObject> m_created;
    int m_retryDelayMs = 1000;
    int m_verifyTimeoutMs = 5000;
};

} // namespace ActionNode
