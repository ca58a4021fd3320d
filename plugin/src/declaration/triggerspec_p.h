#pragma once

#include <actionnode/triggerspec.h>

namespace ActionNode {

namespace Internal {
class CheckedDeclarations;
} // namespace Internal

//! How the runtime reads a TriggerSpec beyond its public API. Not installed.
class TriggerSpecPrivate
{
public:
    //! TriggerSpec::fromDeclaration(), checking the declaration against the trigger schema unless \a checked lists it.
    static TriggerSpec read(const QByteArray &json, const QString &source,
                            const Internal::CheckedDeclarations &checked);
    //! TriggerSpec::fromFile(), checking the declaration against the trigger schema unless \a checked lists it.
    static TriggerSpec fromFile(const QString &fileName, const Internal::CheckedDeclarations &checked);
};

} // namespace ActionNode
