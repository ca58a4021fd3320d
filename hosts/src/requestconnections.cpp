#include "requestconnections.h"

#include <actionnode/errorcodes.h>
#include <actionnode/runtime.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace ActionNode {

const QByteArray RequestConnections::headerName = QByteArrayLiteral("x-actionnode-connection");

namespace {

const QString headerTitle = QStringLiteral("X-ActionNode-Connection");

} // namespace

void RequestConnections::refuse(const QString &field, const QString &message)
{
    m_errors.append({ErrorCodes::name(ErrorCode::InvalidConnection), field, {}, message});
}

RequestConnections RequestConnections::read(const QList<QByteArray> &headerValues, Runtime *runtime)
{
    RequestConnections read;
    if (headerValues.isEmpty())
        return read;
    if (headerValues.size() > 1) {
        read.refuse({}, QStringLiteral("%1 was sent %2 times; send it once, with every provider's connection keyed "
                                       "by provider id: {\"daily\": {...}, \"signalwire\": {...}}")
                            .arg(headerTitle)
                            .arg(headerValues.size()));
        return read;
    }
    const auto decoded = QByteArray::fromBase64Encoding(headerValues.constFirst().trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    QJsonParseError parseError{};
    const QJsonDocument document = decoded ? QJsonDocument::fromJson(*decoded, &parseError) : QJsonDocument();
    if (!document.isObject()) {
        // Neither the header nor the decoded text is quoted: it holds credentials.
        read.refuse({}, QStringLiteral("%1 is not the base64 of a JSON object keyed by provider id (%2)")
                            .arg(headerTitle, !decoded ? QStringLiteral("not base64")
                                              : parseError.error != QJsonParseError::NoError
                                                  ? parseError.errorString()
                                                  : QStringLiteral("not an object")));
        return read;
    }
    return fromJson(document.object(), runtime, headerTitle);
}

RequestConnections RequestConnections::fromJson(const QJsonObject &providers, Runtime *runtime, const QString &title)
{
    RequestConnections read;
    const QList<PluginSpec> plugins = runtime->plugins();
    for (auto it = providers.begin(); it != providers.end(); ++it) {
        const QString source = QStringLiteral("%1 (%2)").arg(title, it.key());
        if (std::none_of(plugins.cbegin(), plugins.cend(),
                         [&](const PluginSpec &plugin) { return !plugin.hasError() && plugin.id() == it.key(); })) {
            read.refuse(it.key(), QStringLiteral("%1: no provider \"%2\" is loaded (each provider's settings are "
                                                 "keyed by its id: {\"daily\": {...}})")
                                      .arg(title, it.key()));
            continue;
        }
        Connection connection = runtime->connection(it.key());
        if (!it.value().isObject()) {
            read.refuse(it.key(), QStringLiteral("%1: must be an object of settings").arg(source));
            continue;
        }
        QString error;
        if (!connection.setAccount(it.value().toObject(), source, &error)) {
            read.refuse(it.key(), error);
            continue;
        }
        for (ActionError problem : connection.problems()) {
            problem.code = ErrorCodes::name(ErrorCode::InvalidConnection);
            problem.message = source + QStringLiteral(": ") + problem.message;
            read.m_errors.append(problem);
        }
        if (read.isValid())
            read.m_connections.insert(it.key(), connection);
    }
    if (!read.isValid())
        read.m_connections.clear();
    return read;
}

} // namespace ActionNode
