#include "httprequestparser.h"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <limits>
#include <optional>

namespace ActionNode {

namespace {

namespace http = boost::beast::http;
using boost::beast::error_code;
using boost::beast::string_view;

QByteArray bytesOf(string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

// Where \a text was appended to \a request's text.
HttpRequest::Span append(HttpRequest *request, string_view text)
{
    const HttpRequest::Span span{request->text.size(), qsizetype(text.size())};
    request->text.append(text.data(), qsizetype(text.size()));
    return span;
}

// One request: Beast's callbacks copy its target and header fields into the request's text, its body into its body.
class RequestReader final : public http::basic_parser<true>
{
public:
    RequestReader(HttpRequest *request, std::uint32_t maxHeaderBytes, std::uint64_t maxBodyBytes)
        : m_request(request), m_maxHeaderBytes(maxHeaderBytes)
    {
        header_limit(maxHeaderBytes);
        body_limit(maxBodyBytes);
        // The body is read in the same call as its head when it has arrived.
        eager(true);
    }

    //! Where the bytes handed to put() end: the head is within them when Beast reads it.
    void setBytesEnd(const char *end) { m_bytesEnd = end; }

private:
    void on_request_impl(http::verb verb, string_view method, string_view target, int, error_code &) override
    {
        // A method spelled as Beast spells it is held where Beast holds it (static text), not copied.
        const string_view known = http::to_string(verb);
        m_request->method = verb != http::verb::unknown && known == method
                                ? QByteArray::fromRawData(known.data(), qsizetype(known.size()))
                                : bytesOf(method);
        // Beast reads a head once it holds all of it, in the one buffer put() was given (ending at
        // m_bytesEnd): the fields follow the target, before the blank line. Room for all of them,
        // allocated once if they do not fit in place.
        Q_ASSERT(target.data() < m_bytesEnd);
        const QByteArrayView rest(target.data(), qMin<qsizetype>(m_bytesEnd - target.data(), m_maxHeaderBytes));
        const qsizetype headEnd = rest.indexOf("\r\n\r\n");
        m_request->text.reserve(headEnd < 0 ? rest.size() : headEnd);
        m_request->target = append(m_request, target);
    }
    void on_field_impl(http::field, string_view name, string_view value, error_code &) override
    {
        if (!m_headDone)
            m_request->fields.append({append(m_request, name), append(m_request, value)});
    }
    void on_header_impl(error_code &) override { m_headDone = true; }
    void on_response_impl(int, string_view, int, error_code &) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t> &length, error_code &) override
    {
        // Bounded by body_limit() before this is called.
        if (length)
            m_request->body.reserve(qsizetype(*length));
    }
    std::size_t on_body_impl(string_view data, error_code &) override
    {
        m_request->body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code &) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code &) override
    {
        m_request->body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_finish_impl(error_code &) override {}

    HttpRequest *m_request;
    const qsizetype m_maxHeaderBytes;
    const char *m_bytesEnd = nullptr;
    bool m_headDone = false;
};

} // namespace

class HttpRequestParser::Parser
{
public:
    // Beast refuses an unfinished head as soon as it holds its limit; the checker only past it.
    Parser(qint64 maxHeaderBytes, qint64 maxBodyBytes)
        : maxHeaderBytes(
            std::uint32_t(qBound<qint64>(0, maxHeaderBytes + 1, std::numeric_limits<std::uint32_t>::max()))),
          maxBodyBytes(std::uint64_t(qMax<qint64>(0, maxBodyBytes)))
    {}

    const std::uint32_t maxHeaderBytes;
    const std::uint64_t maxBodyBytes;
    HttpRequest request;
    // Beast's parser reads one message; a new one is made in place for each request.
    std::optional<RequestReader> reader;
    error_code error;
};

HttpRequestParser::HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes)
    : d(std::make_unique<Parser>(maxHeaderBytes, maxBodyBytes))
{}

HttpRequestParser::~HttpRequestParser() = default;

qsizetype HttpRequestParser::parse(QByteArrayView bytes)
{
    if (d->error || hasRequest())
        return d->error ? -1 : 0;
    qsizetype skipped = 0;
    if (!d->reader) {
        while (skipped < bytes.size() && (bytes[skipped] == '\r' || bytes[skipped] == '\n'))
            ++skipped;
        if (skipped == bytes.size())
            return skipped;
        d->reader.emplace(&d->request, d->maxHeaderBytes, d->maxBodyBytes);
    }
    d->reader->setBytesEnd(bytes.data() + bytes.size());
    const std::size_t used = d->reader->put(boost::asio::const_buffer(bytes.data() + skipped,
                                                                      std::size_t(bytes.size() - skipped)),
                                            d->error);
    if (d->error == http::error::need_more)
        d->error = {};
    if (d->error)
        return -1;
    return skipped + qsizetype(used);
}

bool HttpRequestParser::hasRequest() const
{
    return d->reader && d->reader->is_done();
}

HttpRequest HttpRequestParser::takeRequest()
{
    d->reader.reset();
    HttpRequest request;
    std::swap(request, d->request);
    return request;
}

QString HttpRequestParser::errorString() const
{
    return QStringLiteral("the request cannot be read: %1").arg(QString::fromStdString(d->error.message()));
}

} // namespace ActionNode
