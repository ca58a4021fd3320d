#include <actionnode/store.h>

#include "redisstore.h"
#include "sqlitestore.h"

#include <actionnode/sharedratelimits.h>

#include <QDir>
#include <QStandardPaths>

namespace ActionNode {

Store::~Store() = default;

SharedRateLimits::~SharedRateLimits() = default;

QString Store::inMemory()
{
    return QStringLiteral(":memory:");
}

QString Store::dataDirectory()
{
    const QString configured = qEnvironmentVariable("ACTIONNODE_DATA_DIR");
    if (!configured.isEmpty())
        return configured;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/actionnode");
}

QString Store::defaultLocation()
{
    return QDir(dataDirectory()).filePath(QStringLiteral("store.sqlite"));
}

std::unique_ptr<Store> Store::open(const QString &location, QString *errorString)
{
    if (Internal::RedisConnection::isRedisLocation(location))
        return Internal::RedisStore::open(location, errorString);
    return Internal::SqliteStore::open(location, errorString);
}

} // namespace ActionNode
