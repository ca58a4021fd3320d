#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace ActionNode {
class Runtime;
class TriggerHub;
} // namespace ActionNode

/*!
    The webhook secrets of the commands that receive webhooks (listen,
    serve): from \c --hmac-file, otherwise each provider's
    \c $<PROVIDER>_WEBHOOK_HMAC (TriggerHub::secretVariable()).
*/
class WebhookSecrets
{
public:
    //! The secret (base64) in \a fileName, surrounding whitespace removed.
    static std::optional<QByteArray> readFile(const QString &fileName, QString *errorString);
    /*!
        Gives \a hub the secret of every loaded provider: \a fileSecret when
        set, otherwise the provider's variable; providers without one are
        left unconfigured (their deliveries get 503). Returns how many were
        configured, or -1 with \a errorString naming the source of a secret
        the hub refused.
    */
    static int apply(ActionNode::TriggerHub *hub, const ActionNode::Runtime &runtime,
                     const std::optional<QByteArray> &fileSecret, QString *errorString);
};
