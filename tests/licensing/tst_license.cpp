#include "support/testdata.h"

#include <actionnode/license.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace ActionNode;
using namespace ActionNode::TestSupport;

namespace {

const QString VideoBundle = QStringLiteral("video_audio_live");

QString fixture(const QString &name)
{
    return testDataPath(QStringLiteral("licenses/") + name);
}

QByteArray readFixture(const QString &name)
{
    return readTestData(QStringLiteral("licenses/") + name);
}

QDateTime utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC);
}

// A fixed clock keeps the fixture results independent of when the suite runs.
const QDateTime FixtureNow = utc(2025, 1, 1);

} // namespace

class TestLicense : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaultConstructed();

    void fixtures_data();
    void fixtures();
    void fixtureContents();
    void fromFileUnreadable();

    void signRoundTrip_data();
    void signRoundTrip();
    void signedLicenseTamperedAfterSigning();
    void signRefusesBadInput_data();
    void signRefusesBadInput();

    void publicKeyRefused_data();
    void publicKeyRefused();

    void expiryBoundary_data();
    void expiryBoundary();

    void vendorKeyRefusesTestLicenses();

    void garbageInput_data();
    void garbageInput();

    void copiesShareState();

private:
    QByteArray m_testPrivateKey;
    QByteArray m_testPublicKey;
    QByteArray m_foreignPublicKey;
};

void TestLicense::initTestCase()
{
    m_testPrivateKey = readFixture(QStringLiteral("test-vendor.key.pem"));
    m_testPublicKey = readFixture(QStringLiteral("test-vendor.pub.pem"));
    m_foreignPublicKey = readFixture(QStringLiteral("foreign.pub.pem"));
}

void TestLicense::defaultConstructed()
{
    const License license;
    QVERIFY(license.isNull());
    QVERIFY(!license.isValid());
    QVERIFY(license.errorString().isEmpty());
    QVERIFY(license.licensee().isEmpty());
    QVERIFY(license.bundles().isEmpty());
    QVERIFY(!license.expires().isValid());
    QVERIFY(!license.hasBundle(VideoBundle));
    QVERIFY(license.locks(VideoBundle));
    QVERIFY(!license.locks(QString()));
}

void TestLicense::fixtures_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("unlocksVideo");
    QTest::addColumn<QString>("error");

    QTest::newRow("valid-bundle") << "valid-bundle.json" << true << true << QString();
    QTest::newRow("valid-no-bundle") << "valid-no-bundle.json" << true << false << QString();
    QTest::newRow("expired") << "expired.json" << false << false << "expired on 2020-06-30T23:59:59Z";
    QTest::newRow("tampered") << "tampered.json" << false << false << "signed by another key or altered";
    QTest::newRow("foreign-key") << "foreign-key.json" << false << false << "signed by another key or altered";
    QTest::newRow("not-json") << "malformed-not-json.json" << false << false << "not valid JSON";
    QTest::newRow("not-object") << "malformed-not-object.json" << false << false << "not a JSON object";
    QTest::newRow("no-licensee") << "malformed-no-licensee.json" << false << false << "no \"licensee\"";
    QTest::newRow("no-signature") << "malformed-no-signature.json" << false << false << "no \"signature\"";
    QTest::newRow("bad-signature") << "malformed-bad-signature.json" << false << false
                                   << "signature is not valid base64";
    QTest::newRow("bundles-not-array") << "malformed-bundles-not-array.json" << false << false
                                       << "\"bundles\" is not an array";
    QTest::newRow("bad-expires") << "malformed-bad-expires.json" << false << false
                                 << "\"end of 2099\" is not an ISO 8601";
    QTest::newRow("expires-no-timezone") << "malformed-expires-no-timezone.json" << false << false << "with a timezone";
}

