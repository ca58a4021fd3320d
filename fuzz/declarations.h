#pragma once

#include <actionnode/actionspec.h>

#include <QList>

// The declarations of the bundled providers, read from the source tree.
inline const QList<ActionNode::ActionSpec> &bundledDeclarations()
{
    static const QList<ActionNode::ActionSpec> declarations{
        ActionNode::ActionSpec::fromFile(
            QStringLiteral(ACTIONNODE_SOURCE_DIR "/schemas/daily/create-meeting-token.json")),
        ActionNode::ActionSpec::fromFile(
            QStringLiteral(ACTIONNODE_SOURCE_DIR "/schemas/signalwire/create-room-token.json")),
    };
    for (const ActionNode::ActionSpec &declaration : declarations) {
        if (declaration.hasError())
            qFatal("%s", qPrintable(declaration.errorString()));
    }
    return declarations;
}
