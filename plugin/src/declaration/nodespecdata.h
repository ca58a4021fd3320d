#pragma once

#include <QJsonObject>
#include <QSharedData>
#include <QString>

namespace ActionNode::Internal {

/*!
    What every node declaration (an action, a trigger) has, in one place:
    where it was read from, why it did not load, the declaration as read
    and its header fields. ActionSpecData and TriggerSpecData derive from
    it; the header getters of ActionSpec and TriggerSpec read it.
*/
class NodeSpecData : public QSharedData
{
public:
    QString source;
    QString errorString;
    QJsonObject declaration;
    // Read on every invocation: kept apart from the declaration's JSON.
    QString id;
    QString provider;

    //! Reads id and provider from the parsed declaration.
    void readHeader();
    //! Sets errorString to "source: pointer: reason"; returns false.
    bool fail(const QString &pointer, const QString &reason);
    //! \a fileName could not be read (BoundedFile's \a errorString): the spec carries only that.
    void setUnreadable(const QString &fileName, const QString &errorString);

    //! A top-level text of the declaration: "version", "title", "description", "category".
    QString declared(const char *key) const;
    //! Whether the declaration failed or, without an error, was never \a compiled.
    bool hasError(bool compiled) const;
    //! Why hasError(\a compiled) is true.
    QString problem(bool compiled) const;
};

} // namespace ActionNode::Internal
