#include "httplimitoptions.h"

using namespace ActionNode;

namespace {
constexpr qint64 maxTimeoutMs = 3600000;
constexpr qint64 maxConnectionCount = 1000000;
} // namespace

QCommandLineOption HttpLimitOptions::option(const QString &name, const QString &description, const QString &valueName,
                                            qint64 defaultValue)
{
    return QCommandLineOption(name, description + QStringLiteral(" (default %1).").arg(defaultValue), valueName,
                              QString::number(defaultValue));
}

void HttpLimitOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_maxHeader, m_maxConnections, m_maxPerClient, m_idleTimeout, m_headerTimeout, m_bodyTimeout});
}

bool HttpLimitOptions::read(const QCommandLineParser &parser, HttpHostOptions *options, QString *errorString) const
{
    qint64 maxHeader = 0, maxConnections = 0, maxPerClient = 0, idleMs = 0, headerMs = 0, bodyMs = 0;
    const struct
    {
        const QCommandLineOption &option;
        qint64 minimum;
        qint64 maximum;
        qint64 *value;
    } limits[] = {
        {m_maxHeader, 1024, 16 * 1024 * 1024, &maxHeader},
        {m_maxConnections, 1, maxConnectionCount, &maxConnections},
        {m_maxPerClient, 1, maxConnectionCount, &maxPerClient},
        {m_idleTimeout, 1, maxTimeoutMs, &idleMs},
        {m_headerTimeout, 1, maxTimeoutMs, &headerMs},
        {m_bodyTimeout, 1, maxTimeoutMs, &bodyMs},
    };
    for (const auto &limit : limits) {
        bool ok = false;
        *limit.value = parser.value(limit.option).toLongLong(&ok);
        if (!ok || *limit.value < limit.minimum || *limit.value > limit.maximum) {
            *errorString = QStringLiteral("--%1 must be from %2 to %3, not \"%4\"")
                               .arg(limit.option.names().first())
                               .arg(limit.minimum)
                               .arg(limit.maximum)
                               .arg(parser.value(limit.option).left(32));
            return false;
        }
    }
    options->maxHeaderBytes = maxHeader;
    options->maxConnections = int(maxConnections);
    options->maxConnectionsPerClient = int(maxPerClient);
    options->idleTimeoutMs = int(idleMs);
    options->headerTimeoutMs = int(headerMs);
    options->bodyTimeoutMs = int(bodyMs);
    return true;
}
