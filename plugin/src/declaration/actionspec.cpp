#include "actionspec_p.h"
#include <actionnode/boundedfile.h>
#include <actionnode/errorcodes.h>

#include "actiontranslation.h"
#include "claimplan.h"
#include "builtinschema.h"
#include "checkeddeclarations.h"
#include "declarationcheck.h"
#include "outputtemplates.h"
#include "actioninputs_p.h"
#include "invocationplan.h"
#include "restdeclaration.h"
#include "inputvalidator.h"
#include "jsonschema.h"
#include "logging.h"
#include "migrationplan.h"
#include "annotations.h"
#include "nodespecdata.h"
#include "visibilitycheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <memory>
#include <type_traits>

namespace ActionNode {

using namespace Internal;

class ActionSpecData : public Internal::NodeSpecData
{
public:
    QList<FieldGroup> groups;
    QList<FieldSpec> fields;
    QHash<QString, qsizetype> fieldIndex;
    QList<FieldSpec> bundleFields;  //!< the fields of groups that need a bundle
    QStringList sensitiveInputs;    //!< keys of the inputs declared sensitive, sorted
    QList<FieldSpec> maskedOutputs; //!< the outputs FieldSpec::masked() changes
    QStringList sensitiveOutputs;   //!< keys of the outputs declared sensitive whole
    // Read on every invocation: kept apart from the declaration's JSON.
    QJsonObject transport;
    //! A warning about a field that is not given.
    struct AbsenceWarning
    {
        ActionError warning; //!< field: the pointer of the field that must be present
        QString key;
    };
    QList<AbsenceWarning> absenceWarnings;
    VisibilityCondition::Fields siblings; //!< labels and defaults that visibleWhen conditions read
    VisibilityCheck visibility;
    //! The inputs schema as validated: conditionally required fields left out of "required".
    QJsonObject inputSchema;
    MigrationPlan migrations;
    QString locale;
    //! Warnings about a field that is given (when another field has a value, if \c other is set).
    struct PresenceWarning
    {
        ActionError warning; //!< field: the given field's pointer
        QString key;
        QString other;
        QJsonValue equals;
    };
    QList<PresenceWarning> presenceWarnings;
    // Compiled once per declaration and shared by all copies of the spec.
    std::shared_ptr<const InputValidator> validator;
    std::shared_ptr<const ClaimPlan> claimPlan;
    std::shared_ptr<const RestDeclaration> rest; //!< null when the action declares no transport.rest
    std::shared_ptr<const OutputTemplates> outputTemplates;
    std::shared_ptr<const InvocationPlan> plan;

    QString kind() const override { return QStringLiteral("action"); }
    bool isCompiled() const override { return validator != nullptr; }