void TestLicense::fixtures()
{
    QFETCH(QString, fileName);
    QFETCH(bool, valid);
    QFETCH(bool, unlocksVideo);
    QFETCH(QString, error);

    const License fromJson = License::fromJson(readFixture(fileName), m_testPublicKey, FixtureNow);
    QVERIFY(!fromJson.isNull());
    QCOMPARE(fromJson.isValid(), valid);
    QCOMPARE(fromJson.hasBundle(VideoBundle), unlocksVideo);
    QVERIFY(!fromJson.hasBundle(QStringLiteral("crm_pro")));
    // The lock decision: what is in a bundle the license lacks; never what is in no bundle.
    QCOMPARE(fromJson.locks(VideoBundle), !unlocksVideo);
    QVERIFY(fromJson.locks(QStringLiteral("crm_pro")));
    QVERIFY(!fromJson.locks(QString()));
    if (valid) {
        QVERIFY2(fromJson.errorString().isEmpty(), qPrintable(fromJson.errorString()));
    } else {
        QVERIFY2(fromJson.errorString().contains(error), qPrintable(fromJson.errorString()));
    }

    // fromFile() reaches the same verdict and names the file in the reason.
    const QString path = fixture(fileName);
    const License fromFile = License::fromFile(path, m_testPublicKey, FixtureNow);
    QCOMPARE(fromFile.isValid(), valid);
    QCOMPARE(fromFile.hasBundle(VideoBundle), unlocksVideo);
    if (!valid) {
        QVERIFY2(fromFile.errorString().startsWith(path + QLatin1String(": ")), qPrintable(fromFile.errorString()));
        QVERIFY(fromFile.errorString().endsWith(fromJson.errorString()));
    }
}

void TestLicense::fixtureContents()
{
    const License valid = License::fromFile(fixture(QStringLiteral("valid-bundle.json")), m_testPublicKey, FixtureNow);
    QVERIFY2(valid.isValid(), qPrintable(valid.errorString()));
    QCOMPARE(valid.licensee(), QStringLiteral("Acme Studios"));
    QCOMPARE(valid.bundles(), QStringList{VideoBundle});
    QCOMPARE(valid.expires(), utc(2099, 12, 31, 23, 59, 59));

    // An authentic but expired license still says whose it was and when it
    // ended; it just unlocks nothing.
    const License expired = License::fromFile(fixture(QStringLiteral("expired.json")), m_testPublicKey, FixtureNow);
    QVERIFY(!expired.isValid());
    QCOMPARE(expired.licensee(), QStringLiteral("Acme Studios"));
    QCOMPARE(expired.bundles(), QStringList{VideoBundle});
    QCOMPARE(expired.expires(), utc(2020, 6, 30, 23, 59, 59));
    QVERIFY(!expired.hasBundle(VideoBundle));

    // Content whose signature fails is not exposed at all.
    const License tampered = License::fromFile(fixture(QStringLiteral("tampered.json")), m_testPublicKey, FixtureNow);
    QVERIFY(!tampered.isValid());
    QVERIFY(tampered.licensee().isEmpty());
    QVERIFY(tampered.bundles().isEmpty());
    QVERIFY(!tampered.expires().isValid());
}

void TestLicense::fromFileUnreadable()
{
    const QString path = fixture(QStringLiteral("does-not-exist.json"));
    const License license = License::fromFile(path, m_testPublicKey, FixtureNow);
    QVERIFY(!license.isNull());
    QVERIFY(!license.isValid());
    QVERIFY2(license.errorString().startsWith(path + QLatin1String(": cannot be read: ")),
             qPrintable(license.errorString()));
}

void TestLicense::signRoundTrip_data()
{
    QTest::addColumn<QString>("licensee");
    QTest::addColumn<QStringList>("bundles");
    QTest::addColumn<QDateTime>("expires");

    QTest::newRow("one bundle") << "Acme Studios" << QStringList{VideoBundle} << utc(2031, 3, 1, 12);
    QTest::newRow("no bundle") << "Acme Studios" << QStringList() << utc(2031, 3, 1, 12);
    QTest::newRow("several bundles") << "Initech" << QStringList{QStringLiteral("crm_pro"), VideoBundle}
                                     << utc(2040, 1, 1);
    QTest::newRow("non-ascii licensee") << QStringLiteral("Société \"Générale\" / Ünïcode ✓")
                                        << QStringList{VideoBundle} << utc(2031, 3, 1);
    QTest::newRow("offset expiry") << "Acme Studios" << QStringList{VideoBundle}
                                   << QDateTime(QDate(2031, 3, 1), QTime(14, 0), QTimeZone(2 * 3600));
}

