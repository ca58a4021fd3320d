#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace ActionNode {

/*!
    A misbehaviour the emulator shows on the next \c count API requests:
    an error status (optionally with Retry-After), a delay, a dropped
    connection, a 200 with an unparsable body or with a body of the test's
    choosing, an answer whose body stops half-way, or a huge answer. A delay
    combines with any of the others, or alone delays an otherwise normal
    answer.
*/
class Fault
{
public:
    int status = 0;      //!< 400-599; 0 for none
    int retryAfter = -1; //!< seconds for the Retry-After header; -1 for none
    int delayMs = 0;     //!< wait before answering (or dropping)
    /*!
        Close the connection without answering. Qt's QNetworkAccessManager
        silently re-sends a request once when its connection closes before any
        byte of the answer, so such a client only sees an error with a count
        of 2 per request.
    */
    bool drop = false;
    bool malformed = false; //!< answer 200 with a body that is not JSON
    //! Answer 200 with this body (JSON or not, a wrong-typed field, a page whose cursor loops).
    std::optional<QByteArray> body;
    //! Send the status line, the headers and half of the body, then nothing more (the connection stays open).
    bool stall = false;
    //! Answer 200 with a JSON body of this many bytes, written as the connection takes it.
    qint64 bodyBytes = 0;
    int count = 1; //!< how many requests this fault applies to

    /*!
        Reads the JSON form used by the control endpoint, e.g.
        {"status":429,"count":2,"retryAfter":1}. Returns nothing and sets
        \a errorString (naming the field) when the object is not a valid fault.
    */
    static std::optional<Fault> fromJson(const QJsonObject &object, QString *errorString);
    QJsonObject toJson() const;

    //! Empty when the fault is consistent, else what is wrong with it.
    QString validationError() const;
};

} // namespace ActionNode
