// JSON text read straight into an action's inputs (batch lines, HTTP bodies)
// against QJsonDocument, the reader it stands in for: whatever the fast
// reader accepts, QJsonDocument must read as the same object.
#include <actionnode/runtime.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ActionNode::Runtime *runtime = [] {
        auto *declared = new ActionNode::Runtime;
        declared->setPluginPaths({});
        declared->addDeclarationDirectory(QStringLiteral(ACTIONNODE_SOURCE_DIR "/schemas/daily"));
        return declared;
    }();
    static const QString action = QStringLiteral("daily.create_meeting_token");
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<ActionNode::ActionInputs> inputs = runtime->readInputs(action, text);
    if (!inputs)
        return 0;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("read as inputs, refused by QJsonDocument: %s", qPrintable(error.errorString()));
    if (inputs->toJsonObject() != document.object())
        qFatal("read as other inputs than QJsonDocument reads");
    for (const QString &key : document.object().keys()) {
        if (inputs->value(key) != document.object().value(key))
            qFatal("the value of %s differs", qPrintable(key));
    }
    return 0;
}
