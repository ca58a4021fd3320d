#pragma once

#include <actionnode/actionspec.h>

#include <QJsonObject>
#include <QString>

namespace ActionNode {

/*!
    A provider's request bodies as its published reference states them, in
    \c emulator/reference/<provider>/<file> (embedded at build time), each
    written as an action declaration so that ActionSpec validates it.

    The emulated APIs check room and webhook bodies against these files,
    never against the runtime's declarations: when a declaration strays from
    the provider (a region Daily does not list, a property it does not
    accept), the emulator answers as the provider would and disagrees.
*/
class ProviderReference
{
public:
    /*!
        The body \a fileName of \a provider (\c room-body.json), read once
        and then kept; hasError() names a file that cannot be read.
    */
    static ActionSpec body(const QString &provider, const QString &fileName);

    /*!
        The first problem of \a inputs against \a reference as the provider
        words it, naming the property by its dotted path, without the
        \a wrapper member that holds a body whose names are not input keys
        (Daily's \c eventTypes); empty when there is none.
    */
    static QString problem(const ActionSpec &reference, const QJsonObject &inputs, const QString &wrapper = {});
};

} // namespace ActionNode
