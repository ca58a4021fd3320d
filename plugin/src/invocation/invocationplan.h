#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actioninputs.h>

#include "texttable.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ActionNode {
class ActionInputsData;
}

namespace ActionNode::Internal {

class ClaimPlan;
struct ClaimBinding;
class ExtraClaims;
class InputValidator;
class JsonSchemaPrecheck;

/*!
    How one declaration's inputs are read and checked on every invocation,
    compiled once when the declaration loads: one slot per input field, at
    a place fixed for the declaration, with what each step needs of the
    field (its node of the schema precheck, its claim binding).

    The inputs are read into the inputSlots once, from a QJsonObject (the C++
    API) or straight from JSON text (batch lines, MCP, HTTP bodies) without
    building an object; validation, the licence gate, the warnings, the
    claim writer and the output templates then read the inputSlots. Inputs that
    the inputSlots cannot show valid are handed to valijson as one object, so
    that every error keeps its wording.
*/
class InvocationPlan : public std::enable_shared_from_this<InvocationPlan>
{
public:
    //! A field whose condition (visibleWhen) decides whether it is accepted or required.
    struct ConditionalField
    {
        QString key;
        bool required;
    };

    /*!
        Compiles the plan of the inputs \a keys; \a validator and \a claims
        are kept alive by the plan.
    */
    InvocationPlan(const QStringList &keys, std::shared_ptr<const InputValidator> validator,
                   std::shared_ptr<const ClaimPlan> claims, const QList<ConditionalField> &conditional);

    qsizetype slotCount() const { return m_fields.size(); }
    const QString &keyOf(int slot) const { return m_fields.at(slot).key; }
    //! The slot of field \a key, or -1 when no field has that key.
    int slotOf(QStringView key) const;
    //! The same for a key given as its UTF-8 bytes.
    int slotOf(std::string_view utf8Key) const;

    //! Inputs with every slot empty, for a caller that fills them by slot.
    ActionInputs emptyInputs() const;
    //! \a values read into inputSlots; the object is kept as it is for toJsonObject().
    ActionInputs read(const QJsonObject &values) const;
    /*!
        \a json, the text of one JSON object, read into inputSlots; nothing when
        it is not one (the caller's own parser then words why, as before).
        The inputs keep \a kept, the same text owned, as ActionInputsData::sentJson
        when it is given and no object in the text repeats a member.
    */
    std::optional<ActionInputs> readJson(QByteArrayView json, const QByteArray *kept = nullptr) const;

    //! True when \a inputs were read by this plan.
    bool owns(const ActionInputsData &inputs) const;
    /*!
        True only when the inputs schema certainly accepts \a inputs and no
        visibleWhen condition can apply to them: then the declared rules
        are the only check left. False does not mean invalid.
    */
    bool certainlyValid(const ActionInputsData &inputs) const;
    /*!
        Writes the claims of \a inputs and \a extras (may be null) to \a out,
        as ClaimPlan::write() does for the object, in the claim order the
        plan keeps for the inputSlots.
    */
    void writeClaims(std::string *out, const ActionInputsData &inputs, const ExtraClaims *extras,
                     ActionErrors *unmapped) const;

private:
    ActionInputsData *newInputs() const;

    struct Field
    {
        QString key;
        int precheckNode = -1;               //!< -1: the precheck does not know the field
        const ClaimBinding *claim = nullptr; //!< null when the claim plan does not know it
        bool conditional = false;
    };

    //! A slot whose field has a claim, at the position of its claim name.
    struct ClaimedSlot
    {
        int position;
        int slot;
    };

    QList<Field> m_fields;
    QList<ClaimedSlot> m_claimedSlots; //!< by claim position, then the last slot (the one written) first
    QList<int> m_unclaimedSlots;       //!< slots whose field has no claim
    TextTable<int> m_slotOfKey;
    std::shared_ptr<const InputValidator> m_validator;
    std::shared_ptr<const ClaimPlan> m_claims;
    const JsonSchemaPrecheck *m_precheck = nullptr; //!< null: valijson decides every value
    QList<int> m_requiredSlots;
    bool m_conditionallyRequired = false;
};

} // namespace ActionNode::Internal
