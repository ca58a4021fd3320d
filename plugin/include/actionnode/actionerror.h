#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ActionNode {

/*!
    One problem found while checking or running an action.

    \c code is a stable machine-readable identifier (for example
    \c invalid_input, \c bundle_required, \c provider_error), \c field is the
    JSON pointer of the input concerned (empty when the problem is not tied
    to one field), \c rule names the broken rule (a JSON Schema keyword such
    as \c maxLength, or a declared rule id), and \c message is a sentence for
    a person. Messages never contain secrets.
*/
struct ACTIONNODE_EXPORT ActionError
{
    QString code;
    QString field;
    QString rule;
    QString message;

    QJsonObject toJson() const;
    //! "field: message" or just the message, for logs and terminals.
    QString toString() const;

    bool operator==(const ActionError &other) const;
};

using ActionErrors = QList<ActionError>;

} // namespace ActionNode
