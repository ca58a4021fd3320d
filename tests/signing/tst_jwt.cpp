#include "support/json.h"
#include "support/processrun.h"
#include "support/pythonwithjwt.h"

#include <actionnode/sdk/jwt.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

using ActionNode::Jwt;
using namespace ActionNode::TestSupport;

Q_DECLARE_METATYPE(Jwt::Algorithm)

namespace {

QJsonObject dailyClaims()
{
    return QJsonObject{
        {QStringLiteral("r"), QStringLiteral("hello")},
        {QStringLiteral("d"), QStringLiteral("25df5057-ef0d-4d97-bde6-0cf287276cbb")},
        {QStringLiteral("iat"), 1548721831},
        {QStringLiteral("exp"), 1864081538},
        {QStringLiteral("o"), true},
        {QStringLiteral("u"), QStringLiteral("A. User")},
    };
}

QByteArray encodeJson(const QJsonObject &object)
{
    return Jwt::base64UrlEncode(compactJson(object));
}

QByteArray replacePart(const QByteArray &token, int index, const QByteArray &part)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = part;
    return parts.join('.');
}

// Changes one base64url digit of the signature without changing its length.
QByteArray flipSignatureDigit(const QByteArray &token)
{
    QByteArray tampered = token;
    const qsizetype at = tampered.lastIndexOf('.') + 5;
    tampered[at] = tampered.at(at) == 'A' ? 'B' : 'A';
    return tampered;
}


} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void knownVector_data();
    void knownVector();
    void rfc7515Example();
    void tampered_data();
    void tampered();
    void refusedAlgorithm_data();
    void refusedAlgorithm();
    void malformed_data();
    void malformed();
    void emptySecret();
    void heldTokensAreNeverWrittenOver();
    void base64Url_data();
    void base64Url();
    void decodeSignalWireExample();
    void verifiedByPyJwt_data();
    void verifiedByPyJwt();
};

void TestJwt::roundTrip_data()
{
    QTest::addColumn<Jwt::Algorithm>("algorithm");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QJsonObject>("headerFields");
    QTest::addColumn<QByteArray>("secret");

    const QJsonObject nested{
        {QStringLiteral("p"),
         QJsonObject{{QStringLiteral("hp"), false}, {QStringLiteral("cs"), QStringLiteral("v,a")}}},
        {QStringLiteral("s"), QJsonArray{QStringLiteral("room.self.audio_mute")}},
        {QStringLiteral("u"), QStringLiteral("Zoë Ünïcode ✓")},
    };
    const QJsonObject vrt{{QStringLiteral("typ"), QStringLiteral("VRT")}};
    for (auto algorithm : {Jwt::Algorithm::HS256, Jwt::Algorithm::HS512}) {
        const char *name = algorithm == Jwt::Algorithm::HS256 ? "HS256" : "HS512";
        QTest::addRow("%s daily claims", name)
            << algorithm << dailyClaims() << QJsonObject() << QByteArray("emulator-demo-key");
        QTest::addRow("%s empty claims", name) << algorithm << QJsonObject() << QJsonObject() << QByteArray("k");
        QTest::addRow("%s nested unicode", name) << algorithm << nested << QJsonObject() << QByteArray(200, 'x');
        QTest::addRow("%s typ VRT", name) << algorithm << nested << vrt << QByteArray("binary\0secret", 13);
    }
}

