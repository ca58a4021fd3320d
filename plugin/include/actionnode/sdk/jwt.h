#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace ActionNode {

/*!
    JSON Web Tokens signed with HMAC (RFC 7519, RFC 7515 compact form),
    through OpenSSL.

    Only the HMAC algorithms the providers use are supported; a token whose
    header names any other algorithm (including "none") fails verify().
*/
class ACTIONNODE_EXPORT Jwt
{
public:
    enum class Algorithm { HS256, HS512 };

    //! The algorithm a JOSE header's \c alg names ("HS256", "HS512"); nothing for any other.
    static std::optional<Algorithm> algorithmNamed(const QString &name);

    struct Decoded
    {
        QJsonObject header;
        QJsonObject claims;
        QString errorString; //!< empty when the token is well formed
        bool isValid() const { return errorString.isEmpty(); }
    };

    /*!
        Signs \a claims. The header is {"alg": ..., "typ": "JWT"}, with
        \a headerFields added or overriding (SignalWire uses "typ": "VRT").
    */
    static QByteArray sign(const QJsonObject &claims, const QByteArray &secret, Algorithm algorithm = Algorithm::HS256,
                           const QJsonObject &headerFields = {});

    /*!
        Signs claims already serialized as compact JSON (\a payload), as
        sign() does; for callers that build the payload themselves.
    */
    static QByteArray signPayload(const QByteArray &payload, const QByteArray &secret,
                                  Algorithm algorithm = Algorithm::HS256, const QJsonObject &headerFields = {});

    //! Splits and decodes a compact token without checking its signature.
    static Decoded decode(const QByteArray &token);

    /*!
        Checks the signature of \a token with \a secret in constant time.
        Returns false and sets \a errorString when the token is malformed,
        uses an unsupported algorithm or the signature does not match.
        Time claims are not checked here.
    */
    static bool verify(const QByteArray &token, const QByteArray &secret, QString *errorString = nullptr);

    static QByteArray base64UrlEncode(const QByteArray &data);
    static QByteArray base64UrlDecode(const QByteArray &data, bool *ok = nullptr);
};

} // namespace ActionNode
