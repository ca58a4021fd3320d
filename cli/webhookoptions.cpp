#include "webhookoptions.h"

#include <actionnode/boundedfile.h>
#include <actionnode/runtime.h>
#include <actionnode/triggerhub.h>

using namespace ActionNode;

namespace {
constexpr qint64 maxSecretFileBytes = 64 * 1024; // a secret is a few dozen bytes
} // namespace

void WebhookOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_hmacFile, m_replayWindow, m_pollInterval});
}

bool WebhookOptions::read(const QCommandLineParser &parser, QString *errorString)
{
    bool ok = false;
    m_replayWindowSeconds = parser.value(m_replayWindow).toInt(&ok);
    if (!ok || m_replayWindowSeconds < 1 || m_replayWindowSeconds > maxReplayWindowSeconds) {
        *errorString = QStringLiteral("--replay-window must be from 1 to %1 seconds").arg(maxReplayWindowSeconds);
        return false;
    }
    if (parser.isSet(m_pollInterval)) {
        m_pollIntervalMs = parser.value(m_pollInterval).toInt(&ok);
        if (!ok || m_pollIntervalMs < minPollIntervalMs || m_pollIntervalMs > maxPollIntervalMs) {
            *errorString = QStringLiteral("--poll-interval-ms must be from %1 to %2 milliseconds")
                               .arg(minPollIntervalMs)
                               .arg(maxPollIntervalMs);
            return false;
        }
    }
    m_hmacFileName = parser.value(m_hmacFile);
    return true;
}

std::optional<QByteArray> WebhookOptions::fileSecret(QString *errorString) const
{
    const std::optional<QByteArray> text = BoundedFile::read(m_hmacFileName, maxSecretFileBytes, errorString);
    if (!text)
        return std::nullopt;
    return text->trimmed();
}

QByteArray WebhookOptions::secretOf(const QString &provider, const std::optional<QByteArray> &fileSecret)
{
    return fileSecret ? *fileSecret : qgetenv(qPrintable(TriggerHub::secretVariable(provider)));
}

int WebhookOptions::configure(TriggerHub *hub, const Runtime &runtime, QString *errorString) const
{
    std::optional<QByteArray> fromFile;
    if (!m_hmacFileName.isEmpty() && !(fromFile = fileSecret(errorString)))
        return -1;
    hub->setReplayWindow(m_replayWindowSeconds);
    configurePolling(hub);
    int configured = 0;
    for (const PluginSpec &plugin : runtime.plugins()) {
        const QByteArray secret = secretOf(plugin.id(), fromFile);
        if (plugin.hasError() || secret.isEmpty())
            continue;
        QString problem;
        if (!hub->setWebhookSecret(plugin.id(), secret, &problem)) {
            *errorString = (fromFile ? QStringLiteral("--hmac-file")
                                     : QLatin1Char('$') + TriggerHub::secretVariable(plugin.id()))
                           + QStringLiteral(": ") + problem;
            return -1;
        }
        ++configured;
    }
    return configured;
}

bool WebhookOptions::configure(TriggerHub *hub, const QString &provider, QString *errorString) const
{
    std::optional<QByteArray> fromFile;
    if (!m_hmacFileName.isEmpty() && !(fromFile = fileSecret(errorString)))
        return false;
    hub->setReplayWindow(m_replayWindowSeconds);
    configurePolling(hub);
    if (!hub->setWebhookSecret(provider, secretOf(provider, fromFile), errorString)) {
        *errorString += QStringLiteral(" (set $%1 or --hmac-file)").arg(TriggerHub::secretVariable(provider));
        return false;
    }
    return true;
}

void WebhookOptions::configurePolling(TriggerHub *hub) const
{
    hub->setPollInterval(m_pollIntervalMs);
}
