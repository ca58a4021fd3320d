#pragma once

#include <QAbstractHttpServer>

#include <functional>

namespace ActionNode {

/*!
    Qt's HTTP/1.1 parser under the HTTP host: hands every parsed request to
    one dispatcher, except on connections their ConnectionGuard refused.
*/
class HttpTransport : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Dispatcher = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;
    explicit HttpTransport(Dispatcher dispatcher, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Dispatcher m_dispatcher;
};

} // namespace ActionNode
