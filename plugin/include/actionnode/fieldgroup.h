#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ActionNode {

/*!
    A text shown among a group's fields ("Needs a credit card on the Daily
    account"): at the top of the group, or after the field \c after.
*/
struct ACTIONNODE_EXPORT FieldNotice
{
    QString id;
    QString text;
    QString after; //!< a field key of the group, or empty for the top
};

/*!
    An ordered group of fields in a builder's property panel ("General",
    "Transcription"). A group with a bundle id is locked without that bundle;
    a group with a \c visibleWhen condition applies only when it holds.
*/
struct ACTIONNODE_EXPORT FieldGroup
{
    QString id;
    QString title;
    QString bundleId;
    QStringList fieldKeys;
    QJsonObject visibleWhen;
    QList<FieldNotice> notices;
};

} // namespace ActionNode
