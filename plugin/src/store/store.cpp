#include <actionnode/store.h>

#include "sqlitestore.h"

#include <QDir>
#include <QStandardPaths>

namespace ActionNode {

Store::~Store() = default;

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
    return Internal::SqliteStore::open(location, errorString);
}

} // namespace ActionNode
