// actionnode-bench: the in-process figures of bench/run, one JSON line each.
//
//   actionnode-bench inputs                  the inputs every figure uses (the peers' too)
//   actionnode-bench claims                  the claims the full path signs, for the peers
//   actionnode-bench full [N]                self-signed tokens/s through Runtime::invoke
//   actionnode-bench slots [N]               the same, the inputs filled by slot (Runtime::inputsFor), Runtime::call
//   actionnode-bench sign [N]                Jwt::sign alone over the same claims
//   actionnode-bench hmac [N]                one-shot HMAC-SHA256 over the same signing input
//   actionnode-bench rest API_BASE C [N]     REST tokens/s against the emulator, C in flight
//   actionnode-bench declaration FIELDS      ms to load a declaration of FIELDS fields (median of 5)
//
// Every measured loop stops after N iterations or after its time limit,
// whichever comes first, and reports what it did in the time it took.
#include <actionnode/sdk/jwt.h>
#include <actionnode/runtime.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <type_traits>

using namespace ActionNode;

namespace {

const QString actionId = QStringLiteral("daily.create_meeting_token");
const QByteArray apiKey = "emulator-demo-key";
const QString domainId = QStringLiteral("00000000-0000-4000-8000-000000000000");

constexpr qint64 warmUpIterations = 2000;
constexpr qint64 timeLimitNs = 10'000'000'000;
constexpr int restTimeLimitMs = 30'000;

// A realistic attendee: every figure and every peer uses exactly these values.
QJsonObject inputs()
{
    return {{QStringLiteral("room_name"), QStringLiteral("weekly-standup")},
            {QStringLiteral("user_name"), QStringLiteral("Alice Example")},
            {QStringLiteral("user_id"), QStringLiteral("user-0042")},
            {QStringLiteral("is_owner"), true},
            {QStringLiteral("nbf"), 1893452400},
            {QStringLiteral("exp"), 1893456000},
            {QStringLiteral("lang"), QStringLiteral("en")},
            {QStringLiteral("permissions"),
             QJsonObject{{QStringLiteral("canSend"), QJsonArray{QStringLiteral("video"), QStringLiteral("audio")}}}}};
}

void configure(Runtime *runtime, const QString &tokenMode, const QString &apiBase = {})
{
    runtime->discoverPlugins();
    Connection connection = runtime->connection(QStringLiteral("daily"));
    connection.setValue(QStringLiteral("api_key"), QString::fromLatin1(apiKey));
    connection.setValue(QStringLiteral("token_mode"), tokenMode);
    connection.setValue(QStringLiteral("domain_id"), domainId);
    connection.setValue(QStringLiteral("domain"), QStringLiteral("bench"));
    if (!apiBase.isEmpty())
        connection.setValue(QStringLiteral("api_base"), apiBase);
    runtime->setConnection(connection);
}

// Says what went wrong on standard error; returns the exit code of a failed figure.
int fail(const QString &what, const ActionResult *result = nullptr)
{
    const QByteArray detail = result ? QJsonDocument(result->toJson()).toJson(QJsonDocument::Compact) : QByteArray();
    std::fprintf(stderr, "actionnode-bench: %s %s\n", qPrintable(what), detail.constData());
    return 1;
}

// One token from the full path; its claims and signing input feed the other figures.
QByteArray fullPathToken()
{
    Runtime runtime;
    configure(&runtime, QStringLiteral("self-signed"));
    const ActionResult result = runtime.invoke(actionId, inputs()).result();
    if (!result.isSuccess())
        fail(QStringLiteral("the full path failed:"), &result);
    return result.outputs.text(u"token").toLatin1();
}

void printJson(const QJsonObject &object)
{
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
}

struct Measurement
{
    qint64 iterations = 0;
    qint64 nsecs = 0;
};

void report(const char *figure, const Measurement &measurement)
{
    const double seconds = double(measurement.nsecs) / 1e9;
    std::printf("{\"figure\": \"%s\", \"value\": %.1f, \"unit\": \"tokens/s\", \"iterations\": %lld, "
                "\"seconds\": %.3f}\n",
                figure, seconds > 0 ? double(measurement.iterations) / seconds : 0.0,
                static_cast<long long>(measurement.iterations), seconds);
    std::fflush(stdout);
}

// Runs step() after a warm-up until \a count iterations or the time limit;
// the clock is read once per round so that reading it costs next to nothing.
template<typename Step>
Measurement measure(qint64 count, Step step)
{
    for (qint64 i = 0; i < warmUpIterations; ++i)
        step();
    constexpr qint64 round = 256;
    QElapsedTimer timer;
    timer.start();
    Measurement measurement;
    while (measurement.iterations < count && timer.nsecsElapsed() < timeLimitNs) {
        const qint64 steps = std::min(round, count - measurement.iterations);
        for (qint64 i = 0; i < steps; ++i)
            step();
        measurement.iterations += steps;
    }
    measurement.nsecs = timer.nsecsElapsed();
    return measurement;
}

/*
    The inputs of every figure as a C++ host fills them by slot: each
    field's slot found once, then set with no key looked up.
*/
ActionInputs inputsBySlot(Runtime *runtime)
{
    ActionInputs bySlot = runtime->inputsFor(actionId).value_or(ActionInputs());
    const QJsonObject values = inputs();
    for (auto it = values.begin(); it != values.end(); ++it)
        bySlot.setValue(bySlot.slotOf(it.key()), it.value());
    return bySlot;
}

// The full path with \a Inputs, a QJsonObject or an ActionInputs filled by slot.
template<typename Inputs>
int fullPath(qint64 count)
{
    constexpr bool bySlot = std::is_same_v<Inputs, ActionInputs>;
    Runtime runtime;
    configure(&runtime, QStringLiteral("self-signed"));
    Inputs values;
    if constexpr (bySlot)
        values = inputsBySlot(&runtime);
    else
        values = inputs();
    qint64 failures = 0;
    ActionResult lastFailure;
    qsizetype outputChars = 0;
    const Measurement measurement = measure(count, [&] {
        // By slot, as a host on the hot path does it: the result handed back without a future.
        ActionResult result;
        if constexpr (bySlot)
            result = runtime.call(actionId, values).result();
        else
            result = runtime.invoke(actionId, values).result();
        if (!result.isSuccess()) {
            ++failures;
            lastFailure = result;
        }
        // Taken as a host takes them, so that handing the outputs over is measured too.
        outputChars += result.outputs.textView(u"token").size() + result.outputs.textView(u"join_url").size();
    });
    if (failures > 0)
        return fail(QStringLiteral("%1 invocations failed; the last:").arg(failures), &lastFailure);
    report(bySlot ? "full_path_by_slot" : "full_path", measurement);
    return outputChars > 0 ? 0 : 1;
}

int signOnly(qint64 count)
{
    const QByteArray token = fullPathToken();
    const QJsonObject claims = Jwt::decode(token).claims;
    // The same claims must give the same token, or the two figures compare different work.
    if (token.isEmpty() || Jwt::sign(claims, apiKey) != token)
        return fail(QStringLiteral("Jwt::sign does not reproduce the full path's token"));
    qsizetype bytes = 0;
    const Measurement measurement = measure(count, [&] { bytes += Jwt::sign(claims, apiKey).size(); });
    report("sign_only", measurement);
    return bytes > 0 ? 0 : 1;
}

int hmacFloor(qint64 count)
{
    const QByteArray token = fullPathToken();
    const QByteArray signingInput = token.left(token.lastIndexOf('.'));
    if (signingInput.isEmpty())
        return 1;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    const Measurement measurement = measure(count, [&] {
        HMAC(EVP_sha256(), apiKey.constData(), int(apiKey.size()),
             reinterpret_cast<const unsigned char *>(signingInput.constData()), size_t(signingInput.size()), digest,
             &length);
    });
    report("hmac_floor", measurement);
    return length == 32 ? 0 : 1;
}

// Keeps \a concurrency invocations in flight; the clock starts once the
// warm-up invocations (which open the connections) have finished.
int rest(const QString &apiBase, int concurrency, qint64 count)
{
    Runtime runtime;
    configure(&runtime, QStringLiteral("rest"), apiBase);
    // Daily's declared 20 requests per second would measure the limiter, not the
    // transport; the peers do not space their requests against the emulator either.
    runtime.setHonoursRateLimits(false);
    const QJsonObject values = inputs();
    const qint64 warmUp = std::max<qint64>(50, 2 * concurrency);
    const qint64 total = warmUp + count;
    qint64 started = 0;
    qint64 finished = 0;
    qint64 failures = 0;
    ActionResult lastFailure;
    QElapsedTimer timer;
    QEventLoop loop;
    QTimer::singleShot(restTimeLimitMs, &loop, &QEventLoop::quit);
    std::function<void()> startOne = [&] {
        ++started;
        auto *watcher = new QFutureWatcher<ActionResult>(&loop);
        QObject::connect(watcher, &QFutureWatcherBase::finished, &loop, [&, watcher] {
            const ActionResult result = watcher->result();
            watcher->deleteLater();
            if (!result.isSuccess()) {
                ++failures;
                lastFailure = result;
            }
            if (++finished == warmUp)
                timer.start();
            if (finished == total)
                loop.quit();
            else if (started < total)
                startOne();
        });
        watcher->setFuture(runtime.invoke(actionId, values));
    };
    for (int i = 0; i < concurrency && started < total; ++i)
        startOne();
    loop.exec();
    if (failures > 0)
        return fail(QStringLiteral("%1 REST invocations failed; the last:").arg(failures), &lastFailure);
    if (!timer.isValid())
        return fail(QStringLiteral("the warm-up did not finish within the time limit"));
    const QByteArray figure = "rest_c" + QByteArray::number(concurrency);
    report(figure.constData(), {finished - warmUp, timer.nsecsElapsed()});
    return 0;
}

qint64 countArgument(const QStringList &arguments, int index, qint64 fallback)
{
    bool ok = false;
    const qint64 count = arguments.value(index).toLongLong(&ok);
    return ok && count > 0 ? count : fallback;
}

// A declaration of \a fields fields (text inputs in one group, and one output): what loading costs per field.
QByteArray wideDeclaration(qint64 fields)
{
    QJsonObject properties;
    QJsonArray keys;
    for (qint64 i = 0; i + 1 < fields; ++i) {
        const QString key = QStringLiteral("field_%1").arg(i);
        properties.insert(key, QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                           {QStringLiteral("title"), key},
                                           {QStringLiteral("description"), QStringLiteral("A field.")},
                                           {QStringLiteral("maxLength"), 64}});
        keys.append(key);
    }
    const QJsonObject value{{QStringLiteral("type"), QStringLiteral("string")},
                            {QStringLiteral("title"), QStringLiteral("Value")},
                            {QStringLiteral("description"), QStringLiteral("The value.")}};
    return QJsonDocument(
               QJsonObject{{QStringLiteral("id"), QStringLiteral("bench.wide")},
                           {QStringLiteral("provider"), QStringLiteral("bench")},
                           {QStringLiteral("version"), QStringLiteral("1.0.0")},
                           {QStringLiteral("title"), QStringLiteral("Wide")},
                           {QStringLiteral("description"), QStringLiteral("Many fields.")},
                           {QStringLiteral("inputs"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                                                  {QStringLiteral("additionalProperties"), false},
                                                                  {QStringLiteral("properties"), properties}}},
                           {QStringLiteral("layout"),
                            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("general")},
                                                   {QStringLiteral("title"), QStringLiteral("General")},
                                                   {QStringLiteral("fields"), keys}}}},
                           {QStringLiteral("outputs"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                                                   {QStringLiteral("properties"),
                                                                    QJsonObject{{QStringLiteral("value"), value}}}}}})
        .toJson(QJsonDocument::Compact);
}

