#pragma once

#include "regexpattern.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace valijson {
class SchemaParser;
}

namespace ActionNode::Internal {

/*!
    Takes \c pattern and \c format away from valijson, whose std::regex
    matcher recurses once per character (a string of some ten thousand
    characters overflows the stack) and backtracks without limit.

    rewrite() renames these keywords in the copy of a schema given to
    valijson to keywords of its own, which install() teaches the parser:
    \c pattern is searched with RegexPattern (PCRE2, bounded), after the
    length check (a string longer than the \c maxLength beside the pattern
    is already invalid and never reaches the matcher); \c date,
    \c date-time and \c time formats are read by Rfc3339. \c multipleOf
    is taken too: valijson divides doubles, so 12391239123 is not a
    multiple of 1e-8 for it; DecimalMultiple decides exactly. So are
    \c minLength and \c maxLength: valijson counts a text's characters up
    to its first NUL character, these count them all. Error descriptions
    keep valijson's wording, so errors read the same.

    \c patternProperties is refused: valijson would match every property
    name of the input, which anyone chooses, with std::regex.
*/
class ValijsonKeywords
{
public:
    ValijsonKeywords();
    ~ValijsonKeywords();
    ValijsonKeywords(const ValijsonKeywords &) = delete;
    ValijsonKeywords &operator=(const ValijsonKeywords &) = delete;

    /*!
        Renames the keywords of \a schema and of all its subschemas (those
        under the keywords that hold subschemas, and what a \c $ref names
        wherever it stands), and
        compiles every pattern. Throws std::runtime_error for a pattern that
        does not compile and for \c patternProperties.
    */
    void rewrite(nlohmann::json &schema);

    //! Lets \a parser build the renamed keywords; \c this must outlive what it parses.
    void install(valijson::SchemaParser &parser) const;

    struct Pattern
    {
        std::shared_ptr<const RegexPattern> regex;
        qint64 maxLength; //!< the maxLength beside the pattern, -1 when none
    };

private:
    //! Rewrites \a schema unless it is in \a rewritten, and adds the \c $ref it holds to \a references.
    void rewriteSubschema(nlohmann::json &schema, std::unordered_set<const nlohmann::json *> *rewritten,
                          std::vector<std::string> *references);

    std::vector<Pattern> m_patterns;
};

} // namespace ActionNode::Internal
