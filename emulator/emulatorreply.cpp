#include "emulatorreply.h"

#include <QJsonDocument>

namespace ActionNode {

EmulatorReply EmulatorReply::json(int status, const QJsonObject &body)
{
    EmulatorReply reply;
    reply.status = status;
    reply.contentType = "application/json";
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

} // namespace ActionNode