    bool read(const QByteArray &json, const CheckedDeclarations &checked);
    bool readConditions(const QJsonObject &properties, const QSet<QString> &required, QJsonObject *validatedInputs);
    bool readNotices(const QJsonObject &groupJson, const QString &groupPointer, FieldGroup *group);
};

// A "pointer: reason" problem, as the condition and migration checks word them.
static QString problemPointer(const QString &problem)
{
    return problem.section(QStringLiteral(": "), 0, 0);
}
static QString problemReason(const QString &problem)
{
    return problem.section(QStringLiteral(": "), 1);
}

bool ActionSpecData::readNotices(const QJsonObject &groupJson, const QString &groupPointer, FieldGroup *group)
{
    const QJsonArray notices = groupJson.value(QLatin1String("notices")).toArray();
    QSet<QString> ids;
    for (qsizetype n = 0; n < notices.size(); ++n) {
        const QJsonObject notice = notices.at(n).toObject();
        const FieldNotice read{notice.value(QLatin1String("id")).toString(),
                               notice.value(QLatin1String("text")).toString(),
                               notice.value(QLatin1String("after")).toString()};
        const QString pointer = QStringLiteral("%1/notices/%2").arg(groupPointer).arg(n);
        if (!read.after.isEmpty() && !group->fieldKeys.contains(read.after))
            return fail(pointer + QStringLiteral("/after"),
                        QStringLiteral("\"%1\" is not a field of group \"%2\"").arg(read.after, group->id));
        if (ids.contains(read.id))
            return fail(pointer + QStringLiteral("/id"),
                        QStringLiteral("\"%1\" names another notice of the group").arg(read.id));
        ids.insert(read.id);
        group->notices.append(read);
    }
    return true;
}

/*
    Checks the visibleWhen conditions of groups and fields, and compiles the
    visibility step. A required field with a condition is required only when
    shown, which the schema cannot say: \a validatedInputs, the schema the
    validator compiles, leaves it out of "required".
*/
bool ActionSpecData::readConditions(const QJsonObject &properties, const QSet<QString> &required,
                                    QJsonObject *validatedInputs)
{
    for (const FieldSpec &field : std::as_const(fields)) {
        siblings.labels.insert(field.key(), field.label());
        if (!field.defaultValue().isUndefined())
            siblings.defaults.insert(field.key(), field.defaultValue());
    }
    QList<VisibilityCheck::ConditionalField> conditional;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const FieldGroup &group = groups.at(g);
        const VisibilityCondition groupCondition(group.visibleWhen);
        const QString problem = groupCondition.problem(QStringLiteral("/layout/%1/visibleWhen").arg(g), siblings, {});
        if (!problem.isEmpty())
            return fail(problemPointer(problem), problemReason(problem));
        const QSet<QString> named = groupCondition.fieldKeys();
        for (const QString &key : group.fieldKeys) {
            if (named.contains(key))
                return fail(QStringLiteral("/layout/%1/visibleWhen").arg(g),
                            QStringLiteral("the group's condition depends on its own field \"%1\"").arg(key));
        }
        for (const QString &key : group.fieldKeys) {
            const QJsonObject property = properties.value(key).toObject();
            const VisibilityCondition fieldCondition(property.value(QLatin1String("visibleWhen")).toObject());
            const QString fieldProblem =
                fieldCondition.problem(QStringLiteral("/inputs/properties/%1/visibleWhen").arg(key), siblings, key);
            if (!fieldProblem.isEmpty())
                return fail(problemPointer(fieldProblem), problemReason(fieldProblem));
            const VisibilityCondition condition = VisibilityCondition::both(groupCondition, fieldCondition);
            if (!condition.isNull())
                conditional.append({key, siblings.labels.value(key), condition, required.contains(key),
                                    property.value(Annotation::whenHidden) == QLatin1String("ignore")});
        }
    }
    visibility = VisibilityCheck(conditional, siblings);
    const QStringList conditionallyRequired = visibility.conditionallyRequired();
    if (!conditionallyRequired.isEmpty()) {
        QJsonArray alwaysRequired;
        for (const QString &key : required) {
            if (!conditionallyRequired.contains(key))
                alwaysRequired.append(key);
        }
        validatedInputs->insert(QStringLiteral("required"), alwaysRequired);
    }
    return true;
}

