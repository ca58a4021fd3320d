#pragma once

#include <actionnode/httpexchange.h>

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace ActionNode {

/*!
    Reads the requests of one HTTP/1.1 connection out of its bytes with
    Boost.Beast's parser (\c boost::beast::http::basic_parser): the method,
    target and header fields of each, and its body, chunks decoded. Beast
    parses a head in one pass once it is whole and copies nothing; this
    class copies each request out once, into an HttpRequest: its target
    and header fields into one buffer (held in place when the head fits in
    512 bytes, else allocated once), its body into another (a method
    spelled as Beast spells it is Beast's own static text, not copied).

    It only extracts: the bytes must have passed an HttpRequestChecker
    first, which bounds the head and the body and refuses what RFC 9112
    does not allow. Empty lines before a request line are skipped
    (RFC 9112 §2.2), and trailer fields are left out of the headers.
*/
class HttpRequestParser
{
public:
    HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    /*!
        Reads from the start of \a bytes, which begin where the bytes used
        so far ended, and returns how many were used, or -1 on an error
        (see errorString()). A head is read only once it is whole: until
        then nothing of it is used, and the bytes are to be handed again
        with more appended. It stops at the end of a request, which
        hasRequest() then tells.
    */
    qsizetype parse(QByteArrayView bytes);
    //! True when a whole request was read and not yet taken.
    bool hasRequest() const;
    //! The request read whole; the next parse() starts the next one.
    HttpRequest takeRequest();
    //! What the bytes that failed broke.
    QString errorString() const;

private:
    class Parser;
    std::unique_ptr<Parser> d;
};

} // namespace ActionNode
