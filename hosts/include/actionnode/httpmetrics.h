#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <array>

namespace ActionNode {

/*!
    The counters an HTTP host exposes at \c /metrics in the Prometheus text
    format (version 0.0.4): requests by status code, invocations by action
    and result status, an invocation latency histogram by action, the
    invocations in flight and the provider retries of the process.

    Labels only ever hold declared action ids, result status names and
    status codes: never a value sent by a client, never a secret.
*/
class HttpMetrics
{
public:
    HttpMetrics() = default;
    Q_DISABLE_COPY(HttpMetrics)

    void recordRequest(int httpStatus);
    void invocationStarted();
    //! \a action must be a declared action id; \a seconds from request to result.
    void invocationFinished(const QString &action, const QString &status, double seconds);
    int invocationsInFlight() const { return m_inFlight; }

    QByteArray prometheusText() const;

private:
    static constexpr std::array<double, 12> Buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1,    5};
    struct Histogram
    {
        std::array<quint64, Buckets.size()> counts{};
        quint64 count = 0;
        double sum = 0;
    };

    //! One action's invocations by result status, and their latency.
    struct ActionCounters
    {
        QMap<QString, quint64> byStatus;
        Histogram latency;
    };
    /*!
        The action and status counted last, with their counters: found again
        by their characters, without a lookup, since a host answers the same
        action with the same status over and over. The maps are never
        copied, so the entries pointed at stay where they are.
    */
    struct LastCounted
    {
        QString action;
        QString status;
        ActionCounters *counters = nullptr;
        quint64 *count = nullptr;
    };

    QMap<int, quint64> m_requests;
    QMap<QString, ActionCounters> m_actions;
    LastCounted m_last;
    int m_inFlight = 0;
};

} // namespace ActionNode
