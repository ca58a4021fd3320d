#include "httprequestchecker.h"

#include <QHostAddress>

#include <algorithm>
#include <cstring>

namespace ActionNode {

namespace {

// A chunk-size line ("1a2b;name=value"): hex digits and extensions only.
constexpr qsizetype MaxChunkSizeLineBytes = 4096;
// Hex digits of a chunk size: more could not fit a qint64.
constexpr qsizetype MaxChunkSizeDigits = 15;
// Digits of a Content-Length: more could not fit a qint64.
constexpr qsizetype MaxContentLengthDigits = 18;

bool isTokenCharacter(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

// RFC 9110 §5.6.2: a token is one or more tchar.
bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenCharacter);
}

// RFC 9110 §5.5: visible characters, spaces, tabs and obs-text; no other control character.
bool isFieldValue(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && byte != '\t') || byte == 0x7f;
    });
}

// Optional whitespace (spaces and tabs) around a field value.
QByteArrayView withoutOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 9110 §5.6.4: quoted-string, from the opening quote at \a *at; past its closing quote when true.
bool readQuotedString(QByteArrayView text, qsizetype *at)
{
    const auto isText = [](unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); };
    if (*at >= text.size() || text[*at] != '"')
        return false;
    for (qsizetype i = *at + 1; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '"') {
            *at = i + 1;
            return true;
        }
        if (c == '\\' && ++i >= text.size())
            return false;
        if (!isText(static_cast<unsigned char>(text[i])))
            return false;
    }
    return false;
}

// RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ),
// a name a token and a value a token or a quoted-string.
bool isChunkExtensions(QByteArrayView text)
{
    qsizetype at = 0;
    const auto skipBws = [&] {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t'))
            ++at;
    };
    const auto readToken = [&] {
        const qsizetype start = at;
        while (at < text.size() && isTokenCharacter(text[at]))
            ++at;
        return at > start;
    };
    while (at < text.size()) {
        skipBws();
        if (at >= text.size() || text[at] != ';')
            return false;
        ++at;
        skipBws();
        if (!readToken())
            return false;
        const qsizetype afterName = at;
        skipBws();
        if (at < text.size() && text[at] == '=') {
            ++at;
            skipBws();
            if (!readToken() && !readQuotedString(text, &at))
                return false;
        } else {
            at = afterName;
        }
    }
    return true;
}

// RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ), which covers IPv4 addresses.
bool isRegName(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size() || !isHexDigit(text[i + 1]) || !isHexDigit(text[i + 2]))
                return false;
            i += 2;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                     || std::strchr("-._~!$&'()*+,;=", c) != nullptr)
                   || c == 0) {
            return false;
        }
    }
    return true;
}

// RFC 3986 §3.2.3: port = *DIGIT; here also at most 65535.
bool isPort(QByteArrayView text)
{
    if (text.size() > 5 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return text.isEmpty() || text.toUInt() <= 65535;
}

QString quoted(QByteArrayView text)
{
    return QLatin1Char('"') + QString::fromLatin1(text.first(qMin<qsizetype>(text.size(), 64))).toHtmlEscaped()
           + QLatin1Char('"');
}

} // namespace

HttpRequestChecker::HttpRequestChecker(const Limits &limits) : m_limits(limits) {}

std::optional<QByteArray> HttpRequestChecker::hostOf(QByteArrayView field)
{
    const std::optional<QByteArrayView> host = hostPartOf(field);
    return host ? std::optional<QByteArray>(host->toByteArray().toLower()) : std::nullopt;
}

