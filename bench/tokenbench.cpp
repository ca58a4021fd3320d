// In-process figures for bench/run, one JSON line each:
//   actionnode-bench full N       self-signed tokens through Runtime::invoke
//   actionnode-bench sign N       Jwt::sign alone over the same claims
//   actionnode-bench hmac N       one-shot OpenSSL HMAC-SHA256 over the same signing input
//   actionnode-bench rest URL C N REST tokens from the Daily emulator at URL, C in flight
#include <actionnode/claimmapping.h>
#include <actionnode/jwt.h>
#include <actionnode/runtime.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>

using namespace ActionNode;

namespace {

const QString actionId = QStringLiteral("daily.create_meeting_token");
const QByteArray apiKey = "emulator-demo-key";

// The inputs every figure uses, and the peers too (bench/peers/claims.json).
QJsonObject inputs()
{
    return {{"room_name", "standup"}, {"user_name", "Alice"}, {"user_id", "user-0042"}, {"is_owner", true},
            {"nbf", 1893452400}, {"exp", 1893456000}, {"lang", "en"},
            {"permissions", QJsonObject{{"canSend", QJsonArray{"video", "audio"}}}}};
}

void report(const char *figure, double value, const char *unit)
{
    std::printf("{\"figure\": \"%s\", \"value\": %.1f, \"unit\": \"%s\"}\n", figure, value, unit);
    std::fflush(stdout);
}

Runtime *makeRuntime(const QString &mode, const QString &apiBase)
{
    auto *runtime = new Runtime;
    runtime->discoverPlugins();
    Connection connection = runtime->connection(QStringLiteral("daily"));
    connection.setValue(QStringLiteral("api_key"), QString::fromLatin1(apiKey));
    connection.setValue(QStringLiteral("token_mode"), mode);
    connection.setValue(QStringLiteral("domain_id"), QStringLiteral("00000000-0000-4000-8000-000000000000"));
    connection.setValue(QStringLiteral("domain"), QStringLiteral("emulator"));
    if (!apiBase.isEmpty())
        connection.setValue(QStringLiteral("api_base"), apiBase);
    runtime->setConnection(connection);
    return runtime;
}

int fullPath(int count)
{
    std::unique_ptr<Runtime> runtime(makeRuntime(QStringLiteral("self-signed"), {}));
    const QJsonObject values = inputs();
    for (int i = 0; i < 1000; ++i) // warm-up
        runtime->invoke(actionId, values).result();
    QElapsedTimer timer;
    timer.start();
    int failures = 0;
    for (int i = 0; i < count; ++i)
        failures += !runtime->invoke(actionId, values).result().isSuccess();
    report("full_path_tokens_per_s", count * 1e9 / timer.nsecsElapsed(), "tokens/s");
    return failures == 0 ? 0 : 1;
}

QJsonObject claims()
{
    Runtime runtime;
    runtime.discoverPlugins();
    ActionErrors unmapped;
    QJsonObject result = ClaimMapping::toClaims(runtime.action(actionId), inputs(), &unmapped);
    result.insert(QStringLiteral("d"), QStringLiteral("00000000-0000-4000-8000-000000000000"));
    result.insert(QStringLiteral("iat"), 1893450000);
    return result;
}

int signOnly(int count)
{
    const QJsonObject values = claims();
    QElapsedTimer timer;
    timer.start();
    qsizetype bytes = 0;
    for (int i = 0; i < count; ++i)
        bytes += Jwt::sign(values, apiKey).size();
    report("sign_only_tokens_per_s", count * 1e9 / timer.nsecsElapsed(), "tokens/s");
    return bytes > 0 ? 0 : 1;
}

int hmacFloor(int count)
{
    const QByteArray token = Jwt::sign(claims(), apiKey);
    const QByteArray signingInput = token.left(token.lastIndexOf('.'));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i)
        HMAC(EVP_sha256(), apiKey.constData(), int(apiKey.size()),
             reinterpret_cast<const unsigned char *>(signingInput.constData()), size_t(signingInput.size()), digest, &length);
    report("hmac_floor_tokens_per_s", count * 1e9 / timer.nsecsElapsed(), "tokens/s");
    return length == 32 ? 0 : 1;
}

int rest(const QString &apiBase, int concurrency, int count)
{
    std::unique_ptr<Runtime> runtime(makeRuntime(QStringLiteral("rest"), apiBase));
    const QJsonObject values = inputs();
    int started = 0;
    int finished = 0;
    int failures = 0;
    QElapsedTimer timer;
    std::function<void()> startOne = [&] {
        ++started;
        auto *watcher = new QFutureWatcher<ActionResult>;
        QObject::connect(watcher, &QFutureWatcher<ActionResult>::finished, [&, watcher] {
            failures += !watcher->result().isSuccess();
            watcher->deleteLater();
            if (++finished == count)
                QCoreApplication::quit();
            else if (started < count)
                startOne();
        });
        watcher->setFuture(runtime->invoke(actionId, values));
    };
    timer.start();
    for (int i = 0; i < concurrency && started < count; ++i)
        startOne();
    QCoreApplication::exec();
    const QByteArray figure = "rest_c" + QByteArray::number(concurrency) + "_tokens_per_s";
    report(figure.constData(), count * 1e9 / timer.nsecsElapsed(), "tokens/s");
    return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const QString mode = arguments.value(1);
    if (mode == QLatin1String("full"))
        return fullPath(arguments.value(2, QStringLiteral("200000")).toInt());
    if (mode == QLatin1String("sign"))
        return signOnly(arguments.value(2, QStringLiteral("200000")).toInt());
    if (mode == QLatin1String("hmac"))
        return hmacFloor(arguments.value(2, QStringLiteral("1000000")).toInt());
    if (mode == QLatin1String("rest") && arguments.size() >= 4)
        return rest(arguments.at(2), arguments.at(3).toInt(), arguments.value(4, QStringLiteral("2000")).toInt());
    std::fprintf(stderr, "usage: actionnode-bench full|sign|hmac [N] | rest URL CONCURRENCY [N]\n");
    return 2;
}