void TestJwt::roundTrip()
{
    QFETCH(Jwt::Algorithm, algorithm);
    QFETCH(QJsonObject, claims);
    QFETCH(QJsonObject, headerFields);
    QFETCH(QByteArray, secret);

    const QByteArray token = Jwt::sign(claims, secret, algorithm, headerFields);
    QCOMPARE(token.count('.'), 2);

    QString error;
    QVERIFY2(Jwt::verify(token, secret, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY(!Jwt::verify(token, secret + "x", &error));
    QVERIFY(error.contains(QLatin1StringView("signature mismatch")));

    const Jwt::Decoded decoded = Jwt::decode(token);
    QVERIFY2(decoded.isValid(), qPrintable(decoded.errorString));
    QCOMPARE(decoded.claims, claims);
    QCOMPARE(decoded.header.value(QLatin1StringView("alg")).toString(),
             QLatin1StringView(algorithm == Jwt::Algorithm::HS256 ? "HS256" : "HS512"));
    QCOMPARE(decoded.header.value(QLatin1StringView("typ")).toString(),
             headerFields.value(QLatin1StringView("typ")).toString(QStringLiteral("JWT")));
}

void TestJwt::knownVector_data()
{
    QTest::addColumn<Jwt::Algorithm>("algorithm");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QJsonObject>("headerFields");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("expected");

    // Computed independently with python3's hmac, hashlib and base64 modules.
    QTest::newRow("HS256") << Jwt::Algorithm::HS256 << dailyClaims() << QJsonObject() << QByteArray("emulator-demo-key")
                           << QByteArray("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJkIjoiMjVkZjUwNTctZWYwZC00ZD"
                                         "k3LWJkZTYtMGNmMjg3Mjc2Y2JiIiwiZXhwIjoxODY0MDgxNTM4LCJpYXQiOjE1NDg3Mj"
                                         "E4MzEsIm8iOnRydWUsInIiOiJoZWxsbyIsInUiOiJBLiBVc2VyIn0.tQQPoy_YM7FVkH"
                                         "MlUC-cYVkmuPrCeUGp1_aYHn3IkeQ");
    QTest::newRow("HS512") << Jwt::Algorithm::HS512 << dailyClaims() << QJsonObject() << QByteArray("emulator-demo-key")
                           << QByteArray("eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJkIjoiMjVkZjUwNTctZWYwZC00ZD"
                                         "k3LWJkZTYtMGNmMjg3Mjc2Y2JiIiwiZXhwIjoxODY0MDgxNTM4LCJpYXQiOjE1NDg3Mj"
                                         "E4MzEsIm8iOnRydWUsInIiOiJoZWxsbyIsInUiOiJBLiBVc2VyIn0.7VUBjfmU5ProYB"
                                         "Vz0f6JUg1cHRsmLZLV5jGo7UFA3Y3J2WTn3VA9mXGJuT9MTsSVDN7rzG3cr8bh5EtBEX"
                                         "wf1g");
    QTest::newRow("HS512 typ VRT") << Jwt::Algorithm::HS512
                                   << QJsonObject{{QStringLiteral("r"), QStringLiteral("my_super_awesome_room")},
                                                  {QStringLiteral("u"), QStringLiteral("John Doe")},
                                                  {QStringLiteral("s"),
                                                   QJsonArray{QStringLiteral("room.self.audio_unmute")}}}
                                   << QJsonObject{{QStringLiteral("typ"), QStringLiteral("VRT")}}
                                   << QByteArray("sw-secret")
                                   << QByteArray("eyJhbGciOiJIUzUxMiIsInR5cCI6IlZSVCJ9.eyJyIjoibXlfc3VwZXJfYXdlc29tZV"
                                                 "9yb29tIiwicyI6WyJyb29tLnNlbGYuYXVkaW9fdW5tdXRlIl0sInUiOiJKb2huIERvZS"
                                                 "J9.P-ckenoVFbxRRvaYcwAa25G5cObFTtI8_juPK_wtS-DEo4b1_8kuz9cZZpkNBGeOk"
                                                 "mhkh6q8LVq50ED1GxvoSw");
}

void TestJwt::knownVector()
{
    QFETCH(Jwt::Algorithm, algorithm);
    QFETCH(QJsonObject, claims);
    QFETCH(QJsonObject, headerFields);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, expected);

    QCOMPARE(Jwt::sign(claims, secret, algorithm, headerFields), expected);
    // The thread's keyed context, used for another key in between, signs the same bytes again.
    const QByteArray payload = QJsonDocument(claims).toJson(QJsonDocument::Compact);
    for (int round = 0; round < 3; ++round) {
        QCOMPARE(Jwt::signPayload(payload, secret, algorithm, headerFields), expected);
        QVERIFY(Jwt::signPayload(payload, secret + "-other", algorithm, headerFields) != expected);
    }
    QString error;
    QVERIFY2(Jwt::verify(expected, secret, &error), qPrintable(error));
}

void TestJwt::rfc7515Example()
{
    // RFC 7515 appendix A.1: the header and payload contain CR LF, so this also
    // checks that the signature covers the encoded text exactly as received.
    const QByteArray token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                             ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb2"
                             "90Ijp0cnVlfQ"
                             ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    bool ok = false;
    const QByteArray key = Jwt::base64UrlDecode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow", &ok);
    QVERIFY(ok);
    QCOMPARE(key.size(), 64);

    QString error;
    QVERIFY2(Jwt::verify(token, key, &error), qPrintable(error));
    const Jwt::Decoded decoded = Jwt::decode(token);
    QVERIFY(decoded.isValid());
    QCOMPARE(decoded.claims.value(QLatin1StringView("iss")).toString(), QStringLiteral("joe"));
    QCOMPARE(decoded.claims.value(QLatin1StringView("exp")).toInteger(), 1300819380);
    QVERIFY(!Jwt::verify(token, key.left(63), &error));
}

void TestJwt::tampered_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("expectedError");

    const QByteArray secret = "emulator-demo-key";
    const QByteArray hs256 = Jwt::sign(dailyClaims(), secret, Jwt::Algorithm::HS256);
    const QByteArray hs512 = Jwt::sign(dailyClaims(), secret, Jwt::Algorithm::HS512);
    QJsonObject owner = dailyClaims();
    owner.insert(QStringLiteral("r"), QStringLiteral("another-room"));
    const QJsonObject hs512Header{{QStringLiteral("alg"), QStringLiteral("HS512")},
                                  {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QJsonObject typHeader{{QStringLiteral("alg"), QStringLiteral("HS256")},
                                {QStringLiteral("typ"), QStringLiteral("VRT")}};
    const QString mismatch = QStringLiteral("signature mismatch");

    QTest::newRow("payload replaced") << replacePart(hs256, 1, encodeJson(owner)) << mismatch;
    QTest::newRow("payload of HS512 replaced") << replacePart(hs512, 1, encodeJson(owner)) << mismatch;
    QTest::newRow("signature digit changed") << flipSignatureDigit(hs256) << mismatch;
    QTest::newRow("signature truncated") << hs256.chopped(3) << mismatch;
    QTest::newRow("signature of other algorithm")
        << replacePart(hs256, 2, hs512.mid(hs512.lastIndexOf('.') + 1)) << mismatch;
    QTest::newRow("header algorithm switched") << replacePart(hs256, 0, encodeJson(hs512Header)) << mismatch;
    QTest::newRow("header typ changed") << replacePart(hs256, 0, encodeJson(typHeader)) << mismatch;
    // An HS256 signature ends in a digit whose 2 low bits are unused: setting one
    // leaves the decoded bytes unchanged, so only a strict decoder notices.
    static const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QByteArray nonCanonical = hs256;
    nonCanonical.back() = alphabet.at(alphabet.indexOf(nonCanonical.back()) | 1);
    QTest::newRow("signature non-canonical last digit")
        << nonCanonical << QStringLiteral("malformed token: the signature is not valid base64url");
}

void TestJwt::tampered()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, expectedError);

    QString error;
    QVERIFY(!Jwt::verify(token, "emulator-demo-key", &error));
    QVERIFY2(error.contains(expectedError), qPrintable(error));
    QVERIFY(!Jwt::verify(token, "emulator-demo-key")); // no error out-parameter: still refused
}