std::optional<QByteArrayView> HttpRequestChecker::hostPartOf(QByteArrayView field)
{
    field = withoutOws(field);
    QByteArrayView host = field;
    QByteArrayView port;
    if (field.startsWith('[')) {
        const qsizetype close = field.indexOf(']');
        if (close < 0)
            return std::nullopt;
        host = field.sliced(1, close - 1);
        const QByteArrayView rest = field.sliced(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(':'))
            return std::nullopt;
        port = rest.isEmpty() ? rest : rest.sliced(1);
        // Only IPv6 literals (no zone, no IPvFuture) name a host here. QHostAddress
        // trims surrounding whitespace, so the characters are checked first.
        const bool ipv6Characters = std::all_of(host.begin(), host.end(),
                                                [](char c) { return isHexDigit(c) || c == ':' || c == '.'; });
        QHostAddress address;
        if (!ipv6Characters || !address.setAddress(QString::fromLatin1(host))
            || address.protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
    } else {
        const qsizetype colon = field.indexOf(':');
        if (colon >= 0) {
            host = field.first(colon);
            port = field.sliced(colon + 1);
        }
        if (!isRegName(host))
            return std::nullopt;
    }
    if (!isPort(port))
        return std::nullopt;
    return host;
}

bool HttpRequestChecker::refuse(ErrorCode code, const QString &message)
{
    m_phase = Phase::Refused;
    m_refusal = {code, message};
    m_line.clear();
    return false;
}

std::optional<QByteArrayView> HttpRequestChecker::takeLine(QByteArrayView bytes, qsizetype *used)
{
    // The line handed out last from m_line has been read by now.
    if (m_lineHandedOut) {
        m_line.clear();
        m_lineHandedOut = false;
    }
    const qsizetype end = bytes.indexOf('\n');
    const QByteArrayView part = end < 0 ? bytes : bytes.first(end);
    *used = end < 0 ? bytes.size() : end + 1;
    // The limits come before the line's end is looked at, and count what the line
    // holds so far, so that a request is refused for the same reason however it was split.
    const bool inHead = m_phase == Phase::Head || m_bodyPart == BodyPart::Trailer;
    if (inHead) {
        m_headBytes += *used;
        if (m_headBytes > m_limits.maxHeaderBytes) {
            refuse(ErrorCode::HeadersTooLarge, QStringLiteral("the request head is larger than the limit of %1 bytes")
                                                   .arg(m_limits.maxHeaderBytes));
            return std::nullopt;
        }
    } else if (m_line.size() + part.size() > MaxChunkSizeLineBytes + 1) { // and its CR
        refuse(ErrorCode::BadRequest,
               QStringLiteral("a line of the chunked body is longer than %1 bytes").arg(MaxChunkSizeLineBytes));
        return std::nullopt;
    }
    if (end < 0) {
        m_line.append(part);
        return std::nullopt;
    }
    // A line that arrived whole is read where it stands; one split across reads, from what was kept of it.
    QByteArrayView line = part;
    if (!m_line.isEmpty()) {
        m_line.append(part);
        line = m_line;
        m_lineHandedOut = true;
    }
    // RFC 9112 §2.2 lets a recipient take a bare LF as a line end; the parser does not, so it is refused here.
    if (!line.endsWith('\r')) {
        refuse(ErrorCode::BadRequest, QStringLiteral("a line of the request ends with LF alone, not CRLF"));
        return std::nullopt;
    }
    return line.chopped(1);
}

bool HttpRequestChecker::feed(QByteArrayView bytes)
{
    qsizetype at = 0;
    while (at < bytes.size() && m_phase != Phase::Refused) {
        if (m_phase == Phase::Idle) {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            if (bytes[at] == '\r' || bytes[at] == '\n')
                ++at;
            else
                m_phase = Phase::Head;
            continue;
        }
        if (m_phase == Phase::Body && m_bodyPart == BodyPart::Data) {
            const qsizetype used = qsizetype(qMin<qint64>(m_bodyRemaining, bytes.size() - at));
            at += used;
            m_bodyRemaining -= used;
            if (m_bodyRemaining == 0) {
                if (m_chunked)
                    m_bodyPart = BodyPart::ChunkDataEnd;
                else
                    requestEnded();
            }
            continue;
        }
        qsizetype used = 0;
        const std::optional<QByteArrayView> line = takeLine(bytes.sliced(at), &used);
        if (m_phase == Phase::Refused)
            return false;
        at += used;
        if (!line)
            continue;
        if (m_phase == Phase::Head) {
            readHeadLine(*line);
        } else if (m_bodyPart == BodyPart::ChunkSize) {
            readChunkSizeLine(*line);
        } else if (m_bodyPart == BodyPart::ChunkDataEnd) {
            if (!line->isEmpty())
                return refuse(ErrorCode::BadRequest, QStringLiteral("a chunk's data is longer than its size"));
            m_bodyPart = BodyPart::ChunkSize;
        } else if (line->isEmpty()) {
            requestEnded();
        } else if (++m_headerLines > m_limits.maxHeaderLines) {
            return refuse(ErrorCode::HeadersTooLarge,
                          QStringLiteral("the request has more than %1 header lines").arg(m_limits.maxHeaderLines));
        } else {
            const qsizetype colon = line->indexOf(':');
            if (colon < 0 || !isToken(line->first(colon)) || !isFieldValue(line->sliced(colon + 1)))
                return refuse(ErrorCode::BadRequest, QStringLiteral("a trailer line is not a header field"));
        }
    }
    return m_phase != Phase::Refused;
}

bool HttpRequestChecker::readHeadLine(QByteArrayView line)
{
    if (!m_requestLineRead)
        return readRequestLine(line);
    if (line.isEmpty())
        return headEnded();
    if (++m_headerLines > m_limits.maxHeaderLines)
        return refuse(ErrorCode::HeadersTooLarge,
                      QStringLiteral("the request has more than %1 header lines").arg(m_limits.maxHeaderLines));
    return readHeaderField(line);
}

bool HttpRequestChecker::readRequestLine(QByteArrayView line)
{
    m_requestLineRead = true;
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    if (secondSpace < 0 || line.indexOf(' ', secondSpace + 1) >= 0)
        return refuse(ErrorCode::BadRequest,
                      QStringLiteral("the request line is not \"METHOD target HTTP/1.1\": %1").arg(quoted(line)));
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(secondSpace + 1);
    if (!isToken(method))
        return refuse(ErrorCode::BadRequest, QStringLiteral("the method %1 is not a token").arg(quoted(method)));
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return refuse(ErrorCode::BadRequest,
                      QStringLiteral("the version %1 is not HTTP/1.1 or HTTP/1.0").arg(quoted(version)));
    m_http10 = version == "HTTP/1.0";
    if (target.isEmpty() || std::any_of(target.begin(), target.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte <= 0x20 || byte >= 0x7f;
        }))
        return refuse(ErrorCode::BadRequest, QStringLiteral("the request target %1 is not a URI").arg(quoted(target)));
    if (target.startsWith('/') || (target == "*" && method == "OPTIONS"))
        return true;
    // RFC 9112 §3.2.2: absolute-form, "http://authority/path"; its authority must be the Host.
    const qsizetype schemeEnd = target.indexOf("://");
    if (schemeEnd <= 0 || !std::all_of(target.begin(), target.begin() + schemeEnd, [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-'
                   || c == '.';
        }))
        return refuse(
            ErrorCode::BadRequest,
            QStringLiteral("the request target %1 is neither a path nor an absolute URI").arg(quoted(target)));
    QByteArrayView authority = target.sliced(schemeEnd + 3);
    for (const char end : {'/', '?', '#'}) {
        const qsizetype at = authority.indexOf(end);
        if (at >= 0)
            authority = authority.first(at);
    }
    // RFC 9110 §4.2.1: an "http" URI with an empty host is invalid, whatever the Host says.
    const std::optional<QByteArrayView> host = hostPartOf(authority);
    if (authority.contains('@') || !host || host->isEmpty())
        return refuse(ErrorCode::BadRequest, QStringLiteral("the request target's authority %1 is not a host and port")
                                                 .arg(quoted(authority)));
    m_targetAuthority = authority.toByteArray().toLower();
    return true;
}

