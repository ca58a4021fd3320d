#pragma once

#include <QString>
#include <QStringList>

namespace ActionNode::TestSupport {

/*!
    What a store holds, read around the store's own code, so that a test
    can tell no secret reached it: every value of every row of every table
    of the SQLite file at \a path, as text.
*/
QStringList everySqliteValue(const QString &path);

//! What redis-cli answers to \a command on the server at \a port, one line per reply element.
QStringList redisCli(quint16 port, const QStringList &command);

//! Every key and value the Redis server at \a port holds in database \a database, as text.
QStringList everyRedisValue(quint16 port, int database);

} // namespace ActionNode::TestSupport