void TestJwt::refusedAlgorithm_data()
{
    QTest::addColumn<QJsonObject>("header");
    QTest::addColumn<bool>("keepSignature");
    QTest::addColumn<QString>("expectedError");

    const auto header = [](const QJsonValue &alg) {
        return QJsonObject{{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    };
    QTest::newRow("none, no signature") << header(QStringLiteral("none")) << false
                                        << QStringLiteral("unsupported algorithm \"none\"");
    QTest::newRow("none, signature kept")
        << header(QStringLiteral("none")) << true << QStringLiteral("unsupported algorithm \"none\"");
    QTest::newRow("None") << header(QStringLiteral("None")) << false << QStringLiteral("unsigned tokens are refused");
    QTest::newRow("RS256") << header(QStringLiteral("RS256")) << true
                           << QStringLiteral("unsupported algorithm \"RS256\"");
    QTest::newRow("hs256 lower case") << header(QStringLiteral("hs256")) << true
                                      << QStringLiteral("unsupported algorithm \"hs256\"");
    QTest::newRow("alg missing") << QJsonObject{{QStringLiteral("typ"), QStringLiteral("JWT")}} << true
                                 << QStringLiteral("\"alg\" is missing");
    QTest::newRow("alg not a string") << header(256) << true << QStringLiteral("\"alg\" is missing or not a string");
    QJsonObject crit = header(QStringLiteral("HS256"));
    crit.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("exp")});
    QTest::newRow("crit") << crit << true << QStringLiteral("\"crit\"");
}

