#include "invocationplan.h"

#include "actioninputs_p.h"
#include "claimplan.h"
#include "inputjsonreader.h"
#include "inputvalidator.h"
#include "jsonschemaprecheck.h"
#include "nlohmannjson.h"

#include <QMutexLocker>

#include <algorithm>
#include <memory>
#include <new>
#include <string_view>
#include <utility>

namespace ActionNode::Internal {

InvocationPlan::InvocationPlan(const QStringList &keys, std::shared_ptr<const InputValidator> validator,
                               std::shared_ptr<const ClaimPlan> claims, const QList<ConditionalField> &conditional)
    : m_validator(std::move(validator)), m_claims(std::move(claims))
{
    QStringList sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    const JsonSchemaPrecheck *precheck = m_validator ? m_validator->precheck() : nullptr;
    if (precheck && precheck->rootIsPlainObject())
        m_precheck = precheck;
    for (const QString &key : std::as_const(sorted)) {
        Field field;
        field.key = key;
        field.precheckNode = m_precheck ? m_precheck->rootPropertyNode(key) : -1;
        field.claim = m_claims ? m_claims->binding(key) : nullptr;
        const int slot = int(m_fields.size());
        if (field.claim && field.claim->position >= 0)
            m_claimedSlots.append({field.claim->position, slot});
        else
            m_unclaimedSlots.append(slot);
        m_slotOfKey.insert(key, slot);
        m_fields.append(field);
    }
    // Of two fields with one claim, the later in key order wins, as a later member of the object would.
    std::sort(m_claimedSlots.begin(), m_claimedSlots.end(), [](const ClaimedSlot &a, const ClaimedSlot &b) {
        return a.position < b.position || (a.position == b.position && a.slot > b.slot);
    });
    for (const ConditionalField &field : conditional) {
        const int slot = slotOf(field.key);
        if (slot >= 0)
            m_fields[slot].conditional = true;
        m_conditionallyRequired = m_conditionallyRequired || field.required;
    }
    if (m_precheck) {
        for (const QString &key : m_precheck->rootRequired()) {
            const int slot = slotOf(key);
            if (slot < 0)
                m_precheck = nullptr; // required but never a slot: only valijson can say so
            else
                m_requiredSlots.append(slot);
        }
    }
}

int InvocationPlan::slotOf(QStringView key) const
{
    const int *slot = m_slotOfKey.find(key);
    return slot ? *slot : -1;
}

int InvocationPlan::slotOf(std::string_view utf8Key) const
{
    const int *slot = m_slotOfKey.find(utf8Key);
    return slot ? *slot : -1;
}

ActionInputsData *InvocationPlan::newInputs() const
{
    return ActionInputsData::create(shared_from_this(), size_t(m_fields.size()));
}

ActionInputs InvocationPlan::emptyInputs() const
{
    return ActionInputsData::make(newInputs());
}

ActionInputs InvocationPlan::read(const QJsonObject &values) const
{
    ActionInputsData *inputs = newInputs();
    inputs->m_object = values;
    inputs->m_objectBuilt = true;
    // One pass over the members: Qt 6.4 looks a key up by building a value of it.
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QString key = it.key();
        const int slotIndex = slotOf(key);
        if (slotIndex < 0) {
            inputs->extras.insert(key, it.value());
            continue;
        }
        InputSlot &slot = inputs->inputSlots[size_t(slotIndex)];
        // A text is read straight off the object: no QJsonValue of it is made.
        if (it->isString()) {
            slot.kind = InputSlot::Kind::String;
            slot.text = it->toString();
        } else {
            slot = InputSlot::of(it.value());
        }
        ++inputs->given;
    }
    return ActionInputsData::make(inputs);
}

