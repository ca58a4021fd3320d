#pragma once

#include <actionnode/providerplugin.h>

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
    ActionNode::ActionResult signLocally(const ActionNode::ActionSpec &action, const QJsonObject &inputs,
                                         const ActionNode::Connection &connection) const;
    QFuture<ActionNode::ActionResult> requestToken(const ActionNode::ActionSpec &action,
                                                   const QJsonObject &inputs,
                                                   const ActionNode::Connection &connection);
};
