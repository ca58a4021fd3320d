// The declarative REST transport: Daily's room, token, meeting, presence and
// recording actions against the stateful emulator, a provider that exists
// only as declarations, pagination, faults, error mapping and rate limits.
#include "support/futureresult.h"
#include "support/httpexchange.h"
#include "support/json.h"
#include "support/processrun.h"
#include "support/testdata.h"

#include "dailyemulator.h"
#include "emulatorserver.h"
#include "ratelimiter.h"
#include "restcall.h"

#include <actionnode/errorcodes.h>
#include <actionnode/metadatarenderer.h>
#include <actionnode/runtime.h>
#include <actionnode/sdk/jwt.h>

#include <QElapsedTimer>
#include <QHttpServer>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ActionNode;
using namespace ActionNode::Internal;
using namespace ActionNode::TestSupport;
using S = ActionResult::Status;

namespace {

const QByteArray apiKey = "tst-rest-key-58d1c0e2a9b4";

QStringList capturedMessages;

void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    capturedMessages.append(QString::fromLatin1(context.category) + QLatin1Char(' ') + message);
}

} // namespace

class TestRest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rateLimiter();
    void rateLimiterKeepsBoundedBuckets();
    void rateLimitAccount_data();
    void rateLimitAccount();
    void metadata_data();
    void metadata();
    void badInput_data();
    void badInput();
    void roomRoundTrip();
    void callPendingOnlyWhileTheProviderAnswers();
    void invalidRequestNamesField();
    void pagination_data();
    void pagination();
    void faults_data();
    void faults();
    void declarationOnlyProvider();
    void missingPathParameter();
    void rateLimitSpacesABatch();
    void privateRoomWorkflow();
    void notFound_data();
    void notFound();
    void secretInTemplateRefused();
    void brokenManifestRefused();
    void runAllStreamsItems();
    void fixturesThroughControlApi();
    void requestFromTextAsFromObject_data();
    void requestFromTextAsFromObject();
    void roomPropertiesAsDailyDocuments_data();
    void roomPropertiesAsDailyDocuments();
    void meetingsWithoutParticipants();
    void webhookSecrets();
    void answerShape_data();
    void answerShape();
    void unreadablePagesAreNoItems();
    void loopingCursor();
    void pageLimit();
    void answerOverLimit();
    void stalledBody();
    void caFileBounded();

private:
    void schedule(const QList<Fault> &faults);
    void connect(Runtime *runtime, const QString &mode = QStringLiteral("rest"));
    //! Only the declaration-only provider acme, found in \a path, pointed at the emulator.
    int connectAcme(Runtime *runtime, const QString &path);
    ActionResult run(const QString &action, const QJsonObject &inputs, const QString &mode = QStringLiteral("rest"));

    EmulatorServer *m_server = nullptr;
    DailyEmulator *m_daily = nullptr;
};

void TestRest::init()
{
    m_server = new EmulatorServer;
    m_daily = new DailyEmulator(apiKey, m_server);
    QVERIFY2(m_server->listen(0), qPrintable(m_server->errorString()));
}

void TestRest::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

void TestRest::connect(Runtime *runtime, const QString &mode)
{
    runtime->discoverPlugins();
    Connection daily = runtime->connection(QStringLiteral("daily"));
    daily.setValue(QStringLiteral("api_key"), QString::fromLatin1(apiKey));
    daily.setValue(QStringLiteral("api_base"), m_daily->apiBaseUrl());
    daily.setValue(QStringLiteral("domain"), m_daily->domainName());
    daily.setValue(QStringLiteral("domain_id"), m_daily->domainId());
    daily.setValue(QStringLiteral("token_mode"), mode);
    daily.setValue(QStringLiteral("timeout_ms"), QStringLiteral("2000"));
    daily.setValue(QStringLiteral("max_retries"), QStringLiteral("1"));
    runtime->setConnection(daily);
}

int TestRest::connectAcme(Runtime *runtime, const QString &path)
{
    runtime->setPluginPaths({});
    runtime->setDeclarationPaths({path});
    const int found = runtime->discoverPlugins();
    Connection acme = runtime->connection("acme");
    acme.setValue("api_key", QString::fromLatin1(apiKey));
    acme.setValue("api_base", m_daily->apiBaseUrl());
    runtime->setConnection(acme);
    return found;
}

ActionResult TestRest::run(const QString &action, const QJsonObject &inputs, const QString &mode)
{
    Runtime runtime;
    connect(&runtime, mode);
    return resultOf(runtime.invoke(action, inputs));
}

void TestRest::rateLimiter()
{
    RateLimiter limiter;
    const RateLimiter::Limit daily{20, 1, 0};
    for (int i = 0; i < 20; ++i)
        QCOMPARE(limiter.reserve("d", daily, 0), 0); // the burst
    QCOMPARE(limiter.reserve("d", daily, 0), 50);    // then one every 50 ms, queued in order
    QCOMPARE(limiter.reserve("d", daily, 0), 100);
    QCOMPARE(limiter.reserve("d", daily, 1000), 0); // refilled
    const RateLimiter::Limit deletes{50, 30, 2};
    QCOMPARE(limiter.reserve("x", deletes, 0), 0);
    QCOMPARE(limiter.reserve("x", deletes, 0), 0);
    QCOMPARE(limiter.reserve("x", deletes, 0), 600);     // 50 per 30 s: 600 ms apart
    QCOMPARE(limiter.reserve("other", {0, 1, 0}, 0), 0); // no limit
}

// Any number of accounts: refilled buckets go first, then the least recently used.
void TestRest::rateLimiterKeepsBoundedBuckets()
{
    RateLimiter limiter(3);
    const RateLimiter::Limit limit{2, 1, 0}; // a burst of 2, then one every 500 ms
    for (const char *key : {"a", "b", "c"}) {
        QCOMPARE(limiter.reserve(key, limit, 0), 0);
        QCOMPARE(limiter.reserve(key, limit, 0), 0);
    }
    QCOMPARE(limiter.reserve("c", limit, 50), 450);
    QCOMPARE(limiter.reserve("a", limit, 100), 400);
    // None has refilled: b, the least recently used, is forgotten; a and c keep their queues.
    QCOMPARE(limiter.reserve("d", limit, 200), 0);
    QCOMPARE(limiter.bucketCount(), 3);
    QCOMPARE(limiter.reserve("a", limit, 200), 800);
    QCOMPARE(limiter.reserve("c", limit, 200), 800);
    // Later only d has refilled: it goes, and a keeps its debt.
    QCOMPARE(limiter.reserve("e", limit, 1300), 0);
    QCOMPARE(limiter.bucketCount(), 3);
    QCOMPARE(limiter.reserve("a", limit, 1300), 200);
}

void TestRest::rateLimitAccount_data()
{
    QTest::addColumn<QJsonObject>("first");
    QTest::addColumn<QJsonObject>("second");
    QTest::addColumn<bool>("sameAccount");
    QTest::newRow("one domain id, two keys") << QJsonObject{{"api_key", "key-1"}, {"domain_id", "d-1"}}
                                             << QJsonObject{{"api_key", "key-2"}, {"domain_id", "d-1"}} << true;
    QTest::newRow("two domain ids, one key") << QJsonObject{{"api_key", "key-1"}, {"domain_id", "d-1"}}
                                             << QJsonObject{{"api_key", "key-1"}, {"domain_id", "d-2"}} << false;
    QTest::newRow("no domain id: by key")
        << QJsonObject{{"api_key", "key-1"}} << QJsonObject{{"api_key", "key-2"}} << false;
    QTest::newRow("no domain id, one key") << QJsonObject{{"api_key", "key-1"}, {"domain", "a"}}
                                           << QJsonObject{{"api_key", "key-1"}, {"domain", "b"}} << true;
}

