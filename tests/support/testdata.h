#pragma once

#include <actionnode/license.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace ActionNode::TestSupport {

//! The path of \a name below tests/data, for example "licenses/expired.json".
QString testDataPath(const QString &name);

//! The contents of tests/data/\a name; empty, with a warning naming it, when it cannot be read.
QByteArray readTestData(const QString &name);

//! tests/data/declarations/\a name: a declaration made for a test.
QString testDeclarationPath(const QString &name);

/*!
    A declaration-only action whose one input, "value" (required), has the
    JSON Schema \a field, which must carry a title and a description.
*/
QByteArray oneFieldDeclaration(const QJsonObject &field);

//! The shipped declaration of Daily's "Create meeting token" (schemas/daily/create-meeting-token.json).
QString meetingTokenDeclarationPath();

//! The path of \a name below the source tree, for example "schemas/daily/create-meeting-token.json".
QString sourcePath(const QString &name);

//! tests/data/licenses/\a name, verified with the test vendor's key.
License testLicense(const QString &name);

//! The test licence that holds every bundle (licenses/valid-bundle.json).
License bundleLicense();

//! The command line options that give actionnode bundleLicense().
QStringList bundleLicenseArguments();

//! The body of a Daily \c waiting-participant.joined webhook (a guest knocking) of event \a id in \a room.
QByteArray knockEvent(const QString &id, const QString &room, bool owner = false);

} // namespace ActionNode::TestSupport
