#pragma once

#include "command.h"
#include "runtimeoptions.h"

#include <actionnode/sdk/jwt.h>

/*!
    \c actionnode \c inspect: decodes a provider token back to the action's
    full property names and, with \c --verify, checks its signature and its
    nbf/exp times. The action is the one whose declaration's
    \c transport.tokenHeader matches the token's header (alg and typ).
*/
class InspectCommand : public RuntimeCommand
{
public:
    InspectCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("inspect"); }
    QString summary() const override
    {
        return QStringLiteral("Decode a token to its properties; --verify checks signature and times.");
    }

private:
    void addArguments(QCommandLineParser &parser) override;
    //! Reads and decodes the token before the session is set up.
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;
    //! The token argument, or standard input for '-'; false (printed) when it cannot be read.
    bool readToken(const QCommandLineParser &parser, QByteArray *token);
    //! The verification key: --key-file, or the signing key in \a action's provider connection.
    int readKey(const QCommandLineParser &parser, ActionNode::Runtime &runtime, const ActionNode::ActionSpec &action,
                QByteArray *key);
    //! Header, claims, the action's property names and the times, as printed.
    static QJsonObject describe(const ActionNode::Jwt::Decoded &decoded, const ActionNode::ActionSpec &action);
    //! Signature and nbf/exp checked now; \c valid says whether all hold.
    static QJsonObject verify(const QByteArray &token, const ActionNode::Jwt::Decoded &decoded, const QByteArray &key);

    QByteArray m_token;
    ActionNode::Jwt::Decoded m_decoded;
    QCommandLineOption m_verify{QStringLiteral("verify"),
                                QStringLiteral("Check the signature with the provider's key and the nbf/exp times.")};
    QCommandLineOption m_keyFile{QStringLiteral("key-file"),
                                 QStringLiteral(
                                     "Read the signing key from <file> instead of the provider's connection."),
                                 QStringLiteral("file")};
};
