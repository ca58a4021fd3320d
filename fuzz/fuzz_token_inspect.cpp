// What 'inspect' does with a token: decode it, map its claims back to each
// declaration's fields, read its times and check its signature.
#include "declarations.h"
#include "numericdate.h"

#include <actionnode/sdk/claimmapping.h>
#include <actionnode/sdk/jwt.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray token(reinterpret_cast<const char *>(data), qsizetype(size));
    const ActionNode::Jwt::Decoded decoded = ActionNode::Jwt::decode(token);
    QString error;
    (void)ActionNode::Jwt::verify(token, "fuzz-key", &error);
    if (!decoded.isValid())
        return 0;
    for (const char *name : {"iat", "nbf", "exp"}) {
        const NumericDate date(decoded.claims, QLatin1String(name));
        if (date.isPresent() && date.toString().isEmpty())
            qFatal("a time shown as nothing");
    }
    for (const ActionNode::ActionSpec &declaration : bundledDeclarations())
        (void)ActionNode::ClaimMapping::fromClaims(declaration, decoded.claims);
    return 0;
}
