#include <actionnode/httpmetrics.h>

#include "restcall.h"
#include "texttable.h"

namespace ActionNode {

void HttpMetrics::recordRequest(int httpStatus)
{
    ++m_requests[httpStatus];
}

void HttpMetrics::invocationStarted()
{
    ++m_inFlight;
}

void HttpMetrics::invocationFinished(const QString &action, const QString &status, double seconds)
{
    --m_inFlight;
    using Internal::utf16View;
    if (!m_last.counters || utf16View(m_last.action) != utf16View(action)
        || utf16View(m_last.status) != utf16View(status)) {
        ActionCounters &counters = m_actions[action];
        m_last = {action, status, &counters, &counters.byStatus[status]};
    }
    ++*m_last.count;
    Histogram &histogram = m_last.counters->latency;
    for (size_t i = 0; i < Buckets.size(); ++i) {
        if (seconds <= Buckets[i])
            ++histogram.counts[i];
    }
    ++histogram.count;
    histogram.sum += seconds;
}

QByteArray HttpMetrics::prometheusText() const
{
    QByteArray text;
    text += "# HELP actionnode_http_requests_total HTTP requests answered, by status code.\n"
            "# TYPE actionnode_http_requests_total counter\n";
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        text += "actionnode_http_requests_total{code=\"" + QByteArray::number(it.key()) + "\"} "
                + QByteArray::number(it.value()) + '\n';

    text += "# HELP actionnode_invocations_total Action invocations, by action and result status.\n"
            "# TYPE actionnode_invocations_total counter\n";
    for (auto action = m_actions.cbegin(); action != m_actions.cend(); ++action) {
        for (auto it = action->byStatus.cbegin(); it != action->byStatus.cend(); ++it)
            text += "actionnode_invocations_total{action=\"" + action.key().toUtf8() + "\",status=\""
                    + it.key().toUtf8() + "\"} " + QByteArray::number(it.value()) + '\n';
    }

    text += "# HELP actionnode_invocation_duration_seconds Time from request to result, by action.\n"
            "# TYPE actionnode_invocation_duration_seconds histogram\n";
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it) {
        const QByteArray action = "action=\"" + it.key().toUtf8() + '"';
        const Histogram &latency = it->latency;
        for (size_t i = 0; i < Buckets.size(); ++i)
            text += "actionnode_invocation_duration_seconds_bucket{" + action + ",le=\""
                    + QByteArray::number(Buckets[i], 'g', 6) + "\"} " + QByteArray::number(latency.counts[i]) + '\n';
        text += "actionnode_invocation_duration_seconds_bucket{" + action + ",le=\"+Inf\"} "
                + QByteArray::number(latency.count) + '\n';
        text += "actionnode_invocation_duration_seconds_sum{" + action + "} " + QByteArray::number(latency.sum, 'g', 9)
                + '\n';
        text += "actionnode_invocation_duration_seconds_count{" + action + "} " + QByteArray::number(latency.count)
                + '\n';
    }

    text += "# HELP actionnode_invocations_in_flight Invocations started and not finished.\n"
            "# TYPE actionnode_invocations_in_flight gauge\n"
            "actionnode_invocations_in_flight "
            + QByteArray::number(m_inFlight) + '\n';
    text += "# HELP actionnode_provider_retries_total Provider API requests retried (429, 5xx, failed connection).\n"
            "# TYPE actionnode_provider_retries_total counter\n"
            "actionnode_provider_retries_total "
            + QByteArray::number(Internal::RestCall::retriesStarted()) + '\n';
    return text;
}

} // namespace ActionNode
