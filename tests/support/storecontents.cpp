#include "storecontents.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>

namespace ActionNode::TestSupport {

QStringList everySqliteValue(const QString &path)
{
    const QString connection = QStringLiteral("inspection");
    QStringList values;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        database.setDatabaseName(path);
        if (!database.open())
            return {QStringLiteral("cannot open ") + path};
        QSqlQuery tables(database);
        tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        for (const QString &table : names) {
            QSqlQuery rows(database);
            rows.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table));
            while (rows.next()) {
                for (int column = 0; column < rows.record().count(); ++column)
                    values.append(rows.value(column).toString());
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return values;
}

QStringList redisCli(quint16 port, const QStringList &command)
{
    QProcess cli;
    cli.start(QStringLiteral("redis-cli"), QStringList{"-p", QString::number(port), "--raw"} + command);
    if (!cli.waitForFinished(10000))
        return {QStringLiteral("redis-cli did not answer")};
    return QString::fromUtf8(cli.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
}

QStringList everyRedisValue(quint16 port, int database)
{
    const QString db = QString::number(database);
    QStringList values;
    for (const QString &key : redisCli(port, {"-n", db, "--scan"})) {
        values.append(key);
        const QString type = redisCli(port, {"-n", db, "TYPE", key}).value(0);
        if (type == QLatin1String("string"))
            values += redisCli(port, {"-n", db, "GET", key});
        else if (type == QLatin1String("hash"))
            values += redisCli(port, {"-n", db, "HGETALL", key});
        else if (type == QLatin1String("zset"))
            values += redisCli(port, {"-n", db, "ZRANGE", key, "0", "-1", "WITHSCORES"});
        else if (type == QLatin1String("list"))
            values += redisCli(port, {"-n", db, "LRANGE", key, "0", "-1"});
        else
            values.append(QStringLiteral("a key of type %1").arg(type)); // one this scan does not read
    }
    return values;
}

} // namespace ActionNode::TestSupport