// Daily's limits are its domains': a call's account is its domain id, else a digest of its key, never the key.
void TestRest::rateLimitAccount()
{
    QFETCH(QJsonObject, first);
    QFETCH(QJsonObject, second);
    QFETCH(bool, sameAccount);
    Runtime runtime;
    runtime.discoverPlugins();
    QJsonObject manifest;
    for (const PluginSpec &plugin : runtime.plugins()) {
        if (plugin.id() == QLatin1String("daily"))
            manifest = plugin.manifest();
    }
    QCOMPARE(manifest.value("rateLimitAccount").toArray(), QJsonArray{"domain_id"});
    QCOMPARE(manifest.value("auth").toObject().value("secret").toString(), "api_key");
    const auto accountOf = [&](const QJsonObject &settings) {
        Connection connection = runtime.connection(QStringLiteral("daily"));
        QString error;
        if (!connection.setAccount(settings, QStringLiteral("test"), &error))
            qFatal("%s", qPrintable(error));
        return RateLimiter::accountOf(connection, {"domain_id"}, "api_key");
    };
    QCOMPARE(accountOf(first) == accountOf(second), sameAccount);
    QCOMPARE(accountOf(first), accountOf(first));
    QVERIFY(!accountOf(first).contains("key-1"));
    QVERIFY(!accountOf(first).contains(QByteArray("key-1").toBase64()));
}

void TestRest::metadata_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QStringList>("groups");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("builderType");
    QTest::newRow("create_room") << "daily.create_room"
                                 << QStringList{"general", "advanced", "transcription", "dial_in"} << "enable_knocking"
                                 << "Boolean";
    QTest::newRow("update_room") << "daily.update_room"
                                 << QStringList{"general", "advanced", "transcription", "dial_in"} << "privacy"
                                 << "Enum";
    QTest::newRow("get_room") << "daily.get_room" << QStringList{"general"} << "room_name"
                              << "Text";
    QTest::newRow("delete_room") << "daily.delete_room" << QStringList{"general"} << "room_name"
                                 << "Text";
    QTest::newRow("list_rooms") << "daily.list_rooms" << QStringList{"general", "advanced"} << "limit"
                                << "Number";
    QTest::newRow("get_meeting_token") << "daily.get_meeting_token" << QStringList{"general", "advanced"} << "token"
                                       << "Text";
    QTest::newRow("list_meetings") << "daily.list_meetings" << QStringList{"general", "advanced"} << "ongoing"
                                   << "Boolean";
    QTest::newRow("get_presence") << "daily.get_presence" << QStringList{} << ""
                                  << "";
    QTest::newRow("list_recordings") << "daily.list_recordings" << QStringList{"general", "advanced"} << "room_name"
                                     << "Text";
    QTest::newRow("get_recording_link") << "daily.get_recording_link" << QStringList{"general", "advanced"}
                                        << "valid_for_secs"
                                        << "Number";
}

void TestRest::metadata()
{
    QFETCH(QString, action);
    QFETCH(QStringList, groups);
    QFETCH(QString, field);
    QFETCH(QString, builderType);
    Runtime runtime;
    runtime.discoverPlugins();
    const ActionSpec spec = runtime.action(action);
    QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
    QStringList ids;
    for (const FieldGroup &group : spec.groups())
        ids.append(group.id);
    QCOMPARE(ids, groups);
    if (!field.isEmpty()) {
        QCOMPARE(spec.field(field).builderType(), builderType);
        QVERIFY(!spec.field(field).description().isEmpty());
    }
    if (groups.contains("transcription")) {
        QCOMPARE(spec.field("enable_transcription_storage").bundleId(), QStringLiteral("video_audio_live"));
        QCOMPARE(spec.field("sip").bundleId(), QStringLiteral("video_audio_live"));
        QCOMPARE(spec.field("enable_knocking").bundleId(), QString());
        // Every room property of Daily's reference that seed 001 and the issue name.
        for (const char *key : {"privacy",
                                "enable_knocking",
                                "nbf",
                                "exp",
                                "eject_at_room_exp",
                                "eject_after_elapsed",
                                "max_participants",
                                "owner_only_broadcast",
                                "enable_chat",
                                "enable_advanced_chat",
                                "enable_screenshare",
                                "enable_people_ui",
                                "enable_prejoin_ui",
                                "enable_pip_ui",
                                "enable_emoji_reactions",
                                "enable_hand_raising",
                                "enable_noise_cancellation_ui",
                                "enable_video_processing_ui",
                                "enable_breakout_rooms",
                                "enable_shared_chat_history",
                                "meeting_join_hook",
                                "lang",
                                "enable_recording"})
            QVERIFY2(!spec.field(QLatin1String(key)).key().isEmpty(), key);
    }
    QVERIFY(!spec.outputs().isEmpty());
}

void TestRest::badInput_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("room name with a space") << "daily.create_room" << QJsonObject{{"name", "stand up"}} << "/name"
                                            << "only letters, digits";
    QTest::newRow("unknown privacy") << "daily.create_room" << QJsonObject{{"privacy", "secret"}} << "/privacy"
                                     << "public, private";
    QTest::newRow("no participants") << "daily.create_room" << QJsonObject{{"max_participants", 0}}
                                     << "/max_participants"
                                     << "at least 1";
    QTest::newRow("room expiry before nbf")
        << "daily.create_room" << QJsonObject{{"nbf", 2000000000}, {"exp", 1900000000}} << "/exp"
        << "later than Not Before";
    QTest::newRow("update without room") << "daily.update_room" << QJsonObject{{"enable_chat", true}} << "/room_name"
                                         << "required";
    QTest::newRow("unknown language") << "daily.update_room" << QJsonObject{{"room_name", "r"}, {"lang", "xx"}}
                                      << "/lang"
                                      << "da, de, en";
    QTest::newRow("get without room") << "daily.get_room" << QJsonObject{} << "/room_name"
                                      << "required";
    QTest::newRow("delete a bad name") << "daily.delete_room" << QJsonObject{{"room_name", "../rooms"}} << "/room_name"
                                       << "only letters, digits";
    QTest::newRow("page too large") << "daily.list_rooms" << QJsonObject{{"limit", 101}} << "/limit"
                                    << "at most 100";
    QTest::newRow("token with a space") << "daily.get_meeting_token" << QJsonObject{{"token", "a b"}} << "/token"
                                        << "only letters, digits";
    QTest::newRow("meetings ending first")
        << "daily.list_meetings" << QJsonObject{{"timeframe_start", 20}, {"timeframe_end", 10}} << "/timeframe_end"
        << "later than Timeframe Start";
    QTest::newRow("recordings of a bad room")
        << "daily.list_recordings" << QJsonObject{{"room_name", "a/b"}} << "/room_name"
        << "only letters, digits";
    QTest::newRow("link valid for no time")
        << "daily.get_recording_link" << QJsonObject{{"recording_id", "r1"}, {"valid_for_secs", 0}} << "/valid_for_secs"
        << "at least 1";
    QTest::newRow("presence takes no input") << "daily.get_presence" << QJsonObject{{"room", "r"}} << "/room"
                                             << "room";
}

void TestRest::badInput()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, inputs);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const ActionResult result = run(action, inputs);
    QCOMPARE(result.status, S::InvalidInput);
    QVERIFY2(!result.errors.isEmpty(), compactJson(result.toJson()).constData());
    QCOMPARE(result.errors.first().field, field);
    QVERIFY2(result.errors.first().toString().contains(message), compactJson(result.toJson()).constData());
    QCOMPARE(m_server->requestCount(), 0); // nothing was sent
}

