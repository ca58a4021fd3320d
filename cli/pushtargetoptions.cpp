#include "pushtargetoptions.h"

namespace {

bool numberInRange(const QString &text, qint64 minimum, qint64 maximum, qint64 *value)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok && *value >= minimum && *value <= maximum;
}

} // namespace

void PushTargetOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_allowLoopbackTargets, m_allowPrivateTargets});
    if (m_use == Use::Delivers)
        parser.addOptions({m_pushRetrySchedule, m_pushTimeout});
}

bool PushTargetOptions::read(const QCommandLineParser &parser, QString *errorString)
{
    m_options.allowLoopbackTargets = parser.isSet(m_allowLoopbackTargets);
    m_options.allowPrivateTargets = parser.isSet(m_allowPrivateTargets);
    m_options.delivers = m_use == Use::Delivers;
    if (m_use != Use::Delivers)
        return true;
    constexpr qint64 day = 24 * 3600 * 1000;
    if (parser.isSet(m_pushRetrySchedule)) {
        const QStringList waits = parser.value(m_pushRetrySchedule).split(QLatin1Char(','));
        m_options.retryDelaysMs.clear();
        for (const QString &wait : waits) {
            qint64 ms = 0;
            if (waits.size() > 20 || !numberInRange(wait.trimmed(), 1, day, &ms)) {
                *errorString = QStringLiteral("--push-retry-schedule needs 1 to 20 waits in milliseconds, each from 1 "
                                              "to %1, separated by commas, not \"%2\"")
                                   .arg(day)
                                   .arg(parser.value(m_pushRetrySchedule).left(200));
                return false;
            }
            m_options.retryDelaysMs.append(ms);
        }
    }
    if (parser.isSet(m_pushTimeout)) {
        qint64 ms = 0;
        if (!numberInRange(parser.value(m_pushTimeout), 1, 600000, &ms)) {
            *errorString = QStringLiteral("--push-timeout-ms must be from 1 to 600000");
            return false;
        }
        m_options.connectTimeoutMs = m_options.responseTimeoutMs = int(ms);
    }
    return true;
}
