#include "jsonschema.h"
#include "jsonpointer.h"
#include "jsonschemaprecheck.h"
#include "nlohmannjson.h"
#include "schemareferencecheck.h"
#include "valijsonkeywords.h"

#include <QJsonArray>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace ActionNode::Internal {

namespace {

// valijson reports a failed keyword only through its description; these are
// the descriptions' fixed openings, most specific first.
struct KeywordPrefix
{
    const char *prefix;
    const char *keyword;
};
const KeywordPrefix keywordPrefixes[] = {
    {"Value type not permitted", "type"},
    {"String should be no more than", "maxLength"},
    {"String should be no fewer than", "minLength"},
    {"Failed to match regex", "pattern"},
    {"Failed to match against any enum values", "enum"},
    {"Failed to match expected value set by 'const'", "const"},
    {"Expected number greater than or equal to", "minimum"},
    {"Expected number less than or equal to", "maximum"},
    {"Expected number greater than", "exclusiveMinimum"},
    {"Expected number less than", "exclusiveMaximum"},
    {"Value should be a multiple of", "multipleOf"},
    {"Object contains a property that could not be validated", "additionalProperties"},
    {"Missing required property", "required"},
    {"String should be a valid", "format"},
    {"Array should contain no more than", "maxItems"},
    {"Array should contain no fewer than", "minItems"},
    {"Elements at indexes", "uniqueItems"},
    {"Object should have no fewer than", "minProperties"},
    {"Object should have no more than", "maxProperties"},
    {"Failed to validate against any schemas allowed by anyOf", "anyOf"},
    {"Failed to validate against exactly one child schema", "oneOf"},
};

// Summaries that only repeat a nested failure reported on its own.
const char *const aggregatePrefixes[] = {
    "Failed to validate against schema associated with property name",
    "Failed to validate item #",
    "Failed to validate against child schema",
    "Failed to validate against additional properties schema",
    "Failed to validate against schema associated with pattern",
};

bool startsWith(const std::string &text, const char *prefix)
{
    return text.rfind(prefix, 0) == 0;
}

QString quotedProperty(const std::string &description)
{
    const auto last = description.rfind('\'');
    if (last == std::string::npos || last == 0)
        return {};
    const auto first = description.rfind('\'', last - 1);
    if (first == std::string::npos)
        return {};
    return QString::fromStdString(description.substr(first + 1, last - first - 1));
}

QString toPointer(const std::vector<std::string> &context)
{
    QString pointer;
    for (const std::string &element : context) {
        if (element.size() >= 2 && element.front() == '[' && element.back() == ']')
            pointer += QLatin1Char('/')
                       + JsonPointer::escapeToken(QString::fromStdString(element.substr(1, element.size() - 2)));
    }
    return pointer;
}

// The item or property an aggregate summary names ("item #2", "property name 'a'"),
// which valijson reports at the parent's place (mostly) or at the child's own.
std::optional<std::string> aggregateChild(const std::string &description)
{
    const char itemPrefix[] = "Failed to validate item #";
    if (startsWith(description, itemPrefix)) {
        const std::size_t start = sizeof itemPrefix - 1;
        return description.substr(start, description.find_first_not_of("0123456789", start) - start);
    }
    if (startsWith(description, "Failed to validate against schema associated with property name"))
        return quotedProperty(description).toStdString();
    return std::nullopt;
}

QString aggregatePointer(const valijson::ValidationResults::Error &error)
{
    std::vector<std::string> context = error.context;
    const auto child = aggregateChild(error.description);
    if (child && (context.empty() || context.back() != '[' + *child + ']'))
        context.push_back('[' + *child + ']');
    return toPointer(context);
}

} // namespace

class JsonSchema::Private
{
public:
    //! valijson's form of \a schema; false with \a errorString when it refuses it.
    bool parse(const QJsonObject &schema, QString *errorString);

    valijson::Schema schema;
    std::optional<QJsonObject> unparsed; //!< a BuiltIn or CheckedDeclaration no value has needed yet
    bool compiled = false;
    JsonSchemaPrecheck precheck;
    ValijsonKeywords keywords;
    // valijson's validator keeps a cache of std::regex it may write to (no
    // pattern reaches it any more, but nothing promises it is thread-safe).
    std::mutex validatorLock;
    valijson::Validator validator;
};

QString JsonSchema::Violation::location() const
{
    if (!property.isEmpty())
        return pointer + QLatin1Char('/') + property;
    return pointer.isEmpty() ? QStringLiteral("/") : pointer;
}