void TestRest::roomRoundTrip()
{
    const ActionResult created = run("daily.create_room",
                                     {{"privacy", "private"}, {"enable_knocking", true}, {"exp", 1893456000}});
    QVERIFY2(created.isSuccess(), compactJson(created.toJson()).constData());
    const QString name = created.outputs.value("name").toString();
    QCOMPARE(name.size(), 20); // generated by Daily (the emulator)
    QCOMPARE(created.outputs.value("privacy").toString(), QStringLiteral("private"));
    QCOMPARE(created.outputs.value("url").toString(), QStringLiteral("https://emulator.daily.co/") + name);
    QCOMPARE(created.outputs.value("config").toObject().value("enable_knocking"), QJsonValue(true));
    QVERIFY(!created.outputs.value("id").toString().isEmpty());
    QVERIFY(!created.outputs.value("created_at").toString().isEmpty());

    const ActionResult read = run("daily.get_room", {{"room_name", name}});
    QCOMPARE(read.outputs.value("config").toObject().value("exp").toInteger(), 1893456000);
    const ActionResult listed = run("daily.list_rooms", {});
    QCOMPARE(listed.outputs.value("total_count").toInt(), 1);
    QCOMPARE(listed.outputs.value("data").toArray().first().toObject().value("name").toString(), name);
    const ActionResult updated = run("daily.update_room",
                                     {{"room_name", name}, {"enable_chat", true}, {"privacy", "public"}});
    QVERIFY2(updated.isSuccess(), compactJson(updated.toJson()).constData());
    QCOMPARE(updated.outputs.value("privacy").toString(), QStringLiteral("public"));
    QCOMPARE(updated.outputs.value("config").toObject().value("enable_knocking"), QJsonValue(true)); // kept
    QCOMPARE(updated.outputs.value("config").toObject().value("enable_chat"), QJsonValue(true));
    const ActionResult deleted = run("daily.delete_room", {{"room_name", name}});
    QCOMPARE(deleted.outputs, (QJsonObject{{"deleted", true}, {"name", name}}));

    const ActionResult gone = run("daily.get_room", {{"room_name", name}});
    QCOMPARE(gone.status, S::ProviderFailed);
    QCOMPARE(gone.errors.first().code, QStringLiteral("not_found"));
    QCOMPARE(gone.errors.first().message, QStringLiteral("room %1 does not exist").arg(name));
    const ActionResult deletedTwice = run("daily.delete_room", {{"room_name", name}});
    QCOMPARE(deletedTwice.errors.first().code, QStringLiteral("not_found"));
}

// Runtime::call() holds a future only while the provider has yet to answer; what finishes at once holds none.
void TestRest::callPendingOnlyWhileTheProviderAnswers()
{
    Runtime runtime;
    connect(&runtime, QStringLiteral("rest"));
    const ActionCall created = runtime.call(QStringLiteral("daily.create_room"),
                                            ActionInputs(QJsonObject{{"name", "called"}}));
    QVERIFY(!created.isFinished());
    QTRY_VERIFY(created.isFinished());
    QVERIFY2(created.result().isSuccess(), compactJson(created.result().toJson()).constData());
    QCOMPARE(created.result().outputs.value("name").toString(), QStringLiteral("called"));
    QCOMPARE(created.future().result().outputs, created.result().outputs);

    const ActionCall refused = runtime.call(QStringLiteral("daily.create_room"),
                                            ActionInputs(QJsonObject{{"privacy", "secret"}}));
    QVERIFY(refused.isFinished());
    QCOMPARE(refused.result().status, S::InvalidInput);
    QCOMPARE(refused.result().errors.first().field, QStringLiteral("/privacy"));
    QVERIFY(refused.future().isFinished());
    QCOMPARE(refused.future().result().errors, refused.result().errors);

    // A self-signed token is finished when call() returns, and is the token invoke() gives.
    connect(&runtime, QStringLiteral("self-signed"));
    const ActionCall token = runtime.call(QStringLiteral("daily.create_meeting_token"),
                                          ActionInputs(QJsonObject{{"room_name", "called"}}));
    QVERIFY(token.isFinished());
    QVERIFY2(token.result().isSuccess(), compactJson(token.result().toJson()).constData());
    QString error;
    QVERIFY2(Jwt::verify(token.result().outputs.text(u"token").toLatin1(), apiKey, &error), qPrintable(error));
}

void TestRest::invalidRequestNamesField()
{
    QVERIFY(run("daily.create_room", {{"name", "timed"}, {"nbf", 2000000000}}).isSuccess());
    // Valid on its own, refused by Daily against the room's nbf: the answer's info names exp.
    const ActionResult refused = run("daily.update_room", {{"room_name", "timed"}, {"exp", 1900000000}});
    QCOMPARE(refused.status, S::InvalidInput);
    QCOMPARE(refused.errors.first().code, QStringLiteral("invalid_input"));
    QCOMPARE(refused.errors.first().field, QStringLiteral("/exp"));
    QVERIFY2(refused.errors.first().message.contains("exp: must be later than Not Before (nbf)"),
             compactJson(refused.toJson()).constData());
    // A name taken: Daily's info names no input, so it stays Daily's error.
    const ActionResult taken = run("daily.create_room", {{"name", "timed"}});
    QCOMPARE(taken.status, S::ProviderFailed);
    QVERIFY2(taken.errors.first().message.contains(
                 "HTTP 400 (invalid-request-error): a room named timed already exists"),
             compactJson(taken.toJson()).constData());
}

void TestRest::pagination_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("kind"); // what is seeded
    QTest::newRow("rooms") << "daily.list_rooms"
                           << "rooms";
    QTest::newRow("meetings") << "daily.list_meetings"
                              << "meetings";
    QTest::newRow("recordings") << "daily.list_recordings"
                                << "recordings";
}

void TestRest::pagination()
{
    QFETCH(QString, action);
    QFETCH(QString, kind);
    constexpr int count = 7;
    QJsonArray fixtures;
    for (int i = 0; i < count; ++i) {
        if (kind == "rooms") {
            QString error;
            QVERIFY(m_daily->state().createRoom({{"name", QStringLiteral("room%1").arg(i)}}, &error));
        } else {
            fixtures.append(QJsonObject{{"id", QStringLiteral("%1-%2").arg(kind).arg(i)},
                                        {"room", "standup"},
                                        {"room_name", "standup"},
                                        {"start_time", 1700000000 + i}});
        }
    }
    if (kind != "rooms") {
        QString error;
        QVERIFY2(m_daily->state().seed({{kind, fixtures}}, &error), qPrintable(error));
    }
    // One page by default.
    const ActionResult first = run(action, {{"limit", 3}});
    QVERIFY2(first.isSuccess(), compactJson(first.toJson()).constData());
    QCOMPARE(first.outputs.value("data").toArray().size(), 3);
    QCOMPARE(first.outputs.value("total_count").toInt(), count);
    QCOMPARE(m_server->requestCount(), 1);

    // Every page, streamed: 3 + 3 + 1.
    Runtime runtime;
    connect(&runtime);
    QStringList ids;
    const ActionResult all = resultOf(runtime.invoke(action, {{"limit", 3}}, everyPage([&ids](const QJsonObject &item) {
                                                         ids.append(item.value("id").toString());
                                                     })));
    QVERIFY2(all.isSuccess(), compactJson(all.toJson()).constData());
    QCOMPARE(all.outputs.value("pages").toInt(), 3);
    QCOMPARE(all.outputs.value("items").toInt(), count);
    QVERIFY(!all.outputs.contains("data")); // the items went to the sink, not into the result
    QCOMPARE(ids.size(), count);
    ids.removeDuplicates();
    QCOMPARE(ids.size(), count);
    QCOMPARE(m_server->requestCount(), 1 + 3);
}

