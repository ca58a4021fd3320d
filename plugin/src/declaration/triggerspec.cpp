#include "triggerspec_p.h"
#include <actionnode/boundedfile.h>
#include <actionnode/errorcodes.h>

#include "annotations.h"
#include "builtinschema.h"
#include "checkeddeclarations.h"
#include "declarationcheck.h"
#include "inputvalidator.h"
#include "logging.h"
#include "nodespecdata.h"

#include <QJsonArray>

#include <memory>

namespace ActionNode {

using namespace Internal;

namespace {

// RFC 6901: "/a~1b/c" names key "a/b", then "c"; "" is the whole value.
QJsonValue valueAt(const QJsonValue &root, const QString &pointer)
{
    QJsonValue node = root;
    if (pointer.isEmpty())
        return node;
    const QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString token : tokens) {
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
        if (node.isObject()) {
            node = node.toObject().value(token);
        } else if (node.isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            node = ok ? node.toArray().at(index) : QJsonValue(QJsonValue::Undefined);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return node;
}

// The fields of \a schema's properties, in its (sorted) key order.
QList<FieldSpec> fieldsOf(const QJsonObject &schema)
{
    QStringList required;
    for (const QJsonValue &key : schema.value(QLatin1String("required")).toArray())
        required.append(key.toString());
    QList<FieldSpec> fields;
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        fields.append(FieldSpec(it.key(), it.value().toObject(), required.contains(it.key()), {}, {}));
    return fields;
}

} // namespace

class TriggerSpecData : public Internal::NodeSpecData
{
public:
    QStringList eventTypes;
    TriggerPoll poll;
    QList<FieldSpec> filters;
    //! Output key -> where it is read in the provider's event.
    QList<QPair<QString, QString>> outputPointers;
    //! Filter key -> the output it is compared with.
    QHash<QString, QString> filterTargets;
    std::shared_ptr<const InputValidator> filterValidator;
    std::shared_ptr<const InputValidator> outputValidator;

    QString kind() const override { return QStringLiteral("trigger"); }
    bool isCompiled() const override { return filterValidator != nullptr; }

