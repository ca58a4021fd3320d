#pragma once

#include <cstdint>

namespace ActionNode::Internal {

/*!
    JSON Schema's \c multipleOf decided on decimals, as a reader of the
    schema means them: \c{12391239123} is a multiple of \c{1e-8}, although
    dividing the two doubles leaves a remainder.

    A whole number below 2^63 is read exactly (nlohmann::json keeps it as an
    integer); any other number as the shortest decimal that reads back as
    the same double (\c{0.1}, not 0.1000000000000000055…). The test is then
    exact: no rounding at any step.
*/
class DecimalMultiple
{
public:
    //! Whether \a value is a whole multiple of \a divisor (a positive number).
    static bool isMultiple(double value, double divisor);
    static bool isMultiple(std::int64_t value, double divisor);

private:
    //! digits × 10^exponent, digits without trailing zeros (0 for zero).
    struct Decimal
    {
        std::uint64_t digits = 0;
        int exponent = 0;
    };
    static Decimal fromInteger(std::int64_t value);
    static Decimal fromDouble(double value);
    static bool isMultiple(Decimal value, Decimal divisor);
};

} // namespace ActionNode::Internal