void TestLicense::signRoundTrip()
{
    QFETCH(QString, licensee);
    QFETCH(QStringList, bundles);
    QFETCH(QDateTime, expires);

    QString error = QStringLiteral("stale");
    const QByteArray document = License::sign(licensee, bundles, expires, m_testPrivateKey, &error);
    QVERIFY2(!document.isEmpty(), qPrintable(error));
    QVERIFY(error.isEmpty());

    const License license = License::fromJson(document, m_testPublicKey, FixtureNow);
    QVERIFY2(license.isValid(), qPrintable(license.errorString()));
    QCOMPARE(license.licensee(), licensee);
    QCOMPARE(license.bundles(), bundles);
    QCOMPARE(license.expires(), expires.toUTC());
    QCOMPARE(license.expires().timeSpec(), Qt::UTC);
    for (const QString &bundle : bundles)
        QVERIFY(license.hasBundle(bundle));
    QVERIFY(!license.hasBundle(QStringLiteral("not_sold")));
    QCOMPARE(license.hasBundle(VideoBundle), bundles.contains(VideoBundle));

    // The same document under another key is refused.
    const License foreign = License::fromJson(document, m_foreignPublicKey, FixtureNow);
    QVERIFY(!foreign.isValid());
    QVERIFY2(foreign.errorString().contains(QLatin1String("signed by another key or altered")),
             qPrintable(foreign.errorString()));
}

void TestLicense::signedLicenseTamperedAfterSigning()
{
    const QByteArray document = License::sign(QStringLiteral("Acme Studios"), {}, utc(2031, 1, 1), m_testPrivateKey);
    QVERIFY(!document.isEmpty());

    const auto tamper = [&](const QString &key, const QJsonValue &value) {
        QJsonObject root = QJsonDocument::fromJson(document).object();
        QJsonObject license = root.value(QLatin1String("license")).toObject();
        license.insert(key, value);
        root.insert(QLatin1String("license"), license);
        return License::fromJson(QJsonDocument(root).toJson(), m_testPublicKey, FixtureNow);
    };

    const License moreBundles = tamper(QStringLiteral("bundles"), QJsonArray{VideoBundle});
    QVERIFY(!moreBundles.isValid());
    QVERIFY(!moreBundles.hasBundle(VideoBundle));
    QVERIFY(moreBundles.errorString().contains(QLatin1String("signed by another key or altered")));

    const License otherLicensee = tamper(QStringLiteral("licensee"), QStringLiteral("Mallory"));
    QVERIFY(!otherLicensee.isValid());
    QVERIFY(otherLicensee.errorString().contains(QLatin1String("signed by another key or altered")));

    const License longer = tamper(QStringLiteral("expires"), QStringLiteral("2099-01-01T00:00:00Z"));
    QVERIFY(!longer.isValid());
    QVERIFY(longer.errorString().contains(QLatin1String("signed by another key or altered")));

    // Reformatting the document does not matter; only the license content is signed.
    const QByteArray compact = QJsonDocument::fromJson(document).toJson(QJsonDocument::Compact);
    QVERIFY(License::fromJson(compact, m_testPublicKey, FixtureNow).isValid());
}

void TestLicense::signRefusesBadInput_data()
{
    QTest::addColumn<QString>("licensee");
    QTest::addColumn<QStringList>("bundles");
    QTest::addColumn<QDateTime>("expires");
    QTest::addColumn<QString>("keyFixture");
    QTest::addColumn<QString>("error");

    const QString key = QStringLiteral("test-vendor.key.pem");
    QTest::newRow("empty licensee") << QString() << QStringList{VideoBundle} << utc(2031, 1, 1) << key
                                    << "without a licensee";
    QTest::newRow("empty bundle name") << "Acme" << QStringList{VideoBundle, QString()} << utc(2031, 1, 1) << key
                                       << "empty bundle name";
    QTest::newRow("invalid expiry") << "Acme" << QStringList{VideoBundle} << QDateTime() << key
                                    << "without a valid expiry";
    QTest::newRow("public key given") << "Acme" << QStringList{VideoBundle} << utc(2031, 1, 1) << "test-vendor.pub.pem"
                                      << "not a readable PEM private key";
    QTest::newRow("EC key") << "Acme" << QStringList{VideoBundle} << utc(2031, 1, 1) << "not-ed25519.key.pem"
                            << "has type EC; an Ed25519 key is required";
    QTest::newRow("encrypted key") << "Acme" << QStringList{VideoBundle} << utc(2031, 1, 1) << "encrypted-test.key.pem"
                                   << "not a readable PEM private key";
    QTest::newRow("no key") << "Acme" << QStringList{VideoBundle} << utc(2031, 1, 1) << QString()
                            << "not a readable PEM private key";
}