void TestRest::faults_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QJsonArray>("faults");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QList<QPair<QString, QJsonObject>> actions{
        {"daily.create_room", {{"name", "faulty"}}},
        {"daily.get_room", {{"room_name", "seeded"}}},
        {"daily.update_room", {{"room_name", "seeded"}, {"enable_chat", true}}},
        {"daily.delete_room", {{"room_name", "seeded"}}},
        {"daily.list_rooms", {}},
        {"daily.create_meeting_token", {{"room_name", "seeded"}, {"exp", 1893456000}}},
        {"daily.list_meetings", {}},
        {"daily.get_presence", {}},
        {"daily.list_recordings", {}},
        {"daily.get_recording_link", {{"recording_id", "rec-1"}}},
    };
    const QJsonObject unavailable{{"status", 503}};
    for (const auto &[action, inputs] : actions) {
        const QByteArray name = action.toLatin1();
        QTest::newRow(name + ": 503 then an answer")
            << action << inputs << QJsonArray{unavailable} << int(S::Succeeded) << "";
        QTest::newRow(name + ": 503 twice") << action << inputs << QJsonArray{unavailable, unavailable}
                                            << int(S::ProviderFailed) << "HTTP 503 (server-error)";
        QTest::newRow(name + ": 429 with Retry-After then an answer")
            << action << inputs << QJsonArray{QJsonObject{{"status", 429}, {"retryAfter", 0}}} << int(S::Succeeded)
            << "";
        // Qt's network layer itself resends a request on a dropped connection once.
        const QJsonObject drop{{"drop", true}};
        QTest::newRow(name + ": dropped every time")
            << action << inputs << QJsonArray{drop, drop, drop, drop} << int(S::NetworkFailed)
            << "Daily could not be reached after 2 attempt(s)";
        QTest::newRow(name + ": too slow twice")
            << action << inputs << QJsonArray{QJsonObject{{"delayMs", 3000}}, QJsonObject{{"delayMs", 3000}}}
            << int(S::NetworkFailed) << "could not be reached";
    }
    QTest::newRow("token: malformed reply") << "daily.create_meeting_token" << QJsonObject{{"room_name", "seeded"}}
                                            << QJsonArray{QJsonObject{{"malformed", true}}} << int(S::ProviderFailed)
                                            << "Daily answered HTTP 200 with a body that is not JSON (";
}

void TestRest::faults()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, inputs);
    QFETCH(QJsonArray, faults);
    QFETCH(int, status);
    QFETCH(QString, message);
    QString error;
    QVERIFY(m_daily->state().createRoom({{"name", "seeded"}}, &error));
    QVERIFY(m_daily->state().seed({{"recordings", QJsonArray{QJsonObject{{"id", "rec-1"}, {"room_name", "seeded"}}}}},
                                  &error));
    for (const QJsonValue &fault : faults) {
        QString problem;
        const std::optional<Fault> parsed = Fault::fromJson(fault.toObject(), &problem);
        QVERIFY2(parsed, qPrintable(problem));
        QVERIFY(m_server->faultPlan().schedule(*parsed));
    }
    const ActionResult result = run(action, inputs);
    QVERIFY2(int(result.status) == status, compactJson(result.toJson()).constData());
    if (!message.isEmpty())
        QVERIFY2(result.errors.first().message.contains(message), compactJson(result.toJson()).constData());
    QVERIFY(!compactJson(result.toJson()).contains(apiKey));
}

void TestRest::declarationOnlyProvider()
{
    Runtime runtime;
    QCOMPARE(connectAcme(&runtime, testDataPath(QStringLiteral("providers"))), 1);
    QCOMPARE(runtime.knownActionIds(), (QStringList{"acme.room_names", "acme.room"}));
    for (int i = 0; i < 5; ++i) {
        QString error;
        QVERIFY(m_daily->state().createRoom({{"name", QStringLiteral("acme%1").arg(i)}}, &error));
    }
    const ActionResult page = resultOf(runtime.invoke("acme.room_names", {{"page_size", 2}, {"note", "kept here"}}));
    QVERIFY2(page.isSuccess(), compactJson(page.toJson()).constData());
    QCOMPARE(page.outputs.value("count").toInt(), 5);
    QCOMPARE(page.outputs.value("rooms").toArray().size(), 2);
    QCOMPARE(page.outputs.value("first").toString(), QStringLiteral("acme4")); // newest first
    int items = 0;
    const ActionResult all = resultOf(
        runtime.invoke("acme.room_names", QJsonObject(), everyPage([&items](const QJsonObject &) { ++items; })));
    QCOMPARE(all.outputs.value("pages").toInt(), 3); // the declared maximum page size is 2
    QCOMPARE(items, 5);
}

void TestRest::missingPathParameter()
{
    Runtime runtime;
    connectAcme(&runtime, testDataPath(QStringLiteral("providers/acme"))); // the provider directory itself
    Connection acme = runtime.connection("acme");
    const ActionResult missing = resultOf(runtime.invoke("acme.room", QJsonObject()));
    QCOMPARE(missing.status, S::InvalidInput);
    QCOMPARE(missing.errors.first().field, QStringLiteral("/room"));
    QVERIFY(missing.errors.first().message.contains("/rooms/{room}"));
    QCOMPARE(m_server->requestCount(), 0);
    // A value is one path segment, percent-encoded: it cannot reach another endpoint.
    const ActionResult odd = resultOf(runtime.invoke("acme.room", {{"room", "x?y#z"}}));
    QCOMPARE(odd.errors.first().code, QStringLiteral("not_found"));
    QCOMPARE(odd.errors.first().field, QStringLiteral("/room"));
    QCOMPARE(odd.errors.first().message, QStringLiteral("room x?y#z does not exist"));
    // Without the key: a connection error naming the setting, nothing sent.
    acme.setValue("api_key", QString());
    runtime.setConnection(acme);
    const ActionResult unauthenticated = resultOf(runtime.invoke("acme.room", {{"room", "r"}}));
    QCOMPARE(unauthenticated.status, S::ConfigurationError);
    QCOMPARE(unauthenticated.errors.first().field, QStringLiteral("api_key"));
    QVERIFY(unauthenticated.errors.first().message.contains("ACME_API_KEY"));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestRest::rateLimitSpacesABatch()
{
    Runtime runtime;
    connectAcme(&runtime, testDataPath(QStringLiteral("providers")));
    // acme declares 5 requests per second: ten at once take about a second, none refused.
    QElapsedTimer clock;
    clock.start();
    QList<QFuture<ActionResult>> futures;
    for (int i = 0; i < 10; ++i)
        futures.append(runtime.invoke("acme.room_names", QJsonObject()));
    for (const QFuture<ActionResult> &future : futures)
        QVERIFY(resultOf(future).isSuccess());
    QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(m_server->requestCount(), 10);
}

void TestRest::privateRoomWorkflow()
{
    // Seeds 001/002: a private room with knocking and an expiry, an owner
    // token and a guest token (both modes), join URLs, both validated, the
    // room deleted.
    const qint64 expiry = QDateTime::currentSecsSinceEpoch() + 3600;
    const ActionResult room =
        run("daily.create_room",
            {{"privacy", "private"}, {"enable_knocking", true}, {"exp", expiry}, {"eject_at_room_exp", true}});
    QVERIFY2(room.isSuccess(), compactJson(room.toJson()).constData());
    const QString name = room.outputs.value("name").toString();
    for (const QString &mode : {QStringLiteral("rest"), QStringLiteral("self-signed")}) {
        const ActionResult owner = run("daily.create_meeting_token",
                                       {{"room_name", name}, {"is_owner", true}, {"exp", expiry}}, mode);
        const ActionResult guest =
            run("daily.create_meeting_token",
                {{"room_name", name}, {"user_name", "Guest"}, {"knocking", true}, {"exp", expiry}}, mode);
        for (const ActionResult &token : {owner, guest}) {
            QVERIFY2(token.isSuccess(), compactJson(token.toJson()).constData());
            const QString value = token.outputs.value("token").toString();
            QCOMPARE(token.outputs.value("join_url").toString(),
                     QStringLiteral("https://emulator.daily.co/%1?t=%2").arg(name, value));
            const ActionResult valid = run("daily.get_meeting_token", {{"token", value}});
            QVERIFY2(valid.isSuccess(), compactJson(valid.toJson()).constData());
            QCOMPARE(valid.outputs.value("room_name").toString(), name);
            QCOMPARE(valid.outputs.value("exp").toInteger(), expiry);
        }
        QCOMPARE(run("daily.get_meeting_token", {{"token", owner.outputs.value("token").toString()}})
                     .outputs.value("is_owner"),
                 QJsonValue(true));
        QCOMPARE(run("daily.get_meeting_token", {{"token", guest.outputs.value("token").toString()}})
                     .outputs.value("properties")
                     .toObject()
                     .value("knocking"),
                 QJsonValue(true));
    }
    const ActionResult forged = run("daily.get_meeting_token",
                                    {{"token", "eyJhbGciOiJIUzI1NiJ9.eyJyIjoieCJ9.c2lnbmF0dXJl"}});
    QCOMPARE(forged.status, S::InvalidInput);
    QCOMPARE(forged.errors.first().field, QStringLiteral("/token"));
    QVERIFY(run("daily.delete_room", {{"room_name", name}}).isSuccess());
    QCOMPARE(run("daily.get_room", {{"room_name", name}}).errors.first().code, QStringLiteral("not_found"));
}

void TestRest::notFound_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("field");
    QTest::newRow("get_room") << "daily.get_room" << QJsonObject{{"room_name", "ghost"}} << "room ghost does not exist"
                              << "/room_name";
    QTest::newRow("update_room") << "daily.update_room" << QJsonObject{{"room_name", "ghost"}, {"enable_chat", true}}
                                 << "room ghost does not exist"
                                 << "/room_name";
    QTest::newRow("delete_room") << "daily.delete_room" << QJsonObject{{"room_name", "ghost"}}
                                 << "room ghost does not exist"
                                 << "/room_name";
    QTest::newRow("get_recording_link") << "daily.get_recording_link" << QJsonObject{{"recording_id", "r-404"}}
                                        << "recording r-404 does not exist"
                                        << "/recording_id";
}