bool ActionSpecData::read(const QByteArray &json, const CheckedDeclarations &checked)
{
    QString pointer;
    QString reason;
    if (!DeclarationCheck::parse(json, &declaration, &reason))
        return fail({}, reason);
    readHeader();
    transport = declaration.value(QLatin1String("transport")).toObject();
    const qsizetype fieldCount =
        declaration.value(QLatin1String("inputs")).toObject().value(QLatin1String("properties")).toObject().size()
        + declaration.value(QLatin1String("outputs")).toObject().value(QLatin1String("properties")).toObject().size();
    if (fieldCount > ActionSpec::maxFields)
        return fail(QStringLiteral("/inputs/properties"),
                    QStringLiteral("%1 fields (inputs and outputs), more than the %2 a declaration may have")
                        .arg(fieldCount)
                        .arg(ActionSpec::maxFields));

    const QString schema = actionSchemaResource();
    const bool checkedWhenBuilt = checked.contains(schema, json);
    const QList<JsonSchema::Violation> violations = checkedWhenBuilt ? QList<JsonSchema::Violation>()
                                                                     : builtInSchema(schema).validate(declaration);
    if (!violations.isEmpty()) {
        const QString pointer = violations.constFirst().location();
        // A condition or a migration step of none of its forms fails every
        // branch of a oneOf, each in its own words: name the forms instead.
        static const QRegularExpression condition(QStringLiteral("^(.*?/visibleWhen)(/|$)"));
        static const QRegularExpression step(QStringLiteral("^(/migrations/\\d+/steps/\\d+)(/|$)"));
        // The one "kind" an action may state; a trigger has its own schema and class (TriggerSpec).
        if (pointer == QLatin1String("/kind"))
            return fail(pointer, QStringLiteral("must be \"action\" or left out: a trigger is declared apart, "
                                                "as trigger.schema.json says"));
        if (const QRegularExpressionMatch match = condition.match(pointer); match.hasMatch())
            return fail(match.captured(1),
                        QStringLiteral(
                            "not a condition: use {field, equals}, {field, oneOf}, {field, isSet}, "
                            "or {all: [...]}, {any: [...]} (lists of conditions, not empty), {not: condition}"));
        if (const QRegularExpressionMatch match = step.match(pointer); match.hasMatch())
            return fail(match.captured(1),
                        QStringLiteral("not a migration step: use {rename, to}, {mapValue, from, to}, "
                                       "{drop, note} (with whenValue, optionally) or {setDefault, value}"));
        return fail(pointer, JsonSchema::summary(violations));
    }

    const QJsonObject inputs = declaration.value(QLatin1String("inputs")).toObject();
    const QJsonObject properties = inputs.value(QLatin1String("properties")).toObject();
    QSet<QString> required;
    for (const QJsonValue &key : inputs.value(QLatin1String("required")).toArray())
        required.insert(key.toString());
    const QJsonObject bundles = declaration.value(QLatin1String("bundles")).toObject();

    // The layout must place every input exactly once, and only inputs.
    const QJsonArray layout = declaration.value(QLatin1String("layout")).toArray();
    for (qsizetype g = 0; g < layout.size(); ++g) {
        const QJsonObject groupJson = layout.at(g).toObject();
        FieldGroup group{groupJson.value(QLatin1String("id")).toString(),
                         groupJson.value(QLatin1String("title")).toString(),
                         groupJson.value(QLatin1String("bundle")).toString(),
                         {},
                         groupJson.value(QLatin1String("visibleWhen")).toObject(),
                         {}};
        const QString groupPointer = QStringLiteral("/layout/%1").arg(g);
        if (!group.bundleId.isEmpty() && !bundles.contains(group.bundleId))
            return fail(groupPointer + QStringLiteral("/bundle"),
                        QStringLiteral("bundle \"%1\" is not declared in /bundles").arg(group.bundleId));
        const QJsonArray keys = groupJson.value(QLatin1String("fields")).toArray();
        for (qsizetype k = 0; k < keys.size(); ++k) {
            const QString key = keys.at(k).toString();
            const QString pointer = QStringLiteral("%1/fields/%2").arg(groupPointer).arg(k);
            if (!properties.contains(key))
                return fail(pointer, QStringLiteral("\"%1\" is not a property of /inputs").arg(key));
            if (const auto placed = fieldIndex.constFind(key); placed != fieldIndex.cend())
                return fail(pointer, fields.at(*placed).groupId() == group.id
                                         ? QStringLiteral("\"%1\" is already placed in this group").arg(key)
                                         : QStringLiteral("\"%1\" is already placed in another group").arg(key));
            fieldIndex.insert(key, fields.size());
            fields.append(
                FieldSpec(key, properties.value(key).toObject(), required.contains(key), group.id, group.bundleId));
            group.fieldKeys.append(key);
        }
        if (!readNotices(groupJson, groupPointer, &group))
            return false;
        groups.append(group);
    }
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (!fieldIndex.contains(it.key()))
            return fail(QStringLiteral("/inputs/properties/") + it.key(),
                        QStringLiteral("the field is in no /layout group"));
    }
    for (const QString &key : std::as_const(required)) {
        if (!properties.contains(key))
            return fail(QStringLiteral("/inputs/required"),
                        QStringLiteral("\"%1\" is not a property of /inputs").arg(key));
    }

    const QJsonArray rules = declaration.value(QLatin1String("rules")).toArray();
    for (qsizetype r = 0; r < rules.size(); ++r) {
        const QJsonObject rule = rules.at(r).toObject();
        for (const char *side : {"field", "other"}) {
            const QString key = rule.value(QLatin1String(side)).toString();
            if (!properties.contains(key))
                return fail(QStringLiteral("/rules/%1/%2").arg(r).arg(QLatin1String(side)),
                            QStringLiteral("\"%1\" is not a property of /inputs").arg(key));
        }
    }
    const QJsonArray warnings = declaration.value(QLatin1String("warnings")).toArray();
    for (qsizetype w = 0; w < warnings.size(); ++w) {
        const QJsonObject warning = warnings.at(w).toObject();
        const bool absent = warning.contains(QLatin1String("whenAbsent"));
        const char *member = absent ? "whenAbsent" : "whenPresent";
        const QString key = warning.value(QLatin1String(member)).toString();
        const QString other = warning.value(QLatin1String("other")).toString();
        for (const QString &name : {key, other}) {
            if (!name.isEmpty() && !properties.contains(name))
                return fail(QStringLiteral("/warnings/%1/%2").arg(w).arg(QLatin1String(name == key ? member : "other")),
                            QStringLiteral("\"%1\" is not a property of /inputs").arg(name));
        }
        const ActionError declared{warning.value(QLatin1String("code")).toString(), QLatin1Char('/') + key,
                                   QLatin1String(member), warning.value(QLatin1String("message")).toString()};
        if (absent)
            absenceWarnings.append({declared, key});
        else
            presenceWarnings.append({declared, key, other, warning.value(QLatin1String("equals"))});
    }

    readOutputs();
    const QJsonObject outputSchema = declaration.value(QLatin1String("outputs")).toObject();
    const QJsonObject outputProperties = outputSchema.value(QLatin1String("properties")).toObject();

    QJsonObject validatedInputs = inputs;
    if (!readConditions(properties, required, &validatedInputs))
        return false;
    for (const FieldSpec &field : std::as_const(fields)) {
        // Options are loaded with this action's connection: only a sibling action can give them.
        const QString source = field.optionsFrom().value(QLatin1String("action")).toString();
        if (!source.isEmpty() && (!source.startsWith(provider + QLatin1Char('.')) || source == id))
            return fail(QStringLiteral("/inputs/properties/%1/optionsFrom/action").arg(field.key()),
                        QStringLiteral("\"%1\" is not another action of provider \"%2\"").arg(source, provider));
    }
    QSet<QString> inputKeys;
    for (auto it = properties.begin(); it != properties.end(); ++it)
        inputKeys.insert(it.key());
    const QString migrationProblem = migrations.compile(declaration.value(QLatin1String("migrations")).toArray(),
                                                        declaration.value(QLatin1String("version")).toString(),
                                                        inputKeys);
    if (!migrationProblem.isEmpty())
        return fail(problemPointer(migrationProblem), problemReason(migrationProblem));

    auto compiled = std::make_shared<InputValidator>();
    QString schemaError;
    inputSchema = validatedInputs;
    if (!compiled->compile(validatedInputs, rules, &schemaError,
                           checkedWhenBuilt ? JsonSchema::Origin::CheckedDeclaration : JsonSchema::Origin::Declaration))
        return fail(QStringLiteral("/inputs"), QStringLiteral("not a usable JSON Schema: ") + schemaError);
    validator = std::move(compiled);

    QString transportPointer;
    QString transportError;
    if (transport.contains(QLatin1String("rest"))) {
        rest = RestDeclaration::read(transport.value(QLatin1String("rest")).toObject(), properties, outputSchema,
                                     &transportPointer, &transportError);
        if (!rest)
            return fail(transportPointer, transportError);
    }
    auto templates = std::make_shared<OutputTemplates>();
    const QJsonObject templateTexts = transport.value(QLatin1String("outputTemplates")).toObject();
    if (!templates->read(templateTexts, properties.keys(), &transportPointer, &transportError))
        return fail(transportPointer, transportError);
    for (auto it = templateTexts.begin(); it != templateTexts.end(); ++it) {
        if (!outputProperties.contains(it.key()))
            return fail(QStringLiteral("/transport/outputTemplates/") + it.key(),
                        QStringLiteral("\"%1\" is not a property of /outputs").arg(it.key()));
    }
    outputTemplates = std::move(templates);
    claimPlan = std::make_shared<const ClaimPlan>(inputs, true);
    QList<InvocationPlan::ConditionalField> conditional;
    for (const VisibilityCheck::ConditionalField &field : visibility.fields())
        conditional.append({field.key, field.required});
    plan = std::make_shared<const InvocationPlan>(properties.keys(), validator, claimPlan, conditional);
    for (const FieldSpec &field : std::as_const(fields)) {
        if (!field.bundleId().isEmpty())
            bundleFields.append(field);
        if (field.isSensitive())
            sensitiveInputs.append(field.key());
    }
    sensitiveInputs.sort();
    for (const FieldSpec &output : std::as_const(outputs)) {
        if (output.isSensitive())
            sensitiveOutputs.append(output.key());
        if (output.isSensitive() || !output.sensitiveItemFields().isEmpty())
            maskedOutputs.append(output);
    }
    return true;
}

