// SignalWire Video's REST resources, all declared: rooms, room sessions and
// their members, room recordings, with SignalWire's paging (links.next URLs,
// followed on the request's origin only), against the stateful emulator and,
// for answers it never gives, a capture server.
#include "support/futureresult.h"
#include "support/httpexchange.h"
#include "support/json.h"
#include "support/processrun.h"

#include "emulatorserver.h"
#include "signalwireemulator.h"

#include <actionnode/runtime.h>

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace ActionNode;
using namespace ActionNode::TestSupport;
using S = ActionResult::Status;

namespace {

const QString projectId = QStringLiteral("7a1f3c9e-0000-4000-8000-signalwire02");
const QByteArray apiToken = "signalwire-video-token-6c2e";
const QString sessionId = QStringLiteral("3fa85f64-5717-4562-b3fc-2c963f66afa6");
const QString otherSessionId = QStringLiteral("4fa85f64-5717-4562-b3fc-2c963f66afa7");
const QString recordingId = QStringLiteral("6e2f1a4b-0c3d-4e5f-8a9b-1c2d3e4f5a6b");

// Answers the first request with one fixed list page, later ones with the same page
// but no next link (the last page), and keeps the URLs asked for.
class RecordedPage : public EmulatedApi
{
public:
    QJsonObject body;
    QStringList urls;

    bool handlesPath(const QString &) const override { return true; }
    EmulatorReply handle(const QHttpServerRequest &request) override
    {
        urls.append(request.url().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority));
        QJsonObject page = body;
        if (urls.size() > 1)
            page.remove(QStringLiteral("links"));
        return EmulatorReply::json(200, page);
    }
    EmulatorReply errorReply(int status, const QString &) const override { return EmulatorReply::json(status, {}); }
};

} // namespace

class TestSignalWireVideo : public QObject
{
    Q_OBJECT

private:
    EmulatorServer m_server;
    SignalWireEmulator *m_signalWire = nullptr;
    RecordedPage m_recordedPage; // outlives the server that serves it
    EmulatorServer m_recordedServer;
    Runtime m_runtime;
    QJsonArray m_declaredSettings;

    void useApiBase(const QString &base)
    {
        Connection signalWire(QStringLiteral("signalwire"), m_declaredSettings);
        signalWire.setValue(QStringLiteral("project_id"), projectId);
        signalWire.setValue(QStringLiteral("api_token"), QString::fromLatin1(apiToken));
        signalWire.setValue(QStringLiteral("api_base"), base);
        signalWire.setValue(QStringLiteral("timeout_ms"), QStringLiteral("3000"));
        signalWire.setValue(QStringLiteral("max_retries"), QStringLiteral("0"));
        m_runtime.setConnection(signalWire);
    }

    ActionResult run(const QString &action, const QJsonObject &inputs)
    {
        return resultOf(m_runtime.invoke(QStringLiteral("signalwire.") + action, inputs), 20000);
    }

    //! Every page of list_rooms; the ids of the rooms, in order, in \a ids.
    ActionResult listAllRooms(const QJsonObject &inputs, QStringList *ids)
    {
        return resultOf(m_runtime.invoke("signalwire.list_rooms", inputs, everyPage([ids](const QJsonObject &room) {
                                             ids->append(room.value("name").toString(room.value("id").toString()));
                                         })),
                        20000);
    }

    //! The bodies of the recorded server's pages: one item, and \a next as the next page's link.
    void answerPagesLinking(const QString &next)
    {
        useApiBase(m_recordedServer.url().toString() + "/api/video");
        m_recordedPage.body = {{"data", QJsonArray{QJsonObject{{"id", "a"}}}}, {"links", QJsonObject{{"next", next}}}};
    }

    QString createRoom(const QString &name)
    {
        const ActionResult created = run(QStringLiteral("create_room"), {{"name", name}});
        [&] { QVERIFY2(created.isSuccess(), QJsonDocument(created.toJson()).toJson().constData()); }();
        return created.outputs.value(QStringLiteral("id")).toString();
    }

