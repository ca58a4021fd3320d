// Bytes a client sends to the HTTP host, read by HttpRequestChecker as
// they arrive: once whole and once split where the first byte says. Both
// readings must agree, whatever the split. What the checker accepts,
// HttpRequestParser reads as HttpConnection hands it on: when it reads it
// without an error, it reads as many requests as the checker did, each
// located within its own text, and a path with nothing to decode reads as its bytes.
#include <actionnode/httpexchange.h>

#include "httprequestchecker.h"
#include "httprequestparser.h"

#include <cstddef>
#include <cstdint>

namespace {

using ActionNode::HttpRequestChecker;
using ActionNode::HttpRequestParser;

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

// A request read locates its target and each header field within its text, and no field is nameless;
// the exchange made of it reads a path with nothing to decode as the target's bytes.
void checkRequest(ActionNode::HttpRequest &&request)
{
    const auto within = [&request](ActionNode::HttpRequest::Span span) {
        return span.at >= 0 && span.size >= 0 && span.at + span.size <= request.text.size();
    };
    if (!within(request.target) || request.target.size == 0)
        qFatal("a target outside the request's text");
    for (const ActionNode::HttpRequest::Field &field : request.fields) {
        if (!within(field.name) || !within(field.value) || field.name.size == 0)
            qFatal("a header field outside the request's text");
    }
    // A path with nothing to decode reads as its bytes, widened one by one.
    const QByteArray target = request.view(request.target).toByteArray();
    const bool plainPath = target.startsWith('/') && !target.contains('%') && !target.contains('?')
                           && !target.contains('#');
    const ActionNode::HttpExchange exchange(std::move(request), QHostAddress(QHostAddress::LocalHost), nullptr, {});
    if ((plainPath && exchange.pathView() != QString::fromLatin1(target)) || !exchange.pathArgument(0).isNull())
        qFatal("the path read in place is not the target's");
}

// The requests HttpRequestParser reads out of \a bytes received in two parts; none when it fails.
std::optional<qint64> parsedRequests(QByteArrayView bytes, qsizetype split)
{
    HttpRequestParser parser(limits.maxHeaderBytes, limits.maxBodyBytes);
    QByteArray received;
    qint64 requests = 0;
    for (const QByteArrayView part : {bytes.first(split), bytes.sliced(split)}) {
        received.append(part);
        qsizetype at = 0;
        while (at < received.size()) {
            const qsizetype used = parser.parse(QByteArrayView(received).sliced(at));
            if (used < 0)
                return std::nullopt;
            at += used;
            if (parser.hasRequest()) {
                checkRequest(parser.takeRequest());
                ++requests;
            } else if (used == 0) {
                break;
            }
        }
        received.remove(0, at);
    }
    return requests;
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
    if (whole.phase != HttpRequestChecker::Phase::Refused) {
        const std::optional<qint64> parsed = parsedRequests(bytes, split);
        if (parsed && *parsed != whole.completed)
            qFatal("the parser reads another number of requests than the checker");
    }
    // A host name taken from a Host value never carries a user part, a bracket or whitespace.
    if (const std::optional<QByteArray> host = HttpRequestChecker::hostOf(bytes)) {
        for (const char c : {'@', '[', ']', ' ', '\t', '\r', '\n'}) {
            if (host->contains(c))
                qFatal("a host name with a character no host name has");
        }
    }
    return 0;
}
