#pragma once

#include "support/json.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>

class QNetworkAccessManager;

namespace ActionNode::TestSupport {

//! What a server under test answered to one request.
struct HttpAnswer
{
    int status = 0; //!< 0 when no HTTP answer arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; //!< by lower-case name
    qint64 elapsedMs = 0;

    QJsonObject json() const;
};

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/*
    Sends \a method to \a url through \a network and waits up to \a timeoutMs
    for the answer, turning the event loop meanwhile (servers under test
    often run in the test's own process). A \a body that is not null is sent
    as application/json. Loopback servers are reached without a proxy.
*/
HttpAnswer sendRequest(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                       const QByteArray &body = {}, const HttpHeaders &headers = {}, int timeoutMs = 20000);

} // namespace ActionNode::TestSupport
