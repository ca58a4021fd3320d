#pragma once

#include <actionnode/actionspec.h>

#include <QJsonObject>
#include <QList>

namespace ActionNode {

/*!
    The OpenAPI 3.1 description of the HTTP API, generated from the
    declarations: each action gets its own invoke path whose request body
    is the action's inputs schema and whose 200 answer carries its outputs
    schema; every error answer is the one error document. With
    \a withRunHistory, the run history's routes (RunHistoryApi) too; with
    \a withSubscriptions, the trigger subscription routes (SubscriptionApi).
*/
class OpenApiDocument
{
public:
    static QJsonObject build(const QList<ActionSpec> &actions, bool withRunHistory = false,
                             bool withSubscriptions = false);
};

} // namespace ActionNode
