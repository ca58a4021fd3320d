// The command line's readers: each line is a key=value or key:=json
// argument for each declaration, and the whole input is an --input file.
#include "declarations.h"
#include "inputparser.h"
#include "jsontext.h"

#include <QStringList>

#include <cstddef>
#include <cstdint>

using namespace ActionNode;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const QJsonValue value = JsonText::parse(bytes, &error);
    if (value.isUndefined() == error.isEmpty())
        qFatal("JsonText::parse must give a value or an error");
    if (!value.isUndefined() && JsonText::forbiddenControlCharacter(bytes) != 0)
        qFatal("a control character got through");

    const QStringList assignments = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    for (const ActionNode::ActionSpec &declaration : bundledDeclarations()) {
        ActionNode::ActionErrors errors;
        QJsonObject inputs;
        // Line by line: a line that is no assignment stops a parse, and the lines after it count too.
        for (const QString &assignment : assignments) {
            QString usageError;
            if (!InputParser::parse(declaration.fields(), {assignment}, &inputs, &errors, &usageError)
                && usageError.isEmpty())
                qFatal("an argument refused without saying why");
        }
        (void)declaration.validate(inputs);
    }
    return 0;
}
