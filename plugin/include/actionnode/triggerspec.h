#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/bundlespec.h>
#include <actionnode/fieldspec.h>
#include <actionnode/nodespec.h>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace ActionNode {

class TriggerSpecData;

/*!
    How a polling trigger finds its events (the declaration's \c poll): the
    list action it runs, where the items are in its outputs, each item's id
    and time, the values an item must have to count, and how often.
*/
struct ACTIONNODE_EXPORT TriggerPoll
{
    QString action;             //!< "daily.list_rooms"
    QString items;              //!< JSON pointer to the array of items in the action's outputs
    QString itemId;             //!< JSON pointer to an item's id
    QString itemTime;           //!< JSON pointer to an item's time: Unix seconds or RFC 3339
    QJsonObject where;          //!< JSON pointer -> the value an item must have there
    qint64 lookbackSeconds = 0; //!< how long before the newest item seen an item may still count
    int intervalSeconds = 60;

    bool isValid() const { return !action.isEmpty(); }
};

/*!
    A trigger as declared in its JSON declaration file (see
    \c schemas/trigger.schema.json): a node that starts a workflow when the
    provider reports an event, and hands the event's fields to the next nodes.

    A declaration names the provider's event types it listens to (or, for
    events the provider sends no webhook for, the list action it polls), the
    \c filters a builder may set (a JSON Schema; each filter is compared with
    one output), the \c outputs (a JSON Schema whose properties each say with
    \c x-eventPointer where in the provider's event they are read), a
    \c sample of the outputs and an optional \c bundle a license must hold.

    A trigger is a NodeSpec of kind \c trigger (its header getters and
    outputs are there). Like ActionSpec, fromDeclaration() never throws: a broken declaration
    gives a spec whose hasError() is true and whose errorString() names the
    file, the JSON pointer and the reason.
*/
class ACTIONNODE_EXPORT TriggerSpec : public NodeSpec
{
public:
    TriggerSpec();
    TriggerSpec(const TriggerSpec &other);
    TriggerSpec &operator=(const TriggerSpec &other);
    ~TriggerSpec();

    //! Reads a declaration; \a source (a file or resource path) is used in errors.
    static TriggerSpec fromDeclaration(const QByteArray &json, const QString &source);
    static TriggerSpec fromFile(const QString &fileName);

    //! The bundle a license must hold to subscribe, or a null spec when the trigger is free.
    BundleSpec bundle() const;
    /*!
        The provider's event types that fire this trigger (Daily:
        "waiting-participant.joined", ...); a polling trigger's events have
        its id as type.
    */
    QStringList eventTypes() const;
    //! Whether the host polls a list action for this trigger's events instead of receiving webhooks.
    bool isPolling() const;
    //! How it polls; invalid unless isPolling().
    TriggerPoll poll() const;

    //! Filter fields a builder may set, in declaration order.
    QList<FieldSpec> filters() const;
    QJsonObject filterSchema() const;
    //! Outputs of a typical event, for previews.
    QJsonObject sample() const;
    //! The provider's event that sample() is read from, when declared.
    QJsonObject sampleEvent() const;

    //! Every problem of \a filters against the filter schema; empty when valid.
    ActionErrors validateFilters(const QJsonObject &filters) const;
    //! Every problem of \a outputs against the output schema (a sample, a host's test data); empty when valid.
    ActionErrors validateOutputs(const QJsonObject &outputs) const;
    //! The outputs read from the provider's \a event; fields absent from it are left out.
    QJsonObject outputsFor(const QJsonObject &event) const;
    /*!
        Whether \a outputs pass \a filters: every filter that is set equals
        the output it is compared with (any value of a list filter will do).
    */
    bool matches(const QJsonObject &filters, const QJsonObject &outputs) const;

    //! A spec that only carries \a errorString (an unknown or unloadable trigger).
    static TriggerSpec unavailable(const QString &errorString);

private:
    friend class TriggerSpecPrivate;
    TriggerSpecData *d() const;
};

} // namespace ActionNode