void TestJwt::refusedAlgorithm()
{
    QFETCH(QJsonObject, header);
    QFETCH(bool, keepSignature);
    QFETCH(QString, expectedError);

    const QByteArray secret = "emulator-demo-key";
    const QByteArray signedToken = Jwt::sign(dailyClaims(), secret);
    QByteArray token = replacePart(signedToken, 0, encodeJson(header));
    if (!keepSignature)
        token = replacePart(token, 2, QByteArray());

    QString error;
    QVERIFY(!Jwt::verify(token, secret, &error));
    QVERIFY2(error.contains(expectedError), qPrintable(error));
    // Still decodable: decode() does not judge the algorithm.
    QVERIFY(Jwt::decode(token).isValid());
}

void TestJwt::malformed_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("expectedError");

    const QByteArray good = Jwt::sign(dailyClaims(), "emulator-demo-key");
    const QList<QByteArray> parts = good.split('.');
    const QByteArray header = parts.at(0);
    const QByteArray payload = parts.at(1);
    const QByteArray signature = parts.at(2);

    QTest::newRow("empty") << QByteArray() << QStringLiteral("the token is empty");
    QTest::newRow("1 part") << header
                            << QStringLiteral("expected 3 dot-separated parts (header.payload.signature), found 1");
    QTest::newRow("2 parts") << header + '.' + payload << QStringLiteral("found 2");
    QTest::newRow("4 parts") << good + ".x" << QStringLiteral("found 4");
    QTest::newRow("empty header") << '.' + payload + '.' + signature << QStringLiteral("the header is empty");
    QTest::newRow("empty payload") << header + ".." + signature << QStringLiteral("the payload is empty");
    QTest::newRow("header bad base64") << "ey!J." + payload + '.' + signature
                                       << QStringLiteral("the header is not valid base64url");
    QTest::newRow("header standard base64 alphabet")
        << "eyJ+/w." + payload + '.' + signature << QStringLiteral("the header is not valid base64url");
    QTest::newRow("header padded") << Jwt::base64UrlEncode("{}") + "==." + payload + '.' + signature
                                   << QStringLiteral("the header is not valid base64url");
    QTest::newRow("header impossible length")
        << "eyJhb." + payload + '.' + signature << QStringLiteral("the header is not valid base64url");
    QTest::newRow("payload bad base64") << header + ".pay*load." + signature
                                        << QStringLiteral("the payload is not valid base64url");
    QTest::newRow("header not JSON") << Jwt::base64UrlEncode("alg=HS256") + '.' + payload + '.' + signature
                                     << QStringLiteral("the header is not valid JSON");
    QTest::newRow("header JSON array") << Jwt::base64UrlEncode("[\"HS256\"]") + '.' + payload + '.' + signature
                                       << QStringLiteral("the header is not a JSON object");
    QTest::newRow("payload not JSON") << header + '.' + Jwt::base64UrlEncode("{\"r\":") + '.' + signature
                                      << QStringLiteral("the payload is not valid JSON");
    QTest::newRow("payload JSON array") << header + '.' + Jwt::base64UrlEncode("[\"r\"]") + '.' + signature
                                        << QStringLiteral("the payload is not a JSON object");
}

void TestJwt::malformed()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, expectedError);

    const Jwt::Decoded decoded = Jwt::decode(token);
    QVERIFY(!decoded.isValid());
    QVERIFY2(decoded.errorString.startsWith(QLatin1StringView("malformed token: ")), qPrintable(decoded.errorString));
    QVERIFY2(decoded.errorString.contains(expectedError), qPrintable(decoded.errorString));
    QVERIFY(decoded.header.isEmpty());
    QVERIFY(decoded.claims.isEmpty());

    QString error;
    QVERIFY(!Jwt::verify(token, "emulator-demo-key", &error));
    QCOMPARE(error, decoded.errorString);
}

void TestJwt::emptySecret()
{
    const QByteArray token = Jwt::sign(dailyClaims(), QByteArray());
    QVERIFY(Jwt::decode(token).isValid());
    QString error;
    QVERIFY(!Jwt::verify(token, QByteArray(), &error));
    QVERIFY2(error.contains(QLatin1StringView("empty secret")), qPrintable(error));
}

