#pragma once

#include "command.h"

/*!
    \c actionnode \c license: \c show checks a license file and prints what
    it unlocks; \c sign issues one with an Ed25519 private key (vendor
    tooling, and how test licenses are made).
*/
class LicenseCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("license"); }
    QString summary() const override { return QStringLiteral("Check a bundle license (show) or issue one (sign)."); }
    int run(const QStringList &arguments) override;

private:
    int show(const QCommandLineParser &parser, const QString &fileName);
    int sign(const QCommandLineParser &parser);
};
