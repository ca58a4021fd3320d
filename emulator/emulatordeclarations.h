#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionspec.h>

#include <QHash>
#include <QString>
#include <QStringList>

namespace ActionNode {

/*!
    The action declarations that the emulated APIs check token requests
    against (Daily's meeting token, SignalWire's room token): the runtime's
    own files under \c schemas/<provider>/, so that a property added to a
    declaration is accepted by the action and by the emulator alike, and an
    undeclared one is refused by both. Rooms and webhooks follow the
    provider's reference instead (ProviderReference).

    By default the copies embedded at build time are read
    (\c{:/emulator/<provider>/<file>}); setDirectory() reads
    \c{<directory>/<provider>/<file>} instead, so that an edited declaration
    is tried without rebuilding (\c{actionnode-emulator --declarations}).
*/
class EmulatorDeclarations
{
public:
    //! An empty \a directory means the embedded declarations.
    void setDirectory(const QString &directory);
    QString directory() const { return m_directory; }

    /*!
        The declaration of \a provider's action in \a fileName
        (\c create-meeting-token.json), read once and then kept; when it
        cannot be read, hasError() is true and errorString() says why.
    */
    ActionSpec action(const QString &provider, const QString &fileName) const;

    //! Why each declaration the emulated APIs use cannot be read, one line each; empty when all can.
    QStringList problems() const;

    /*!
        \a error as a provider's message names a property: its JSON pointer
        as a dotted path ("permissions.canSend.1"), then the problem.
    */
    static QString describe(const ActionError &error, const QString &separator = QStringLiteral(": "));
    //! The dotted path of \a error's JSON pointer ("" for the request as a whole), cut at 200 characters.
    static QString propertyPath(const ActionError &error);

    //! \a claims as a token signed with \a key, with the header and algorithm \a action declares (\c
    //! transport.tokenHeader).
    static QByteArray signedToken(const ActionSpec &action, const QJsonObject &claims, const QByteArray &key);

private:
    QString m_directory;
    mutable QHash<QString, ActionSpec> m_actions; //!< by "<provider>/<file>"
};

} // namespace ActionNode
