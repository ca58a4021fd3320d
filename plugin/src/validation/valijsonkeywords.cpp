#include "valijsonkeywords.h"

#include "charactercount.h"
#include "decimalmultiple.h"
#include "nlohmannjson.h"
#include "rfc3339.h"
#include "schemareferencecheck.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include <cmath>
#include <new>
#include <stdexcept>

namespace ActionNode::Internal {

namespace {

// Names no JSON Schema keyword has; rewrite() removes them from declarations.
const char *const patternKeyword = "actionnode:pattern";
const char *const formatKeyword = "actionnode:format";
const char *const multipleOfKeyword = "actionnode:multipleOf";
const char *const minLengthKeyword = "actionnode:minLength";
const char *const maxLengthKeyword = "actionnode:maxLength";

class PatternConstraint final : public valijson::constraints::PolyConstraint
{
public:
    explicit PatternConstraint(ValijsonKeywords::Pattern pattern) : m_pattern(std::move(pattern)) {}

    bool validate(const valijson::adapters::Adapter &target, const std::vector<std::string> &context,
                  valijson::ValidationResults *results) const override
    {
        if (!target.isString())
            return true;
        const QString text = utf8Text(target.getString());
        if (m_pattern.maxLength >= 0 && characterCount(text) > m_pattern.maxLength)
            return true; // the maxLength constraint reports it
        const RegexPattern::Result result = m_pattern.regex->search(text);
        if (result == RegexPattern::Result::Match)
            return true;
        if (results)
            results->pushError(context, result == RegexPattern::Result::NoMatch
                                            ? "Failed to match regex specified by 'pattern' constraint."
                                            : "Failed to match regex specified by 'pattern' constraint: "
                                              "too complex to decide.");
        return false;
    }

private:
    Constraint *cloneInto(void *place) const override { return new (place) PatternConstraint(*this); }
    size_t sizeOf() const override { return sizeof(PatternConstraint); }

    ValijsonKeywords::Pattern m_pattern;
};

class TimeFormatConstraint final : public valijson::constraints::PolyConstraint
{
public:
    explicit TimeFormatConstraint(std::string format) : m_format(std::move(format)) {}

    bool validate(const valijson::adapters::Adapter &target, const std::vector<std::string> &context,
                  valijson::ValidationResults *results) const override
    {
        if (!target.isString())
            return true;
        const QString text = utf8Text(target.getString());
        const bool valid = m_format == "date"        ? Rfc3339::isDate(text)
                           : m_format == "date-time" ? Rfc3339::isDateTime(text)
                           : m_format == "time"      ? Rfc3339::isTime(text)
                                                     : true; // as valijson: other formats are annotations
        if (!valid && results)
            results->pushError(context, "String should be a valid " + m_format);
        return valid;
    }

private:
    Constraint *cloneInto(void *place) const override { return new (place) TimeFormatConstraint(*this); }
    size_t sizeOf() const override { return sizeof(TimeFormatConstraint); }

    std::string m_format;
};

// minLength or maxLength, in characters of the whole text (valijson stops counting at a NUL character).
class LengthConstraint final : public valijson::constraints::PolyConstraint
{
public:
    enum class Bound { Min, Max };
    LengthConstraint(Bound bound, int64_t length) : m_bound(bound), m_length(length) {}

    bool validate(const valijson::adapters::Adapter &target, const std::vector<std::string> &context,
                  valijson::ValidationResults *results) const override
    {
        if (!target.isString())
            return true;
        const auto length = int64_t(characterCount(std::string_view(target.getString())));
        const bool valid = m_bound == Bound::Min ? length >= m_length : length <= m_length;
        if (!valid && results)
            results->pushError(context, (m_bound == Bound::Min ? "String should be no fewer than "
                                                               : "String should be no more than ")
                                            + std::to_string(m_length) + " characters in length.");
        return valid;
    }

private:
    Constraint *cloneInto(void *place) const override { return new (place) LengthConstraint(*this); }
    size_t sizeOf() const override { return sizeof(LengthConstraint); }