void TestRest::notFound()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, inputs);
    QFETCH(QString, message);
    QFETCH(QString, field);
    const ActionResult result = run(action, inputs);
    QCOMPARE(result.status, S::ProviderFailed);
    QCOMPARE(result.errors.first().code, QStringLiteral("not_found"));
    QCOMPARE(result.errors.first().rule, QStringLiteral("http_404"));
    QCOMPARE(result.errors.first().message, message);
    QCOMPARE(result.errors.first().field, field);
}

void TestRest::secretInTemplateRefused()
{
    Runtime runtime;
    runtime.setPluginPaths({});
    runtime.setDeclarationPaths({testDataPath(QStringLiteral("secret-template"))});
    QCOMPARE(runtime.discoverPlugins(), 1);
    const ActionSpec spec = runtime.action("leaky.thing");
    QVERIFY(spec.hasError());
    QVERIFY2(spec.errorString().contains("/transport/outputTemplates: {connection.api_key} is a secret setting"),
             qPrintable(spec.errorString()));
}

void TestRest::brokenManifestRefused()
{
    Runtime runtime;
    runtime.setPluginPaths({});
    runtime.setDeclarationPaths({testDataPath(QStringLiteral("broken-manifest"))});
    QCOMPARE(runtime.discoverPlugins(), 0);
    QCOMPARE(runtime.loadErrors().size(), 1);
    const QString error = runtime.loadErrors().first();
    QVERIFY2(error.contains(QStringLiteral("broken-manifest/bad/provider.json: the provider manifest is invalid: "
                                           "/rateLimits/default/requests:")),
             qPrintable(error));
    QVERIFY2(error.contains("(minimum)"), qPrintable(error));
    QVERIFY(runtime.action("bad.thing").hasError());
}

void TestRest::runAllStreamsItems()
{
    for (int i = 0; i < 5; ++i) {
        QString error;
        QVERIFY(m_daily->state().createRoom({{"name", QStringLiteral("cli%1").arg(i)}}, &error));
    }
    QProcessEnvironment settings;
    settings.insert("DAILY_API_KEY", QString::fromLatin1(apiKey));
    settings.insert("DAILY_API_BASE", m_daily->apiBaseUrl());
    // The emulator runs in this process: it is served while the command runs.
    const ProcessRun run = runActionnode({"run", "daily.list_rooms", "limit=2", "--all"},
                                         actionnodeEnvironment(settings), {}, 30000);
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 5); // one room per line
    QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value("name").toString(), QStringLiteral("cli4"));
    const QByteArray summary = run.err;
    QVERIFY2(summary.contains("\"pages\":3") && summary.contains("\"items\":5"), summary.constData());
    QVERIFY(!summary.contains(apiKey));
}

void TestRest::fixturesThroughControlApi()
{
    QNetworkAccessManager network;
    const auto post = [&](const QString &path, const QByteArray &body) {
        return sendRequest(network, "POST", m_server->url().resolved(QUrl(path)), body).status;
    };
    QCOMPARE(post("/_emulator/daily/fixtures", R"({"meetings": [{"room": "standup"}]})"), 400); // no id
    QCOMPARE(post("/_emulator/daily/fixtures", R"({"presence": []})"), 400);
    QCOMPARE(post("/_emulator/daily/fixtures",
                  R"({"presence": {"standup": [{"id": "p1", "userName": "Alice"}]},)"
                  R"( "meetings": [{"id": "m1", "room": "standup", "start_time": 1700000000, "ongoing": true}]})"),
             200);
    const ActionResult presence = run("daily.get_presence", {});
    QCOMPARE(
        presence.outputs.value("presence").toObject().value("standup").toArray().first().toObject().value("userName"),
        QJsonValue("Alice"));
    const ActionResult ongoing = run("daily.list_meetings", {{"room", "standup"}, {"ongoing", true}});
    QCOMPARE(ongoing.outputs.value("total_count").toInt(), 1);
    QCOMPARE(run("daily.list_meetings", {{"ongoing", false}}).outputs.value("total_count").toInt(), 0);
    QCOMPARE(run("daily.list_meetings", {{"timeframe_start", 1700000001}}).outputs.value("total_count").toInt(), 0);
    // A reset forgets rooms and fixtures.
    QVERIFY(run("daily.create_room", {{"name", "kept"}}).isSuccess());
    QCOMPARE(post("/_emulator/reset", "{}"), 200);
    QCOMPARE(run("daily.list_rooms", {}).outputs.value("total_count").toInt(), 0);
    QCOMPARE(run("daily.get_presence", {}).outputs.value("presence").toObject(), QJsonObject());
}


// Inputs read straight from JSON text (batch, the HTTP host) send the
// request the same inputs send as an object: the same query and body, so
// the emulator answers the same.
void TestRest::requestFromTextAsFromObject_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("query") << "daily.list_rooms" << QByteArray(R"({"limit":2})");
    QTest::newRow("path and body")
        << "daily.update_room"
        << QByteArray(
               R"({"room_name":"text-or-object","privacy":"private","max_participants":3,"enable_knocking":true})");
    QTest::newRow("path only") << "daily.get_room" << QByteArray(R"({"room_name":"text-or-object"})");
}