ActionSpec::ActionSpec() : NodeSpec(new ActionSpecData) {}
ActionSpec::ActionSpec(const ActionSpec &other) = default;
ActionSpec &ActionSpec::operator=(const ActionSpec &other) = default;
ActionSpec::~ActionSpec() = default;

ActionSpecData *ActionSpec::d() const
{
    return static_cast<ActionSpecData *>(d_ptr.data());
}

ActionSpec ActionSpec::fromDeclaration(const QByteArray &json, const QString &source)
{
    return ActionSpecPrivate::read(json, source, {}, {});
}

ActionSpec ActionSpecPrivate::read(const QByteArray &json, const QString &source, const QJsonObject &phrases,
                                   const CheckedDeclarations &checked)
{
    ActionSpec spec;
    spec.d()->source = source;
    QString unused;
    spec.d()->siblings.phrases = VisibilityCondition::Phrases::fromJson(phrases, &unused);
    if (!spec.d()->read(json, checked)) {
        qCWarning(lcDeclaration).noquote() << spec.d()->errorString;
        const QString error = spec.d()->errorString;
        spec = ActionSpec();
        spec.d()->source = source;
        spec.d()->errorString = error;
    }
    return spec;
}

ActionSpec ActionSpecPrivate::unavailable(const QString &errorString)
{
    ActionSpec spec;
    spec.d()->errorString = errorString;
    return spec;
}

