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
    ActionCounters &counters = countersOf(action);
    ++counters.countOf(status);
    Histogram &histogram = counters.latency;
    for (size_t i = 0; i < Buckets.size(); ++i) {
        if (seconds <= Buckets[i])
            ++histogram.counts[i];
    }
    ++histogram.count;
    histogram.sum += seconds;
}

HttpMetrics::ActionCounters &HttpMetrics::countersOf(const QString &action)
{
    if (!m_lastCounters || Internal::utf16View(m_lastAction) != Internal::utf16View(action)) {
        m_lastCounters = &m_actions[action];
        m_lastAction = action;
    }
    return *m_lastCounters;
}

quint64 &HttpMetrics::ActionCounters::countOf(const QString &status)
{
    if (!lastStatusCount || Internal::utf16View(lastStatus) != Internal::utf16View(status)) {
        lastStatusCount = &byStatus[status];
        lastStatus = status;
    }
    return *lastStatusCount;
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
