#pragma once

#include <actionnode/providerplugin.h>

#include <actionnode/jwt.h>

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>

/*!
    Daily's provider plugin. Creates meeting tokens either through Daily's
    REST API (token_mode "rest") or by signing them locally with the API key
    (token_mode "self-signed"). Which inputs go where is read from the
    declaration's bindings: \c x-rest names the REST property, \c x-claim
    the self-signed claim.
*/
class DailyProviderPlugin : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "../../schemas/daily/provider.json")
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    QFuture<ActionNode::ActionResult> invoke(const ActionNode::ActionSpec &action,
                                             const QJsonObject &inputs,
                                             const ActionNode::Connection &connection) override;

private:
    //! What self-signing reads from a declaration's transport, read once per action.
    struct SigningParameters
    {
        QJsonObject transport; //!< what they were read from; another declaration of the same id reads anew
        QString domainClaim;
        QString issuedAtClaim;
        ActionNode::Jwt::Algorithm algorithm;
        QString joinUrl; //!< template with {domain}, {room_name} and {token}
    };
    SigningParameters signingParameters(const ActionNode::ActionSpec &action) const;

    ActionNode::ActionResult signLocally(const ActionNode::ActionSpec &action, const QJsonObject &inputs,
                                         const ActionNode::Connection &connection) const;
    QFuture<ActionNode::ActionResult> requestToken(const ActionNode::ActionSpec &action,
                                                   const QJsonObject &inputs,
                                                   const ActionNode::Connection &connection);

    // Runtimes in several threads may share this plugin instance.
    mutable QMutex m_parametersLock;
    mutable QHash<QString, SigningParameters> m_parameters;
};
