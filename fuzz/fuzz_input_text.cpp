// JSON text read straight into an action's inputs (batch lines, HTTP bodies)
// against QJsonDocument, the reader it stands in for: whatever the fast
// reader accepts, QJsonDocument must read as the same object. The same
// members set by slot (Runtime::inputsFor) must make the same inputs, and
// the declared members alone the same object. The text a run history keeps
// of them (RunRecord::of, spaces dropped) must read as that object too.
#include <actionnode/actionresult.h>
#include <actionnode/runtime.h>
#include <actionnode/store.h>

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
    const std::optional<ActionNode::ActionInputs> inputs = runtime->readSentInputs(action, text);
    if (!inputs)
        return 0;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("read as inputs, refused by QJsonDocument: %s", qPrintable(error.errorString()));
    if (inputs->toJsonObject() != document.object())
        qFatal("read as other inputs than QJsonDocument reads");
    const ActionNode::RunRecord run = ActionNode::RunRecord::of(runtime->action(action), *inputs,
                                                                ActionNode::ActionResult::success({}));
    if (QJsonDocument::fromJson(run.inputs).object() != document.object())
        qFatal("recorded as another object than was sent: %s", run.inputs.constData());
    ActionNode::ActionInputs bySlot = runtime->inputsFor(action).value();
    QJsonObject declared;
    for (const QString &key : document.object().keys()) {
        const QJsonValue value = document.object().value(key);
        if (inputs->value(key) != value)
            qFatal("the value of %s differs", qPrintable(key));
        const int slot = bySlot.slotOf(key);
        if (bySlot.setValue(slot, value) != (slot >= 0))
            qFatal("setting %s by slot %d did not do what slotOf() said", qPrintable(key), slot);
        if (slot >= 0 && !value.isUndefined())
            declared.insert(key, value);
        else if (slot < 0 && inputs->slotOf(key) >= 0)
            qFatal("%s has a slot in read inputs but not in empty ones", qPrintable(key));
    }
    if (bySlot.toJsonObject() != declared)
        qFatal("the members set by slot make another object than they are");
    for (const QString &key : declared.keys()) {
        if (bySlot.value(key) != inputs->value(key) || bySlot.text(key) != inputs->text(key))
            qFatal("the value of %s set by slot differs from the one read", qPrintable(key));
    }
    return 0;
}
