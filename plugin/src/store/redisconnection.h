#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

struct redisContext;
struct redisReply;

namespace ActionNode::Internal {

/*!
    One reply of Redis, as the callers of RedisConnection read it: a string
    (bulk or status), an integer, nil, or an array of replies. An error
    reply never gets here (command() turns it into a failure).
*/
struct RedisReply
{
    enum class Type { Nil, String, Integer, Array };
    Type type = Type::Nil;
    QByteArray string;
    long long integer = 0;
    QList<RedisReply> elements;
};

/*!
    A blocking connection to one Redis server (hiredis), for a store's or
    the shared rate limits' commands. Every connect and command is bounded
    by a timeout, so an unreachable or stalled server is a failure naming
    it, never a hang. A command that fails on a broken connection is tried
    once more on a new one; a script is sent by its digest (EVALSHA) and
    loaded when the server does not know it yet.

    Not thread-safe: one thread uses a connection at a time.
*/
class RedisConnection
{
public:
    //! What location names: redis://[:password@]host[:port][/db].
    struct Address
    {
        QString host;
        int port = 6379;
        int database = 0;
        QByteArray password;
        QString shown; //!< the location without its password, for messages
    };

    static constexpr int defaultTimeoutMs = 2000;

    //! Whether \a location names a Redis server (its scheme is \c redis).
    static bool isRedisLocation(const QString &location);
    //! Reads \a location; nullopt with \a errorString naming what is wrong with it.
    static std::optional<Address> parse(const QString &location, QString *errorString);

    explicit RedisConnection(Address address, int timeoutMs = defaultTimeoutMs);
    ~RedisConnection();

    const Address &address() const { return m_address; }

    //! Connects now (else the first command does); false with \a errorString.
    bool connect(QString *errorString);
    //! Runs one command; nullopt with \a errorString (the server's or the connection's reason).
    std::optional<RedisReply> command(const QByteArrayList &arguments, QString *errorString);
    //! Runs the Lua \a script with \a keys and \a arguments (EVALSHA, loading it when unknown).
    std::optional<RedisReply> script(const QByteArray &script, const QByteArrayList &keys,
                                     const QByteArrayList &arguments, QString *errorString);

private:
    Q_DISABLE_COPY_MOVE(RedisConnection)
    std::optional<RedisReply> send(const QByteArrayList &arguments, QString *errorString);
    void disconnect();

    Address m_address;
    int m_timeoutMs;
    redisContext *m_context = nullptr;
    bool m_closedByServer = false; //!< the last send() failed on a connection the server had closed
};

} // namespace ActionNode::Internal
