#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace ActionNode {
class ActionInputsData;
}

namespace ActionNode::Internal {

class InvocationPlan;

/*!
    Reads the text of one JSON object of inputs straight into the inputSlots of
    an InvocationPlan, with simdjson's On-Demand parser (a maintained, strict
    RFC 8259 reader that validates the UTF-8 and indexes the text with SIMD
    instructions, then hands over each value as it is asked for, so that no
    document is built): strings and scalars of declared fields go into their
    inputSlots, a list or an object of a declared field is packed into the
    one buffer its slot keeps (PackedJson), undeclared members are kept aside (a list
    or an object among them handed, as its text, to QJsonDocument, which
    builds Qt's containers more cheaply from text than value by value). A
    repeated member keeps its last value, as QJsonDocument does.

    Why simdjson: for a batch line of some 200 bytes it parses the text in
    about 16 instructions a byte where nlohmann::json's SAX lexer took about
    80 (callgrind, parse alone); reading a batch line into the slots went
    from about 150 to 70 instructions a byte (see bench/README.md).
    On-Demand rather than simdjson's DOM parser: both cost the same on such
    lines, but only On-Demand shows a value's text, which is handed to
    QJsonDocument for undeclared lists and objects and for numbers other
    than 64-bit integers.

    It declines (read() returns false) whatever it would not read exactly
    as QJsonDocument does, leaving the caller's own parser to read or word
    it: any syntax error or text after the object, invalid UTF-8 or a lone
    surrogate escape, a byte order mark anywhere (QJsonDocument drops it
    even inside a string), a NUL byte, a value other than an object, a
    number too large or too small for a double, and nesting deeper than
    QJsonDocument accepts.
*/
class InputJsonReader
{
public:
    /*!
        Reads \a json into \a inputs; sets \a repeatedMember (false
        beforehand) when an object in it repeats a member (whose last value
        is kept) or may: an undeclared list or object, which QJsonDocument reads.
    */
    static bool read(QByteArrayView json, const InvocationPlan &plan, ActionInputsData *inputs, bool *repeatedMember);
    /*!
        \a json, a JSON text read() took, without the spaces between its
        tokens (simdjson::minify): \a json itself, shared, when it has none.
    */
    static QByteArray compact(const QByteArray &json);
};

} // namespace ActionNode::Internal