    Bound m_bound;
    int64_t m_length;
};

class MultipleOfConstraint final : public valijson::constraints::PolyConstraint
{
public:
    explicit MultipleOfConstraint(double divisor) : m_divisor(divisor) {}

    bool validate(const valijson::adapters::Adapter &target, const std::vector<std::string> &context,
                  valijson::ValidationResults *results) const override
    {
        int64_t integer = 0;
        double number = 0;
        const bool valid = target.isInteger()
                               ? target.getInteger(integer) && DecimalMultiple::isMultiple(integer, m_divisor)
                           : target.isDouble()
                               ? target.getDouble(number) && DecimalMultiple::isMultiple(number, m_divisor)
                               : true; // multipleOf says nothing of other types
        if (!valid && results)
            results->pushError(context,
                               "Value should be a multiple of " + QString::number(m_divisor, 'g', 17).toStdString());
        return valid;
    }

private:
    Constraint *cloneInto(void *place) const override { return new (place) MultipleOfConstraint(*this); }
    size_t sizeOf() const override { return sizeof(MultipleOfConstraint); }

    double m_divisor;
};

class PatternBuilder final : public valijson::ConstraintBuilder
{
public:
    explicit PatternBuilder(const std::vector<ValijsonKeywords::Pattern> *patterns) : m_patterns(patterns) {}
    valijson::constraints::Constraint *make(const valijson::adapters::Adapter &value) const override
    {
        int64_t index = -1;
        if (!value.getInteger(index) || index < 0 || size_t(index) >= m_patterns->size())
            throw std::runtime_error("internal pattern reference out of range");
        return new PatternConstraint((*m_patterns)[size_t(index)]);
    }

private:
    const std::vector<ValijsonKeywords::Pattern> *m_patterns;
};

class TimeFormatBuilder final : public valijson::ConstraintBuilder
{
public:
    valijson::constraints::Constraint *make(const valijson::adapters::Adapter &value) const override
    {
        return new TimeFormatConstraint(value.getString());
    }
};

class LengthBuilder final : public valijson::ConstraintBuilder
{
public:
    explicit LengthBuilder(LengthConstraint::Bound bound) : m_bound(bound) {}
    valijson::constraints::Constraint *make(const valijson::adapters::Adapter &value) const override
    {
        if (!value.maybeInteger() || value.asInteger() < 0)
            throw std::runtime_error(std::string("Expected a non-negative integer value for '")
                                     + (m_bound == LengthConstraint::Bound::Min ? "minLength" : "maxLength")
                                     + "' constraint.");
        return new LengthConstraint(m_bound, value.asInteger());
    }

private:
    LengthConstraint::Bound m_bound;
};

class MultipleOfBuilder final : public valijson::ConstraintBuilder
{
public:
    valijson::constraints::Constraint *make(const valijson::adapters::Adapter &value) const override
    {
        double divisor = 0;
        if (!value.getNumber(divisor) || !(divisor > 0) || !std::isfinite(divisor))
            throw std::runtime_error("multipleOf must be a number greater than 0");
        return new MultipleOfConstraint(divisor);
    }
};

} // namespace

ValijsonKeywords::ValijsonKeywords() = default;
ValijsonKeywords::~ValijsonKeywords() = default;

namespace {

// The subschema a "#/..." reference names, as valijson resolves it; null when it names none.
nlohmann::json *referencedSubschema(nlohmann::json &root, const std::string &reference)
{
    const std::optional<QString> pointer = SchemaReferenceCheck::pointerOf(QString::fromStdString(reference));
    if (!pointer)
        return nullptr;
    try {
        const nlohmann::json::json_pointer path(pointer->toStdString());
        return root.contains(path) && root.at(path).is_object() ? &root.at(path) : nullptr;
    } catch (const nlohmann::json::exception &) {
        return nullptr;
    }
}

} // namespace

void ValijsonKeywords::rewrite(nlohmann::json &schema)
{
    std::unordered_set<const nlohmann::json *> rewritten;
    std::vector<std::string> references;
    rewriteSubschema(schema, &rewritten, &references);
    // What a reference names is read by valijson wherever it stands (under $defs, say), so it is
    // rewritten too: after the walk that found the reference, so that no object changes while it is walked.
    while (!references.empty()) {
        const std::string reference = std::move(references.back());
        references.pop_back();
        if (nlohmann::json *target = referencedSubschema(schema, reference))
            rewriteSubschema(*target, &rewritten, &references);
    }
}

void ValijsonKeywords::rewriteSubschema(nlohmann::json &schema, std::unordered_set<const nlohmann::json *> *rewritten,
                                        std::vector<std::string> *references)
{
    // Once each: a second pass would erase the keywords the first renamed.
    if (!schema.is_object() || !rewritten->insert(&schema).second)
        return;
    schema.erase(patternKeyword);
    schema.erase(formatKeyword);
    schema.erase(multipleOfKeyword);
    schema.erase(minLengthKeyword);
    schema.erase(maxLengthKeyword);
    if (schema.contains("patternProperties"))
        throw std::runtime_error("patternProperties is not supported (property names would be matched unbounded)");
    const auto pattern = schema.find("pattern");
    if (pattern != schema.end() && pattern->is_string()) {
        auto regex = std::make_shared<RegexPattern>(QString::fromStdString(pattern->get<std::string>()));
        if (!regex->isValid())
            throw std::runtime_error("pattern \"" + pattern->get<std::string>()
                                     + "\" does not compile: " + regex->errorString().toStdString());
        const auto maxLength = schema.find("maxLength");
        const bool bounded = maxLength != schema.end() && maxLength->is_number() && maxLength->get<double>() >= 0;
        m_patterns.push_back({std::move(regex), bounded ? qint64(qMin(maxLength->get<double>(), 9.0e18)) : -1});
        schema.erase(pattern);
        schema[patternKeyword] = m_patterns.size() - 1;
    }
    const auto format = schema.find("format");
    if (format != schema.end() && format->is_string()) {
        const std::string name = format->get<std::string>();
        schema.erase(format);
        schema[formatKeyword] = name;
    }
    // After the pattern, which reads the maxLength beside it.
    for (const auto &[keyword, renamed] :
         {std::pair{"multipleOf", multipleOfKeyword}, std::pair{"minLength", minLengthKeyword},
          std::pair{"maxLength", maxLengthKeyword}}) {
        const auto found = schema.find(keyword);
        if (found == schema.end())
            continue;
        nlohmann::json value = std::move(*found);
        schema.erase(found);
        schema[renamed] = std::move(value);
    }
    for (const char *keyword : {"additionalProperties", "items", "additionalItems", "contains", "propertyNames", "not",
                                "if", "then", "else"}) {
        const auto child = schema.find(keyword);
        if (child != schema.end() && child->is_object())
            rewriteSubschema(*child, rewritten, references);
    }
    for (const char *keyword : {"items", "allOf", "anyOf", "oneOf"}) {
        const auto children = schema.find(keyword);
        if (children != schema.end() && children->is_array())
            for (nlohmann::json &child : *children)
                rewriteSubschema(child, rewritten, references);
    }
    for (const char *keyword : {"properties", "definitions", "dependencies"}) {
        const auto children = schema.find(keyword);
        if (children != schema.end() && children->is_object())
            for (auto &child : children->items())
                rewriteSubschema(child.value(), rewritten, references);
    }
    const auto reference = schema.find("$ref");
    if (reference != schema.end() && reference->is_string())
        references->push_back(reference->get<std::string>());
}

void ValijsonKeywords::install(valijson::SchemaParser &parser) const
{
    // valijson checks these after its own keywords, in this order: lengths first, as its own were.
    parser.addConstraintBuilder(maxLengthKeyword, new LengthBuilder(LengthConstraint::Bound::Max));
    parser.addConstraintBuilder(minLengthKeyword, new LengthBuilder(LengthConstraint::Bound::Min));
    parser.addConstraintBuilder(patternKeyword, new PatternBuilder(&m_patterns));
    parser.addConstraintBuilder(formatKeyword, new TimeFormatBuilder);
    parser.addConstraintBuilder(multipleOfKeyword, new MultipleOfBuilder);
}

} // namespace ActionNode::Internal