    void seed(const QJsonObject &fixtures)
    {
        QNetworkAccessManager network;
        const HttpAnswer answer = sendRequest(network, "POST",
                                              QUrl(m_server.url().toString() + "/_emulator/signalwire/fixtures"),
                                              QJsonDocument(fixtures).toJson(QJsonDocument::Compact));
        QCOMPARE(answer.status, 200);
    }

    void seedSessions()
    {
        seed(
            {{"room_sessions",
              QJsonArray{QJsonObject{{"id", sessionId}, {"name", "all_hands"}, {"status", "completed"}},
                         QJsonObject{{"id", otherSessionId}, {"name", "standup"}, {"status", "in-progress"}}}},
             {"members", QJsonArray{QJsonObject{{"id", "m1"}, {"name", "Alice"}, {"room_session_id", sessionId}},
                                    QJsonObject{{"id", "m2"}, {"name", "Bob"}, {"room_session_id", sessionId}},
                                    QJsonObject{{"id", "m3"}, {"name", "Carol"}, {"room_session_id", otherSessionId}}}},
             {"recordings", QJsonArray{QJsonObject{{"id", recordingId},
                                                   {"room_session_id", sessionId},
                                                   {"status", "completed"},
                                                   {"duration", 1800},
                                                   {"uri", "https://files.example/recording.mp4"}}}}});
    }

private slots:
    void initTestCase()
    {
        m_signalWire = new SignalWireEmulator(projectId, apiToken, &m_server);
        QVERIFY2(m_server.listen(0), qPrintable(m_server.errorString()));
        m_recordedServer.addApi(&m_recordedPage);
        QVERIFY2(m_recordedServer.listen(0), qPrintable(m_recordedServer.errorString()));
        m_runtime.setHonoursRateLimits(false);
        m_runtime.discoverPlugins();
        for (const PluginSpec &plugin : m_runtime.plugins()) {
            if (!plugin.hasError() && plugin.id() == QLatin1String("signalwire"))
                m_declaredSettings = plugin.connectionSettings();
        }
        QVERIFY(!m_declaredSettings.isEmpty());
    }

    void init()
    {
        m_server.reset();
        m_recordedServer.reset();
        m_recordedPage.urls.clear();
        useApiBase(m_signalWire->apiBaseUrl());
    }

    // Every action is a declaration of a provider without a plugin library.
    void allDeclared()
    {
        const QStringList expected{"signalwire.create_room_token",
                                   "signalwire.create_room",
                                   "signalwire.get_room",
                                   "signalwire.update_room",
                                   "signalwire.delete_room",
                                   "signalwire.list_rooms",
                                   "signalwire.list_room_sessions",
                                   "signalwire.get_room_session",
                                   "signalwire.list_room_session_members",
                                   "signalwire.list_room_session_recordings",
                                   "signalwire.list_room_recordings",
                                   "signalwire.get_room_recording",
                                   "signalwire.delete_room_recording"};
        for (const PluginSpec &plugin : m_runtime.plugins()) {
            if (plugin.id() != QLatin1String("signalwire"))
                continue;
            QVERIFY(plugin.isDeclarationOnly());
            QCOMPARE(plugin.actionIds(), expected);
        }
        for (const QString &id : expected) {
            const ActionSpec spec = m_runtime.action(id);
            QVERIFY2(!spec.hasError(), qPrintable(spec.errorString()));
            QVERIFY(spec.transport().contains(QStringLiteral("rest")));
        }
        const ProcessRun list = runActionnode({"list"});
        QCOMPARE(list.exitCode, 0);
        for (const QString &id : expected)
            QVERIFY2(list.out.contains(id.toUtf8()), list.out.constData());
    }

