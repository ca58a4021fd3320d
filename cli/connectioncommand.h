#pragma once

#include "command.h"
#include "runtimeoptions.h"

#include <QJsonObject>

/*!
    \c actionnode \c connection \c test \c <provider>: sends the provider's
    declared connection test with the connection in force and reports ok,
    invalid credentials or unreachable; \c --save writes what it discovered
    (Daily's domain and domain id) into a connection file
    (Session::testConnection()).
*/
class ConnectionCommand : public RuntimeCommand
{
public:
    ConnectionCommand() : RuntimeCommand(RuntimeOptions::ReadsDeclarations, Subject::Nothing) {}
    QString name() const override { return QStringLiteral("connection"); }
    QString summary() const override
    {
        return QStringLiteral("Test a provider's connection and discover its account settings.");
    }

    /*!
        Puts \a settings into the connection file \a fileName under
        \a providerId, keeping everything else in it; a file of one
        provider's flat settings stays flat. False with \a errorString.
    */
    static bool saveSettings(const QString &fileName, const QString &providerId, const QJsonObject &settings,
                             QString *errorString);

private:
    void addArguments(QCommandLineParser &parser) override;
    int checkArguments(const QCommandLineParser &parser) override;
    int execute(const Context &context) override;
    QCommandLineOption m_save{QStringLiteral("save"),
                              QStringLiteral("Write the discovered settings (Daily: domain, domain_id) into the "
                                             "connection file <file>, keeping what else it holds."),
                              QStringLiteral("file")};
};