std::optional<ActionInputs> InvocationPlan::readJson(QByteArrayView json, const QByteArray *kept) const
{
    ActionInputsData *inputs = newInputs();
    const ActionInputs read = ActionInputsData::make(inputs);
    bool repeatedMember = false;
    if (!InputJsonReader::read(json, *this, inputs, &repeatedMember))
        return std::nullopt;
    // A repeated member ran with its last value; a reader of the text may take its first.
    if (kept && !repeatedMember)
        inputs->sentJson = *kept;
    return read;
}

bool InvocationPlan::owns(const ActionInputsData &inputs) const
{
    return inputs.plan.get() == this;
}

bool InvocationPlan::certainlyValid(const ActionInputsData &inputs) const
{
    if (!m_precheck || m_conditionallyRequired || !inputs.extras.isEmpty())
        return false;
    for (int slot : m_requiredSlots) {
        if (!inputs.inputSlots[size_t(slot)].isGiven())
            return false;
    }
    for (size_t i = 0; i < inputs.inputSlots.size(); ++i) {
        const InputSlot &slot = inputs.inputSlots[i];
        if (!slot.isGiven())
            continue;
        const Field &field = m_fields.at(qsizetype(i));
        if (field.conditional || field.precheckNode < 0)
            return false;
        const bool accepted = slot.kind == InputSlot::Kind::String
                                  ? m_precheck->acceptsTextAt(field.precheckNode, slot.text)
                              : slot.kind == InputSlot::Kind::Utf8String
                                  ? m_precheck->acceptsTextAt(field.precheckNode, slot.utf8)
                                  : m_precheck->acceptsAt(field.precheckNode, slot.packed);
        if (!accepted)
            return false;
    }
    return true;
}

void InvocationPlan::writeClaims(std::string *out, const ActionInputsData &inputs, const ExtraClaims *extras,
                                 ActionErrors *unmapped) const
{
    if (!m_claims || !inputs.extras.isEmpty()) {
        // Undeclared members are reported among the others, in key order: as the object.
        if (m_claims)
            return m_claims->write(out, inputs.object(), extras, unmapped);
        ClaimObjectWriter(out, nullptr, extras).finish();
        return;
    }
    bool allClaimed = std::none_of(m_unclaimedSlots.begin(), m_unclaimedSlots.end(),
                                   [&inputs](int slot) { return inputs.inputSlots[size_t(slot)].isGiven(); });
    ClaimObjectWriter writer(out, m_claims.get(), extras);
    int written = -1;
    for (const ClaimedSlot &claimed : m_claimedSlots) {
        const InputSlot &slot = inputs.inputSlots[size_t(claimed.slot)];
        if (!slot.isGiven())
            continue;
        if (claimed.position == written) {
            // Written over by a later member, so not checked here: the walk below says whether it holds anything
            // unclaimed.
            allClaimed = false;
            continue;
        }
        written = claimed.position;
        const ClaimBinding &claim = *m_fields.at(claimed.slot).claim;
        std::string *member = writer.member(claimed.position);
        if (slot.kind == InputSlot::Kind::String)
            ClaimPlan::writeText(member, claim, slot.text);
        else if (slot.kind == InputSlot::Kind::Utf8String)
            ClaimPlan::writeUtf8(member, claim, slot.utf8);
        else
            allClaimed = ClaimPlan::writeValue(member, claim, slot.packed.root()) && allClaimed;
    }
    writer.finish();
    if (!allClaimed)
        m_claims->reportUnmapped(inputs.object(), nullptr, unmapped);
}
} // namespace ActionNode::Internal

namespace ActionNode {

InputSlot InputSlot::of(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined: return {};
    case QJsonValue::String: return {Kind::String, value.toString(), QJsonValue::Undefined, {}, {}};
    case QJsonValue::Array:
    case QJsonValue::Object:
        // Converted once here, walked on every invocation.
        return {Kind::Nested, {}, value, Internal::PackedJson::of(value), {}};
    default: return {Kind::Other, {}, value, Internal::PackedJson::of(value), {}};
    }
}

InputSlot InputSlot::ofUtf8(std::string_view utf8)
{
    InputSlot slot;
    slot.kind = Kind::Utf8String;
    slot.utf8 = utf8;
    return slot;
}