    void roomLifecycle()
    {
        const ActionResult created = run("create_room",
                                         {{"name", "all_hands"}, {"max_members", 50}, {"quality", "1080p"}});
        QVERIFY2(created.isSuccess(), QJsonDocument(created.toJson()).toJson().constData());
        const QString id = created.outputs.value("id").toString();
        QCOMPARE(created.outputs.value("display_name").toString(), QStringLiteral("all_hands"));
        QCOMPARE(created.outputs.value("max_members").toInt(), 50);

        const ActionResult read = run("get_room", {{"id", id}});
        QVERIFY(read.isSuccess());
        QCOMPARE(read.outputs.value("quality").toString(), QStringLiteral("1080p"));

        const ActionResult updated = run("update_room", {{"id", id}, {"display_name", "All Hands"}});
        QVERIFY2(updated.isSuccess(), QJsonDocument(updated.toJson()).toJson().constData());
        QCOMPARE(updated.outputs.value("display_name").toString(), QStringLiteral("All Hands"));
        QCOMPARE(updated.outputs.value("max_members").toInt(), 50);

        const ActionResult deleted = run("delete_room", {{"id", id}});
        QVERIFY2(deleted.isSuccess(), QJsonDocument(deleted.toJson()).toJson().constData());
        QCOMPARE(deleted.outputs.value("id").toString(), id);

        for (const char *action : {"get_room", "delete_room", "update_room"}) {
            const ActionResult gone = run(action, {{"id", id}});
            QCOMPARE(gone.status, S::ProviderFailed);
            QCOMPARE(gone.errors.value(0).code, QStringLiteral("not_found"));
            QCOMPARE(gone.errors.value(0).field, QStringLiteral("/id"));
            QVERIFY2(gone.errors.value(0).message.contains(id), qPrintable(gone.errors.value(0).message));
        }
    }

    // SignalWire's 422 lists every problem; each becomes an error on its input.
    void createRefusalsListed()
    {
        createRoom("taken");
        const ActionResult duplicate = run("create_room", {{"name", "taken"}});
        QCOMPARE(duplicate.status, S::ProviderFailed);
        QCOMPARE(duplicate.errors.size(), 1);
        QCOMPARE(duplicate.errors.first().field, QStringLiteral("/name"));
        QVERIFY2(duplicate.errors.first().message.contains("(value_not_unique): has already been taken"),
                 qPrintable(duplicate.errors.first().message));
    }

    void listRoomsPaged()
    {
        for (const char *name : {"r1", "r2", "r3", "r4", "r5"})
            createRoom(name);
        const ActionResult first = run("list_rooms", {{"page_size", 2}});
        QVERIFY(first.isSuccess());
        QCOMPARE(first.outputs.value("data").toArray().size(), 2);
        const QString next = first.outputs.value("next_page_url").toString();
        QVERIFY2(next.startsWith(m_signalWire->apiBaseUrl() + "/rooms?"), qPrintable(next));

        QStringList names;
        const ActionResult all = listAllRooms({{"page_size", 2}}, &names);
        QVERIFY2(all.isSuccess(), QJsonDocument(all.toJson()).toJson().constData());
        QCOMPARE(names, (QStringList{"r1", "r2", "r3", "r4", "r5"}));
        QCOMPARE(all.outputs.value("pages").toInt(), 3);
        QVERIFY(!all.outputs.contains("next_page_url"));

        // Without a page size the walk asks for SignalWire's largest page.
        names.clear();
        const ActionResult largest = listAllRooms({}, &names);
        QVERIFY(largest.isSuccess());
        QCOMPARE(largest.outputs.value("pages").toInt(), 1);
        QCOMPARE(names.size(), 5);
    }

    // A next link elsewhere is never followed: the request carries the project's credentials.
    void foreignNextLinkRefused()
    {
        answerPagesLinking("http://127.0.0.1:1/api/video/rooms?page_number=1");
        QStringList items;
        const ActionResult result = listAllRooms({{"page_size", 1}}, &items);
        QCOMPARE(result.status, S::ProviderFailed);
        QCOMPARE(result.errors.value(0).rule, QStringLiteral("foreign_page"));
        QVERIFY2(result.errors.value(0).message.contains("http://127.0.0.1:1"),
                 qPrintable(result.errors.value(0).message));
        QCOMPARE(items.size(), 1);
        QCOMPARE(m_recordedPage.urls.size(), 1);
    }

