#pragma once

#include <actionnode/actionnode_global.h>
#include <actionnode/fieldspec.h>

#include <QExplicitlySharedDataPointer>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace ActionNode {

namespace Internal {
class NodeSpecData;
}

/*!
    What every node a provider declares has, an action (ActionSpec) or a
    trigger (TriggerSpec): where it was read from, whether it loaded, its
    header (id, provider, version and texts) and the values it hands to the
    next nodes.

    A spec is a value that never changes once read: copies share the
    declaration, and an ActionSpec or a TriggerSpec copied into a NodeSpec
    keeps answering as the node it is, so a host can list every node of a
    palette in one QList<NodeSpec>. Getters other than hasError(),
    errorString() and source() are only meaningful when hasError() is false.
*/
class ACTIONNODE_EXPORT NodeSpec
{
public:
    NodeSpec(const NodeSpec &other);
    NodeSpec &operator=(const NodeSpec &other);
    ~NodeSpec();

    bool hasError() const;
    //! Why the node did not load: the file, the JSON pointer and the reason.
    QString errorString() const;
    //! The file or resource path the declaration was read from.
    QString source() const;

    QString id() const;
    QString provider() const;
    QString version() const;
    QString title() const;
    QString description() const;
    QString category() const;
    //! \c action (run on demand) or \c trigger (started by the provider's events).
    QString kind() const;

    //! Values handed to the next nodes, required ones first.
    QList<FieldSpec> outputs() const;
    //! The outputs JSON Schema as declared.
    QJsonObject outputSchema() const;
    //! The declaration as read.
    QJsonObject declaration() const;

protected:
    explicit NodeSpec(Internal::NodeSpecData *data);

    // Explicitly shared: a spec is complete when it is read, so no copy ever detaches.
    QExplicitlySharedDataPointer<Internal::NodeSpecData> d_ptr;
};

} // namespace ActionNode
