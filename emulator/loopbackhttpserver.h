#pragma once

#include <QAbstractHttpServer>

#include <functional>

namespace ActionNode {

class EmulatorReply;

/*!
    The HTTP transport of the emulator: listens on 127.0.0.1 only and hands
    every parsed request to one handler, which answers through reply() or
    closes the connection through drop(), now or later.
*/
class LoopbackHttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;

    explicit LoopbackHttpServer(Handler handler, QObject *parent = nullptr);

    //! Listens on 127.0.0.1:\a port (0 picks a free port). Returns the port, or 0.
    quint16 listenOnLoopback(quint16 port, QString *errorString);

    static void reply(QTcpSocket *socket, const EmulatorReply &reply);
    static void drop(QTcpSocket *socket);
    //! Writes \a reply's head and the first half of its body, then nothing: the connection stays open.
    static void stall(QTcpSocket *socket, const EmulatorReply &reply);
    //! Answers 200 with a JSON body of \a bytes, written in pieces as the connection takes them.
    static void stream(QTcpSocket *socket, qint64 bytes);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace ActionNode
