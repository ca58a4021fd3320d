#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

namespace ActionNode {

class ConnectionData;

/*!
    The settings a provider needs to run actions: API key, base URL, token
    mode and so on. Which settings exist is declared in the provider's
    manifest (\c connection array of its plugin metadata): each has a key,
    an environment variable, an optional default, whether it is secret,
    whether it is required and optionally the values it may take (enum),
    which problems() checks so that no plugin has to.

    Secret values are only reachable through value(); they are left out of
    toRedactedJson(), so that they cannot leak into logs,
    errors or metadata by accident.
*/
class ACTIONNODE_EXPORT Connection
{
public:
    Connection();
    //! A connection for \a providerId with the settings \a declared in its manifest.
    Connection(const QString &providerId, const QJsonArray &declared);
    Connection(const Connection &other);
    Connection &operator=(const Connection &other);
    ~Connection();

    QString providerId() const;

    /*!
        Identifies these settings: copies share it, and changing a setting
        gives a new one, never used before. A provider may keep what it
        derives from the settings (a key, a signer) for as long as the
        revision stays the same.
    */
    quint64 revision() const;

    //! The value of \a key: set explicitly, else from the environment, else the default.
    QString value(const QString &key) const;
    bool hasValue(const QString &key) const;
    void setValue(const QString &key, const QString &value);
    bool isSecret(const QString &key) const;
    /*!
        Whether \a key is a setting of the caller's provider account (the
        manifest marks it \c account: Daily's API key, domain and domain id):
        one a caller may send with a call. Every other setting (base URL, CA
        file, timeouts) is the operator's.
    */
    bool isAccountSetting(const QString &key) const;
    //! Keys declared for this provider, in manifest order.
    QStringList keys() const;

    //! Takes values from the declared environment variables that are set.
    void readEnvironment(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    /*!
        Takes values from a JSON file: either a flat object of settings, or
        an object keyed by provider id. Unknown keys are an error, named in
        \a errorString.
    */
    bool readFile(const QString &fileName, QString *errorString);
    /*!
        Makes this the connection of one caller's provider account: every
        account setting (isAccountSetting()) is replaced by those of
        \a settings, a flat object of text values
        (\c{{"api_key": "...", "domain_id": "..."}}), and the operator's
        other settings stay. A key that is no setting of the provider, a
        setting that is not an account setting (\c api_base, \c ca_file) or
        a value that is not text is refused in \a errorString, which names
        \a source and the key, never a value; then nothing is changed.
        problems() checks the values as for any other source.
    */
    bool setAccount(const QJsonObject &settings, const QString &source, QString *errorString);

    /*!
        A \c connection_error for each setting that breaks the manifest's
        constraints: a \c required setting without a value (rule
        \c required), a value outside a setting's \c enum (rule \c enum),
        a value that does not match a setting's \c pattern (rule
        \c pattern), or a value holding a control character (a CR or LF in a key would add
        lines to the HTTP headers it is sent in). Each names the setting and
        where it is set; a value is quoted only for an enum mismatch of a
        setting that is not secret, and never when long or multi-line.
    */
    ActionErrors problems() const;

    //! Settings with secrets replaced by "<set>" or "<unset>".
    QJsonObject toRedactedJson() const;

private:
    enum Scope { AnySetting, AccountSettingsOnly };
    //! Takes every member of \a settings, or none when one is refused (named with \a source in \a errorString).
    bool readSettings(const QJsonObject &settings, const QString &source, const QString &unknownKeyHint, Scope scope,
                      QString *errorString);

    QSharedDataPointer<ConnectionData> d;
};

} // namespace ActionNode
