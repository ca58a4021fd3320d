#pragma once

#include <actionnode/providerplugin.h>

#include <actionnode/jwt.h>

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>

/*!
    Daily's provider plugin: only what Daily's declarations cannot say as
    data, that is meeting tokens signed locally with the API key (connection
    setting token_mode "self-signed"). Every other Daily action, and meeting
    tokens in token_mode "rest", run through their declared REST transport
    in the runtime. Claims are read from the declaration's \c x-claim
    bindings; the join URL comes from its \c outputTemplates.
*/
class DailyProviderPlugin : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "../../schemas/daily/provider.json")
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    ActionNode::ProviderOutcome invoke(const ActionNode::ActionSpec &action, const ActionNode::ActionInputs &inputs,
                                       const ActionNode::Connection &connection) override;

private:
    //! What self-signing reads from a declaration's transport, read once per action.
    struct SigningParameters
    {
        QJsonObject transport; //!< what they were read from; another declaration of the same id reads anew
        bool selfSignable;     //!< the declaration has transport.selfSigned
        QString domainClaim;
        QString issuedAtClaim;
        ActionNode::Jwt::Algorithm algorithm; //!< transport.tokenHeader.alg
        QJsonObject headerFields;             //!< the rest of transport.tokenHeader, where it differs from Jwt's
    };
    SigningParameters signingParameters(const ActionNode::ActionSpec &action) const;

    ActionNode::ActionResult signLocally(const ActionNode::ActionSpec &action, const SigningParameters &parameters,
                                         const ActionNode::ActionInputs &inputs,
                                         const ActionNode::Connection &connection) const;

    // Runtimes in several threads may share this plugin instance.
    mutable QMutex m_parametersLock;
    mutable QHash<QString, SigningParameters> m_parameters;
};
