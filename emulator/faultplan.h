#pragma once

#include "fault.h"

#include <QList>
#include <QString>

#include <optional>

namespace ActionNode {

/*!
    The faults waiting to be shown, in order. Each API request takes one
    use of the first fault; when its count is used up the next one applies,
    and with none left the emulator behaves normally. Provider-neutral: it
    never looks at routes or bodies.
*/
class FaultPlan
{
public:
    //! Appends \a fault; returns false and sets \a errorString if it is inconsistent.
    bool schedule(const Fault &fault, QString *errorString = nullptr);

    //! The fault for the current request, if any, using up one of its count.
    std::optional<Fault> takeNext();

    QList<Fault> pending() const { return m_faults; }
    bool isEmpty() const { return m_faults.isEmpty(); }
    void clear() { m_faults.clear(); }

private:
    QList<Fault> m_faults;
};

} // namespace ActionNode