    bool read(const QByteArray &json, const CheckedDeclarations &checked);
};

bool TriggerSpecData::read(const QByteArray &json, const CheckedDeclarations &checked)
{
    QString pointer;
    QString reason;
    if (!DeclarationCheck::parse(json, &declaration, &reason))
        return fail({}, reason);
    readHeader();
    const QString schema = triggerSchemaResource();
    if (!checked.contains(schema, json)
        && !DeclarationCheck::conforms(builtInSchema(schema), declaration, &pointer, &reason))
        return fail(pointer, reason);
    for (const QJsonValue &type : declaration.value(QLatin1String("eventTypes")).toArray())
        eventTypes.append(type.toString());
    const QJsonObject polled = declaration.value(QLatin1String("poll")).toObject();
    if (!polled.isEmpty()) {
        if (declaration.contains(QLatin1String("eventTypes")))
            return fail(QStringLiteral("/poll"),
                        QStringLiteral("a trigger receives webhooks (eventTypes) or polls (poll), not both"));
        poll.action = polled.value(QLatin1String("action")).toString();
        if (poll.action.section(QLatin1Char('.'), 0, 0) != provider)
            return fail(QStringLiteral("/poll/action"),
                        QStringLiteral("\"%1\" is not an action of provider \"%2\"").arg(poll.action, provider));
        poll.items = polled.value(QLatin1String("items")).toString();
        poll.itemId = polled.value(QLatin1String("itemId")).toString();
        poll.itemTime = polled.value(QLatin1String("itemTime")).toString();
        poll.where = polled.value(QLatin1String("where")).toObject();
        poll.lookbackSeconds = polled.value(QLatin1String("lookbackSeconds")).toInteger(poll.lookbackSeconds);
        poll.intervalSeconds = polled.value(QLatin1String("intervalSeconds")).toInt(poll.intervalSeconds);
        eventTypes = {id};
    }

    readOutputs();
    const QJsonObject outputSchema = declaration.value(QLatin1String("outputs")).toObject();
    const QJsonObject outputProperties = outputSchema.value(QLatin1String("properties")).toObject();
    for (auto it = outputProperties.begin(); it != outputProperties.end(); ++it)
        outputPointers.append({it.key(), it.value().toObject().value(Annotation::eventPointer).toString()});
    for (const QJsonValue &key : outputSchema.value(QLatin1String("required")).toArray()) {
        if (!outputProperties.contains(key.toString()))
            return fail(QStringLiteral("/outputs/required"),
                        QStringLiteral("\"%1\" is not a property of /outputs").arg(key.toString()));
    }

    const QJsonObject filterSchema = declaration.value(QLatin1String("filters")).toObject();
    filters = fieldsOf(filterSchema);
    const QJsonObject filterProperties = filterSchema.value(QLatin1String("properties")).toObject();
    for (auto it = filterProperties.begin(); it != filterProperties.end(); ++it) {
        const QString target = it.value().toObject().value(Annotation::matches).toString(it.key());
        if (!outputProperties.contains(target))
            return fail(QStringLiteral("/filters/properties/%1/x-matches").arg(it.key()),
                        QStringLiteral("\"%1\" is not a property of /outputs").arg(target));
        filterTargets.insert(it.key(), target);
    }
    auto validator = std::make_shared<InputValidator>();
    const QJsonObject validatedFilters = filterSchema.isEmpty()
                                             ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                                           {QStringLiteral("additionalProperties"), false}}
                                             : filterSchema;
    if (!validator->compile(validatedFilters, {}, &reason))
        return fail(QStringLiteral("/filters"), QStringLiteral("not a usable JSON Schema: ") + reason);
    filterValidator = std::move(validator);
    auto outputs = std::make_shared<InputValidator>();
    if (!outputs->compile(outputSchema, {}, &reason))
        return fail(QStringLiteral("/outputs"), QStringLiteral("not a usable JSON Schema: ") + reason);
    outputValidator = std::move(outputs);
    return true;
}

TriggerSpec::TriggerSpec() : NodeSpec(new TriggerSpecData) {}
TriggerSpec::TriggerSpec(const TriggerSpec &other) = default;
TriggerSpec &TriggerSpec::operator=(const TriggerSpec &other) = default;
TriggerSpec::~TriggerSpec() = default;

TriggerSpecData *TriggerSpec::d() const
{
    return static_cast<TriggerSpecData *>(d_ptr.data());
}

TriggerSpec TriggerSpec::fromDeclaration(const QByteArray &json, const QString &source)
{
    return TriggerSpecPrivate::read(json, source, {});
}

TriggerSpec TriggerSpecPrivate::read(const QByteArray &json, const QString &source, const CheckedDeclarations &checked)
{
    TriggerSpec spec;
    spec.d()->source = source;
    if (!spec.d()->read(json, checked)) {
        qCWarning(lcDeclaration).noquote() << spec.d()->errorString;
        const QString error = spec.d()->errorString;
        spec = TriggerSpec();
        spec.d()->source = source;
        spec.d()->errorString = error;
    }
    return spec;
}

TriggerSpec TriggerSpec::fromFile(const QString &fileName)
{
    return TriggerSpecPrivate::fromFile(fileName, {});
}

TriggerSpec TriggerSpecPrivate::fromFile(const QString &fileName, const CheckedDeclarations &checked)
{
    QString errorString;
    const std::optional<QByteArray> text = BoundedFile::read(fileName, BoundedFile::maxDeclarationBytes, &errorString);
    if (!text) {
        TriggerSpec spec;
        spec.d()->setUnreadable(fileName, errorString);
        return spec;
    }
    return read(*text, fileName, checked);
}

TriggerSpec TriggerSpec::unavailable(const QString &errorString)
{
    TriggerSpec spec;
    spec.d()->errorString = errorString;
    return spec;
}

BundleSpec TriggerSpec::bundle() const
{
    const QJsonObject bundle = d()->declaration.value(QLatin1String("bundle")).toObject();
    return {bundle.value(QLatin1String("id")).toString(), bundle.value(QLatin1String("title")).toString(),
            bundle.value(QLatin1String("upsell")).toString()};
}

QStringList TriggerSpec::eventTypes() const
{
    return d()->eventTypes;
}
bool TriggerSpec::isPolling() const
{
    return d()->poll.isValid();
}
TriggerPoll TriggerSpec::poll() const
{
    return d()->poll;
}
QList<FieldSpec> TriggerSpec::filters() const
{
    return d()->filters;
}
QJsonObject TriggerSpec::filterSchema() const
{
    return d()->declaration.value(QLatin1String("filters")).toObject();
}
QJsonObject TriggerSpec::sample() const
{
    return d()->declaration.value(QLatin1String("sample")).toObject();
}
QJsonObject TriggerSpec::sampleEvent() const
{
    return d()->declaration.value(QLatin1String("sampleEvent")).toObject();
}

ActionErrors TriggerSpec::validateFilters(const QJsonObject &filters) const
{
    if (!d()->filterValidator)
        return {{ErrorCodes::name(ErrorCode::InvalidDeclaration), {}, {}, errorString()}};
    return d()->filterValidator->validate(filters);
}

ActionErrors TriggerSpec::validateOutputs(const QJsonObject &outputs) const
{
    if (!d()->outputValidator)
        return {{ErrorCodes::name(ErrorCode::InvalidDeclaration), {}, {}, errorString()}};
    return d()->outputValidator->validate(outputs);
}

QJsonObject TriggerSpec::outputsFor(const QJsonObject &event) const
{
    QJsonObject outputs;
    for (const auto &[key, pointer] : d()->outputPointers) {
        const QJsonValue value = valueAt(event, pointer);
        if (!value.isUndefined())
            outputs.insert(key, value);
    }
    return outputs;
}

bool TriggerSpec::matches(const QJsonObject &filters, const QJsonObject &outputs) const
{
    for (auto it = filters.begin(); it != filters.end(); ++it) {
        const QJsonValue actual = outputs.value(d()->filterTargets.value(it.key(), it.key()));
        const QJsonArray wanted = it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()};
        if (!wanted.contains(actual))
            return false;
    }
    return true;
}

} // namespace ActionNode
