#include "redisconnection.h"

#include <QCryptographicHash>

#include <hiredis/hiredis.h>

#include <cerrno>

#include <sys/time.h>

namespace ActionNode::Internal {

namespace {

RedisReply converted(const redisReply *reply)
{
    RedisReply result;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
        result.type = RedisReply::Type::String;
        result.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        result.type = RedisReply::Type::Integer;
        result.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        result.type = RedisReply::Type::Array;
        for (size_t i = 0; i < reply->elements; ++i)
            result.elements.append(converted(reply->element[i]));
        break;
    default: break;
    }
    return result;
}

timeval timeoutOf(int milliseconds)
{
    return {milliseconds / 1000, (milliseconds % 1000) * 1000};
}

} // namespace

bool RedisConnection::isRedisLocation(const QString &location)
{
    return location.startsWith(QLatin1String("redis://"), Qt::CaseInsensitive);
}

std::optional<RedisConnection::Address> RedisConnection::parse(const QString &location, QString *errorString)
{
    const QUrl url(location, QUrl::StrictMode);
    Address address;
    address.shown = url.toString(QUrl::RemoveUserInfo); // a user name is refused below
    const auto refuse = [&](const QString &problem) {
        *errorString = QStringLiteral("the store location %1 is not redis://[:password@]host[:port][/db]: %2")
                           .arg(url.isValid() ? address.shown : QStringLiteral("given"), problem);
        return std::nullopt;
    };
    if (!url.isValid())
        return refuse(url.errorString());
    if (url.host().isEmpty())
        return refuse(QStringLiteral("it names no host"));
    if (url.hasQuery() || url.hasFragment() || !url.userName().isEmpty())
        return refuse(QStringLiteral("it may hold only a password, a host, a port and a database number"));
    address.host = url.host();
    address.port = url.port(6379);
    const QString path = url.path();
    if (path.size() > 1) {
        bool ok = false;
        address.database = path.mid(1).toInt(&ok);
        if (!ok || address.database < 0)
            return refuse(QStringLiteral("the database \"%1\" is not a number of 0 or more").arg(path.mid(1)));
    }
    address.password = url.password().toUtf8();
    return address;
}

RedisConnection::RedisConnection(Address address, int timeoutMs) : m_address(std::move(address)), m_timeoutMs(timeoutMs)
{}

RedisConnection::~RedisConnection()
{
    disconnect();
}

void RedisConnection::disconnect()
{
    if (m_context)
        redisFree(m_context);
    m_context = nullptr;
}

bool RedisConnection::connect(QString *errorString)
{
    if (m_context)
        return true;
    m_context = redisConnectWithTimeout(m_address.host.toUtf8().constData(), m_address.port, timeoutOf(m_timeoutMs));
    if (!m_context || m_context->err) {
        *errorString = m_context ? QString::fromUtf8(m_context->errstr) : QStringLiteral("out of memory");
        disconnect();
        return false;
    }
    redisSetTimeout(m_context, timeoutOf(m_timeoutMs));
    if (!m_address.password.isEmpty() && !send({"AUTH", m_address.password}, errorString)) {
        disconnect();
        return false;
    }
    if (m_address.database != 0 && !send({"SELECT", QByteArray::number(m_address.database)}, errorString)) {
        disconnect();
        return false;
    }
    return true;
}

std::optional<RedisReply> RedisConnection::send(const QByteArrayList &arguments, QString *errorString)
{
    QList<const char *> argv;
    QList<size_t> lengths;
    for (const QByteArray &argument : arguments) {
        argv.append(argument.constData());
        lengths.append(size_t(argument.size()));
    }
    auto *reply = static_cast<redisReply *>(redisCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data()));
    if (!reply) {
        // The context is unusable after an I/O error or a timeout.
        const bool timedOut = m_context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
        *errorString = timedOut ? QStringLiteral("no answer within %1 ms").arg(m_timeoutMs)
                                : QString::fromUtf8(m_context->errstr);
        m_closedByServer = m_context->err == REDIS_ERR_EOF
                           || (m_context->err == REDIS_ERR_IO && (errno == EPIPE || errno == ECONNRESET));
        disconnect();
        return std::nullopt;
    }
    std::optional<RedisReply> result;
    if (reply->type == REDIS_REPLY_ERROR)
        *errorString = QString::fromUtf8(reply->str, qsizetype(reply->len));
    else
        result = converted(reply);
    freeReplyObject(reply);
    return result;
}

std::optional<RedisReply> RedisConnection::command(const QByteArrayList &arguments, QString *errorString)
{
    // A connection the server closed since (a restart, an idle timeout) is found out by the
    // first command on it: that one is sent again on a new connection. A timeout is not
    // retried, since the command may have run, and waiting twice is no better.
    const bool reused = m_context != nullptr;
    if (!connect(errorString))
        return std::nullopt;
    m_closedByServer = false;
    std::optional<RedisReply> reply = send(arguments, errorString);
    if (!reply && reused && m_closedByServer && connect(errorString))
        reply = send(arguments, errorString);
    return reply;
}

std::optional<RedisReply> RedisConnection::script(const QByteArray &script, const QByteArrayList &keys,
                                                  const QByteArrayList &arguments, QString *errorString)
{
    const QByteArray digest = QCryptographicHash::hash(script, QCryptographicHash::Sha1).toHex();
    const QByteArrayList rest = QByteArrayList{QByteArray::number(keys.size())} + keys + arguments;
    std::optional<RedisReply> reply = command(QByteArrayList{"EVALSHA", digest} + rest, errorString);
    if (!reply && errorString->startsWith(QLatin1String("NOSCRIPT")))
        reply = command(QByteArrayList{"EVAL", script} + rest, errorString);
    return reply;
}

} // namespace ActionNode::Internal