bool HttpRequestChecker::readHeaderField(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return refuse(ErrorCode::BadRequest, QStringLiteral("a header line is folded (obsolete, RFC 9112 §5.2)"));
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon < 0 ? line : line.first(colon);
    if (colon < 0 || !isToken(name))
        return refuse(ErrorCode::BadRequest,
                      QStringLiteral("the header line %1 is not \"Name: value\"").arg(quoted(line)));
    const QByteArrayView value = withoutOws(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return refuse(ErrorCode::BadRequest,
                      QStringLiteral("the %1 header holds a control character").arg(QString::fromLatin1(name)));
    if (name.compare("host", Qt::CaseInsensitive) == 0) {
        ++m_hostFields;
        // Compared with an absolute-form target's authority when the head ends.
        if (!m_targetAuthority.isNull())
            m_hostField = value.toByteArray().toLower();
        if (!hostPartOf(value))
            return refuse(ErrorCode::BadRequest,
                          QStringLiteral("the Host header %1 is not a host and port").arg(quoted(value)));
    } else if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
        if (m_contentLength)
            return refuse(ErrorCode::BadRequest, QStringLiteral("the request has more than one Content-Length"));
        if (value.isEmpty() || value.size() > MaxContentLengthDigits
            || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return refuse(ErrorCode::BadRequest,
                          QStringLiteral("the Content-Length %1 is not a number of bytes").arg(quoted(value)));
        m_contentLength = value.toLongLong();
    } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
        if (m_chunked || value.compare("chunked", Qt::CaseInsensitive) != 0)
            return refuse(
                ErrorCode::BadRequest,
                QStringLiteral("the only transfer coding served is one \"chunked\", not %1").arg(quoted(value)));
        m_chunked = true;
    }
    return true;
}