void TestLicense::signRefusesBadInput()
{
    QFETCH(QString, licensee);
    QFETCH(QStringList, bundles);
    QFETCH(QDateTime, expires);
    QFETCH(QString, keyFixture);
    QFETCH(QString, error);

    const QByteArray key = keyFixture.isEmpty() ? QByteArray() : readFixture(keyFixture);
    QString errorString;
    QVERIFY(License::sign(licensee, bundles, expires, key, &errorString).isEmpty());
    QVERIFY2(errorString.contains(error), qPrintable(errorString));
    // Callers that do not ask for a reason still get the refusal.
    QVERIFY(License::sign(licensee, bundles, expires, key).isEmpty());
}

void TestLicense::publicKeyRefused_data()
{
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QString>("error");

    QTest::newRow("garbage") << QByteArray("not a key") << "not a readable PEM public key";
    QTest::newRow("truncated PEM") << m_testPublicKey.left(40) << "not a readable PEM public key";
    QTest::newRow("private key PEM") << m_testPrivateKey << "not a readable PEM public key";
    QTest::newRow("EC public key") << readFixture(QStringLiteral("not-ed25519.pub.pem"))
                                   << "has type EC; an Ed25519 key is required";
}

void TestLicense::publicKeyRefused()
{
    QFETCH(QByteArray, publicKey);
    QFETCH(QString, error);

    const License license = License::fromJson(readFixture(QStringLiteral("valid-bundle.json")), publicKey, FixtureNow);
    QVERIFY(!license.isValid());
    QVERIFY(!license.hasBundle(VideoBundle));
    QVERIFY2(license.errorString().contains(error), qPrintable(license.errorString()));
}

void TestLicense::expiryBoundary_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("error");

    const QDateTime expires = utc(2030, 6, 15, 12);
    QTest::newRow("a second before") << expires.addSecs(-1) << true << QString();
    QTest::newRow("the expiry instant") << expires << true << QString();
    QTest::newRow("a second after") << expires.addSecs(1) << false
                                    << "The license for Acme Studios expired on 2030-06-15T12:00:00Z";
    QTest::newRow("same instant, other offset") << expires.toTimeZone(QTimeZone(-5 * 3600)) << true << QString();
    QTest::newRow("a second after, other offset")
        << expires.addSecs(1).toTimeZone(QTimeZone(9 * 3600)) << false << "expired on 2030-06-15T12:00:00Z";
    QTest::newRow("invalid clock") << QDateTime() << false << "without a valid current time";
}

void TestLicense::expiryBoundary()
{
    QFETCH(QDateTime, now);
    QFETCH(bool, valid);
    QFETCH(QString, error);

    const QByteArray document = License::sign(QStringLiteral("Acme Studios"), {VideoBundle}, utc(2030, 6, 15, 12),
                                              m_testPrivateKey);
    QVERIFY(!document.isEmpty());

    const License license = License::fromJson(document, m_testPublicKey, now);
    QCOMPARE(license.isValid(), valid);
    QCOMPARE(license.hasBundle(VideoBundle), valid);
    QVERIFY2(license.errorString().contains(error), qPrintable(license.errorString()));
    QCOMPARE(license.expires(), utc(2030, 6, 15, 12));
}

void TestLicense::vendorKeyRefusesTestLicenses()
{
    const QByteArray vendorKey = License::vendorPublicKey();
    QVERIFY(vendorKey.startsWith("-----BEGIN PUBLIC KEY-----\n"));
    QVERIFY(vendorKey != m_testPublicKey);

    // The embedded key parses as Ed25519: a test-signed license is refused for
    // its signature, not for the key. Both the default and the explicit key.
    const QByteArray document = readFixture(QStringLiteral("valid-bundle.json"));
    for (const QByteArray &key : {QByteArray(), vendorKey}) {
        const License license = License::fromJson(document, key, FixtureNow);
        QVERIFY(!license.isValid());
        QVERIFY(!license.hasBundle(VideoBundle));
        QVERIFY2(license.errorString().contains(QLatin1String("signed by another key or altered")),
                 qPrintable(license.errorString()));
    }

    const QByteArray fresh = License::sign(QStringLiteral("Acme Studios"), {VideoBundle}, utc(2031, 1, 1),
                                           m_testPrivateKey);
    QVERIFY(!License::fromJson(fresh, {}, FixtureNow).isValid());
}

