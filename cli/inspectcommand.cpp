#include "inspectcommand.h"
#include "numericdate.h"

#include <actionnode/boundedfile.h>
#include <actionnode/sdk/claimmapping.h>

#include <QDateTime>
#include <QJsonDocument>

using namespace ActionNode;

namespace {

// A token, or a key, is a few kilobytes at the most.
constexpr qint64 maxTokenBytes = 1 << 20;

ActionSpec actionForHeader(Runtime &runtime, const QJsonObject &header)
{
    for (const ActionSpec &action : runtime.actions()) {
        const QJsonObject expected = action.transport().value(QStringLiteral("tokenHeader")).toObject();
        if (!expected.isEmpty() && expected.value(QStringLiteral("alg")) == header.value(QStringLiteral("alg"))
            && expected.value(QStringLiteral("typ")) == header.value(QStringLiteral("typ")))
            return action;
    }
    return {};
}

} // namespace

void InspectCommand::addArguments(QCommandLineParser &parser)
{
    parser.addOptions({m_verify, m_keyFile});
    parser.addPositionalArgument(QStringLiteral("token"),
                                 QStringLiteral("The token, or '-' to read it from standard input."));
}

int InspectCommand::checkArguments(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("give exactly one token"), UsageError);
    if (!readToken(parser, &m_token))
        return Failure;
    m_decoded = Jwt::decode(m_token);
    if (!m_decoded.isValid())
        return fail(QStringLiteral("not a token: ") + m_decoded.errorString, InvalidInput);
    return Success;
}

int InspectCommand::execute(const Context &context)
{
    Runtime &runtime = *context.session.runtime();
    const ActionSpec action = actionForHeader(runtime, m_decoded.header);
    QJsonObject report = describe(m_decoded, action);
    bool verified = true;
    if (context.parser.isSet(m_verify)) {
        QByteArray key;
        const int exitCode = readKey(context.parser, runtime, action, &key);
        if (exitCode != Success)
            return exitCode;
        const QJsonObject verification = verify(m_token, m_decoded, key);
        verified = verification.value(QStringLiteral("valid")).toBool();
        report.insert(QStringLiteral("verification"), verification);
    }
    out() << QJsonDocument(report).toJson(QJsonDocument::Indented);
    return verified ? Success : Failure;
}

bool InspectCommand::readToken(const QCommandLineParser &parser, QByteArray *token)
{
    *token = parser.positionalArguments().constFirst().toLatin1();
    if (*token == "-") {
        QString error;
        const std::optional<QByteArray> text = BoundedFile::read(QStringLiteral("-"), maxTokenBytes, &error);
        if (!text) {
            fail(error);
            return false;
        }
        *token = *text;
    }
    *token = token->trimmed();
    return true;
}

int InspectCommand::readKey(const QCommandLineParser &parser, Runtime &runtime, const ActionSpec &action,
                            QByteArray *key)
{
    if (parser.isSet(m_keyFile)) {
        QString error;
        const std::optional<QByteArray> text = BoundedFile::read(parser.value(m_keyFile), maxTokenBytes, &error);
        if (!text)
            return fail(error);
        *key = text->trimmed();
    } else if (!action.hasError()) {
        const QString setting = action.transport().value(QStringLiteral("signingKeySetting")).toString();
        if (!setting.isEmpty())
            *key = runtime.connection(action.provider()).value(setting).toUtf8();
    }
    if (key->isEmpty())
        return fail(QStringLiteral("--verify needs the signing key: use --key-file or the provider's connection"),
                    UsageError);
    return Success;
}

QJsonObject InspectCommand::describe(const Jwt::Decoded &decoded, const ActionSpec &action)
{
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
    return report;
}

QJsonObject InspectCommand::verify(const QByteArray &token, const Jwt::Decoded &decoded, const QByteArray &key)
{
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
                                                     : started                         ? QStringLiteral("ok")
                                                               : QStringLiteral("not valid before ") + nbf.toString());
    verification.insert(QStringLiteral("expiry"), !exp.isPresent() ? QStringLiteral("never expires")
                                                  : !exp.isValid() ? exp.toString()
                                                  : current        ? QStringLiteral("ok")
                                                                   : QStringLiteral("expired at ") + exp.toString());
    verification.insert(QStringLiteral("valid"), signatureOk && started && current);
    return verification;
}
