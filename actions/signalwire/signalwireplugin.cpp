#include "signalwireplugin.h"

#include <actionnode/errorcodes.h>
#include <actionnode/restcall.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace ActionNode;

// The plugin's one category (README.md's table lists every category): room tokens created.
Q_LOGGING_CATEGORY(lcSignalWire, "actionnode.signalwire", QtInfoMsg)

namespace {

// The input a REST property named in an answer comes from, as a field pointer.
QString fieldPointer(const ActionSpec &action, const QString &restName)
{
    if (restName.isEmpty())
        return {};
    for (const FieldSpec &field : action.fields()) {
        if (field.restName() == restName)
            return QLatin1Char('/') + field.key();
    }
    return QLatin1Char('/') + restName;
}

/*
    SignalWire answers 422 with {"errors": [{"code", "message", "attribute", ...}]}
    and other failures with {"error": "<text>"}.
*/
ActionResult providerFailure(const ActionSpec &action, const RestCall::Reply &reply)
{
    if (!reply.hasHttpStatus())
        return ActionResult::failure(ActionResult::Status::NetworkFailed,
                                     {{ErrorCodes::name(ErrorCode::NetworkError),
                                       {},
                                       {},
                                       QStringLiteral("SignalWire could not be reached after %1 attempt(s): %2")
                                           .arg(reply.attempts)
                                           .arg(reply.errorString)}});
    const QString rule = ErrorRule::httpStatus(reply.status);
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    ActionErrors errors;
    for (const QJsonValue &entry : body.value(QStringLiteral("errors")).toArray()) {
        const QJsonObject error = entry.toObject();
        errors.append({ErrorCodes::name(ErrorCode::ProviderError),
                       fieldPointer(action, error.value(QStringLiteral("attribute")).toString()), rule,
                       QStringLiteral("SignalWire answered HTTP %1 (%2): %3")
                           .arg(reply.status)
                           .arg(error.value(QStringLiteral("code")).toString(),
                                error.value(QStringLiteral("message")).toString())});
    }
    if (errors.isEmpty()) {
        QString message = QStringLiteral("SignalWire answered HTTP %1").arg(reply.status);
        const QString text = body.value(QStringLiteral("error")).toString();
        if (!text.isEmpty())
            message += QStringLiteral(": ") + text;
        if (!reply.errorString.isEmpty()) // a redirect not followed
            message += QStringLiteral("; ") + reply.errorString;
        if (reply.attempts > 1)
            message += QStringLiteral(" after %1 attempts").arg(reply.attempts);
        errors.append({ErrorCodes::name(ErrorCode::ProviderError), {}, rule, message});
    }
    return ActionResult::failure(ActionResult::Status::ProviderFailed, errors);
}

} // namespace

ProviderOutcome SignalWireProviderPlugin::invoke(const ActionSpec &action, const ActionInputs &inputs,
                                                 const Connection &connection)
{
    // The connection enforces the manifest's required settings (project_id, api_token); one of space and
    // api_base is needed, which no single setting can say.
    ActionErrors problems;
    QString base = connection.value(QStringLiteral("api_base"));
    QString baseSetting = QStringLiteral("api_base");
    if (base.isEmpty()) {
        baseSetting = QStringLiteral("space");
        if (!connection.hasValue(baseSetting))
            problems.append(
                {ErrorCodes::name(ErrorCode::ConnectionError),
                 baseSetting,
                 {},
                 QStringLiteral("not set: use SIGNALWIRE_SPACE (example.signalwire.com) or SIGNALWIRE_API_BASE")});
        else
            base = QStringLiteral("https://%1/api/video").arg(connection.value(baseSetting));
    }
    const QJsonObject rest = action.transport().value(QStringLiteral("rest")).toObject();
    RestCall::Request request;
    if (problems.isEmpty())
        problems = RestCall::prepare(&request, connection, base, baseSetting,
                                     rest.value(QStringLiteral("path")).toString());
    if (!problems.isEmpty())
        return ProviderOutcome::finished(ActionResult::failure(ActionResult::Status::ConfigurationError, problems));

    QJsonObject body;
    const QJsonObject values = inputs.toJsonObject();
    for (auto it = values.begin(); it != values.end(); ++it)
        body.insert(action.field(it.key()).restName(), it.value());
    request.method = rest.value(QStringLiteral("method")).toString().toLatin1();
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QByteArray credentials = connection.value(QStringLiteral("project_id")).toUtf8() + ':'
                                   + connection.value(QStringLiteral("api_token")).toUtf8();
    request.headers = {{"Content-Type", "application/json"},
                       {"Accept", "application/json"},
                       {"Authorization", "Basic " + credentials.toBase64()}};

    // The declared output pointer of the token ("/token"); SignalWire's replies are flat.
    const QString tokenProperty =
        rest.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("token")).toString().mid(1);
    return ProviderOutcome::started(
        RestCall::start(RestCall::threadNetwork(), request).then([action, tokenProperty](const RestCall::Reply &reply) {
            if (reply.status != 200 && reply.status != 201)
                return providerFailure(action, reply);
            QJsonParseError parseError;
            const QString token =
                QJsonDocument::fromJson(reply.body, &parseError).object().value(tokenProperty).toString();
            if (token.isEmpty())
                return ActionResult::failure(
                    ActionResult::Status::ProviderFailed,
                    {{ErrorCodes::name(ErrorCode::ProviderError),
                      {},
                      ErrorRule::MalformedReply,
                      QStringLiteral("SignalWire answered HTTP %1 without a \"%2\" string (%3)")
                          .arg(reply.status)
                          .arg(tokenProperty, parseError.error == QJsonParseError::NoError
                                                  ? QStringLiteral("valid JSON")
                                                  : QStringLiteral("not JSON: ") + parseError.errorString())}});
            qCDebug(lcSignalWire) << "token created in" << reply.attempts << "attempt(s)";
            return ActionResult::success({{tokenProperty, token}});
        }));
}
