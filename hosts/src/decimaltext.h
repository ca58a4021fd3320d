#pragma once

#include <QByteArray>

#include <charconv>
#include <limits>

namespace ActionNode {

//! Appends \a number in decimal to \a out (a QByteArray or a QVarLengthArray<char>), written in place:
//! QByteArray::number() would allocate a text of its own.
template<typename Buffer>
void appendDecimal(Buffer *out, qint64 number)
{
    char digits[std::numeric_limits<qint64>::digits10 + 2]; // and a sign
    const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, number);
    out->append(digits, qsizetype(written.ptr - digits));
}

} // namespace ActionNode
