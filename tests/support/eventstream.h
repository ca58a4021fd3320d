#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace ActionNode::TestSupport {

//! An SSE stream of one trigger of a host under test, collecting what arrives.
class EventStream
{
public:
    /*!
        Opens \c{/v1/triggers/<triggerId>/events} of the host at \a host,
        resuming after \a lastEventId when it is given.
    */
    EventStream(QNetworkAccessManager &network, const QUrl &host, const QString &triggerId,
                const QByteArray &lastEventId = {});
    ~EventStream();

    //! How often the provider's event \a eventId came.
    int count(const QString &eventId) const;
    //! The id of the last event received.
    QByteArray lastId() const;
    //! Everything received so far.
    QByteArray received() const { return m_received; }
    //! Whether the host ended the stream.
    bool isFinished() const;

private:
    std::unique_ptr<QNetworkReply> m_reply;
    QByteArray m_received;
};

} // namespace ActionNode::TestSupport
