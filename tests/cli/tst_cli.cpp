#include "support/processrun.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace ActionNode::TestSupport;

// The actionnode command as a script or a person uses it: exit codes,
// output formats and the license options.
class TestCli : public QObject
{
    Q_OBJECT

private:
    using Run = ProcessRun;

    static Run actionnode(const QStringList &arguments, const QProcessEnvironment &settings = {},
                          const QByteArray &input = {})
    {
        return runActionnode(arguments, actionnodeEnvironment(settings), input);
    }
    static QString fixture(const char *name) { return testDataPath(QStringLiteral("licenses/") + QLatin1String(name)); }
    static QProcessEnvironment selfSigning()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("DAILY_API_KEY"), QStringLiteral("cli-test-key-8e3b1f"));
        environment.insert(QStringLiteral("DAILY_TOKEN_MODE"), QStringLiteral("self-signed"));
        environment.insert(QStringLiteral("DAILY_DOMAIN_ID"), QStringLiteral("domain-1"));
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("actionnode.*=true"));
        return environment;
    }

private slots:
    // Every command's summary starts in one column, at least two spaces after the longest name.
    void helpIsAligned()
    {
        const Run run = actionnode({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        const QString help = QString::fromUtf8(run.out);
        const QStringList lines =
            help.section(QStringLiteral("Commands:\n"), 1).section(QStringLiteral("\n\n"), 0, 0).split('\n');
        QVERIFY2(lines.size() >= 10, qPrintable(help));
        static const QRegularExpression row(QStringLiteral("^  (\\S+)( {2,})\\S"));
        qsizetype column = -1;
        for (const QString &line : lines) {
            const QRegularExpressionMatch match = row.match(line);
            QVERIFY2(match.hasMatch(), qPrintable(line));
            const qsizetype summaryAt = match.capturedEnd(2);
            QVERIFY2(column == -1 || summaryAt == column, qPrintable(line));
            column = summaryAt;
        }
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stdoutHas");
        QTest::addColumn<QString>("stderrHas");
        const QString action = QStringLiteral("daily.create_meeting_token");
        QTest::newRow("no command") << QStringList() << 2 << ""
                                    << "Usage: actionnode <command>";
        QTest::newRow("help") << QStringList{"--help"} << 0 << "Commands:"
                              << "";
        QTest::newRow("unknown command") << QStringList{"fly"} << 2 << ""
                                         << "unknown command \"fly\"";
        QTest::newRow("list") << QStringList{"list"} << 0 << action << "";
        QTest::newRow("list json") << QStringList{"list", "--format", "json"} << 0 << "\"provider\": \"daily\""
                                   << "";
        QTest::newRow("list bad option") << QStringList{"list", "--colour"} << 2 << ""
                                         << "Unknown option 'colour'";
        QTest::newRow("describe markdown")
            << QStringList{"describe", action} << 0 << "| Token | Text | The generated token |"
            << "";
        QTest::newRow("describe locked note")
            << QStringList{"describe", action, "--format", "markdown"} << 0 << "🔐 Bundle plugin only"
            << "";
        QTest::newRow("describe bad format") << QStringList{"describe", action, "--format", "xml"} << 2 << ""
                                             << "--format must be markdown or json";
        QTest::newRow("describe unknown action") << QStringList{"describe", "daily.nope"} << 1 << ""
                                                 << "unknown action";
        QTest::newRow("describe two actions") << QStringList{"describe", action, action} << 2 << ""
                                              << "exactly one action";
        QTest::newRow("run without action") << QStringList{"run"} << 2 << ""
                                            << "name an action";
        QTest::newRow("run bad input") << QStringList{"run", action, "room_name=a b", "exp=soon"} << 3
                                       << "\"status\": \"invalid_input\""
                                       << "/exp: must be a number, not \"soon\"";
        QTest::newRow("run bad assignment") << QStringList{"run", action, "room_name"} << 2 << ""
                                            << "is not key=value";
        QTest::newRow("run connection /dev/zero")
            << QStringList{"run", action, "room_name=a", "--connection", "/dev/zero"} << 1 << ""
            << "/dev/zero: is larger than the limit of 1 MiB";
        QTest::newRow("run --max-pages 0")
            << QStringList{"run", "daily.list_rooms", "--all", "--max-pages", "0"} << 2 << ""
            << "--max-pages must be a whole number, 1 or more";
        QTest::newRow("run raw assignment without a key") << QStringList{"run", action, "room_name=a", ":=5"} << 2 << ""
                                                          << "\":=5\" is not key=value";
        QTest::newRow("run locked field")
            << QStringList{"run", action, "room_name=a", "exp=1893456000", "auto_start_transcription=true"} << 4
            << "bundle_required"
            << "Video, Audio & Live Bundle";
        QTest::newRow("license show valid")
            << QStringList{"license", "show", fixture("valid-bundle.json"), "--key", fixture("test-vendor.pub.pem")}
            << 0 << "\"valid\": true"
            << "";
        QTest::newRow("license show tampered")
            << QStringList{"license", "show", fixture("tampered.json"), "--key", fixture("test-vendor.pub.pem")} << 4
            << "altered"
            << "";
        QTest::newRow("license usage") << QStringList{"license", "renew"} << 2 << ""
                                       << "license show FILE";
        QTest::newRow("inspect garbage") << QStringList{"inspect", "not-a-token"} << 3 << ""
                                         << "not a token";
        const QString saved = testDataPath(QStringLiteral("migrations/daily-1.0.0.json"));
        QTest::newRow("migrate") << QStringList{"migrate", action, "--from", "1.0.0", "--input", saved} << 0
                                 << "removed \\\"enable_recording\\\" (was \\\"rtp-tracks\\\")"
                                 << "";
        QTest::newRow("migrate unknown version")
            << QStringList{"migrate", action, "--from", "0.3.0", "--input", saved} << 3 << ""
            << "inputs saved for version 0.3.0 cannot be migrated to version 1.1.0";
        QTest::newRow("migrate without --from") << QStringList{"migrate", action, "--input", saved} << 2 << ""
                                                << "--from VERSION";
        QTest::newRow("migrate unreadable")
            << QStringList{"migrate", action, "--from", "1.0.0", "--input", "/nonexistent.json"} << 1 << ""
            << "/nonexistent.json: cannot be read";
        QTest::newRow("run saved 1.0.0 inputs")
            << QStringList{"run", action, "--input", saved, "--saved-version", "1.0.0"} << 0
            << "\"status\": \"succeeded\""
            << "migrated: 1.0.0 → 1.1.0: removed \"enable_recording\"";
        // A legacy recording type given afresh is refused, naming the current ones; saved inputs migrate (above).
        QTest::newRow("run 1.0.0 inputs unmigrated") << QStringList{"run", action, "--input", saved} << 3
                                                     << "allowed values: cloud, cloud-audio-only, local, raw-tracks"
                                                     << "/enable_recording";
        QTest::newRow("run inputs of a newer version")
            << QStringList{"run", action, "--input", saved, "--saved-version", "2.0.0"} << 3 << ""
            << "saved for version 2.0.0, newer than this declaration's 1.1.0";
        QTest::newRow("run hidden field")
            << QStringList{"run", action, "room_name=a", "exp=1893456000", "start_cloud_recording_opts:={}"} << 3
            << "visibleWhen"
            << "applies only when Start Cloud Recording is Yes";
        QTest::newRow("describe German") << QStringList{"describe", action, "--locale", "de"} << 0
                                         << "| Raumname | Text |"
                                         << "";
        QTest::newRow("describe German json") << QStringList{"describe", action, "--locale", "de", "--format", "json"}
                                              << 0 << "\"title\": \"Meeting-Token erstellen\""
                                              << "";
        QTest::newRow("export unknown builder") << QStringList{"export", "lego", "--out", "/nonexistent/pkg"} << 1 << ""
                                                << "unknown builder \"lego\"";
        QTest::newRow("export without --out") << QStringList{"export", "n8n"} << 2 << ""
                                              << "--out: name the directory";
        QTest::newRow("export into a directory with files")
            << QStringList{"export", "n8n", "--out", testDataPath(QStringLiteral("migrations"))} << 2 << ""
            << "is not empty; choose an empty directory, or --force";
        QTest::newRow("describe bad locale") << QStringList{"describe", action, "--locale", "x/y"} << 3 << ""
                                             << "\"x/y\" is not a locale tag";
    }
    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stdoutHas);
        QFETCH(QString, stderrHas);
        const Run run = actionnode(arguments, selfSigning());
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.out).contains(stdoutHas), run.out.constData());
        QVERIFY2(QString::fromUtf8(run.err).contains(stderrHas), run.err.constData());
        QVERIFY(!run.out.contains("cli-test-key-8e3b1f") && !run.err.contains("cli-test-key-8e3b1f"));
    }

    // A manifest that is /dev/zero makes its own provider unavailable, naming the file and
    // the limit; every other provider loads and runs as before.
    void endlessManifestBreaksNoOtherProvider()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        QVERIFY(QDir(directory.path()).mkdir(QStringLiteral("endless")));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), directory.filePath(QStringLiteral("endless/provider.json"))));
        QProcessEnvironment settings = selfSigning();
        settings.insert(QStringLiteral("ACTIONNODE_DECLARATION_PATH"), directory.path());
        const Run list = actionnode({"list"}, settings);
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains("daily.create_meeting_token"), list.out.constData());
        QVERIFY2(list.err.contains("endless/provider.json: is larger than the limit of 8 MiB"), list.err.constData());
        const Run run = actionnode({"run", "daily.create_meeting_token", "room_name=a", "exp=1893456000"}, settings);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("\"status\": \"succeeded\""), run.out.constData());
    }

    // The runtime options are declared in one place: each command that sets up a
    // runtime offers each of them once, with the same help text; --strict only
    // where actions are invoked, the webhook options only where webhooks are received.
    void runtimeOptionsInHelp_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("invokes");
        QTest::addColumn<bool>("receivesWebhooks");
        QTest::newRow("list") << QStringList{"list"} << false << false;
        QTest::newRow("describe") << QStringList{"describe"} << false << false;
        QTest::newRow("inspect") << QStringList{"inspect"} << false << false;
        QTest::newRow("migrate") << QStringList{"migrate"} << false << false;
        QTest::newRow("connection") << QStringList{"connection"} << false << false;
        QTest::newRow("options") << QStringList{"options"} << false << false;
        QTest::newRow("export") << QStringList{"export"} << false << false;
        QTest::newRow("listen") << QStringList{"listen"} << false << true;
        QTest::newRow("run") << QStringList{"run"} << true << false;
        QTest::newRow("batch") << QStringList{"batch"} << true << false;
        QTest::newRow("serve --stdio") << QStringList{"serve"} << true << false;
        QTest::newRow("serve --http") << QStringList{"serve", "--http", "127.0.0.1:0"} << true << true;
    }
    void runtimeOptionsInHelp()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, invokes);
        QFETCH(bool, receivesWebhooks);
        const Run run = actionnode(arguments << QStringLiteral("--help"));
        QCOMPARE(run.exitCode, 0);
        // Help wraps its descriptions: compare them with the line breaks and indentation folded.
        const QString help = QString::fromUtf8(run.out).simplified();
        const auto declared = [&help](const QString &optionAndText) { return help.count(optionAndText); };
        QCOMPARE(declared(QStringLiteral("--plugin-path <dir> Look for provider plugins in <dir> only.")), 1);
        QCOMPARE(declared(QStringLiteral("--license <file> Bundle license file (default: $ACTIONNODE_LICENSE).")), 1);
        QCOMPARE(declared(QStringLiteral("--license-key <file> PEM public key")), 1);
        QCOMPARE(declared(QStringLiteral("--connection <file> JSON file of connection settings")), 1);
        QCOMPARE(help.count(QStringLiteral(" --strict ")), invokes ? 1 : 0);
        QCOMPARE(declared(QStringLiteral("--strict Treat warnings (no room name, no expiry, ...) as errors.")),
                 invokes ? 1 : 0);
        QCOMPARE(help.count(QStringLiteral(" --hmac-file ")), receivesWebhooks ? 1 : 0);
        QCOMPARE(declared(QStringLiteral("--hmac-file <file> File holding the webhook secret (base64) of POST "
                                         "/v1/webhooks/<provider> (default: $<PROVIDER>_WEBHOOK_HMAC).")),
                 receivesWebhooks ? 1 : 0);
        QCOMPARE(declared(QStringLiteral("--replay-window <seconds> Oldest (or most future) webhook delivery accepted, "
                                         "in seconds (default 300).")),
                 receivesWebhooks ? 1 : 0);
        QCOMPARE(declared(QStringLiteral("--poll-interval-ms <ms> Time between two polls of a polling trigger, in "
                                         "milliseconds (default: each trigger's declared interval).")),
                 receivesWebhooks ? 1 : 0);
    }

    void describeJsonWithLicense_data()
    {
        QTest::addColumn<QStringList>("licenseArguments");
        QTest::addColumn<bool>("locked");
        QTest::newRow("no license") << QStringList() << true;
        QTest::newRow("bundle license") << QStringList{"--license", fixture("valid-bundle.json"), "--license-key",
                                                       fixture("test-vendor.pub.pem")}
                                        << false;
        QTest::newRow("refused license") << QStringList{"--license", fixture("expired.json"), "--license-key",
                                                        fixture("test-vendor.pub.pem")}
                                         << true;
    }
    void describeJsonWithLicense()
    {
        QFETCH(QStringList, licenseArguments);
        QFETCH(bool, locked);
        const Run run = actionnode(QStringList{"describe", "daily.create_meeting_token", "--format", "json"}
                                   + licenseArguments);
        QCOMPARE(run.exitCode, 0);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        const QJsonObject metadata = document.object();
        QCOMPARE(metadata.value(QStringLiteral("id")).toString(), QStringLiteral("daily.create_meeting_token"));
        const QJsonObject transcription = metadata.value(QStringLiteral("groups")).toArray().at(1).toObject();
        QCOMPARE(transcription.value(QStringLiteral("id")).toString(), QStringLiteral("transcription"));
        QCOMPARE(transcription.value(QStringLiteral("locked")).toBool(), locked);
        if (licenseArguments.contains(fixture("expired.json")))
            QVERIFY(run.err.contains("license refused"));
    }

    // One run reports every problem as JSON on stdout: values that do not
    // parse and values the declaration refuses alike.
    void runBadInputReportsEverything()
    {
        const Run run = actionnode({"run", "daily.create_meeting_token", "room_name=a b", "exp=soon", "lang=xx"},
                                   selfSigning());
        QCOMPARE(run.exitCode, 3);
        QJsonParseError parseError;
        const QJsonObject result = QJsonDocument::fromJson(run.out, &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, run.out.constData());
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("invalid_input"));
        QStringList problems;
        for (const QJsonValue &error : result.value(QStringLiteral("errors")).toArray())
            problems.append(error[QLatin1String("field")].toString() + QLatin1Char(' ')
                            + error[QLatin1String("rule")].toString());
        problems.sort();
        QCOMPARE(problems, (QStringList{"/exp type", "/lang enum", "/room_name pattern"}));
        QVERIFY(run.err.contains("error: /room_name:"));
    }

    void runSelfSigned()
    {
        const Run run = actionnode({"run", "daily.create_meeting_token", "room_name=standup", "is_owner=true",
                                    "permissions:={\"canSend\":[\"video\"]}"},
                                   selfSigning());
        QCOMPARE(run.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY(result.value(QStringLiteral("outputs"))
                    .toObject()
                    .value(QStringLiteral("token"))
                    .toString()
                    .startsWith(QStringLiteral("eyJ")));
        QVERIFY(run.err.contains("warning: /exp: The token has no expiry"));
        QVERIFY(!run.out.contains("cli-test-key-8e3b1f") && !run.err.contains("cli-test-key-8e3b1f"));
    }

    // key=value is typed once, in the library: run's inputs and listen's filters follow the same rule
    // and name the field alike. A value listen accepts gets as far as the missing webhook secret.
    void keyValueTypingAgrees_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("runExitCode");
        QTest::addColumn<int>("listenExitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("true") << "true" << 0 << 1 << "DAILY_WEBHOOK_HMAC";
        QTest::newRow("false") << "false" << 0 << 1 << "DAILY_WEBHOOK_HMAC";
        QTest::newRow("yes") << "yes" << 3 << 3 << "/is_owner: must be true or false, not \"yes\"";
        QTest::newRow("1") << "1" << 3 << 3 << "/is_owner: must be true or false, not \"1\"";
        QTest::newRow("TRUE") << "TRUE" << 3 << 3 << "/is_owner: must be true or false, not \"TRUE\"";
    }
    void keyValueTypingAgrees()
    {
        QFETCH(QString, text);
        QFETCH(int, runExitCode);
        QFETCH(int, listenExitCode);
        QFETCH(QString, message);
        const QString assignment = QStringLiteral("is_owner=") + text;
        const Run run = actionnode({"run", "daily.create_meeting_token", "room_name=standup", "exp=1893456000",
                                    assignment},
                                   selfSigning());
        QCOMPARE(run.exitCode, runExitCode);
        const Run listen = actionnode({"listen", "daily.participant_joined", assignment});
        QCOMPARE(listen.exitCode, listenExitCode);
        QVERIFY2(listen.err.contains(message.toUtf8()), listen.err.constData());
        if (runExitCode != 0)
            QVERIFY2(run.err.contains("error: " + message.toUtf8()), run.err.constData());
    }

    void runStrict()
    {
        const Run run = actionnode({"run", "daily.create_meeting_token", "room_name=standup", "--strict"},
                                   selfSigning());
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.out.contains("no_expiry"));
    }

    // --strict comes from the runtime options: batch honours it as run does.
    void batchStrict_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("status");
        QTest::newRow("warnings") << QStringList() << 0 << "succeeded";
        QTest::newRow("--strict") << QStringList{"--strict"} << 1 << "invalid_input";
    }
    void batchStrict()
    {
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, status);
        QTemporaryFile input;
        QVERIFY(input.open());
        input.write("{\"room_name\": \"standup\"}\n");
        input.flush();
        const Run run = actionnode(QStringList{"batch", "daily.create_meeting_token", "--input", input.fileName()}
                                       + options,
                                   selfSigning());
        QCOMPARE(run.exitCode, exitCode);
        const QJsonObject line = QJsonDocument::fromJson(run.out.trimmed()).object();
        QCOMPARE(line.value(QStringLiteral("status")).toString(), status);
        QVERIFY2(run.out.contains("no_expiry"), run.out.constData());
    }

    void runInputFile()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("{\"room_name\": \"from-file\", \"exp\": 1893456000, \"user_name\": \"File\"}");
        file.close();
        const Run run = actionnode({"run", "daily.create_meeting_token", "--input", file.fileName(),
                                    "user_name=Override"},
                                   selfSigning());
        QCOMPARE(run.exitCode, 0);
        const QByteArray token = QJsonDocument::fromJson(run.out)
                                     .object()
                                     .value(QStringLiteral("outputs"))
                                     .toObject()
                                     .value(QStringLiteral("token"))
                                     .toString()
                                     .toLatin1();
        const Run inspected = actionnode({"inspect", QString::fromLatin1(token), "--verify"}, selfSigning());
        QCOMPARE(inspected.exitCode, 0);
        const QJsonObject properties =
            QJsonDocument::fromJson(inspected.out).object().value(QStringLiteral("properties")).toObject();
        QCOMPARE(properties.value(QStringLiteral("room_name")).toString(), QStringLiteral("from-file"));
        QCOMPARE(properties.value(QStringLiteral("user_name")).toString(), QStringLiteral("Override"));
    }

    // --out is created when missing; a directory with files is written into only with --force,
    // which replaces the package's files and leaves the others.
    void exportWritesThePackage()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString out = directory.filePath(QStringLiteral("pkg"));
        const Run fresh = actionnode({"export", "n8n", "--provider", "daily", "--out", out});
        QCOMPARE(fresh.exitCode, 0);
        QVERIFY2(fresh.out.startsWith("wrote ") && fresh.out.contains(" files of the n8n package into "),
                 fresh.out.constData());
        QFile manifest(out + QStringLiteral("/package.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("name")).toString(),
                 QStringLiteral("n8n-nodes-actionnode-daily"));
        manifest.close();
        QFile own(out + QStringLiteral("/NOTES.md"));
        QVERIFY(own.open(QIODevice::WriteOnly));
        own.close();
        QCOMPARE(actionnode({"export", "n8n", "--provider", "daily", "--out", out}).exitCode, 2);
        const Run forced = actionnode(
            {"export", "n8n", "--provider", "daily", "--package-name", "n8n-nodes-rooms", "--out", out, "--force"});
        QCOMPARE(forced.exitCode, 0);
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("name")).toString(),
                 QStringLiteral("n8n-nodes-rooms"));
        QVERIFY(own.exists());
        const Run unknown = actionnode({"export", "n8n", "--provider", "lego", "--out", directory.filePath("x")});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY2(unknown.err.contains("/provider: unknown provider \"lego\"; known providers: "),
                 unknown.err.constData());
    }

    void batch()
    {
        QTemporaryFile input;
        QVERIFY(input.open());
        for (int i = 0; i < 50; ++i)
            input.write("{\"room_name\": \"room-" + QByteArray::number(i) + "\", \"exp\": 1893456000}\n");
        input.write("\n{not json\n{\"user_id\": \"0123456789012345678901234567890123456789\"}\n");
        input.close();
        const Run run = actionnode({"batch", "daily.create_meeting_token", "--input", input.fileName(), "--concurrency",
                                    "4"},
                                   selfSigning());
        QCOMPARE(run.exitCode, 1);
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 52);
        for (int i = 0; i < 50; ++i) {
            const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
            QCOMPARE(line.value(QStringLiteral("line")).toInt(), i + 1);
            QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        }
        const QJsonObject malformed = QJsonDocument::fromJson(lines.at(50)).object();
        QCOMPARE(malformed.value(QStringLiteral("line")).toInt(), 52);
        QVERIFY(malformed.value(QStringLiteral("errors"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("not valid JSON")));
        QCOMPARE(QJsonDocument::fromJson(lines.at(51)).object().value(QStringLiteral("line")).toInt(), 53);
        QVERIFY(run.err.contains("52 line(s): 50 succeeded, 2 failed"));
    }

    // --expires without a zone would mean a different instant on each signing machine.
    void licenseSignNeedsZone_data()
    {
        QTest::addColumn<QString>("expires");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("no zone") << "2030-01-01T00:00" << 2;
        QTest::newRow("no zone, seconds") << "2030-01-01T00:00:00" << 2;
        QTest::newRow("date alone") << "2030-01-01" << 2;
        QTest::newRow("Z") << "2030-01-01T00:00:00Z" << 0;
        QTest::newRow("offset") << "2030-01-01T02:00:00+02:00" << 0;
    }
    void licenseSignNeedsZone()
    {
        QFETCH(QString, expires);
        QFETCH(int, exitCode);
        const Run run = actionnode({"license", "sign", "--key", fixture("test-vendor.key.pem"), "--licensee", "Acme",
                                    "--bundle", "video_audio_live", "--expires", expires});
        QVERIFY2(run.exitCode == exitCode, run.err.constData());
        if (exitCode == 0)
            QVERIFY(run.out.contains("\"expires\": \"2030-01-01T00:00:00Z\""));
        else
            QVERIFY(run.err.contains("with a zone"));
    }

    // Files are read up to a limit, named in the message: /dev/zero must not grow the process.
    void inputsAreBounded_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrHas");
        const QString action = QStringLiteral("daily.create_meeting_token");
        QTest::newRow("--input") << QStringList{"run", action, "--input", "/dev/zero"} << 1
                                 << "larger than the limit of 16 MiB";
        QTest::newRow("--input with --saved-version")
            << QStringList{"run", action, "--input", "/dev/zero", "--saved-version", "1.0.0"} << 1
            << "larger than the limit of 16 MiB";
        QTest::newRow("migrate --input") << QStringList{"migrate", action, "--from", "1.0.0", "--input", "/dev/zero"}
                                         << 1 << "larger than the limit of 16 MiB";
        QTest::newRow("--license") << QStringList{"run", action, "room_name=a", "--license", "/dev/zero"} << 0
                                   << "larger than the limit of 64 KiB";
        QTest::newRow("--license-key") << QStringList{"list", "--license-key", "/dev/zero"} << 1
                                       << "larger than the limit of 64 KiB";
        QTest::newRow("license show") << QStringList{"license", "show", "/dev/zero"} << 4
                                      << "larger than the limit of 64 KiB";
    }
    void inputsAreBounded()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrHas);
        const Run run = actionnode(arguments, selfSigning());
        QVERIFY2(run.exitCode == exitCode, run.err.constData());
        QVERIFY2(QString::fromUtf8(run.err + run.out).contains(stderrHas), run.err.constData());
    }

    // Raw control characters (NUL included) inside JSON strings are invalid
    // JSON (RFC 8259), wherever the JSON comes from.
    void controlCharactersInJson_data()
    {
        QTest::addColumn<char>("control");
        QTest::newRow("NUL") << '\0';
        QTest::newRow("CR") << '\r';
        QTest::newRow("tab") << '\t';
        QTest::newRow("bell") << '\x07';
        QTest::newRow("unit separator") << '\x1f';
    }
    void controlCharactersInJson()
    {
        QFETCH(char, control);
        const QByteArray value = QByteArray("\"a") + control + "b\"";
        const QByteArray json = "{\"room_name\": \"r\", \"user_name\": " + value + ", \"exp\": 1893456000}";
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(json + '\n');
        file.close();
        const Run fromFile = actionnode({"run", "daily.create_meeting_token", "--input", file.fileName()},
                                        selfSigning());
        QCOMPARE(fromFile.exitCode, 3);
        QVERIFY2(fromFile.err.contains("control character"), fromFile.err.constData());
        // Saved inputs are read by the same reader.
        const Run migrated = actionnode({"migrate", "daily.create_meeting_token", "--from", "1.0.0", "--input",
                                         file.fileName()},
                                        selfSigning());
        QCOMPARE(migrated.exitCode, 3);
        QVERIFY2(migrated.err.contains("control character"), migrated.err.constData());

        if (control != '\0') { // a command line argument cannot hold a NUL
            const Run assigned = actionnode({"run", "daily.create_meeting_token", "room_name=r", "exp=1893456000",
                                             QStringLiteral("user_name:=") + QString::fromLatin1(value)},
                                            selfSigning());
            QCOMPARE(assigned.exitCode, 3);
            QVERIFY2(assigned.err.contains("control character"), assigned.err.constData());
        }

        // A batch line reads the same from a file and from a pipe.
        const Run batchFile = actionnode({"batch", "daily.create_meeting_token", "--input", file.fileName()},
                                         selfSigning());
        const Run piped = actionnode({"batch", "daily.create_meeting_token", "--input", "-"}, selfSigning(),
                                     json + '\n');
        const QByteArray batchPipe = piped.out;
        QCOMPARE(batchFile.exitCode, 1);
        QCOMPARE(piped.exitCode, 1);
        QCOMPARE(batchPipe, batchFile.out);
        QVERIFY2(batchPipe.contains("control character"), batchPipe.constData());
    }

    // Escaped control characters are fine.
    void escapedControlCharactersPass()
    {
        const Run run = actionnode({"run", "daily.create_meeting_token", "exp=1893456000", "room_name=a",
                                    "user_name:=\"a\\u0000b\\tc\""},
                                   selfSigning());
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }

    // With no provider plugin loaded, there is nothing to list: a failure.
    void listWithEveryPluginBroken()
    {
        QTemporaryDir directory;
        QVERIFY(QFile::copy(QStringLiteral(TEST_PLUGIN_DIR "/libIncompatibleTestPlugin.so"),
                            directory.filePath(QStringLiteral("libIncompatibleTestPlugin.so"))));
        const Run run = actionnode({"list", "--plugin-path", directory.path()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("error:"), run.err.constData());
        const Run healthy = actionnode({"list", "--plugin-path", directory.path(), "--plugin-path",
                                        QStringLiteral(ACTIONNODE_BINARY_DIR "/lib/actionnode/plugins")});
        QVERIFY2(healthy.exitCode == 0, healthy.err.constData());
    }

    // batch and serve outlive a reader of their output that goes away (here
    // head, after one line): an error exit, not death by SIGPIPE (141).
    void closedOutput_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("line");
        QTest::newRow("batch") << "batch daily.create_meeting_token --input -"
                               << R"({"room_name": "a", "exp": 1893456000})";
        QTest::newRow("serve") << "serve --stdio"
                               << R"({"jsonrpc": "2.0", "id": 1, "method": "ping"})";
    }
    void closedOutput()
    {
        QFETCH(QString, command);
        QFETCH(QString, line);
        QProcessEnvironment settings = selfSigning();
        settings.insert(QStringLiteral("LINE"), line);
        const Run shell = runProcess(QStringLiteral("bash"),
                                     {"-c",
                                      QStringLiteral(
                                          "while echo \"$LINE\"; do :; done | \"$0\" %1 | head -n 1 >/dev/null; "
                                          "echo \"exit ${PIPESTATUS[1]}\"")
                                          .arg(command),
                                      actionnodeExecutable()},
                                     actionnodeEnvironment(settings), {}, 30000);
        QCOMPARE(shell.out.trimmed(), QByteArray("exit 1"));
    }

    // A batch line over 4 MiB fails on its own, without being kept; the others run.
    // Lines are read straight into the action's inputs: what the line says, exactly as a document would.
    void batchLinesReadAsDocuments_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("detail"); // "claim=value" of the token, or the first error's field
        QTest::newRow("repeated key: the last")
            << QByteArray(R"({"room_name":"first","room_name":"second","exp":1893456000})") << "succeeded"
            << "r=second";
        QTest::newRow("unknown field") << QByteArray(R"({"room_name":"a","colour":"blue"})") << "invalid_input"
                                       << "/colour";
        QTest::newRow("wrong type") << QByteArray(R"({"room_name":"a","exp":"soon"})") << "invalid_input"
                                    << "/exp";
        QTest::newRow("escaped text") << QByteArray(
            "{\"room_name\":\"a\",\"user_name\":\"Zo\\u00eb \\\"Z\\\"\",\"exp\":1893456000}")
                                      << "succeeded" << QString::fromUtf8("u=Zo\xc3\xab \"Z\"");
        QTest::newRow("lone surrogate, left to the document reader")
            << QByteArray(R"({"room_name":"\ud800"})") << "invalid_input"
            << "/room_name";
    }
    void batchLinesReadAsDocuments()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, status);
        QFETCH(QString, detail);
        QTemporaryFile input;
        QVERIFY(input.open());
        input.write(line + '\n');
        input.close();
        const Run run = actionnode({"batch", "daily.create_meeting_token", "--input", input.fileName()}, selfSigning());
        const QJsonObject result = QJsonDocument::fromJson(run.out.trimmed()).object();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), status);
        if (status == QLatin1String("succeeded")) {
            const QString token =
                result.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("token")).toString();
            const QJsonObject claims = QJsonDocument::fromJson(
                                           QByteArray::fromBase64(token.section(QLatin1Char('.'), 1, 1).toLatin1(),
                                                                  QByteArray::Base64UrlEncoding
                                                                      | QByteArray::OmitTrailingEquals))
                                           .object();
            QCOMPARE(claims.value(detail.section(QLatin1Char('='), 0, 0)).toString(),
                     detail.section(QLatin1Char('='), 1));
        } else {
            QCOMPARE(result.value(QStringLiteral("errors"))
                         .toArray()
                         .at(0)
                         .toObject()
                         .value(QStringLiteral("field"))
                         .toString(),
                     detail);
        }
    }

    // Result lines are written without a document: each must be the bytes
    // QJsonDocument writes for it, whatever the line held.
    void batchLinesAsQJsonDocumentWritesThem()
    {
        const QList<QByteArray> lines{
            "{\"room_name\":\"plain\",\"exp\":1893456000}",
            "{\"room_name\":\"r\",\"user_name\":\"Zo\\u00eb \\u4f1a\\u8bae \\ud83d\\ude00\",\"exp\":1893456000}",
            "{\"room_name\":\"r\",\"user_name\":\"say \\\"hi\\\" C:\\\\ \\n\\t\\u0001\\u007f\"}",
            "{\"room_name\":\"Zo\\u00eb \\\"q\\\" \\n \\u4f1a\"}",
            "{\"room_name\":\"Zo\xc3\xab\"}",
            "{\"room_name\":\"\\ud800\"}",
            "{\"room_name\":\"a\",\"colour\":\"blue\"}",
            "{\"room_name\":\"a\",\"nbf\":1893456000,\"exp\":1893450000}",
            "{\"room_name\":\"a\",\"exp\":\"soon\"}",
            "{not json",
            "[1, 2]",
            "",
            "{\"room_name\":\"a\",\"eject_after_elapsed\":1}",
        };
        QTemporaryFile input;
        QVERIFY(input.open());
        input.write(lines.join('\n') + '\n');
        input.close();
        const Run run = actionnode({"batch", "daily.create_meeting_token", "--input", input.fileName()}, selfSigning());
        const QList<QByteArray> written = run.out.trimmed().split('\n');
        QCOMPARE(written.size(), lines.size() - 1); // the blank line has none
        for (const QByteArray &line : written) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            QCOMPARE(document.toJson(QJsonDocument::Compact), line);
        }
        QVERIFY(written.first().contains("\"status\":\"succeeded\""));
        QVERIFY(run.out.contains("\"status\":\"invalid_input\""));
    }

    void batchLineTooLong()
    {
        QTemporaryFile input;
        QVERIFY(input.open());
        input.write("{\"room_name\": \"a\", \"exp\": 1893456000}\n");
        input.write("{\"user_name\": \"" + QByteArray(5 << 20, 'x') + "\"}\n");
        input.write("{\"room_name\": \"c\", \"exp\": 1893456000}\n");
        input.close();
        const Run run = actionnode({"batch", "daily.create_meeting_token", "--input", input.fileName()}, selfSigning());
        QCOMPARE(run.exitCode, 1);
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonObject tooLong = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(tooLong.value(QStringLiteral("line")).toInt(), 2);
        QVERIFY2(lines.at(1).contains("lines of at most 4194304 bytes"), lines.at(1).constData());
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
    }

    // batch --input - writes each result as soon as it is known, input still
    // open, whether lines come one by one or several in one write.
    void batchStreams_data()
    {
        QTest::addColumn<int>("linesPerWrite");
        QTest::newRow("one line at a time") << 1;
        QTest::newRow("three lines in one write") << 3;
    }
    void batchStreams()
    {
        QFETCH(int, linesPerWrite);
        QProcess process;
        process.setProcessEnvironment(actionnodeEnvironment(selfSigning()));
        process.start(actionnodeExecutable(), {"batch", "daily.create_meeting_token", "--input", "-"});
        QVERIFY(process.waitForStarted());
        int written = 0;
        for (int i = 1; i <= 3; ++i) {
            process.write(QByteArray("{\"room_name\": \"a\", \"exp\": 1893456000}\n").repeated(linesPerWrite));
            written += linesPerWrite;
            QByteArray out;
            while (out.count('\n') < linesPerWrite && process.waitForReadyRead(20000))
                out += process.readAllStandardOutput();
            const QList<QByteArray> results = out.trimmed().split('\n');
            QCOMPARE(results.size(), linesPerWrite);
            QCOMPARE(QJsonDocument::fromJson(results.constLast()).object().value(QStringLiteral("line")).toInt(),
                     written);
        }
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
    }

    // Lines handed over in groups keep their numbers and order, a line too
    // long among them included.
    void batchKeepsOrderAcrossGroups()
    {
        QTemporaryFile input;
        QVERIFY(input.open());
        constexpr int lines = 3000;
        constexpr int tooLongLine = 1500;
        for (int i = 1; i <= lines; ++i) {
            if (i == tooLongLine)
                input.write("{\"user_name\": \"" + QByteArray(5 << 20, 'x') + "\"}\n");
            else
                input.write("{\"room_name\": \"r" + QByteArray::number(i) + "\", \"exp\": 1893456000}\n");
        }
        input.close();
        const Run run = actionnode({"batch", "daily.create_meeting_token", "--input", input.fileName()}, selfSigning());
        QCOMPARE(run.exitCode, 1);
        const QList<QByteArray> written = run.out.trimmed().split('\n');
        QCOMPARE(written.size(), lines);
        for (int i = 1; i <= lines; ++i) {
            const QJsonObject result = QJsonDocument::fromJson(written.at(i - 1)).object();
            QCOMPARE(result.value(QStringLiteral("line")).toInt(), i);
            QCOMPARE(result.value(QStringLiteral("status")).toString(),
                     i == tooLongLine ? QStringLiteral("invalid_input") : QStringLiteral("succeeded"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