// A token let go leaves its bytes to the next one; tokens still held keep theirs, whatever is signed after them.
void TestJwt::heldTokensAreNeverWrittenOver()
{
    QList<QByteArray> held;
    QList<QJsonObject> claims;
    for (int i = 0; i < 3; ++i) {
        claims.append({{"r", QStringLiteral("room-%1").arg(i)}, {"padding", QString(i * 40, QLatin1Char('x'))}});
        held.append(Jwt::sign(claims.last(), "emulator-demo-key"));
    }
    for (int i = 0; i < 3; ++i) {
        QVERIFY(Jwt::verify(held.at(i), "emulator-demo-key"));
        QCOMPARE(Jwt::decode(held.at(i)).claims, claims.at(i));
    }
    const void *lastAt = held.last().constData();
    held.removeLast(); // let go: the thread still keeps those bytes
    const QByteArray next = Jwt::sign(claims.first(), "emulator-demo-key");
    QCOMPARE(static_cast<const void *>(next.constData()), lastAt);
    QCOMPARE(next, held.first());
    QCOMPARE(Jwt::decode(held.at(1)).claims, claims.at(1));
}

void TestJwt::base64Url_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("decoded");

    QTest::newRow("empty") << QByteArray() << true << QByteArray();
    QTest::newRow("one byte") << QByteArray("YQ") << true << QByteArray("a");
    QTest::newRow("two bytes") << QByteArray("YWI") << true << QByteArray("ab");
    QTest::newRow("three bytes") << QByteArray("YWJj") << true << QByteArray("abc");
    QTest::newRow("url alphabet") << QByteArray("-_-_") << true << QByteArray::fromHex("fbffbf");
    QByteArray everyByte;
    for (int byte = 0; byte < 256; ++byte)
        everyByte.append(char(byte));
    // Two lengths, so that both partial groups are covered; Qt's encoder is the reference.
    for (const QByteArray &bytes : {everyByte, everyByte.left(254)})
        QTest::addRow("every byte value, %d bytes", int(bytes.size()))
            << bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) << true << bytes;
    QTest::newRow("single digit") << QByteArray("Y") << false << QByteArray();
    QTest::newRow("five digits") << QByteArray("YWJjZ") << false << QByteArray();
    QTest::newRow("padding") << QByteArray("YQ==") << false << QByteArray();
    QTest::newRow("plus") << QByteArray("+/+/") << false << QByteArray();
    QTest::newRow("space") << QByteArray("YW J") << false << QByteArray();
    QTest::newRow("non-canonical 2") << QByteArray("YR") << false << QByteArray();
    QTest::newRow("non-canonical 3") << QByteArray("YWJ") << false << QByteArray();
}

void TestJwt::base64Url()
{
    QFETCH(QByteArray, encoded);
    QFETCH(bool, valid);
    QFETCH(QByteArray, decoded);

    bool ok = !valid;
    QCOMPARE(Jwt::base64UrlDecode(encoded, &ok), decoded);
    QCOMPARE(ok, valid);
    if (valid)
        QCOMPARE(Jwt::base64UrlEncode(decoded), encoded);
}

