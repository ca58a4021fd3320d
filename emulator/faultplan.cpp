#include "faultplan.h"

namespace ActionNode {

bool FaultPlan::schedule(const Fault &fault, QString *errorString)
{
    const QString error = fault.validationError();
    if (!error.isEmpty()) {
        if (errorString)
            *errorString = error;
        return false;
    }
    m_faults.append(fault);
    return true;
}

std::optional<Fault> FaultPlan::takeNext()
{
    if (m_faults.isEmpty())
        return std::nullopt;
    Fault &head = m_faults.first();
    const Fault current = head;
    if (--head.count == 0)
        m_faults.removeFirst();
    return current;
}

} // namespace ActionNode
