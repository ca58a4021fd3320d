#pragma once

#include "command.h"
#include "httplimitoptions.h"
#include "pushtargetoptions.h"
#include "runtimeoptions.h"
#include "storeoptions.h"
#include "webhookoptions.h"

#include <actionnode/httphost.h>

#include <QFile>
#include <QUrl>

/*!
    \c actionnode \c serve \c --http \c ADDRESS:PORT: the HTTP host (see
    ActionNode::HttpHost and ActionNode::ActionApi). Prints
    \c{listening on http://HOST:PORT} as its first line; the access log
    goes to standard error. Trigger events and the run history are kept in
    the store (StoreOptions). SIGTERM (or SIGINT) stops accepting, lets the
    calls in flight finish within the grace period, then exits 0.
*/
class HttpServeCommand : public RuntimeCommand
{
public:
    HttpServeCommand() : RuntimeCommand(RuntimeOptions::InvokesActions, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override { return QStringLiteral("Serve the actions over HTTP (--http ADDRESS:PORT)."); }
    //! True when \a arguments ask for the HTTP transport.
    static bool wanted(const QStringList &arguments);

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    void configure(ActionNode::SessionOptions *options) const override;
    int execute(const Context &context) override;
    //! The host's options and the limits, checked; Success or UsageError (printed).
    int readHostOptions(const QCommandLineParser &parser, ActionNode::HttpHostOptions *options);
    //! --public-url, checked into m_publicUrl; Success or UsageError (printed).
    int readPublicUrl(const QCommandLineParser &parser);
    //! Points \a options' access log at --access-log; false (printed) when its file cannot be written.
    bool openAccessLog(const QCommandLineParser &parser, ActionNode::HttpHostOptions *options);
    /*!
        With \c{--connections per-request}: forgets every account setting
        the runtime's connections took from the environment or
        \c --connection, so that no call can spend them.
    */
    void dropHostAccounts(ActionNode::Runtime &runtime);
    //! Serves until a termination signal and the grace period after it.
    int serve(ActionNode::HttpHost *host);

    WebhookOptions m_webhookOptions;
    StoreOptions m_storeOptions;
    HttpLimitOptions m_limitOptions;
    //! How subscriptions push, and to which targets.
    PushTargetOptions m_pushOptions{PushTargetOptions::Use::Delivers};
    QCommandLineOption m_http{QStringLiteral("http"), QStringLiteral("Address and port to serve (port 0: a free one)."),
                              QStringLiteral("address:port")};
    QCommandLineOption m_apiKeys{QStringLiteral("api-keys"),
                                 QStringLiteral("File of accepted bearer keys as sha256:<hex digest> lines "
                                                "(needed off loopback)."),
                                 QStringLiteral("file")};
    QCommandLineOption m_maxBody{QStringLiteral("max-body-bytes"),
                                 QStringLiteral("Largest request body (default 1048576)."), QStringLiteral("bytes"),
                                 QStringLiteral("1048576")};
    QCommandLineOption m_timeout{QStringLiteral("timeout-ms"),
                                 QStringLiteral("Longest time to answer a request (default 30000)."),
                                 QStringLiteral("ms"), QStringLiteral("30000")};
    QCommandLineOption m_maxConcurrent{QStringLiteral("max-concurrent"),
                                       QStringLiteral("Invocations running at once; more get 429 (default 64)."),
                                       QStringLiteral("count"), QStringLiteral("64")};
    QCommandLineOption m_grace{QStringLiteral("grace-ms"),
                               QStringLiteral(
                                   "On SIGTERM, how long calls in flight may take to finish (default 10000)."),
                               QStringLiteral("ms"), QStringLiteral("10000")};
    QCommandLineOption m_cors{QStringLiteral("cors-origin"),
                              QStringLiteral("Origin allowed to call from a browser (repeatable)."),
                              QStringLiteral("origin")};
    QCommandLineOption m_tlsCertificate{QStringLiteral("tls-cert"),
                                        QStringLiteral("PEM certificate chain: serve HTTPS."), QStringLiteral("file")};
    QCommandLineOption m_tlsKey{QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."),
                                QStringLiteral("file")};
    QCommandLineOption m_accessLog{
        QStringLiteral("access-log"),
        QStringLiteral("Where JSON access log lines go: - for standard error (default), off, or a file."),
        QStringLiteral("target"), QStringLiteral("-")};
    QCommandLineOption m_connections{
        QStringLiteral("connections"),
        QStringLiteral("Whose provider accounts calls use: host (the environment's and --connection's, default) or "
                       "per-request (each call sends its own in X-ActionNode-Connection; the host holds none)."),
        QStringLiteral("source"), QStringLiteral("host")};
    QCommandLineOption m_publicUrlOption{
        QStringLiteral("public-url"),
        QStringLiteral("The URL providers reach this host at (http or https, optional path prefix; port 0: the port "
                       "--http listens on): trigger subscriptions then register, update and delete the provider's "
                       "webhook themselves."),
        QStringLiteral("url")};
    QFile m_accessLogFile;
    //! --public-url, checked; empty without it.
    QUrl m_publicUrl;
    ActionNode::HttpHostOptions m_hostOptions;
    int m_maxConcurrentInvocations = 0;
    int m_graceMs = 0;
    bool m_connectionsPerRequest = false;
};