void TestRest::requestFromTextAsFromObject()
{
    QFETCH(QString, action);
    QFETCH(QByteArray, json);
    Runtime runtime;
    connect(&runtime);
    for (const char *name : {"text-or-object", "another-room", "third-room"})
        resultOf(runtime.invoke(QStringLiteral("daily.create_room"), {{QStringLiteral("name"), QLatin1String(name)}}));
    const std::optional<ActionInputs> fromText = runtime.readInputs(action, json);
    QVERIFY(fromText);
    const ActionResult textResult = resultOf(runtime.invoke(action, *fromText));
    const ActionResult objectResult = resultOf(runtime.invoke(action, QJsonDocument::fromJson(json).object()));
    QVERIFY2(objectResult.isSuccess(), qPrintable(objectResult.errors.value(0).toString()));
    QCOMPARE(textResult.toJson(), objectResult.toJson());
    if (action == QLatin1String("daily.list_rooms"))
        QCOMPARE(objectResult.outputs.value(QStringLiteral("data")).toArray().size(), 2);
    if (action == QLatin1String("daily.update_room"))
        QCOMPARE(objectResult.outputs.value(QStringLiteral("privacy")).toString(), QStringLiteral("private"));
}

void TestRest::roomPropertiesAsDailyDocuments_data()
{
    QTest::addColumn<QJsonObject>("properties");
    QTest::addColumn<bool>("accepted");
    const QString epoch = QStringLiteral("{epoch_time}");
    // Daily's room configuration (rooms/config, create-room; rooms/batch and update-room where newer).
    QTest::newRow("geo Daily lists") << QJsonObject{{"geo", "af-south-1"}} << true;
    for (const char *region : {"ap-northeast-1", "ca-central-1", "eu-west-3"})
        QTest::newRow(qPrintable(QStringLiteral("geo Daily does not list: ") + QLatin1String(region)))
            << QJsonObject{{"geo", region}} << false;
    QTest::newRow("rtmp_geo Daily lists") << QJsonObject{{"rtmp_geo", "ap-south-1"}} << true;
    QTest::newRow("rtmp_geo a geo region only") << QJsonObject{{"rtmp_geo", "us-east-1"}} << false;
    QTest::newRow("permissions.canReceive")
        << QJsonObject{{"permissions", QJsonObject{{"canReceive", QJsonObject{{"base", false}}}}}} << true;
    QTest::newRow("join hook over http") << QJsonObject{{"meeting_join_hook", "http://hooks.example.com/join"}} << true;
    const QString hookPrefix = QStringLiteral("https://hooks.example.com/");
    QTest::newRow("join hook of 255 characters")
        << QJsonObject{{"meeting_join_hook", hookPrefix + QString(255 - hookPrefix.size(), QLatin1Char('a'))}} << true;
    QTest::newRow("join hook of 256 characters")
        << QJsonObject{{"meeting_join_hook", hookPrefix + QString(256 - hookPrefix.size(), QLatin1Char('a'))}} << false;
    QTest::newRow("sip_uri is read-only") << QJsonObject{{"sip_uri", QJsonObject{{"endpoint", "sip:a@b"}}}} << false;
    QTest::newRow("pinless_dialin is the domain's")
        << QJsonObject{{"pinless_dialin", QJsonArray{QJsonObject{{"phone_number", "+15551234567"}}}}} << false;
    QTest::newRow("recordings template with an extension")
        << QJsonObject{{"recordings_template", "myprefix-{domain_name}-" + epoch + ".mp4"}} << true;
    QTest::newRow("recordings template as folders")
        << QJsonObject{{"recordings_template", "{room_name}/{instance_id}/" + epoch}} << true;
    QTest::newRow("recordings template of 1024 characters")
        << QJsonObject{{"recordings_template", epoch + QString(1024 - epoch.size(), QLatin1Char('a'))}} << true;
    QTest::newRow("recordings template of 1025 characters")
        << QJsonObject{{"recordings_template", epoch + QString(1025 - epoch.size(), QLatin1Char('a'))}} << false;
    QTest::newRow("recordings template without epoch_time")
        << QJsonObject{{"recordings_template", "{domain_name}/{room_name}.mp4"}} << false;
    QTest::newRow("recordings template as webm") << QJsonObject{{"recordings_template", epoch + ".webm"}} << false;
    QTest::newRow("recordings template with a space") << QJsonObject{{"recordings_template", "a b" + epoch}} << false;
    QTest::newRow("recordings template with an unknown replacement")
        << QJsonObject{{"recordings_template", epoch + "{transcript_id}"}} << false;
    QTest::newRow("transcription template")
        << QJsonObject{{"transcription_template", "{transcript_id}/" + epoch + ".vtt"}} << true;
    QTest::newRow("transcription template without epoch_time")
        << QJsonObject{{"transcription_template", "{room_name}.vtt"}} << false;
    QTest::newRow("cpu warnings off") << QJsonObject{{"enable_cpu_warning_notifications", false}} << true;
    QTest::newRow("multiparty adaptive simulcast")
        << QJsonObject{{"enable_adaptive_simulcast", true}, {"enable_multiparty_adaptive_simulcast", true}} << true;
    QTest::newRow("recordings bucket with a storage provider and namespace")
        << QJsonObject{{"recordings_bucket", QJsonObject{{"storage_provider", "aws"},
                                                         {"bucket_name", "my-daily-recording"},
                                                         {"bucket_region", "ap-south-1"},
                                                         {"namespace", "axaxnpcrorw5"},
                                                         {"assume_role_arn", "arn:aws:iam::555555555555:role/Daily"}}}}
        << true;
}

// The declaration and the emulator, which reads Daily's reference and not the declaration, each
// accept or refuse a room property as Daily documents it.
void TestRest::roomPropertiesAsDailyDocuments()
{
    QFETCH(QJsonObject, properties);
    QFETCH(bool, accepted);
    const QString property = properties.keys().constLast() == QLatin1String("enable_multiparty_adaptive_simulcast")
                                 ? QStringLiteral("enable_multiparty_adaptive_simulcast")
                                 : properties.keys().constFirst();

    Runtime runtime;
    runtime.discoverPlugins();
    runtime.setLicense(bundleLicense());
    for (const char *action : {"daily.create_room", "daily.update_room"}) {
        QJsonObject inputs = properties;
        if (QLatin1String(action) == QLatin1String("daily.update_room"))
            inputs.insert(QStringLiteral("room_name"), QStringLiteral("standup"));
        const ActionErrors errors = runtime.action(QLatin1String(action)).validate(inputs);
        QVERIFY2(errors.isEmpty() == accepted, errors.isEmpty() ? action : qPrintable(errors.first().toString()));
        if (!accepted)
            QVERIFY2(errors.first().field.startsWith(QLatin1Char('/') + property),
                     qPrintable(errors.first().toString()));
    }

    QNetworkAccessManager network;
    const HttpAnswer answer = sendRequest(network, "POST", QUrl(m_daily->apiBaseUrl() + QStringLiteral("/rooms")),
                                          compactJson(QJsonObject{{"properties", properties}}),
                                          {{"Authorization", "Bearer " + apiKey}});
    QVERIFY2((answer.status == 200) == accepted, answer.body.constData());
    if (!accepted)
        QVERIFY2(QJsonDocument::fromJson(answer.body).object().value("info").toString().startsWith(property),
                 answer.body.constData());
}

void TestRest::meetingsWithoutParticipants()
{
    QString error;
    const QJsonArray participants{QJsonObject{{"participant_id", "p1"}, {"user_name", "Ada"}, {"duration", 60}}};
    QVERIFY2(m_daily->state().seed({{"meetings", QJsonArray{QJsonObject{{"id", "m1"},
                                                                        {"room", "standup"},
                                                                        {"start_time", 1700000000},
                                                                        {"participants", participants}}}}},
                                   &error),
             qPrintable(error));
    const ActionResult full = run("daily.list_meetings", {});
    QCOMPARE(full.outputs.value("data").toArray().first().toObject().value("participants").toArray(), participants);
    const ActionResult light = run("daily.list_meetings", {{"no_participants", true}});
    QVERIFY2(light.isSuccess(), compactJson(light.toJson()).constData());
    const QJsonObject meeting = light.outputs.value("data").toArray().first().toObject();
    QCOMPARE(meeting.value("id").toString(), QStringLiteral("m1"));
    QVERIFY(!meeting.contains("participants"));
}