bool HttpRequestChecker::headEnded()
{
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1; §6.3: one way to frame the body.
    if (m_hostFields > 1 || (m_hostFields == 0 && !m_http10))
        return refuse(ErrorCode::BadRequest, QStringLiteral("an HTTP/1.1 request needs exactly one Host header"));
    if (!m_targetAuthority.isNull() && m_targetAuthority != m_hostField)
        return refuse(ErrorCode::BadRequest,
                      QStringLiteral("the request target names another host than the Host header"));
    if (m_chunked && (m_contentLength || m_http10))
        return refuse(ErrorCode::BadRequest,
                      m_http10 ? QStringLiteral("HTTP/1.0 has no chunked transfer coding")
                               : QStringLiteral("the request has both Content-Length and Transfer-Encoding"));
    if (m_contentLength.value_or(0) > m_limits.maxBodyBytes)
        return refuse(ErrorCode::BodyTooLarge, QStringLiteral("the request body is larger than the limit of %1 bytes")
                                                   .arg(m_limits.maxBodyBytes));
    m_phase = Phase::Body;
    m_headBytes = 0;
    if (m_chunked) {
        m_bodyPart = BodyPart::ChunkSize;
    } else {
        m_bodyPart = BodyPart::Data;
        m_bodyRemaining = m_contentLength.value_or(0);
        if (m_bodyRemaining == 0)
            requestEnded();
    }
    return true;
}

bool HttpRequestChecker::readChunkSizeLine(QByteArrayView line)
{
    qsizetype digits = 0;
    while (digits < line.size() && isHexDigit(line[digits]))
        ++digits;
    if (digits == 0 || digits > MaxChunkSizeDigits || !isChunkExtensions(line.sliced(digits)))
        return refuse(ErrorCode::BadRequest,
                      QStringLiteral("the chunk size line %1 is not a hex size and extensions").arg(quoted(line)));
    const qint64 size = line.first(digits).toLongLong(nullptr, 16);
    m_bodyTotal += size;
    if (m_bodyTotal > m_limits.maxBodyBytes)
        return refuse(ErrorCode::BodyTooLarge, QStringLiteral("the request body is larger than the limit of %1 bytes")
                                                   .arg(m_limits.maxBodyBytes));
    if (size == 0) {
        m_bodyPart = BodyPart::Trailer;
    } else {
        m_bodyPart = BodyPart::Data;
        m_bodyRemaining = size;
    }
    return true;
}

void HttpRequestChecker::requestEnded()
{
    ++m_completed;
    m_phase = Phase::Idle;
    m_headBytes = 0;
    m_headerLines = 0;
    m_requestLineRead = false;
    m_http10 = false;
    m_targetAuthority = QByteArray();
    m_hostField = QByteArray();
    m_hostFields = 0;
    m_contentLength.reset();
    m_chunked = false;
    m_bodyRemaining = 0;
    m_bodyTotal = 0;
}

} // namespace ActionNode
