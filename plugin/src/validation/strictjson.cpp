#include "strictjson.h"

#include <simdjson.h>

namespace ActionNode::Internal {

QString strictJsonProblem(const QByteArray &text)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::error_code error = parser.parse(text.constData(), size_t(text.size())).get(root);
    return error ? QString::fromUtf8(simdjson::error_message(error)) : QString();
}

} // namespace ActionNode::Internal
