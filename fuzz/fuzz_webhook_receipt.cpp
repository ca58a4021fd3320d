// Webhook deliveries as 'listen' and the HTTP hosts hand them to the
// TriggerHub: the input's first line is the timestamp header, the second
// the signature header, the rest the body. Each body is also delivered
// signed, so that the checks after the signature (strict JSON, event
// shape, de-duplication) are reached.
#include "jsontext.h"
#include "pluginruntime.h"

#include <actionnode/runtime.h>
#include <actionnode/store.h>
#include <actionnode/triggerhub.h>
#include <actionnode/webhookverifier.h>

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

namespace {

const QByteArray secret = QByteArrayLiteral("ZnV6ei13ZWJob29rLXNlY3JldA==");
constexpr qint64 now = 1893456000;
ActionNode::Runtime *runtime = nullptr;

void check(const ActionNode::TriggerHub::Receipt &receipt, const QByteArray &body)
{
    static const QList<int> statuses{200, 400, 401, 413, 503};
    if (!statuses.contains(receipt.status) || receipt.code.isEmpty() || receipt.message.isEmpty())
        qFatal("a receipt outside the documented ones");
    if (receipt.code == ActionNode::TriggerHub::Receipt::accepted && !QJsonDocument::fromJson(body).isObject())
        qFatal("a body that is not a JSON object was accepted");
    // Strict JSON, as the command line reads it: a raw control character inside a string is never accepted.
    if (receipt.code == ActionNode::TriggerHub::Receipt::accepted
        && ActionNode::JsonText::forbiddenControlCharacter(body) != 0)
        qFatal("a raw control character inside a string was accepted");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    runtime = startPluginRuntime(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype firstEnd = input.indexOf('\n');
    const qsizetype secondEnd = firstEnd < 0 ? -1 : input.indexOf('\n', firstEnd + 1);
    const QByteArray timestamp = firstEnd < 0 ? QByteArray() : input.left(firstEnd);
    const QByteArray signature = secondEnd < 0 ? QByteArray() : input.mid(firstEnd + 1, secondEnd - firstEnd - 1);
    const QByteArray body = secondEnd < 0 ? input : input.mid(secondEnd + 1);

    ActionNode::TriggerHub hub(runtime);
    hub.setClock([] { return now; });
    // A short log: the fuzzer also reaches the refusal of events that may not be pruned yet.
    ActionNode::StoreRetention retention;
    retention.maxEvents = 4;
    if (!hub.store())
        qFatal("the in-memory store did not open (is Qt's SQLite driver installed?)");
    hub.store()->setRetention(retention);
    QString error;
    if (!hub.setWebhookSecret(QStringLiteral("daily"), secret, &error))
        qFatal("the fuzz secret was refused");
    check(hub.receiveWebhook(QStringLiteral("daily"), timestamp, signature, body), body);

    const QByteArray signedAt = QByteArray::number(now);
    const QByteArray signedWith = ActionNode::WebhookVerifier::sign(secret, signedAt, body);
    const ActionNode::TriggerHub::Receipt first = hub.receiveWebhook(QStringLiteral("daily"), signedAt, signedWith,
                                                                     body);
    check(first, body);
    const ActionNode::TriggerHub::Receipt again = hub.receiveWebhook(QStringLiteral("daily"), signedAt, signedWith,
                                                                     body);
    check(again, body);
    if (first.code == ActionNode::TriggerHub::Receipt::accepted
        && again.code != ActionNode::TriggerHub::Receipt::duplicate)
        qFatal("an event delivered twice was passed on twice");
    return 0;
}
