#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/actionspec.h>
#include <actionnode/invokeoptions.h>

#include <QFuture>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace ActionNode {

class Runtime;

/*!
    The choices a builder offers for one field: the declared \c enum, or
    the list an \c optionsFrom action of the same provider returns
    (Daily's room names from \c daily.list_rooms), each as
    \c {"value": ..., "label": ...}, filtered by search text.

    Options that cannot be loaded (no key, provider unreachable, source
    action not installed) never block a form: the result is then free text,
    with the reason.
*/
class ACTIONNODE_EXPORT OptionsLoader
{
public:
    struct ACTIONNODE_EXPORT Options
    {
        QJsonArray options; //!< {"value", "label"} objects, in the source's order
        bool freeText = false;
        QString reason;         //!< why the field is free text
        bool truncated = false; //!< more options matched than maxOptions
        //! Asks for the next page of a paged source (load()'s \a cursor); empty on the last page.
        QString nextCursor;

        //! {"options": [...], "freeText": bool, "reason"?: ..., "truncated"?: true, "nextCursor"?: ...}
        QJsonObject toJson() const;
    };

    //! The most options returned; a search narrows the rest down.
    static constexpr int maxOptions = 100;

    /*!
        Whether the options of field \a fieldKey of \a action are best
        offered as a search: its \c optionsFrom source searches itself
        (\c searchInput) or answers a page at a time (load() then gives a
        \c nextCursor), so that one list may not hold them all.
    */
    static bool isSearchable(Runtime *runtime, const ActionSpec &action, const QString &fieldKey);

    /*!
        The options of field \a fieldKey of \a action containing \a search
        (case-insensitively, in the label; or through the source action's
        \c searchInput), loaded through \a runtime with \a options (the
        caller's licence and connections). A source that is a paged list is
        read one page at a time, as large as it declares a page may be;
        \a cursor (an earlier answer's \c nextCursor) asks for the page
        after that one.
    */
    static QFuture<Options> load(Runtime *runtime, const ActionSpec &action, const QString &fieldKey,
                                 const QString &search = {}, const QString &cursor = {},
                                 const InvokeOptions &options = {});
};

} // namespace ActionNode