int declarationLoad(qint64 fields)
{
    const QByteArray declaration = wideDeclaration(fields);
    QList<double> milliseconds;
    for (int run = 0; run < 5; ++run) {
        QElapsedTimer clock;
        clock.start();
        const ActionSpec spec = ActionSpec::fromDeclaration(declaration, QStringLiteral("wide.json"));
        milliseconds.append(double(clock.nsecsElapsed()) / 1e6);
        if (spec.hasError())
            return fail(spec.errorString());
    }
    std::sort(milliseconds.begin(), milliseconds.end());
    std::printf("{\"figure\": \"declaration load\", \"value\": %.1f, \"unit\": \"ms\", \"fields\": %lld}\n",
                milliseconds.at(milliseconds.size() / 2), static_cast<long long>(fields));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const QString mode = arguments.value(1);
    if (mode == QLatin1String("inputs")) {
        printJson(inputs());
        return 0;
    }
    if (mode == QLatin1String("claims")) {
        const QByteArray token = fullPathToken();
        printJson(Jwt::decode(token).claims);
        return token.isEmpty() ? 1 : 0;
    }
    if (mode == QLatin1String("full"))
        return fullPath<QJsonObject>(countArgument(arguments, 2, 1'000'000));
    if (mode == QLatin1String("slots"))
        return fullPath<ActionInputs>(countArgument(arguments, 2, 1'000'000));
    if (mode == QLatin1String("sign"))
        return signOnly(countArgument(arguments, 2, 1'000'000));
    if (mode == QLatin1String("hmac"))
        return hmacFloor(countArgument(arguments, 2, 5'000'000));
    if (mode == QLatin1String("declaration"))
        return declarationLoad(countArgument(arguments, 2, 1000));
    if (mode == QLatin1String("rest") && arguments.size() >= 4 && arguments.at(3).toInt() > 0)
        return rest(arguments.at(2), arguments.at(3).toInt(), countArgument(arguments, 4, 5000));
    std::fprintf(stderr, "usage: actionnode-bench inputs | claims | full [N] | slots [N] | sign [N] | hmac [N]"
                         " | rest API_BASE CONCURRENCY [N] | declaration FIELDS\n");
    return 2;
}