void TestLicense::garbageInput_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("error");

    const QByteArray signature = QByteArray(64, 'x').toBase64();
    const auto withLicense = [&](const QByteArray &license) {
        return "{\"license\": " + license + ", \"signature\": \"" + signature + "\"}";
    };

    QTest::newRow("empty") << QByteArray() << "not valid JSON";
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01", 4) << "not valid JSON";
    QTest::newRow("null") << QByteArray("null") << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << "not a JSON object";
    QTest::newRow("empty object") << QByteArray("{}") << "no \"license\" object";
    QTest::newRow("license is a number") << withLicense("5") << "no \"license\" object";
    QTest::newRow("empty license") << withLicense("{}") << "no \"licensee\"";
    QTest::newRow("licensee is a number")
        << withLicense(R"({"licensee": 7, "bundles": [], "expires": "2099-01-01T00:00:00Z"})") << "no \"licensee\"";
    QTest::newRow("empty licensee") << withLicense(
        R"({"licensee": "", "bundles": [], "expires": "2099-01-01T00:00:00Z"})")
                                    << "no \"licensee\"";
    QTest::newRow("bundles missing") << withLicense(R"({"licensee": "Acme", "expires": "2099-01-01T00:00:00Z"})")
                                     << "\"bundles\" is not an array";
    QTest::newRow("bundle is a number") << withLicense(
        R"({"licensee": "Acme", "bundles": ["a", 3], "expires": "2099-01-01T00:00:00Z"})")
                                        << "\"bundles\" entry 1 is not a non-empty string";
    QTest::newRow("empty bundle name") << withLicense(
        R"({"licensee": "Acme", "bundles": [""], "expires": "2099-01-01T00:00:00Z"})")
                                       << "\"bundles\" entry 0 is not a non-empty string";
    QTest::newRow("expires missing") << withLicense(R"({"licensee": "Acme", "bundles": []})") << "no \"expires\" date";
    QTest::newRow("expires is a number") << withLicense(R"({"licensee": "Acme", "bundles": [], "expires": 4102444800})")
                                         << "no \"expires\" date";
    QTest::newRow("expires is a date only")
        << withLicense(R"({"licensee": "Acme", "bundles": [], "expires": "2099-01-01"})") << "with a timezone";
    QTest::newRow("signature is a number") << QByteArray(
        R"({"license": {"licensee": "Acme", "bundles": [], "expires": "2099-01-01T00:00:00Z"}, "signature": 1})")
                                           << "no \"signature\" string";
    QTest::newRow("signature too short") << QByteArray(
        R"({"license": {"licensee": "Acme", "bundles": [], "expires": "2099-01-01T00:00:00Z"}, "signature": "AAAA"})")
                                         << "signature has 3 bytes; an Ed25519 signature has 64";
    QTest::newRow("random signature") << withLicense(
        R"({"licensee": "Acme", "bundles": [], "expires": "2099-01-01T00:00:00Z"})")
                                      << "signed by another key or altered";
    QTest::newRow("deep nesting") << QByteArray(100000, '[') << "not valid JSON";
}

void TestLicense::garbageInput()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, error);

    const License license = License::fromJson(document, m_testPublicKey, FixtureNow);
    QVERIFY(!license.isNull());
    QVERIFY(!license.isValid());
    QVERIFY(!license.hasBundle(VideoBundle));
    QVERIFY2(license.errorString().contains(error), qPrintable(license.errorString()));
}

void TestLicense::copiesShareState()
{
    const License valid = License::fromFile(fixture(QStringLiteral("valid-bundle.json")), m_testPublicKey, FixtureNow);
    const License copy(valid);
    QVERIFY(copy.isValid());
    QVERIFY(copy.hasBundle(VideoBundle));

    License assigned = License::fromJson("[]", m_testPublicKey, FixtureNow);
    QVERIFY(!assigned.isValid());
    assigned = valid;
    QVERIFY(assigned.isValid());
    QCOMPARE(assigned.licensee(), valid.licensee());

    assigned = License();
    QVERIFY(assigned.isNull());
    QVERIFY(valid.isValid());
}

QTEST_GUILESS_MAIN(TestLicense)

#include "tst_license.moc"
