#pragma once

#include <actionnode/webhookverifier.h>

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace ActionNode {
class Runtime;
class TriggerHub;
} // namespace ActionNode

/*!
    The one place where the commands that receive webhooks (listen,
    serve --http) declare and read \c --hmac-file, \c --replay-window and
    \c --poll-interval-ms (how often polling triggers poll),
    and where every such command (serve --stdio too) configures its
    TriggerHub: a provider's secret comes from \c --hmac-file when given,
    otherwise from its \c $<PROVIDER>_WEBHOOK_HMAC
    (TriggerHub::secretVariable()). Without addTo() and read(), the
    secrets come from the variables and the replay window is the default.
*/
class WebhookOptions
{
public:
    static constexpr int maxReplayWindowSeconds = 86400;
    static constexpr int minPollIntervalMs = 100;
    static constexpr int maxPollIntervalMs = 86400 * 1000;

    void addTo(QCommandLineParser &parser) const;
    //! Takes the parsed options; false with \a errorString when \c --replay-window or \c --poll-interval-ms is out of
    //! range.
    bool read(const QCommandLineParser &parser, QString *errorString);

    /*!
        Gives \a hub the replay window, the poll interval and the secret of every loaded
        provider; providers without one are left unconfigured (their
        deliveries get 503). Returns how many were configured, or -1 with
        \a errorString when the \c --hmac-file cannot be read or the hub
        refused a secret (naming its source).
    */
    int configure(ActionNode::TriggerHub *hub, const ActionNode::Runtime &runtime, QString *errorString) const;
    //! Gives \a hub the replay window, the poll interval and the secret of \a provider only; false with \a errorString.
    bool configure(ActionNode::TriggerHub *hub, const QString &provider, QString *errorString) const;

    //! Gives \a hub the poll interval only.
    void configurePolling(ActionNode::TriggerHub *hub) const;

private:
    //! The secret in the \c --hmac-file, surrounding whitespace removed.
    std::optional<QByteArray> fileSecret(QString *errorString) const;
    //! \a fileSecret when set, otherwise \a provider's variable (empty when unset).
    static QByteArray secretOf(const QString &provider, const std::optional<QByteArray> &fileSecret);

    QCommandLineOption m_hmacFile{QStringLiteral("hmac-file"),
                                  QStringLiteral(
                                      "File holding the webhook secret (base64) of POST /v1/webhooks/<provider> "
                                      "(default: $<PROVIDER>_WEBHOOK_HMAC)."),
                                  QStringLiteral("file")};
    QCommandLineOption m_replayWindow{QStringLiteral("replay-window"),
                                      QStringLiteral("Oldest (or most future) webhook delivery accepted, in seconds "
                                                     "(default %1).")
                                          .arg(ActionNode::WebhookVerifier::defaultReplayWindowSeconds),
                                      QStringLiteral("seconds"),
                                      QString::number(ActionNode::WebhookVerifier::defaultReplayWindowSeconds)};
    QCommandLineOption m_pollInterval{QStringLiteral("poll-interval-ms"),
                                      QStringLiteral("Time between two polls of a polling trigger, in milliseconds "
                                                     "(default: each trigger's declared interval)."),
                                      QStringLiteral("ms")};
    QString m_hmacFileName;
    int m_pollIntervalMs = 0; // 0: as declared
    int m_replayWindowSeconds = ActionNode::WebhookVerifier::defaultReplayWindowSeconds;
};