    // A relative next link is followed on the base URL's origin.
    void relativeNextLinkFollowed()
    {
        answerPagesLinking("/api/video/rooms?page_number=1&page_token=PA1");
        QStringList items;
        const ActionResult result = listAllRooms({{"page_size", 1}}, &items);
        QVERIFY2(result.isSuccess(), QJsonDocument(result.toJson()).toJson().constData());
        QCOMPARE(items.size(), 2);
        QCOMPARE(m_recordedPage.urls.size(), 2);
        QCOMPARE(m_recordedPage.urls.at(1), QStringLiteral("/api/video/rooms?page_number=1&page_token=PA1"));
    }

    void badPageSizeNeverSent()
    {
        const ActionResult result = run("list_rooms", {{"page_size", 1001}});
        QCOMPARE(result.status, S::InvalidInput);
        QCOMPARE(result.errors.value(0).field, QStringLiteral("/page_size"));
        QCOMPARE(m_server.requestCount(), 0);
    }

    void sessionsAndMembers()
    {
        seedSessions();
        const ActionResult all = run("list_room_sessions", {});
        QVERIFY(all.isSuccess());
        QCOMPARE(all.outputs.value("data").toArray().size(), 2);
        const ActionResult filtered = run("list_room_sessions", {{"room_name", "standup"}});
        QCOMPARE(filtered.outputs.value("data").toArray().size(), 1);
        QCOMPARE(filtered.outputs.value("data").toArray().first()["id"].toString(), otherSessionId);

        const ActionResult session = run("get_room_session", {{"id", sessionId}});
        QVERIFY(session.isSuccess());
        QCOMPARE(session.outputs.value("status").toString(), QStringLiteral("completed"));

        const ActionResult members = run("list_room_session_members", {{"id", sessionId}});
        QVERIFY(members.isSuccess());
        QCOMPARE(members.outputs.value("data").toArray().size(), 2);

        const ActionResult recordings = run("list_room_session_recordings", {{"id", sessionId}});
        QCOMPARE(recordings.outputs.value("data").toArray().size(), 1);

        const QString unknown = QStringLiteral("00000000-0000-4000-8000-000000000000");
        for (const char *action : {"get_room_session", "list_room_session_members"}) {
            const ActionResult missing = run(action, {{"id", unknown}});
            QCOMPARE(missing.errors.value(0).code, QStringLiteral("not_found"));
            QCOMPARE(missing.errors.value(0).field, QStringLiteral("/id"));
        }
    }

    void recordingsLifecycle()
    {
        seedSessions();
        const ActionResult listed = run("list_room_recordings", {{"media_ttl", 60}});
        QVERIFY(listed.isSuccess());
        QCOMPARE(listed.outputs.value("data").toArray().size(), 1);

        const ActionResult read = run("get_room_recording", {{"id", recordingId}});
        QVERIFY(read.isSuccess());
        QCOMPARE(read.outputs.value("duration").toInt(), 1800);
        for (const FieldSpec &output : m_runtime.action("signalwire.get_room_recording").outputs())
            QCOMPARE(output.isSensitive(), output.key() == QLatin1String("uri"));

        QVERIFY(run("delete_room_recording", {{"id", recordingId}}).isSuccess());
        QCOMPARE(run("get_room_recording", {{"id", recordingId}}).errors.value(0).code, QStringLiteral("not_found"));
        QCOMPARE(run("list_room_recordings", {}).outputs.value("data").toArray().size(), 0);
    }

    void activeSessionIncluded()
    {
        const QString id = createRoom("standup");
        seed({{"room_sessions",
               QJsonArray{QJsonObject{
                   {"id", otherSessionId}, {"room_id", id}, {"name", "standup"}, {"status", "in-progress"}}}}});
        QVERIFY(!run("get_room", {{"id", id}}).outputs.contains("active_session"));
        const ActionResult with = run("get_room", {{"id", id}, {"include_active_session", true}});
        QCOMPARE(with.outputs.value("active_session").toObject().value("id").toString(), otherSessionId);
    }
};

QTEST_GUILESS_MAIN(TestSignalWireVideo)
#include "tst_signalwirevideo.moc"