QString JsonSchema::summary(const QList<Violation> &violations)
{
    if (violations.isEmpty())
        return {};
    QString reason = QStringLiteral("%1 (%2)").arg(violations.constFirst().detail, violations.constFirst().keyword);
    if (violations.size() > 1)
        reason += QStringLiteral(" and %1 more problem(s)").arg(violations.size() - 1);
    return reason;
}

JsonSchema::JsonSchema() : d(new Private) {}
JsonSchema::~JsonSchema() = default;
JsonSchema::JsonSchema(JsonSchema &&) noexcept = default;
JsonSchema &JsonSchema::operator=(JsonSchema &&) noexcept = default;

bool JsonSchema::compile(const QJsonObject &schema, QString *errorString, Origin origin)
{
    d = std::make_unique<Private>();
    // valijson would recurse through a reference cycle until the stack overflows.
    const QString referenceProblem = origin == Origin::Declaration ? SchemaReferenceCheck::problem(schema) : QString();
    if (!referenceProblem.isEmpty()) {
        if (errorString)
            *errorString = referenceProblem;
        return false;
    }
    if (origin != Origin::Declaration)
        d->unparsed = schema;
    else if (!d->parse(schema, errorString))
        return false;
    d->compiled = true;
    d->precheck.compile(schema);
    return true;
}

bool JsonSchema::Private::parse(const QJsonObject &schema, QString *errorString)
{
    nlohmann::json document = toNlohmann(schema);
    try {
        keywords.rewrite(document);
        valijson::SchemaParser parser;
        keywords.install(parser);
        valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, this->schema);
    } catch (const std::exception &exception) {
        if (errorString)
            *errorString = QString::fromStdString(exception.what());
        return false;
    }
    return true;
}

bool JsonSchema::isCompiled() const
{
    return d->compiled;
}

const JsonSchemaPrecheck *JsonSchema::precheck() const
{
    return d->compiled && d->precheck.isCompiled() ? &d->precheck : nullptr;
}

QList<JsonSchema::Violation> JsonSchema::validate(const QJsonValue &value) const
{
    QList<Violation> violations;
    if (!d->compiled)
        return violations;
    // The precheck reads the value as valijson reads toNlohmann()'s.
    if (d->precheck.accepts(value))
        return violations;
    const nlohmann::json document = toNlohmann(value);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    {
        const std::lock_guard<std::mutex> lock(d->validatorLock);
        if (d->unparsed) {
            QString problem;
            // It parsed when its provider was built (or in a test, for a built-in one), with this same valijson.
            if (!d->parse(*d->unparsed, &problem))
                return {
                    {{}, QStringLiteral("schema"), {}, QStringLiteral("the schema does not compile: %1").arg(problem)}};
            d->unparsed.reset();
        }
        if (d->validator.validate(d->schema, target, &results))
            return violations;
    }

    // A false subschema and propertyNames record no error of their own, only
    // aggregates: then the innermost aggregates are the most specific answer.
    QList<Violation> aggregates;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        bool aggregate = false;
        for (const char *prefix : aggregatePrefixes)
            aggregate = aggregate || startsWith(error.description, prefix);
        Violation violation;
        violation.pointer = aggregate ? aggregatePointer(error) : toPointer(error.context);
        violation.keyword = QStringLiteral("schema");
        violation.detail = QString::fromStdString(error.description);
        if (aggregate) {
            aggregates.append(violation);
            continue;
        }
        for (const KeywordPrefix &entry : keywordPrefixes) {
            if (startsWith(error.description, entry.prefix)) {
                violation.keyword = QLatin1String(entry.keyword);
                break;
            }
        }
        if (violation.keyword == QLatin1String("additionalProperties")
            || violation.keyword == QLatin1String("required"))
            violation.property = quotedProperty(error.description);
        violations.append(violation);
    }
    if (!violations.isEmpty())
        return violations;
    for (const Violation &aggregate : std::as_const(aggregates)) {
        const bool enclosesAnother =
            std::any_of(aggregates.begin(), aggregates.end(), [&aggregate](const Violation &other) {
                return other.pointer.startsWith(aggregate.pointer + QLatin1Char('/'));
            });
        if (!enclosesAnother)
            violations.append(aggregate);
    }
    // valijson said invalid: that stands, even with nothing recorded.
    if (violations.isEmpty())
        violations.append({QString(), QStringLiteral("schema"), QString(), QStringLiteral("Failed to validate")});
    return violations;
}

} // namespace ActionNode::Internal