// A webhook's hmac, the secret its deliveries are signed with, reaches the caller of create_webhook and
// list_webhooks intact, is marked sensitive in the metadata, masked on the reference page and never logged.
void TestRest::webhookSecrets()
{
    QHttpServer endpoint; // answers Daily's check of a new webhook with 200
    endpoint.route(QStringLiteral("/hook"), [] { return QStringLiteral("ok"); });
    const quint16 port = endpoint.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    const QString hookUrl = QStringLiteral("http://127.0.0.1:%1/hook").arg(port);

    capturedMessages.clear();
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    const auto restoreLogging = qScopeGuard([previous] {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    });
    Runtime runtime;
    connect(&runtime);
    runtime.setLicense(bundleLicense());
    QVERIFY2(runtime.knownActionIds().contains(QStringLiteral("daily.list_webhooks")),
             "list_webhooks is not in the manifest");

    // Without an hmac, Daily provisions one and returns it; every event type Daily lists is accepted.
    const QJsonArray everyEventType =
        runtime.action(QStringLiteral("daily.create_webhook")).field(QStringLiteral("event_types")).options();
    QCOMPARE(everyEventType.size(), 28);
    const ActionResult provisioned = resultOf(
        runtime.invoke(QStringLiteral("daily.create_webhook"),
                       {{"url", hookUrl}, {"event_types", everyEventType}, {"retry_type", "exponential"}}));
    QVERIFY2(provisioned.isSuccess(), compactJson(provisioned.toJson()).constData());
    const QString provisionedSecret = provisioned.outputs.value("hmac").toString();
    QVERIFY(!QByteArray::fromBase64(provisionedSecret.toLatin1()).isEmpty());
    QCOMPARE(provisioned.outputs.value("event_types").toArray(), everyEventType);
    const QString givenSecret = QStringLiteral("Z2l2ZW4tc2VjcmV0LTIwMjYtMTItMDM=");
    const ActionResult given = resultOf(
        runtime.invoke(QStringLiteral("daily.create_webhook"), {{"url", hookUrl}, {"hmac", givenSecret}}));
    QVERIFY2(given.isSuccess(), compactJson(given.toJson()).constData());
    QCOMPARE(given.outputs.value("hmac").toString(), givenSecret);

    const ActionResult listed = resultOf(runtime.invoke(QStringLiteral("daily.list_webhooks"), QJsonObject()));
    QVERIFY2(listed.isSuccess(), compactJson(listed.toJson()).constData());
    QStringList secrets;
    for (const QJsonValue &webhook : listed.outputs.value("webhooks").toArray())
        secrets.append(webhook.toObject().value("hmac").toString());
    QCOMPARE(secrets, (QStringList{provisionedSecret, givenSecret}));

    QVERIFY2(!capturedMessages.filter(QStringLiteral("actionnode.rest")).isEmpty(), "debug logging was not on");
    for (const QString &message : std::as_const(capturedMessages)) {
        QVERIFY2(!message.contains(provisionedSecret), qPrintable(message));
        QVERIFY2(!message.contains(givenSecret), qPrintable(message));
    }

    // What people see: the metadata marks the secrets, the reference page and masked() hide them.
    const ActionSpec list = runtime.action(QStringLiteral("daily.list_webhooks"));
    const FieldSpec webhooks = list.outputs().constFirst();
    QCOMPARE(webhooks.sensitiveItemFields(), QStringList{QStringLiteral("hmac")});
    QCOMPARE(MetadataRenderer::toJson(list, runtime.license())
                 .value("outputs")
                 .toArray()
                 .first()
                 .toObject()
                 .value("sensitiveItemFields")
                 .toArray(),
             QJsonArray{"hmac"});
    const QString sampleSecret = webhooks.sample().toArray().first().toObject().value("hmac").toString();
    const QString page = MetadataRenderer::toMarkdown(list, runtime.license());
    QVERIFY(!sampleSecret.isEmpty());
    QVERIFY2(!page.contains(sampleSecret), qPrintable(page));
    QVERIFY2(page.contains(QStringLiteral("\"hmac\":\"") + FieldSpec::maskText()), qPrintable(page));
    const QJsonArray shown = webhooks.masked(listed.outputs.value("webhooks")).toArray();
    QCOMPARE(shown.size(), 2);
    QCOMPARE(shown.first().toObject().value("hmac").toString(), FieldSpec::maskText());
    QCOMPARE(shown.first().toObject().value("url").toString(), hookUrl);
    const QList<FieldSpec> created = runtime.action(QStringLiteral("daily.create_webhook")).outputs();
    const auto hmac = std::find_if(created.cbegin(), created.cend(),
                                   [](const FieldSpec &output) { return output.key() == QLatin1String("hmac"); });
    QVERIFY(hmac != created.cend() && hmac->isSensitive());
    QCOMPARE(hmac->masked(givenSecret), QJsonValue(FieldSpec::maskText()));
}

void TestRest::schedule(const QList<Fault> &faults)
{
    for (const Fault &fault : faults)
        QVERIFY(m_server->faultPlan().schedule(fault));
}

namespace {

Fault answering(const QByteArray &body)
{
    Fault fault;
    fault.body = body;
    return fault;
}

} // namespace

// A 200 the runtime cannot map is a provider error naming what was wrong,
// never a success with nothing in it; what the provider adds is passed over.
void TestRest::answerShape_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("inputs");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message"); // empty: a success
    const QList<QPair<QString, QJsonObject>> actions{
        {"daily.list_rooms", {}},
        {"daily.get_presence", {}},
        {"daily.list_recordings", {}},
        {"daily.delete_room", {{"room_name", "seeded"}}},
        {"daily.create_meeting_token", {{"room_name", "seeded"}}},
    };
    for (const auto &[action, inputs] : actions) {
        const QByteArray name = action.toLatin1();
        QTest::newRow(name + ": empty") << action << inputs << QByteArray() << "answered HTTP 200 with an empty body";
        QTest::newRow(name + ": HTML") << action << inputs << QByteArray("<html><body>Bad gateway</body></html>")
                                       << "answered HTTP 200 with a body that is not JSON (";
        QTest::newRow(name + ": truncated") << action << inputs << QByteArray(R"({"data": [{"id": "r1"}, {"i)")
                                            << "answered HTTP 200 with a body that is not JSON (";
        QTest::newRow(name + ": not UTF-8") << action << inputs << QByteArray("{\"token\": \"\xff\xfe\"}")
                                            << "answered HTTP 200 with a body that is not JSON (";
    }
    const QString lists[] = {"daily.list_rooms", "daily.list_recordings"};
    for (const QString &action : lists) {
        const QByteArray name = action.toLatin1();
        QTest::newRow(name + ": no items")
            << action << QJsonObject() << QByteArray(R"({"total_count": 0})") << "answered HTTP 200 without /data";
        QTest::newRow(name + ": items not a list")
            << action << QJsonObject() << QByteArray(R"({"total_count": 1, "data": {"id": "r1"}})")
            << "answered HTTP 200 with /data an object where an array is declared";
        QTest::newRow(name + ": count a text")
            << action << QJsonObject() << QByteArray(R"({"total_count": "1", "data": []})")
            << "answered HTTP 200 with /total_count the text \"1\" where an integer is declared";
        QTest::newRow(name + ": added fields")
            << action << QJsonObject() << QByteArray(R"({"total_count": 0, "data": [], "next": "x"})") << "";
    }
    const QJsonObject token{{"room_name", "seeded"}};
    QTest::newRow("token: a number") << "daily.create_meeting_token" << token << QByteArray(R"({"token": 5})")
                                     << "answered HTTP 200 with /token a number where a text is declared";
    QTest::newRow("token: an object") << "daily.create_meeting_token" << token << QByteArray(R"({"token": {"a": 1}})")
                                      << "answered HTTP 200 with /token an object where a text is declared";
    QTest::newRow("token: empty") << "daily.create_meeting_token" << token << QByteArray(R"({"token": ""})")
                                  << "answered HTTP 200 with /token an empty text where a text of at least 1";
    QTest::newRow("token: missing") << "daily.create_meeting_token" << token << QByteArray(R"({"tok": "abc"})")
                                    << "answered HTTP 200 without /token";
    QTest::newRow("token: added fields") << "daily.create_meeting_token" << token
                                         << QByteArray(R"({"token": "abc.def.ghi", "issued": {"at": 1}})") << "";
    QTest::newRow("presence: a list") << "daily.get_presence" << QJsonObject() << QByteArray("[]")
                                      << "answered HTTP 200 with a body that is an array where an object is declared";
    QTest::newRow("deleted: a text") << "daily.delete_room" << QJsonObject{{"room_name", "seeded"}}
                                     << QByteArray(R"({"deleted": "yes", "name": "seeded"})")
                                     << "with /deleted the text \"yes\" where a boolean is declared";
}

