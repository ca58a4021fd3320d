// Bytes a client sends to the HTTP host, read by HttpRequestChecker as
// they arrive: once whole and once split where the first byte says. Both
// readings must agree, whatever the split.
#include "httprequestchecker.h"

#include <cstddef>
#include <cstdint>

namespace {

using ActionNode::HttpRequestChecker;

constexpr HttpRequestChecker::Limits limits{1024, 16, 4096};

struct Reading
{
    HttpRequestChecker::Phase phase;
    qint64 completed;
    ActionNode::ErrorCode code;
};

Reading read(QByteArrayView bytes, qsizetype split)
{
    HttpRequestChecker checker(limits);
    if (checker.feed(bytes.first(split)))
        checker.feed(bytes.sliced(split));
    const bool refused = checker.phase() == HttpRequestChecker::Phase::Refused;
    if (refused && checker.refusal().message.isEmpty())
        qFatal("a refusal without a message");
    return {checker.phase(), checker.completedRequests(),
            refused ? checker.refusal().code : ActionNode::ErrorCode::BadRequest};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const qsizetype split = qsizetype(data[0]) * bytes.size() / 255;
    const Reading whole = read(bytes, bytes.size());
    const Reading parts = read(bytes, split);
    if (whole.phase != parts.phase || whole.completed != parts.completed || whole.code != parts.code)
        qFatal("reading in two parts differs from reading whole");
    // A host name taken from a Host value never carries a user part, a bracket or whitespace.
    if (const std::optional<QByteArray> host = HttpRequestChecker::hostOf(bytes)) {
        for (const char c : {'@', '[', ']', ' ', '\t', '\r', '\n'}) {
            if (host->contains(c))
                qFatal("a host name with a character no host name has");
        }
    }
    return 0;
}
