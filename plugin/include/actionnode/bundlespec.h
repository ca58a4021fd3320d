#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonObject>
#include <QString>

namespace ActionNode {

/*!
    A paid bundle that unlocks a group of fields, as declared by an action.
    \c upsell is the text a builder shows next to locked fields.
*/
struct ACTIONNODE_EXPORT BundleSpec
{
    QString id;
    QString title;
    QString upsell;

    bool isNull() const { return id.isEmpty(); }
    QJsonObject toJson() const;
};

} // namespace ActionNode