ActionSpec ActionSpec::fromFile(const QString &fileName)
{
    return ActionSpecPrivate::fromFile(fileName, {});
}

ActionSpec ActionSpecPrivate::fromFile(const QString &fileName, const CheckedDeclarations &checked)
{
    QString errorString;
    const std::optional<QByteArray> text = BoundedFile::read(fileName, BoundedFile::maxDeclarationBytes, &errorString);
    if (!text) {
        ActionSpec spec;
        spec.d()->setUnreadable(fileName, errorString);
        return spec;
    }
    return read(*text, fileName, {}, checked);
}

QString ActionSpec::locale() const
{
    return d()->locale;
}

QJsonObject ActionSpec::hints() const
{
    QJsonObject hints{{QStringLiteral("readOnly"), false},
                      {QStringLiteral("destructive"), true},
                      {QStringLiteral("idempotent"), false},
                      {QStringLiteral("openWorld"), true}};
    const QJsonObject declaredHints = d()->declaration.value(QLatin1String("hints")).toObject();
    for (auto it = declaredHints.begin(); it != declaredHints.end(); ++it)
        hints.insert(it.key(), it.value());
    return hints;
}
QList<FieldGroup> ActionSpec::groups() const
{
    return d()->groups;
}
QList<FieldSpec> ActionSpec::fields() const
{
    return d()->fields;
}

