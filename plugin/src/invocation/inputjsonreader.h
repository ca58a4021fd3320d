#pragma once

#include <QByteArrayView>

namespace ActionNode {
class ActionInputsData;
}

namespace ActionNode::Internal {

class InvocationPlan;

/*!
    Reads the text of one JSON object of inputs straight into the inputSlots of
    an InvocationPlan, with nlohmann::json's SAX parser (a maintained,
    strict RFC 8259 reader that hands over each value as it is read, so
    that no document is built): strings and scalars of declared fields go
    into their inputSlots, lists and objects become QJsonValues, undeclared
    members are kept aside. A repeated member keeps its last value, as
    QJsonDocument does.

    It declines (read() returns false) whatever it would not read exactly
    as QJsonDocument does, leaving the caller's own parser to read or word
    it: any syntax error, a byte order mark anywhere (QJsonDocument drops
    it even inside a string), a NUL byte, a value other than
    an object, a number too small for a double, and nesting deeper than
    QJsonDocument accepts.
*/
class InputJsonReader
{
public:
    static bool read(QByteArrayView json, const InvocationPlan &plan, ActionInputsData *inputs);
};

} // namespace ActionNode::Internal
