#pragma once

#include <actionnode/migratedinputs.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace ActionNode::Internal {

/*!
    A declaration's \c migrations, checked once at load: consecutive
    versions ending at the declaration's own, and steps that name fields
    which exist where they apply. Steps are checked from the newest back:
    the fields known after the last step are the declared inputs; a rename
    makes its old key known before it, a drop of a whole field makes that
    field known before it.
*/
class MigrationPlan
{
public:
    //! The first problem ("pointer: reason"), or an empty string.
    QString compile(const QJsonArray &migrations, const QString &version, const QSet<QString> &inputKeys);

    //! \a inputs saved under \a savedVersion, upgraded to the declaration's version.
    MigratedInputs apply(const QJsonObject &inputs, const QString &savedVersion) const;

    //! The versions inputs can be migrated from, oldest first.
    QStringList versions() const;

    //! Whether version \a left is older than \a right (both major.minor.patch).
    static bool isOlder(const QString &left, const QString &right);

private:
    QJsonArray m_migrations;
    QString m_version;
};

} // namespace ActionNode::Internal
