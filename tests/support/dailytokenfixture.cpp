#include "dailytokenfixture.h"

#include "json.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTest>

namespace ActionNode::TestSupport {

using namespace DailyToken;

qint64 DailyToken::now()
{
    return QDateTime::currentSecsSinceEpoch();
}

QJsonObject DailyToken::withoutIssuedAt(QJsonObject claims)
{
    claims.remove(QStringLiteral("iat"));
    return claims;
}

bool DailyTokenFixture::start(QString *errorString)
{
    m_daily = new DailyEmulator(apiKey, &m_server);
    m_daily->setDomainName(domainName);
    m_daily->setDomainId(domainId);
    if (!m_server.listen(0)) {
        *errorString = m_server.errorString();
        return false;
    }
    if (m_runtime.discoverPlugins() == 0 || m_runtime.action(actionId).hasError()) {
        *errorString = QStringLiteral("%1 did not load: %2").arg(actionId, m_runtime.action(actionId).errorString());
        return false;
    }
    for (const PluginSpec &plugin : m_runtime.plugins()) {
        if (!plugin.hasError() && plugin.id() == QLatin1String("daily"))
            m_declaredSettings = plugin.connectionSettings();
    }
    if (m_declaredSettings.isEmpty()) {
        *errorString = QStringLiteral("the daily plugin declares no connection settings");
        return false;
    }
    return true;
}

Connection DailyTokenFixture::connection(const QString &mode, const QJsonObject &overrides) const
{
    Connection daily(QStringLiteral("daily"), m_declaredSettings);
    daily.setValue(QStringLiteral("api_key"), QString::fromLatin1(apiKey));
    daily.setValue(QStringLiteral("api_base"), m_daily->apiBaseUrl());
    daily.setValue(QStringLiteral("token_mode"), mode);
    daily.setValue(QStringLiteral("domain"), domainName);
    daily.setValue(QStringLiteral("domain_id"), domainId);
    daily.setValue(QStringLiteral("timeout_ms"), QStringLiteral("5000"));
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        daily.setValue(it.key(), it.value().toString());
    return daily;
}

void DailyTokenFixture::run(const QJsonObject &inputs, const Connection &connection, ActionResult *result, int limitMs)
{
    m_runtime.setConnection(connection);
    QFutureWatcher<ActionResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    QSignalSpy resultsReady(&watcher, &QFutureWatcherBase::resultReadyAt);
    QElapsedTimer timer;
    timer.start();
    watcher.setFuture(m_runtime.invoke(actionId, inputs));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, limitMs);
    m_elapsedMs = timer.elapsed();
    QCOMPARE(watcher.future().resultCount(), 1);
    QCOMPARE(resultsReady.count(), 1);
    *result = watcher.result();
}

QByteArray DailyTokenFixture::tokenOf(const QJsonObject &inputs, const QString &mode)
{
    ActionResult result;
    run(inputs, connection(mode), &result);
    if (!result.isSuccess())
        qWarning().noquote() << compactJson(result.toJson());
    return result.outputs.value(QLatin1String("token")).toString().toLatin1();
}

} // namespace ActionNode::TestSupport
