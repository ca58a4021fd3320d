#include <actionnode/actionresult.h>

#include <QJsonArray>

namespace ActionNode {

ActionResult ActionResult::failure(Status status, const ActionErrors &errors, const ActionErrors &warnings)
{
    ActionResult result;
    result.status = status;
    result.errors = errors;
    result.warnings = warnings;
    return result;
}

ActionResult ActionResult::success(const ActionOutputs &outputs, const ActionErrors &warnings)
{
    ActionResult result;
    result.outputs = outputs;
    result.warnings = warnings;
    return result;
}

QString ActionResult::statusName(Status status)
{
    switch (status) {
    case Status::Succeeded: return QStringLiteral("succeeded");
    case Status::InvalidInput: return QStringLiteral("invalid_input");
    case Status::LicenseRefused: return QStringLiteral("license_refused");
    case Status::ConfigurationError: return QStringLiteral("configuration_error");
    case Status::ProviderFailed: return QStringLiteral("provider_failed");
    case Status::NetworkFailed: return QStringLiteral("network_failed");
    }
    Q_UNREACHABLE();
}

QJsonObject ActionResult::toJson() const
{
    QJsonObject json{{QStringLiteral("status"), statusName(status)}};
    if (isSuccess())
        json.insert(QStringLiteral("outputs"), outputs.toJsonObject());
    else
        json.insert(QStringLiteral("errors"), toJson(errors));
    if (!warnings.isEmpty())
        json.insert(QStringLiteral("warnings"), toJson(warnings));
    return json;
}

QJsonArray ActionResult::toJson(const ActionErrors &errors)
{
    QJsonArray array;
    for (const ActionError &error : errors)
        array.append(error.toJson());
    return array;
}

} // namespace ActionNode
