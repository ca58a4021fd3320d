#include "storeoptions.h"

using namespace ActionNode;

namespace {

// Ten years of days, a billion entries: beyond any disk a store is meant for.
constexpr qint64 maxKeepDays = 3650;
constexpr qint64 maxKeepCount = 1000000000;

bool readCount(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 maximum, qint64 *value)
{
    bool ok = false;
    *value = parser.value(option).toLongLong(&ok);
    return ok && *value >= 1 && *value <= maximum;
}

} // namespace

void StoreOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_store, m_keepEvents, m_keepEventDays, m_keepRuns, m_keepRunDays});
}

bool StoreOptions::read(const QCommandLineParser &parser, QString *errorString)
{
    qint64 eventDays = 0;
    qint64 runDays = 0;
    if (!readCount(parser, m_keepEvents, maxKeepCount, &m_retention.maxEvents)
        || !readCount(parser, m_keepRuns, maxKeepCount, &m_retention.maxRuns)
        || !readCount(parser, m_keepEventDays, maxKeepDays, &eventDays)
        || !readCount(parser, m_keepRunDays, maxKeepDays, &runDays)) {
        *errorString = QStringLiteral("--keep-events and --keep-runs must be from 1 to %1, "
                                      "--keep-event-days and --keep-run-days from 1 to %2")
                           .arg(maxKeepCount)
                           .arg(maxKeepDays);
        return false;
    }
    m_retention.maxEventAgeSeconds = eventDays * 86400;
    m_retention.maxRunAgeSeconds = runDays * 86400;
    m_given = parser.isSet(m_store);
    m_location = m_given ? parser.value(m_store) : Store::defaultLocation();
    if (m_location.isEmpty()) {
        *errorString = QStringLiteral("--store needs a file, :memory: or redis://host:port/db");
        return false;
    }
    return true;
}

void StoreOptions::configure(SessionOptions *options) const
{
    options->storeLocation = m_location;
    options->storeRetention = m_retention;
}
