#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ActionNode {

/*!
    What SignalWire's Video REST reference says the properties of a request
    body may be, written down from its pages (not from the runtime's
    declarations, so that the emulator can disagree with them and a test
    catches the declaration that is wrong):

    - room tokens: signalwire.com/docs/apis/video/room-tokens/create-room-token;
    - rooms: .../video/rooms/create-room and .../video/rooms/update-room.

    A request is checked as SignalWire answers 422: every problem listed,
    each with the property (\c attribute) it is about, in the words of its
    validators ("can't be blank", "is too long (maximum is 100 characters)").
    A property that the page does not list is refused too, so that a
    declaration's misspelled wire name is found.
*/
class SignalWireReference
{
public:
    enum class Body { RoomToken, CreateRoom, UpdateRoom };

    struct Problem
    {
        QString code; //!< missing_required_parameter or invalid_parameter
        QString attribute;
        QString message;
    };

    static QList<Problem> check(Body body, const QJsonObject &request);

    //! The permissions a token gets when its request names none (the reference's Permissions page).
    static QStringList defaultPermissions();
};

} // namespace ActionNode
