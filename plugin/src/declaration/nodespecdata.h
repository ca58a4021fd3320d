#pragma once

#include <actionnode/fieldspec.h>

#include <QJsonObject>
#include <QList>
#include <QSharedData>
#include <QString>

namespace ActionNode::Internal {

/*!
    What every node declaration (an action, a trigger) has, in one place:
    where it was read from, why it did not load, the declaration as read,
    its header fields and its outputs. ActionSpecData and TriggerSpecData
    derive from it; NodeSpec's getters read it.
*/
class NodeSpecData : public QSharedData
{
public:
    virtual ~NodeSpecData() = default;

    QString source;
    QString errorString;
    QJsonObject declaration;
    // Read on every invocation: kept apart from the declaration's JSON.
    QString id;
    QString provider;
    QString version; //!< recorded with every run
    //! Required ones first.
    QList<FieldSpec> outputs;

    //! \c action or \c trigger.
    virtual QString kind() const = 0;
    //! Whether the declaration was read to the end (a default-constructed spec was not).
    virtual bool isCompiled() const = 0;

    //! Reads id, provider and version from the parsed declaration.
    void readHeader();
    //! Reads outputs from the declaration's "outputs" schema.
    void readOutputs();
    //! Sets errorString to "source: pointer: reason"; returns false.
    bool fail(const QString &pointer, const QString &reason);
    //! \a fileName could not be read (BoundedFile's \a errorString): the spec carries only that.
    void setUnreadable(const QString &fileName, const QString &errorString);

    //! A top-level text of the declaration: "version", "title", "description", "category".
    QString declared(const char *key) const;
    //! Whether the declaration failed or, without an error, was never compiled.
    bool hasError() const;
    //! Why hasError() is true.
    QString problem() const;
};

} // namespace ActionNode::Internal
