#pragma once

#include <actionnode/actionnode_global.h>

#include <QByteArray>
#include <QString>

#include <functional>

namespace ActionNode {

/*!
    Checks that a webhook delivery comes from Daily and is fresh, as Daily
    signs them: each delivery carries \c X-Webhook-Timestamp (Unix seconds, or
    milliseconds: Daily does not say which, so a value of 10^12 or more is read
    as milliseconds)
    and \c X-Webhook-Signature, the base64 HMAC-SHA256 of
    "<timestamp>.<raw body>" keyed with the webhook's \c hmac secret after
    base64-decoding it (the secret given to or returned by \c{POST /webhooks}).

    The signature is compared in constant time (CRYPTO_memcmp), and a
    timestamp further than the replay window from the clock, in the past or
    the future, is refused even when signed, so a captured delivery cannot be
    replayed later. Secrets never appear in results or logs.
*/
class ACTIONNODE_EXPORT WebhookVerifier
{
public:
    enum class Verdict {
        Valid,
        NoSecret,           //!< no secret was set: nothing can be verified
        MissingHeaders,     //!< timestamp or signature header absent or empty
        MalformedTimestamp, //!< not a number of seconds or milliseconds
        StaleTimestamp,     //!< older than the replay window
        FutureTimestamp,    //!< ahead of the clock by more than the replay window
        BadSignature,       //!< wrong secret, tampered body or timestamp
    };
    struct Result
    {
        Verdict verdict = Verdict::NoSecret;
        QString reason; //!< a sentence for the sender's log; never contains the secret
        bool isValid() const { return verdict == Verdict::Valid; }
    };

    static constexpr int defaultReplayWindowSeconds = 300;
    static QByteArray timestampHeader() { return QByteArrayLiteral("X-Webhook-Timestamp"); }
    static QByteArray signatureHeader() { return QByteArrayLiteral("X-Webhook-Signature"); }

    WebhookVerifier();

    //! Sets the webhook's \c hmac (base64, as Daily hands it out); false with \a errorString when unusable.
    bool setSecret(const QByteArray &base64Secret, QString *errorString);
    bool hasSecret() const { return !m_key.isEmpty(); }
    void setReplayWindow(int seconds) { m_replayWindow = seconds; }
    int replayWindow() const { return m_replayWindow; }
    //! Replaces the clock (Unix seconds), for tests.
    void setClock(std::function<qint64()> nowSeconds) { m_now = std::move(nowSeconds); }

    Result verify(const QByteArray &timestamp, const QByteArray &signature, const QByteArray &body) const;

    /*!
        The signature header Daily would send for \a body at \a timestamp
        with \a base64Secret (for emulators and tests); empty when the
        secret is not base64.
    */
    static QByteArray sign(const QByteArray &base64Secret, const QByteArray &timestamp, const QByteArray &body);

private:
    QByteArray m_key;
    int m_replayWindow = defaultReplayWindowSeconds;
    std::function<qint64()> m_now;
};

} // namespace ActionNode
