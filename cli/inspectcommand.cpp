#include "inspectcommand.h"
#include "boundedfile.h"

#include <actionnode/claimmapping.h>
#include <actionnode/jwt.h>

#include <QDateTime>
#include <QJsonDocument>

#include <cmath>

using namespace ActionNode;

namespace {

ActionSpec actionForHeader(Runtime &runtime, const QJsonObject &header)
{
    for (const ActionSpec &action : runtime.actions()) {
        const QJsonObject expected = action.transport().value(QStringLiteral("tokenHeader")).toObject();
        if (!expected.isEmpty()
            && expected.value(QStringLiteral("alg")) == header.value(QStringLiteral("alg"))
            && expected.value(QStringLiteral("typ")) == header.value(QStringLiteral("typ")))
            return action;
    }
    return {};
}

/*
    A NumericDate claim (RFC 7519): seconds since 1970, fractions allowed.
    Anything else where the claim is present is malformed, never "absent".
*/
struct TimeClaim
{
    bool present = false;
    bool valid = false;
    double seconds = 0;

    TimeClaim(const QJsonObject &claims, const char *name)
    {
        const QJsonValue value = claims.value(QLatin1String(name));
        present = !value.isUndefined();
        valid = value.isDouble() && std::isfinite(value.toDouble());
        seconds = value.toDouble();
    }
};

// ISO 8601 in UTC for years 1 to 9999 (which is what Qt writes), else the number itself.
QString isoTime(double seconds)
{
    constexpr double first = -62135596800.0; // 0001-01-01T00:00:00Z
    constexpr double last = 253402300799.0;  // 9999-12-31T23:59:59Z
    if (seconds < first || seconds >= last + 1)
        return QStringLiteral("%1 s after 1970 (outside the years 1 to 9999)").arg(seconds, 0, 'g', 17);
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(std::floor(seconds * 1000)), Qt::UTC);
    return time.toString(std::floor(seconds) == seconds ? Qt::ISODate : Qt::ISODateWithMs);
}

QString describe(const TimeClaim &claim, const char *name)
{
    return claim.valid ? isoTime(claim.seconds)
                       : QStringLiteral("malformed: \"%1\" is not a number of seconds").arg(QLatin1String(name));
}

} // namespace

int InspectCommand::run(const QStringList &arguments)
{
    constexpr qint64 maxTokenBytes = 1 << 20;
    QCommandLineParser parser;
    const QCommandLineOption verify(QStringLiteral("verify"),
                                    QStringLiteral("Check the signature with the provider's key and the nbf/exp times."));
    const QCommandLineOption keyFile(QStringLiteral("key-file"),
                                     QStringLiteral("Read the signing key from <file> instead of the provider's connection."),
                                     QStringLiteral("file"));
    parser.addOptions({verify, keyFile});
    parser.addPositionalArgument(QStringLiteral("token"), QStringLiteral("The token, or '-' to read it from standard input."));
    m_runtimeOptions.addTo(parser);
    int exitCode = Success;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        err() << "actionnode inspect: give exactly one token\n";
        return UsageError;
    }
    QByteArray token = parser.positionalArguments().constFirst().toLatin1();
    if (token == "-") {
        QString readError;
        const std::optional<QByteArray> text = BoundedFile::read(QStringLiteral("-"), maxTokenBytes, &readError);
        if (!text) {
            err() << "actionnode inspect: " << readError << "\n";
            return Failure;
        }
        token = *text;
    }
    token = token.trimmed();

    const Jwt::Decoded decoded = Jwt::decode(token);
    if (!decoded.isValid()) {
        err() << "actionnode inspect: not a token: " << decoded.errorString << "\n";
        return InvalidInput;
    }
    Runtime runtime;
    QString error;
    if (!m_runtimeOptions.apply(parser, runtime, &error)) {
        err() << "actionnode inspect: " << error << "\n";
        return Failure;
    }
    const ActionSpec action = actionForHeader(runtime, decoded.header);
    QJsonObject report{{QStringLiteral("header"), decoded.header}, {QStringLiteral("claims"), decoded.claims}};
    if (!action.hasError()) {
        report.insert(QStringLiteral("action"), action.id());
        report.insert(QStringLiteral("properties"), ClaimMapping::fromClaims(action, decoded.claims));
    }
    QJsonObject times;
    for (const char *name : {"iat", "nbf", "exp"}) {
        const TimeClaim claim(decoded.claims, name);
        if (claim.present)
            times.insert(QLatin1String(name), describe(claim, name));
    }
    if (!times.isEmpty())
        report.insert(QStringLiteral("times"), times);

    bool verified = true;
    if (parser.isSet(verify)) {
        QByteArray key;
        if (parser.isSet(keyFile)) {
            const std::optional<QByteArray> text = BoundedFile::read(parser.value(keyFile), maxTokenBytes, &error);
            if (!text) {
                err() << "actionnode inspect: " << error << "\n";
                return Failure;
            }
            key = text->trimmed();
        } else if (!action.hasError()) {
            const QString setting = action.transport().value(QStringLiteral("signingKeySetting")).toString();
            if (!setting.isEmpty())
                key = runtime.connection(action.provider()).value(setting).toUtf8();
        }
        if (key.isEmpty()) {
            err() << "actionnode inspect: --verify needs the signing key: use --key-file or the provider's connection\n";
            return UsageError;
        }
        QJsonObject verification;
        QString signatureError;
        const bool signatureOk = Jwt::verify(token, key, &signatureError);
        verification.insert(QStringLiteral("signature"), signatureOk ? QStringLiteral("valid") : signatureError);
        const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000;
        const TimeClaim nbf(decoded.claims, "nbf");
        const TimeClaim exp(decoded.claims, "exp");
        const bool started = !nbf.present || (nbf.valid && nbf.seconds <= now);
        const bool current = !exp.present || (exp.valid && exp.seconds > now);
        verification.insert(QStringLiteral("notBefore"), !nbf.valid && nbf.present ? describe(nbf, "nbf")
                                                         : started                 ? QStringLiteral("ok")
                                                                  : QStringLiteral("not valid before ") + isoTime(nbf.seconds));
        verification.insert(QStringLiteral("expiry"), !exp.present ? QStringLiteral("never expires")
                                                      : !exp.valid ? describe(exp, "exp")
                                                      : current    ? QStringLiteral("ok")
                                                                   : QStringLiteral("expired at ") + isoTime(exp.seconds));
        verified = signatureOk && started && current;
        verification.insert(QStringLiteral("valid"), verified);
        report.insert(QStringLiteral("verification"), verification);
    }
    out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    return verified ? Success : Failure;
}