void TestJwt::decodeSignalWireExample()
{
    const QByteArray token = "eyJ0eXAiOiJWUlQiLCJhbGciOiJIUzUxMiJ9.eyJpYXQiOjE2MjIxMjAxMjMsImp0aSI6ImRmMzFjYTQ4LW"
                             "RiZGMtNGJjZi1hYWU2LTQ1NWEwOGM5NDg2YSIsInN1YiI6IjBjOTdmNjM1LTFjMTMtNGZjMS04NmY3LWJiMm"
                             "JlODU5ZDhiOSIsInUiOiJKb2huIERvZSIsInIiOiJteV9zdXBlcl9hd2Vzb21lX3Jvb20iLCJzIjpbInJvb2"
                             "0uc2VsZi5hdWRpb191bm11dGUiXSwiYWNyIjp0cnVlLCJqZiI6MTYyMDg5NjQwMCwianUiOjE2MjA5MDU5Nj"
                             "gsInJhdCI6MTYyMDkwMDAwMCwicnNlIjo5MDB9.5mu_H2PjQLtNBbMsBlS0c91EgsDjJzvZUFgj5-tP4VA0V"
                             "oHZPIGgV_DLRGKt-BqG-DqC5LhpsdMWEFjhVkTBpQ";
    const Jwt::Decoded decoded = Jwt::decode(token);
    QVERIFY2(decoded.isValid(), qPrintable(decoded.errorString));
    QCOMPARE(decoded.header.value(QLatin1StringView("typ")).toString(), QStringLiteral("VRT"));
    QCOMPARE(decoded.header.value(QLatin1StringView("alg")).toString(), QStringLiteral("HS512"));
    QCOMPARE(decoded.claims.value(QLatin1StringView("u")).toString(), QStringLiteral("John Doe"));
    QCOMPARE(decoded.claims.value(QLatin1StringView("r")).toString(), QStringLiteral("my_super_awesome_room"));
    QCOMPARE(decoded.claims.value(QLatin1StringView("s")).toArray(),
             QJsonArray{QStringLiteral("room.self.audio_unmute")});
    QCOMPARE(decoded.claims.value(QLatin1StringView("rse")).toInt(), 900);

    // The signing key is SignalWire's own: any other secret must be refused.
    QString error;
    QVERIFY(!Jwt::verify(token, "not-signalwire", &error));
    QVERIFY2(error.contains(QLatin1StringView("signature mismatch")), qPrintable(error));
}

void TestJwt::verifiedByPyJwt_data()
{
    QTest::addColumn<Jwt::Algorithm>("algorithm");
    QTest::addColumn<QJsonObject>("headerFields");

    QTest::newRow("HS256") << Jwt::Algorithm::HS256 << QJsonObject();
    QTest::newRow("HS512") << Jwt::Algorithm::HS512 << QJsonObject();
    QTest::newRow("HS512 VRT") << Jwt::Algorithm::HS512 << QJsonObject{{QStringLiteral("typ"), QStringLiteral("VRT")}};
}

void TestJwt::verifiedByPyJwt()
{
    QFETCH(Jwt::Algorithm, algorithm);
    QFETCH(QJsonObject, headerFields);

    const QString python = pythonWithJwt();
    if (python.isEmpty())
        QSKIP("no python3 with the jwt module (PyJWT) found; set ACTIONNODE_PYTHON to one");

    const QByteArray secret = "a-shared-secret-for-the-interop-test";
    QJsonObject claims = dailyClaims();
    claims.insert(QStringLiteral("u"), QStringLiteral("Zoë"));
    const QByteArray token = Jwt::sign(claims, secret, algorithm, headerFields);
    const QString alg = algorithm == Jwt::Algorithm::HS256 ? QStringLiteral("HS256") : QStringLiteral("HS512");

    // Only the signature is PyJWT's business here; time claims are not.
    const QString script = QStringLiteral(
        "import json, sys, jwt\n"
        "token, key, alg = sys.argv[1], sys.argv[2], sys.argv[3]\n"
        "claims = jwt.decode(token, key, algorithms=[alg],\n"
        "                    options={'verify_exp': False, 'verify_nbf': False,\n"
        "                             'verify_iat': False})\n"
        "print(json.dumps({'header': jwt.get_unverified_header(token), 'claims': claims}))\n");
    const ProcessRun verified =
        runProcess(python, {QStringLiteral("-c"), script, QString::fromLatin1(token), QString::fromLatin1(secret), alg},
                   QProcessEnvironment::systemEnvironment(), {}, 30000);
    QVERIFY2(verified.exitCode == 0, verified.err.constData());

    const QJsonObject result = QJsonDocument::fromJson(verified.out).object();
    QCOMPARE(result.value(QLatin1StringView("claims")).toObject(), claims);
    QCOMPARE(result.value(QLatin1StringView("header")).toObject().value(QLatin1StringView("typ")).toString(),
             headerFields.value(QLatin1StringView("typ")).toString(QStringLiteral("JWT")));

    // And PyJWT refuses the same token under another key, so the check above means something.
    const ProcessRun refused =
        runProcess(python, {QStringLiteral("-c"), script, QString::fromLatin1(token), QStringLiteral("wrong-key"), alg},
                   QProcessEnvironment::systemEnvironment(), {}, 30000);
    QVERIFY(refused.exitCode > 0);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
