#pragma once

#include "jsonpointer.h"
#include "restcall.h"

#include <actionnode/actionerror.h>

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ActionNode::Internal {

class RestDeclaration;
class RestProvider;

/*!
    A provider's error reply that lists several errors, each about one
    request property (SignalWire's 422: \c{{"errors": [{"code", "message",
    "attribute"}]}}), as a manifest's \c errorBody.list declares it: the
    array's pointer, then pointers into each entry for its type, message and
    property. Every entry becomes an error of its own, on the input whose
    wire name the entry's property is; one the declaration does not bind
    stays on the request as a whole, its name kept in the message.
*/
class ProviderErrorList
{
public:
    //! At most this many entries are read from one reply, so that a provider cannot flood a result or a log.
    static constexpr int maxEntries = 50;

    struct Entry
    {
        QString type;
        QString message;
        QString property; //!< the provider's name of the request property, or empty
    };

    //! Reads \c errorBody.list of a manifest (already checked against provider.schema.json); null when absent.
    static ProviderErrorList fromErrorBody(const QJsonObject &errorBody);

    bool isNull() const { return !m_declared; }
    //! The listed entries of \a body (texts bounded as RestProvider::bounded() does); empty when it lists none.
    QList<Entry> entries(const QByteArray &body) const;
    //! One error per entry of \a reply, each on the input it names.
    static ActionErrors errors(const QList<Entry> &entries, const RestDeclaration &declaration,
                               const RestProvider &provider, const RestCall::Reply &reply);

private:
    bool m_declared = false;
    JsonPointer m_items;
    JsonPointer m_type;
    JsonPointer m_message;
    JsonPointer m_property;
};

} // namespace ActionNode::Internal
