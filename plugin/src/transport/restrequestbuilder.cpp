#include "restrequestbuilder.h"

#include <actionnode/errorcodes.h>

#include "restdeclaration.h"
#include "restprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <algorithm>

namespace ActionNode::Internal {

namespace {

const QString connectionError = ErrorCodes::name(ErrorCode::ConnectionError);

QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return ActionInputs(QJsonObject{{QStringLiteral("v"), value}}).text(QStringLiteral("v"));
    return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

// A query value: text as it is, lists joined with commas, objects as compact JSON.
QString wireText(const ActionInputs &inputs, const QString &key)
{
    const QJsonValue value = inputs.value(key);
    if (!value.isArray())
        return scalarText(value);
    QStringList items;
    for (const QJsonValue &item : value.toArray())
        items.append(scalarText(item));
    return items.join(QLatin1Char(','));
}

QByteArray encoded(const QString &text)
{
    return QUrl::toPercentEncoding(text);
}

// The base URL: the setting, else the template filled from the connection.
QString baseUrl(const RestProvider &provider, const Connection &connection, QString *setting, ActionErrors *errors)
{
    *setting = provider.baseUrlSetting;
    const QString configured = connection.value(provider.baseUrlSetting);
    if (!configured.isEmpty() || provider.baseUrlTemplate.isEmpty())
        return configured;
    QString url = provider.baseUrlTemplate;
    qsizetype open = 0;
    while ((open = url.indexOf(QLatin1Char('{'), open)) >= 0) {
        const qsizetype close = url.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            break;
        const QString name = url.mid(open + 1, close - open - 1);
        const QString value = connection.isSecret(name) ? QString() : connection.value(name);
        if (value.isEmpty()) {
            errors->append({connectionError,
                            name,
                            {},
                            QStringLiteral("not set: %1 (%2) or %3 (%4) is needed for the API's address")
                                .arg(name, provider.environmentOf(name), provider.baseUrlSetting,
                                     provider.environmentOf(provider.baseUrlSetting))});
            return {};
        }
        *setting = name;
        url.replace(open, close - open + 1, value);
        open += value.size();
    }
    return url;
}

} // namespace

ActionResult::Status RestRequestBuilder::build(const RestDeclaration &declaration, const RestProvider &provider,
                                               const ActionInputs &inputs, const Connection &connection,
                                               const QList<QPair<QString, QString>> &queryOverrides,
                                               RestCall::Request *request, ActionErrors *errors)
{
    // Path parameters first: a missing one is the caller's mistake, not the connection's.
    QString path;
    for (const RestDeclaration::PathPart &part : declaration.path) {
        if (!part.isParameter) {
            path.append(part.text);
            continue;
        }
        const QString value = inputs.text(part.text);
        if (value.isEmpty()) {
            errors->append(
                {ErrorCodes::name(ErrorCode::InvalidInput), QLatin1Char('/') + part.text, QStringLiteral("required"),
                 QStringLiteral("is required: it is part of the request path %1").arg(declaration.pathTemplate)});
            continue;
        }
        path.append(QString::fromLatin1(encoded(value)));
    }
    if (!errors->isEmpty())
        return ActionResult::Status::InvalidInput;

    QByteArray query;
    const auto addQuery = [&query](const QString &name, const QString &value) {
        query.append(query.isEmpty() ? '?' : '&');
        query.append(encoded(name) + '=' + encoded(value));
    };
    QJsonObject body;
    // The bound inputs that were given, read from their slots (inputs.keys()
    // would build the whole object), in the sorted order the query is written in.
    QStringList keys;
    for (auto it = declaration.bindings.constBegin(); it != declaration.bindings.constEnd(); ++it) {
        if (inputs.contains(it.key()))
            keys.append(it.key());
    }
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        const auto binding = declaration.bindings.constFind(key);
        switch (binding->placement) {
        case RestDeclaration::Placement::Query: {
            const bool overridden = std::any_of(queryOverrides.begin(), queryOverrides.end(),
                                                [&binding](const auto &pair) { return pair.first == binding->name; });
            if (!overridden)
                addQuery(binding->name, wireText(inputs, key));
            break;
        }
        case RestDeclaration::Placement::Body: binding->pointer.insert(&body, inputs.value(key)); break;
        case RestDeclaration::Placement::Path:
        case RestDeclaration::Placement::None: break;
        }
    }
    for (const auto &[name, value] : queryOverrides)
        addQuery(name, value);

    const ActionErrors addressProblems = address(provider, connection, path + QString::fromLatin1(query), request);
    if (!addressProblems.isEmpty()) {
        *errors = addressProblems;
        return ActionResult::Status::ConfigurationError;
    }
    request->method = declaration.method;
    if (declaration.sendsBody) {
        request->headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
        request->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    return ActionResult::Status::Succeeded;
}

ActionErrors RestRequestBuilder::address(const RestProvider &provider, const Connection &connection,
                                         const QString &pathAndQuery, RestCall::Request *request)
{
    ActionErrors errors;
    QString baseSetting;
    const QString base = baseUrl(provider, connection, &baseSetting, &errors);
    if (!errors.isEmpty())
        return errors;
    errors = RestCall::prepare(request, connection, base, baseSetting, pathAndQuery);
    const QString secret = connection.value(provider.authSecretSetting);
    if (provider.auth != RestProvider::AuthScheme::None && secret.isEmpty())
        errors.append(
            {connectionError,
             provider.authSecretSetting,
             {},
             QStringLiteral("not set: the %1 API needs it; set %2 or the connection's %3")
                 .arg(provider.name, provider.environmentOf(provider.authSecretSetting), provider.authSecretSetting)});
    const QString user = connection.value(provider.authUserSetting);
    if (provider.auth == RestProvider::AuthScheme::Basic && user.isEmpty())
        errors.append(
            {connectionError,
             provider.authUserSetting,
             {},
             QStringLiteral("not set: the %1 API needs it; set %2 or the connection's %3")
                 .arg(provider.name, provider.environmentOf(provider.authUserSetting), provider.authUserSetting)});
    if (!errors.isEmpty())
        return errors;

    request->maxReplyBytes = provider.maxAnswerBytes;
    request->method = QByteArrayLiteral("GET");
    request->headers = {{"Accept", "application/json"}};
    if (provider.auth == RestProvider::AuthScheme::Bearer)
        request->headers.append({QByteArray("Authorization"), "Bearer " + secret.toUtf8()});
    else if (provider.auth == RestProvider::AuthScheme::Basic)
        request->headers.append(
            {QByteArray("Authorization"), "Basic " + (user.toUtf8() + ':' + secret.toUtf8()).toBase64()});
    request->body.clear();
    return {};
}

} // namespace ActionNode::Internal
