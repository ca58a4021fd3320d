#pragma once

#include <actionnode/actionnode_global.h>

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace ActionNode {

/*!
    Inputs saved under an older version of a declaration, upgraded with the
    declaration's \c migrations (see ActionSpec::migrateInputs()).

    \c changes says in words what each step did to these inputs (renamed a
    field, mapped a value, dropped a field and why, set a new default); it
    is empty when nothing had to change. \c errorString is set, and
    \c inputs empty, when the inputs cannot be migrated: it names the saved
    version and the declaration's.
*/
struct ACTIONNODE_EXPORT MigratedInputs
{
    QString fromVersion;
    QString toVersion;
    QJsonObject inputs;
    QStringList changes;
    QString errorString;

    bool isValid() const { return errorString.isEmpty(); }
    //! {"from": ..., "to": ..., "inputs": {...}, "changes": [...]}, or {"error": ...}.
    QJsonObject toJson() const;
};

} // namespace ActionNode
