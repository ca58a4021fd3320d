#pragma once

#include <actionnode/httphost.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

/*!
    The one place where the commands that listen for HTTP (serve --http,
    listen) declare and read the limits of their connections: the head
    size, the connection caps and the idle, head and body timeouts. Their
    defaults are HttpHostOptions' own.
*/
class HttpLimitOptions
{
public:
    void addTo(QCommandLineParser &parser) const;
    //! Sets the limits of \a options from \a parser; false with \a errorString naming the option out of range.
    bool read(const QCommandLineParser &parser, ActionNode::HttpHostOptions *options, QString *errorString) const;

private:
    static QCommandLineOption option(const QString &name, const QString &description, const QString &valueName,
                                     qint64 defaultValue);

    const ActionNode::HttpHostOptions m_defaults{};
    QCommandLineOption m_maxHeader = option(QStringLiteral("max-header-bytes"),
                                            QStringLiteral("Largest request head; more get 431"),
                                            QStringLiteral("bytes"), m_defaults.maxHeaderBytes);
    QCommandLineOption m_maxConnections = option(QStringLiteral("max-connections"),
                                                 QStringLiteral("Connections open at once; more get 503"),
                                                 QStringLiteral("count"), m_defaults.maxConnections);
    QCommandLineOption m_maxPerClient = option(QStringLiteral("max-connections-per-client"),
                                               QStringLiteral("Connections open at once from one address"),
                                               QStringLiteral("count"), m_defaults.maxConnectionsPerClient);
    QCommandLineOption m_idleTimeout = option(QStringLiteral("idle-timeout-ms"),
                                              QStringLiteral("A connection with no request under way is closed after"),
                                              QStringLiteral("ms"), m_defaults.idleTimeoutMs);
    QCommandLineOption m_headerTimeout = option(QStringLiteral("header-timeout-ms"),
                                                QStringLiteral("A request head not read by then gets 408"),
                                                QStringLiteral("ms"), m_defaults.headerTimeoutMs);
    QCommandLineOption m_bodyTimeout = option(QStringLiteral("body-timeout-ms"),
                                              QStringLiteral("A request body not read by then gets 408"),
                                              QStringLiteral("ms"), m_defaults.bodyTimeoutMs);
};
