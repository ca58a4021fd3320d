// Inputs of any shape against each bundled declaration: validation must
// answer (valid or errors), never crash or take unbounded time.
#include "declarations.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!document.isObject())
        return 0;
    for (const ActionNode::ActionSpec &declaration : bundledDeclarations()) {
        for (const ActionNode::ActionError &error : declaration.validate(document.object())) {
            if (error.field.isEmpty() || error.message.isEmpty())
                qFatal("an error without field or message: %s", qPrintable(error.toString()));
        }
        (void)declaration.warningsFor(document.object());
    }
    return 0;
}
