#include "webhooksecrets.h"
#include "boundedfile.h"

#include <actionnode/runtime.h>
#include <actionnode/triggerhub.h>

using namespace ActionNode;

std::optional<QByteArray> WebhookSecrets::readFile(const QString &fileName, QString *errorString)
{
    const std::optional<QByteArray> text = BoundedFile::read(fileName, 64 * 1024, errorString);
    if (!text)
        return std::nullopt;
    return text->trimmed();
}

int WebhookSecrets::apply(TriggerHub *hub, const Runtime &runtime, const std::optional<QByteArray> &fileSecret,
                          QString *errorString)
{
    int configured = 0;
    for (const PluginSpec &plugin : runtime.plugins()) {
        const QString variable = TriggerHub::secretVariable(plugin.id());
        const QByteArray secret = fileSecret ? *fileSecret : qgetenv(qPrintable(variable));
        if (plugin.hasError() || secret.isEmpty())
            continue;
        QString problem;
        if (!hub->setWebhookSecret(plugin.id(), secret, &problem)) {
            *errorString = (fileSecret ? QStringLiteral("--hmac-file") : QLatin1Char('$') + variable)
                    + QStringLiteral(": ") + problem;
            return -1;
        }
        ++configured;
    }
    return configured;
}
