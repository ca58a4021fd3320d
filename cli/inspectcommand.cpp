#include "inspectcommand.h"

#include <actionnode/claimmapping.h>
#include <actionnode/jwt.h>

#include <QDateTime>
#include <QFile>
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

QString isoTime(const QJsonValue &seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds.toInteger(), Qt::UTC).toString(Qt::ISODate);
}

} // namespace

int InspectCommand::run(const QStringList &arguments)
{
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
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly))
            return Failure;
        token = input.readAll();
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
    for (const char *claim : {"iat", "nbf", "exp"}) {
        const QJsonValue value = decoded.claims.value(QLatin1String(claim));
        if (value.isDouble())
            times.insert(QLatin1String(claim), isoTime(value));
    }
    if (!times.isEmpty())
        report.insert(QStringLiteral("times"), times);

    bool verified = true;
    if (parser.isSet(verify)) {
        QByteArray key;
        if (parser.isSet(keyFile)) {
            QFile file(parser.value(keyFile));
            if (!file.open(QIODevice::ReadOnly)) {
                err() << "actionnode inspect: " << file.fileName() << ": cannot be read: " << file.errorString() << "\n";
                return Failure;
            }
            key = file.readAll().trimmed();
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
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonValue nbf = decoded.claims.value(QStringLiteral("nbf"));
        const QJsonValue exp = decoded.claims.value(QStringLiteral("exp"));
        const bool started = !nbf.isDouble() || nbf.toInteger() <= now;
        const bool current = !exp.isDouble() || exp.toInteger() > now;
        verification.insert(QStringLiteral("notBefore"), started ? QStringLiteral("ok") : QStringLiteral("not valid before ") + isoTime(nbf));
        verification.insert(QStringLiteral("expiry"), !exp.isDouble() ? QStringLiteral("never expires")
                                                      : current      ? QStringLiteral("ok")
                                                                     : QStringLiteral("expired at ") + isoTime(exp));
        verified = signatureOk && started && current;
        verification.insert(QStringLiteral("valid"), verified);
        report.insert(QStringLiteral("verification"), verification);
    }
    out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    return verified ? Success : Failure;
}
