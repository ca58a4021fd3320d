#include "decimalmultiple.h"

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <numeric>

namespace ActionNode::Internal {

DecimalMultiple::Decimal DecimalMultiple::fromInteger(std::int64_t value)
{
    // The magnitude in unsigned arithmetic: -INT64_MIN does not fit in int64_t.
    Decimal decimal{value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value), 0};
    while (decimal.digits != 0 && decimal.digits % 10 == 0) {
        decimal.digits /= 10;
        ++decimal.exponent;
    }
    return decimal;
}

DecimalMultiple::Decimal DecimalMultiple::fromDouble(double value)
{
    // Whole numbers as nlohmann::json holds them, so both readings agree.
    if (std::trunc(value) == value && std::fabs(value) < 9.2e18)
        return fromInteger(static_cast<std::int64_t>(value));
    // Shortest round trip, scientific: "d.ddde±x", at most 17 digits.
    char text[32];
    const auto written = std::to_chars(text, text + sizeof text, std::fabs(value), std::chars_format::scientific);
    Decimal decimal;
    int fractionDigits = 0;
    bool inFraction = false;
    const char *position = text;
    for (; position != written.ptr && *position != 'e'; ++position) {
        if (*position == '.') {
            inFraction = true;
            continue;
        }
        decimal.digits = decimal.digits * 10 + std::uint64_t(*position - '0');
        fractionDigits += inFraction ? 1 : 0;
    }
    int exponent = 0;
    std::from_chars(position + 1 + (position[1] == '+' ? 1 : 0), written.ptr, exponent);
    decimal.exponent = exponent - fractionDigits;
    while (decimal.digits != 0 && decimal.digits % 10 == 0) {
        decimal.digits /= 10;
        ++decimal.exponent;
    }
    return decimal;
}

bool DecimalMultiple::isMultiple(Decimal value, Decimal divisor)
{
    if (value.digits == 0)
        return true;
    if (divisor.digits == 0)
        return false;
    const int shift = value.exponent - divisor.exponent;
    if (shift >= 0) {
        // value.digits × 10^shift / divisor.digits is whole when what is left of
        // the divisor after the common factor has no prime but 2 and 5, each at
        // most shift times.
        std::uint64_t rest = divisor.digits / std::gcd(value.digits, divisor.digits);
        for (const std::uint64_t prime : {std::uint64_t(2), std::uint64_t(5)}) {
            for (int count = 0; count < shift && rest % prime == 0; ++count)
                rest /= prime;
        }
        return rest == 1;
    }
    // value.digits must be a multiple of divisor.digits × 10^-shift, which is
    // then no larger than value.digits (so it never overflows).
    std::uint64_t modulus = divisor.digits;
    for (int count = 0; count < -shift; ++count) {
        if (modulus > value.digits / 10)
            return false;
        modulus *= 10;
    }
    return value.digits % modulus == 0;
}

bool DecimalMultiple::isMultiple(double value, double divisor)
{
    return std::isfinite(value) && isMultiple(fromDouble(value), fromDouble(divisor));
}

bool DecimalMultiple::isMultiple(std::int64_t value, double divisor)
{
    return isMultiple(fromInteger(value), fromDouble(divisor));
}

} // namespace ActionNode::Internal