void TestRest::answerShape()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, inputs);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QString error;
    QVERIFY(m_daily->state().createRoom({{"name", "seeded"}}, &error));
    schedule({answering(body)});
    const ActionResult result = run(action, inputs);
    if (message.isEmpty()) {
        QVERIFY2(result.isSuccess(), compactJson(result.toJson()).constData());
        return;
    }
    QVERIFY2(result.status == S::ProviderFailed, compactJson(result.toJson()).constData());
    QCOMPARE(result.errors.first().code, QStringLiteral("provider_error"));
    QCOMPARE(result.errors.first().rule, QString(ErrorRule::MalformedReply));
    QVERIFY2(result.errors.first().message.startsWith("Daily " + message)
                 || result.errors.first().message.contains(message),
             qPrintable(result.errors.first().message));
    QVERIFY(result.outputs.isEmpty());
    QCOMPARE(m_server->requestCount(), 1); // an answer, if a wrong one: not retried
}

// With --all, a page that cannot be read ends the list as a failure, not as "0 items".
void TestRest::unreadablePagesAreNoItems()
{
    for (const QByteArray &body : {QByteArray(), QByteArray("<html></html>"), QByteArray("{}")}) {
        m_server->faultPlan().clear();
        schedule({answering(body)});
        Runtime runtime;
        connect(&runtime);
        int items = 0;
        const ActionResult all = resultOf(
            runtime.invoke("daily.list_rooms", QJsonObject(), everyPage([&items](const QJsonObject &) { ++items; })));
        QVERIFY2(all.status == S::ProviderFailed, compactJson(all.toJson()).constData());
        QCOMPARE(all.errors.first().rule, QString(ErrorRule::MalformedReply));
        QCOMPARE(items, 0);
    }
}

// A provider whose cursors go A, B, A fails the list at the first cursor it repeats.
void TestRest::loopingCursor()
{
    const QByteArray pageA = R"({"total_count": 100, "data": [{"id": "a1"}, {"id": "A"}]})";
    const QByteArray pageB = R"({"total_count": 100, "data": [{"id": "b1"}, {"id": "B"}]})";
    schedule({answering(pageA), answering(pageB), answering(pageA), answering(pageB)});
    Runtime runtime;
    connect(&runtime);
    QStringList ids;
    const ActionResult all = resultOf(
        runtime.invoke("daily.list_rooms", {{"limit", 2}},
                       everyPage([&ids](const QJsonObject &item) { ids.append(item.value("id").toString()); })));
    QVERIFY2(all.status == S::ProviderFailed, compactJson(all.toJson()).constData());
    QCOMPARE(all.errors.first().rule, QString(ErrorRule::PaginationLimit));
    QVERIFY2(all.errors.first().message.contains(
                 "Daily repeats its pages: the cursor \"A\" after page 3 was already asked for: stopped after 3 pages "
                 "(6 items)"),
             qPrintable(all.errors.first().message));
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(ids, (QStringList{"a1", "A", "b1", "B", "a1", "A"}));
}

// The page bound is the runtime's option: a list still going on after it fails.
void TestRest::pageLimit()
{
    for (int i = 0; i < 7; ++i) {
        QString error;
        QVERIFY(m_daily->state().createRoom({{"name", QStringLiteral("room%1").arg(i)}}, &error));
    }
    Runtime runtime;
    connect(&runtime);
    QCOMPARE(runtime.maxPages(), Runtime::defaultMaxPages);
    runtime.setMaxPages(2);
    const ActionResult all = resultOf(
        runtime.invoke("daily.list_rooms", {{"limit", 2}}, everyPage([](const QJsonObject &) {})));
    QVERIFY2(all.status == S::ProviderFailed, compactJson(all.toJson()).constData());
    QCOMPARE(all.errors.first().rule, QString(ErrorRule::PaginationLimit));
    QVERIFY2(all.errors.first().message.contains("Daily kept answering full pages: stopped after 2 pages (4 items)"),
             qPrintable(all.errors.first().message));
    QCOMPARE(m_server->requestCount(), 2);
}

// An answer over the provider's limit (16 MiB unless its manifest says) is refused, not retried.
void TestRest::answerOverLimit()
{
    Fault huge;
    huge.bodyBytes = RestCall::defaultMaxReplyBytes + 1;
    schedule({huge, huge});
    const ActionResult result = run("daily.list_rooms", {});
    QVERIFY2(result.status == S::ProviderFailed, compactJson(result.toJson()).constData());
    QCOMPARE(result.errors.first().rule, QString(ErrorRule::AnswerLimit));
    QVERIFY2(result.errors.first().message.contains(
                 "Daily answered HTTP 200; the answer is larger than the limit of 16 MiB (maxAnswerBytes)"),
             qPrintable(result.errors.first().message));
    QCOMPARE(m_server->requestCount(), 1);
}

// A body that stops half-way is a timeout, retried like any network failure.
void TestRest::stalledBody()
{
    Fault stall;
    stall.stall = true;
    schedule({stall, stall});
    const ActionResult failed = run("daily.create_meeting_token", {{"room_name", "r"}});
    QVERIFY2(failed.status == S::NetworkFailed, compactJson(failed.toJson()).constData());
    QVERIFY2(failed.errors.first().message.contains(
                 "could not be reached after 2 attempt(s): the answer did not arrive in full within 2000 ms"),
             qPrintable(failed.errors.first().message));
    QCOMPARE(m_server->requestCount(), 2);

    schedule({stall});
    const ActionResult retried = run("daily.create_meeting_token", {{"room_name", "r"}});
    QVERIFY2(retried.isSuccess(), compactJson(retried.toJson()).constData());
    QVERIFY(!retried.outputs.value("token").toString().isEmpty());
    QCOMPARE(m_server->requestCount(), 4);
}

// ca_file goes through the bounded reader: /dev/zero is refused, naming the file and the limit.
void TestRest::caFileBounded()
{
    Runtime runtime;
    connect(&runtime);
    Connection daily = runtime.connection("daily");
    daily.setValue("ca_file", "/dev/zero");
    runtime.setConnection(daily);
    const ActionResult result = resultOf(runtime.invoke("daily.get_presence", QJsonObject()));
    QVERIFY2(result.status == S::ConfigurationError, compactJson(result.toJson()).constData());
    QCOMPARE(result.errors.first().field, QStringLiteral("ca_file"));
    QVERIFY2(result.errors.first().message.contains("/dev/zero: is larger than the limit of 1 MiB"),
             qPrintable(result.errors.first().message));
    QCOMPARE(m_server->requestCount(), 0);
}

QTEST_GUILESS_MAIN(TestRest)
#include "tst_rest.moc"