FieldSpec ActionSpec::field(const QString &key) const
{
    const auto it = d()->fieldIndex.constFind(key);
    return it == d()->fieldIndex.constEnd() ? FieldSpec() : d()->fields.at(*it);
}

BundleSpec ActionSpec::bundle(const QString &id) const
{
    const QJsonObject bundle = d()->declaration.value(QLatin1String("bundles")).toObject().value(id).toObject();
    if (bundle.isEmpty())
        return {};
    return {id, bundle.value(QLatin1String("title")).toString(), bundle.value(QLatin1String("upsell")).toString()};
}

QList<FieldSpec> ActionSpec::lockedFields(const License &license) const
{
    // Only fields in a bundle's group can be locked: look up those, not every field.
    QList<FieldSpec> locked;
    for (const FieldSpec &field : d()->bundleFields) {
        if (license.locks(field.bundleId()))
            locked.append(field);
    }
    return locked;
}

QJsonObject ActionSpec::inputSchema() const
{
    return d()->inputSchema;
}
QJsonObject ActionSpec::transport() const
{
    return d()->transport;
}

ActionErrors ActionSpec::validate(const QJsonObject &inputs) const
{
    if (!d()->validator)
        return {{ErrorCodes::name(ErrorCode::InvalidDeclaration), {}, {}, errorString()}};
    return d()->validator->validate(inputs) + d()->visibility.check(inputs);
}

QString ActionSpec::visibleWhenText(const QJsonObject &condition) const
{
    return VisibilityCondition(condition).text(d()->siblings);
}

QString ActionSpec::shownWhenText(const QJsonObject &condition) const
{
    return d()->siblings.phrases.shownWhen.arg(visibleWhenText(condition));
}

MigratedInputs ActionSpec::migrateInputs(const QJsonObject &inputs, const QString &savedVersion) const
{
    if (hasError())
        return {savedVersion, {}, {}, {}, errorString()};
    return d()->migrations.apply(inputs, savedVersion);
}

ActionSpec ActionSpec::localized(const QString &locale) const
{
    if (hasError())
        return *this;
    QString translationFile;
    QJsonObject phrasesJson;
    QString problem;
    const QJsonObject translated = ActionTranslation::apply(d()->declaration, d()->source, locale, &translationFile,
                                                            &phrasesJson, &problem);
    if (!problem.isEmpty())
        return ActionSpecPrivate::unavailable(problem);
    if (translationFile.isEmpty())
        return *this;
    VisibilityCondition::Phrases::fromJson(phrasesJson, &problem);
    if (!problem.isEmpty())
        return ActionSpecPrivate::unavailable(QStringLiteral("%1: /phrases/%2").arg(translationFile, problem));
    ActionSpec spec = ActionSpecPrivate::read(QJsonDocument(translated).toJson(QJsonDocument::Compact), d()->source,
                                              phrasesJson, {});
    if (spec.hasError())
        return ActionSpecPrivate::unavailable(QStringLiteral("%1: the translated declaration is not usable: %2")
                                                  .arg(translationFile, spec.errorString()));
    spec.d()->locale = locale;
    return spec;
}

