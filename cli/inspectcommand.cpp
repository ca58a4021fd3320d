#include "inspectcommand.h"
#include "boundedfile.h"
#include "numericdate.h"

#include <actionnode/claimmapping.h>
#include <actionnode/jwt.h>

#include <QDateTime>
#include <QJsonDocument>

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
        const NumericDate claim(decoded.claims, QLatin1String(name));
        if (claim.isPresent())
            times.insert(QLatin1String(name), claim.toString());
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
        const NumericDate nbf(decoded.claims, QStringLiteral("nbf"));
        const NumericDate exp(decoded.claims, QStringLiteral("exp"));
        const bool started = !nbf.isPresent() || (nbf.isValid() && nbf.seconds() <= now);
        const bool current = !exp.isPresent() || (exp.isValid() && exp.seconds() > now);
        verification.insert(QStringLiteral("notBefore"), nbf.isPresent() && !nbf.isValid() ? nbf.toString()
                                                         : started ? QStringLiteral("ok")
                                                                   : QStringLiteral("not valid before ") + nbf.toString());
        verification.insert(QStringLiteral("expiry"), !exp.isPresent() ? QStringLiteral("never expires")
                                                      : !exp.isValid()  ? exp.toString()
                                                      : current         ? QStringLiteral("ok")
                                                                        : QStringLiteral("expired at ") + exp.toString());
        verified = signatureOk && started && current;
        verification.insert(QStringLiteral("valid"), verified);
        report.insert(QStringLiteral("verification"), verification);
    }
    out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    return verified ? Success : Failure;
}
