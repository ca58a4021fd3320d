// JSON text read straight into an action's inputs (batch lines, HTTP bodies)
// against QJsonDocument, the reader it stands in for: whatever the fast
// reader accepts, QJsonDocument must read as the same object, member by
// member (sameJson()). The same members set by slot (Runtime::inputsFor)
// must make the same inputs, and the declared members alone the same
// object. The text a run history keeps of them (RunRecord::of, spaces
// dropped) must read as that object too. Read from text, the inputs keep
// their texts as UTF-8; read from the object, as QStrings: a dry run must
// judge both alike, and the claims signed of both must be the same bytes.
// A copy of the inputs changed by slot must leave them as they were read.
#include <actionnode/actionresult.h>
#include <actionnode/runtime.h>
#include <actionnode/sdk/claimmapping.h>
#include <actionnode/store.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace {

bool sameJson(const QJsonValue &a, const QJsonValue &b);

// The members of \a object by key, in QString's order.
std::vector<std::pair<QString, QJsonValue>> sortedMembers(const QJsonObject &object)
{
    std::vector<std::pair<QString, QJsonValue>> members;
    for (auto it = object.begin(); it != object.end(); ++it)
        members.emplace_back(it.key(), it.value());
    std::sort(members.begin(), members.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    return members;
}

/*
    Whether \a a and \a b hold the same values, members compared by key.
    QJsonObject's == compares members position by position, and Qt 6.4
    orders them two ways: QJsonDocument by code point, insert() by UTF-16
    code unit, which differ for a key beyond U+FFFF beside one from U+E000
    on. (A lookup by such a key in a read object can miss for that reason,
    so members are taken by iterating.)
*/
bool sameJson(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isArray() && b.isArray()) {
        const QJsonArray left = a.toArray();
        const QJsonArray right = b.toArray();
        return left.size() == right.size()
               && std::equal(left.begin(), left.end(), right.begin(),
                             [](const QJsonValue &x, const QJsonValue &y) { return sameJson(x, y); });
    }
    if (a.isObject() && b.isObject()) {
        const auto left = sortedMembers(a.toObject());
        const auto right = sortedMembers(b.toObject());
        return left.size() == right.size()
               && std::equal(left.begin(), left.end(), right.begin(), [](const auto &x, const auto &y) {
                      return x.first == y.first && sameJson(x.second, y.second);
                  });
    }
    return a == b;
}

/*
    Whether \a value holds an object with a key twice. QJsonDocument sorts
    a read object's members with the two orders above mixed, so it can miss
    that a key sent both raw and escaped repeats: {"\xEF\xBF\xBD":[],
    "\ud800\udc00":1,"\ufffd":2} is read with both U+FFFD members. Such an
    object is no reference; the runtime's reader keeps the last value, as
    QJsonDocument means to.
*/
bool holdsRepeatedKey(const QJsonValue &value)
{
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        return std::any_of(items.begin(), items.end(), [](const QJsonValue &item) { return holdsRepeatedKey(item); });
    }
    if (!value.isObject())
        return false;
    const auto members = sortedMembers(value.toObject());
    return std::adjacent_find(members.begin(), members.end(),
                              [](const auto &x, const auto &y) { return x.first == y.first; })
               != members.end()
           || std::any_of(members.begin(), members.end(),
                          [](const auto &member) { return holdsRepeatedKey(member.second); });
}

/*
    \a errors as texts, sorted: errors of undeclared members come in the
    order of the object's members, and Qt orders a read object and a built
    one two ways (above).
*/
QStringList sortedTexts(const ActionNode::ActionErrors &errors)
{
    QStringList texts;
    for (const ActionNode::ActionError &error : errors)
        texts.append(error.code + QLatin1Char(' ') + error.rule + QLatin1Char(' ') + error.toString());
    texts.sort();
    return texts;
}

bool judgedAlike(const ActionNode::ActionResult &a, const ActionNode::ActionResult &b)
{
    return a.status == b.status && a.outputs.toJsonObject() == b.outputs.toJsonObject()
           && sortedTexts(a.errors) == sortedTexts(b.errors) && sortedTexts(a.warnings) == sortedTexts(b.warnings);
}

} // namespace

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
    const QJsonObject sent = document.object();
    if (holdsRepeatedKey(sent))
        return 0;
    if (!sameJson(inputs->toJsonObject(), sent))
        qFatal("read as other inputs than QJsonDocument reads");
    const ActionNode::RunRecord run = ActionNode::RunRecord::of(runtime->action(action), *inputs,
                                                                ActionNode::ActionResult::success({}));
    if (!sameJson(QJsonDocument::fromJson(run.inputs).object(), sent))
        qFatal("recorded as another object than was sent: %s", run.inputs.constData());
    const ActionNode::ActionInputs fromObject(sent);
    ActionNode::InvokeOptions dryRun;
    dryRun.dryRun = true;
    const ActionNode::ActionResult judged = runtime->call(action, *inputs, dryRun).result();
    const ActionNode::ActionResult judgedFromObject = runtime->call(action, fromObject, dryRun).result();
    if (!judgedAlike(judged, judgedFromObject))
        qFatal("read from text, judged otherwise than from the object: %s",
               QJsonDocument(judged.toJson()).toJson(QJsonDocument::Compact).constData());
    ActionNode::ActionErrors unmapped;
    ActionNode::ActionErrors unmappedFromObject;
    const ActionNode::ActionSpec spec = runtime->action(action);
    const QByteArray claims = ActionNode::ClaimMapping::signingPayload(spec, *inputs, {}, &unmapped);
    if (claims != ActionNode::ClaimMapping::signingPayload(spec, fromObject, {}, &unmappedFromObject)
        || sortedTexts(unmapped) != sortedTexts(unmappedFromObject))
        qFatal("read from text, signed as other claims than from the object: %s", claims.constData());
    ActionNode::ActionInputs bySlot = runtime->inputsFor(action).value();
    QJsonObject declared;
    for (const auto &[key, value] : sortedMembers(sent)) {
        if (!sameJson(inputs->value(key), value))
            qFatal("the value of %s differs", qPrintable(key));
        const int slot = bySlot.slotOf(key);
        if (bySlot.setValue(slot, value) != (slot >= 0))
            qFatal("setting %s by slot %d did not do what slotOf() said", qPrintable(key), slot);
        if (slot >= 0 && !value.isUndefined())
            declared.insert(key, value);
        else if (slot < 0 && inputs->slotOf(key) >= 0)
            qFatal("%s has a slot in read inputs but not in empty ones", qPrintable(key));
    }
    if (!sameJson(bySlot.toJsonObject(), declared))
        qFatal("the members set by slot make another object than they are");
    for (const QString &key : declared.keys()) {
        if (!sameJson(bySlot.value(key), inputs->value(key)) || bySlot.text(key) != inputs->text(key))
            qFatal("the value of %s set by slot differs from the one read", qPrintable(key));
    }
    // A copy changed by slot gets slots of its own (every kind the text was read into), the read inputs keep theirs.
    ActionNode::ActionInputs copy = *inputs;
    for (const QString &key : declared.keys())
        copy.setValue(copy.slotOf(key), QJsonValue(QJsonValue::Undefined));
    for (const QString &key : declared.keys()) {
        // value() reads the slot itself (toJsonObject() would hand back the object built above).
        if (copy.contains(key) || !sameJson(inputs->value(key), sent.value(key)))
            qFatal("a copy of the inputs cleared by slot changed the inputs it was copied from: %s", qPrintable(key));
    }
    return 0;
}