const ClaimPlan *ActionSpecPrivate::claimPlan(const ActionSpec &spec)
{
    return spec.d()->claimPlan.get();
}

const std::shared_ptr<const InvocationPlan> &ActionSpecPrivate::invocationPlan(const ActionSpec &spec)
{
    return spec.d()->plan;
}

ActionErrors ActionSpecPrivate::validate(const ActionSpec &spec, const ActionInputs &inputs)
{
    const ActionSpecData &d = *spec.d();
    const ActionInputsData &data = ActionInputsData::of(inputs);
    if (d.plan && d.plan->owns(data) && d.plan->certainlyValid(data))
        return d.validator->validateBesideSchema(inputs);
    return spec.validate(inputs.toJsonObject());
}

const std::shared_ptr<const RestDeclaration> &ActionSpecPrivate::restDeclaration(const ActionSpec &spec)
{
    return spec.d()->rest;
}

const OutputTemplates *ActionSpecPrivate::outputTemplates(const ActionSpec &spec)
{
    return spec.d()->outputTemplates.get();
}

const QList<FieldSpec> &ActionSpecPrivate::bundleFields(const ActionSpec &spec)
{
    return spec.d()->bundleFields;
}

const QStringList &ActionSpecPrivate::sensitiveInputs(const ActionSpec &spec)
{
    return spec.d()->sensitiveInputs;
}

const QList<FieldSpec> &ActionSpecPrivate::maskedOutputs(const ActionSpec &spec)
{
    return spec.d()->maskedOutputs;
}

const QStringList &ActionSpecPrivate::sensitiveOutputs(const ActionSpec &spec)
{
    return spec.d()->sensitiveOutputs;
}

// Inputs: a QJsonObject or an ActionInputs.
template<typename Inputs>
static ActionErrors warningsIn(const ActionSpecData &d, const Inputs &inputs)
{
    ActionErrors warnings;
    for (const ActionSpecData::AbsenceWarning &absence : d.absenceWarnings) {
        if (!inputs.contains(absence.key))
            warnings.append(absence.warning);
    }
    for (const ActionSpecData::PresenceWarning &presence : d.presenceWarnings) {
        if (inputs.contains(presence.key)
            && (presence.other.isEmpty() || inputs.value(presence.other) == presence.equals))
            warnings.append(presence.warning);
    }
    if (d.visibility.ignoresAny()) {
        if constexpr (std::is_same_v<Inputs, QJsonObject>)
            warnings += d.visibility.ignored(inputs);
        else
            warnings += d.visibility.ignored(inputs.toJsonObject());
    }
    return warnings;
}

ActionErrors ActionSpec::warningsFor(const QJsonObject &inputs) const
{
    return warningsIn(*d(), inputs);
}

ActionErrors ActionSpecPrivate::warningsFor(const ActionSpec &spec, const ActionInputs &inputs)
{
    return warningsIn(*spec.d(), inputs);
}

ActionInputs ActionSpecPrivate::sentInputs(const ActionSpec &spec, const ActionInputs &inputs)
{
    const ActionSpecData &d = *spec.d();
    if (!d.visibility.ignoresAny())
        return inputs;
    const ActionErrors ignored = d.visibility.ignored(inputs.toJsonObject());
    if (ignored.isEmpty())
        return inputs;
    QJsonObject sent = inputs.toJsonObject();
    for (const ActionError &warning : ignored)
        sent.remove(warning.field.mid(1));
    return d.plan ? d.plan->read(sent) : ActionInputs(sent);
}

} // namespace ActionNode
