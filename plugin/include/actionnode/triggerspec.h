#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/bundlespec.h>
#include <actionnode/fieldspec.h>

#include <QJsonObject>
#include <QList>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

namespace ActionNode {

class TriggerSpecData;

/*!
    A trigger as declared in its JSON declaration file (see
    \c schemas/trigger.schema.json): a node that starts a workflow when the
    provider reports an event, and hands the event's fields to the next nodes.

    A declaration names the provider's event types it listens to, the
    \c filters a builder may set (a JSON Schema; each filter is compared with
    one output), the \c outputs (a JSON Schema whose properties each say with
    \c x-eventPointer where in the provider's event they are read), a
    \c sample of the outputs and an optional \c bundle a license must hold.

    Like ActionSpec, fromDeclaration() never throws: a broken declaration
    gives a spec whose hasError() is true and whose errorString() names the
    file, the JSON pointer and the reason.
*/
class ACTIONNODE_EXPORT TriggerSpec
{
public:
    TriggerSpec();
    TriggerSpec(const TriggerSpec &other);
    TriggerSpec &operator=(const TriggerSpec &other);
    ~TriggerSpec();

    //! Reads a declaration; \a source (a file or resource path) is used in errors.
    static TriggerSpec fromDeclaration(const QByteArray &json, const QString &source);
    static TriggerSpec fromFile(const QString &fileName);

    bool hasError() const;
    QString errorString() const;
    QString source() const;

    QString id() const;
    QString provider() const;
    QString version() const;
    QString title() const;
    QString description() const;
    QString category() const;
    //! The bundle a license must hold to subscribe, or a null spec when the trigger is free.
    BundleSpec bundle() const;
    //! The provider's event types that fire this trigger (Daily: "waiting-participant.joined", ...).
    QStringList eventTypes() const;

    //! Filter fields a builder may set, in declaration order.
    QList<FieldSpec> filters() const;
    QJsonObject filterSchema() const;
    //! Values handed to the next nodes (required ones first).
    QList<FieldSpec> outputs() const;
    QJsonObject outputSchema() const;
    //! Outputs of a typical event, for previews.
    QJsonObject sample() const;
    //! The provider's event that sample() is read from, when declared.
    QJsonObject sampleEvent() const;
    QJsonObject declaration() const;

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
    QSharedDataPointer<TriggerSpecData> d;
};

} // namespace ActionNode
