// A declaration of any content, checked against the meta-schema as a plugin's
// declarations are when it loads: loaded or refused with a reason.
#include <actionnode/actionspec.h>

#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const ActionNode::ActionSpec declaration = ActionNode::ActionSpec::fromDeclaration(json,
                                                                                       QStringLiteral("fuzz.json"));
    if (declaration.hasError()) {
        if (declaration.errorString().isEmpty())
            qFatal("a declaration refused without a reason");
        return 0;
    }
    // A loaded declaration validates an empty input and its own defaults.
    (void)declaration.validate(QJsonObject());
    (void)declaration.fields();
    return 0;
}
