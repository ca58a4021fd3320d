#include "labelsplugin.h"

#include <QJsonArray>

using namespace ActionNode;

ProviderOutcome LabelsTestPlugin::invoke(const ActionSpec &action, const ActionInputs &inputs,
                                         const Connection &connection)
{
    if (action.id() == QLatin1String("labels.pick"))
        return ProviderOutcome::finished(
            ActionResult::success({{QStringLiteral("picked"), inputs.value(QStringLiteral("label"))}}));
    if (!connection.hasValue(QStringLiteral("api_key")))
        return ProviderOutcome::finished(
            ActionResult::failure(ActionResult::Status::ConfigurationError, {{QStringLiteral("connection_error"),
                                                                              QStringLiteral("api_key"),
                                                                              {},
                                                                              QStringLiteral("no Labels API key")}}));
    if (connection.value(QStringLiteral("state")) == QLatin1String("down"))
        return ProviderOutcome::finished(ActionResult::failure(
            ActionResult::Status::NetworkFailed,
            {{QStringLiteral("network_error"), {}, {}, QStringLiteral("Labels could not be reached")}}));
    QJsonArray labels{QJsonObject{{"id", "l1"}, {"name", "Alpha"}}, QJsonObject{{"id", "l2"}, {"name", "Beta"}},
                      QJsonObject{{"id", "l3"}, {"name", "Alpine"}}, QJsonObject{{"name", "Without an id"}}};
    for (int i = 1; i <= 120; ++i)
        labels.append(QJsonObject{{"id", QStringLiteral("b%1").arg(i)}, {"name", QStringLiteral("Bulk %1").arg(i)}});
    const QString prefix = inputs.text(QStringLiteral("prefix"));
    QJsonArray data;
    for (const QJsonValue &label : std::as_const(labels)) {
        if (label.toObject().value(QStringLiteral("name")).toString().startsWith(prefix, Qt::CaseInsensitive))
            data.append(label);
    }
    return ProviderOutcome::finished(ActionResult::success({{QStringLiteral("data"), data}}));
}
