#pragma once

#include <actionnode/actionnode_global.h>

#include <QString>
#include <QStringList>

namespace ActionNode {

/*!
    An ordered group of fields in a builder's property panel ("General",
    "Transcription"). A group with a bundle id is locked without that bundle.
*/
struct ACTIONNODE_EXPORT FieldGroup
{
    QString id;
    QString title;
    QString bundleId;
    QStringList fieldKeys;
};

} // namespace ActionNode
