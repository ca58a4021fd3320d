#pragma once

#include <actionnode/actionspec.h>

#include <memory>

namespace ActionNode {

class ActionInputs;

namespace Internal {
class CheckedDeclarations;
class ClaimPlan;
class InvocationPlan;
class OutputTemplates;
class RestDeclaration;
} // namespace Internal

/*!
    What the runtime reads of an ActionSpec beyond its public API: the parts
    compiled when the declaration loads. Not installed: a host sees only
    actionspec.h.
*/
class ActionSpecPrivate
{
public:
    //! The claim bindings read at load; null when the declaration was not read.
    static const Internal::ClaimPlan *claimPlan(const ActionSpec &spec);
    //! The inputs' slots and checks, compiled at load; null when the declaration was not read.
    static const std::shared_ptr<const Internal::InvocationPlan> &invocationPlan(const ActionSpec &spec);
    //! ActionSpec::validate() for inputs read by invocationPlan(): valid ones are checked on their slots.
    static ActionErrors validate(const ActionSpec &spec, const ActionInputs &inputs);
    //! ActionSpec::warningsFor() on the inputs' slots.
    static ActionErrors warningsFor(const ActionSpec &spec, const ActionInputs &inputs);
    //! \a inputs without the hidden values that the provider ignores (\c{"x-whenHidden": "ignore"}).
    static ActionInputs sentInputs(const ActionSpec &spec, const ActionInputs &inputs);
    //! The declared REST call, read at load; null when the action has none.
    static const std::shared_ptr<const Internal::RestDeclaration> &restDeclaration(const ActionSpec &spec);
    //! The declared output templates, read at load; null when the declaration was not read.
    static const Internal::OutputTemplates *outputTemplates(const ActionSpec &spec);
    //! The fields of groups that need a bundle: the only ones the licence gate can lock.
    static const QList<FieldSpec> &bundleFields(const ActionSpec &spec);
    //! The keys of the inputs declared \c sensitive, sorted: read once at load, not per run recorded.
    static const QStringList &sensitiveInputs(const ActionSpec &spec);
    //! The outputs that FieldSpec::masked() changes (sensitive, or lists with sensitive item fields): read at load.
    static const QList<FieldSpec> &maskedOutputs(const ActionSpec &spec);
    //! The keys of the outputs declared sensitive whole, which FieldSpec::masked() shows as the mask: read at load.
    static const QStringList &sensitiveOutputs(const ActionSpec &spec);
    //! A spec that only carries \a errorString (an unknown or unloadable action).
    static ActionSpec unavailable(const QString &errorString);
    /*!
        Reads a declaration whose conditions are said with \a phrases (a
        translation's, already checked); \a checked lists the declarations that
        need no check against the action schema.
    */
    static ActionSpec read(const QByteArray &json, const QString &source, const QJsonObject &phrases,
                           const Internal::CheckedDeclarations &checked);
    //! ActionSpec::fromFile(), checking the declaration against the action schema unless \a checked lists it.
    static ActionSpec fromFile(const QString &fileName, const Internal::CheckedDeclarations &checked);
};

} // namespace ActionNode