QString InputSlot::toText() const
{
    return kind == Kind::Utf8String ? Internal::utf8Text(utf8) : text;
}

QJsonValue InputSlot::toJsonValue() const
{
    switch (kind) {
    case Kind::String:
    case Kind::Utf8String: return toText();
    case Kind::Nested: return value.isUndefined() ? packed.toJsonValue() : value;
    default: return value;
    }
}

namespace {

// Where a block's slots start: after its ActionInputsData, aligned for them.
constexpr size_t slotsOffset = (sizeof(ActionInputsData) + alignof(InputSlot) - 1) / alignof(InputSlot)
                               * alignof(InputSlot);

// A block for an ActionInputsData and \a slotCount slots, and where the slots go in it.
std::pair<void *, InputSlot *> allocateBlock(size_t slotCount)
{
    static_assert(alignof(ActionInputsData) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__
                  && alignof(InputSlot) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
    void *block = ::operator new(slotsOffset + slotCount * sizeof(InputSlot));
    return {block, reinterpret_cast<InputSlot *>(static_cast<char *>(block) + slotsOffset)};
}

} // namespace

ActionInputsData *ActionInputsData::create(std::shared_ptr<const Internal::InvocationPlan> plan, size_t slotCount)
{
    const auto [block, firstSlot] = allocateBlock(slotCount);
    auto *data = ::new (block) ActionInputsData;
    data->plan = std::move(plan);
    std::uninitialized_value_construct_n(firstSlot, slotCount);
    data->inputSlots.m_slots = firstSlot;
    data->inputSlots.m_size = slotCount;
    return data;
}

ActionInputsData *ActionInputsData::clone() const
{
    const auto [block, firstSlot] = allocateBlock(inputSlots.size());
    // The slots first: a copy that throws (out of memory) leaves only the block to free.
    try {
        std::uninitialized_copy_n(inputSlots.m_slots, inputSlots.size(), firstSlot);
    } catch (...) {
        ::operator delete(block);
        throw;
    }
    auto *data = ::new (block) ActionInputsData(*this);
    data->inputSlots.m_slots = firstSlot;
    data->inputSlots.m_size = inputSlots.size();
    return data;
}

ActionInputsData::~ActionInputsData()
{
    std::destroy_n(inputSlots.m_slots, inputSlots.size());
}

ActionInputsData::ActionInputsData(const ActionInputsData &other)
    : QSharedData(other), plan(other.plan), extras(other.extras), given(other.given), sentJson(other.sentJson)
{
    const QMutexLocker locker(&other.m_objectLock);
    m_object = other.m_object;
    m_objectBuilt = other.m_objectBuilt;
}

bool ActionInputsData::setSlot(int slot, InputSlot input)
{
    if (slot < 0 || size_t(slot) >= inputSlots.size())
        return false;
    InputSlot &held = inputSlots[size_t(slot)];
    given += int(input.isGiven()) - int(held.isGiven());
    held = std::move(input);
    sentJson.clear();
    const QMutexLocker locker(&m_objectLock);
    m_object = QJsonObject();
    m_objectBuilt = false;
    return true;
}

const QJsonObject &ActionInputsData::object() const
{
    const QMutexLocker locker(&m_objectLock);
    if (!m_objectBuilt) {
        QJsonObject object = extras;
        for (size_t i = 0; i < inputSlots.size(); ++i) {
            if (inputSlots[i].isGiven())
                object.insert(plan->keyOf(int(i)), inputSlots[i].toJsonValue());
        }
        m_object = object;
        m_objectBuilt = true;
    }
    return m_object;
}

QJsonValue ActionInputsData::value(const QString &key) const
{
    const int slot = plan ? plan->slotOf(key) : -1;
    return slot >= 0 ? inputSlots[size_t(slot)].toJsonValue() : extras.value(key);
}

} // namespace ActionNode
