#pragma once

#include "dailyemulator.h"
#include "emulatorserver.h"

#include <actionnode/actionresult.h>
#include <actionnode/connection.h>
#include <actionnode/runtime.h>

#include <QJsonArray>
#include <QJsonObject>

namespace ActionNode::TestSupport {

//! What DailyTokenFixture's emulator accepts and puts into tokens.
namespace DailyToken {
inline const QString actionId = QStringLiteral("daily.create_meeting_token");
inline const QByteArray apiKey = "tst-daily-key-7c1e9a05d3f2b684";
inline const QByteArray wrongKey = "tst-daily-wrong-key-53a8e1c07b2f"; //!< a key Daily does not accept
inline const QString domainName = QStringLiteral("tst-domain");
inline const QString domainId = QStringLiteral("5d1f0c2e-7b3a-4e96-a1c8-0f2d4b6e8a13");
inline const QString rest = QStringLiteral("rest"); //!< the token_mode values
inline const QString selfSigned = QStringLiteral("self-signed");
//! Far enough in the future for any test run, and past 2^31 seconds (2038): 2100-01-01T00:00:00Z.
constexpr qint64 after2038 = 4102444800;

//! The current time in Unix seconds, as tokens carry it.
qint64 now();
//! \a claims without the issue time, which differs from run to run.
QJsonObject withoutIssuedAt(QJsonObject claims);
} // namespace DailyToken

/*
    Daily's "Create meeting token" run through the runtime against Daily's
    emulator in this process: the connection built from the declaration
    alone (no DAILY_* variable of the caller can change it), in either token
    mode, and one invocation at a time with how long it took.
*/
class DailyTokenFixture
{
public:
    //! Starts the emulator and loads the plugins; call from initTestCase() with QVERIFY.
    bool start(QString *errorString);

    //! The daily connection in token \a mode, against the emulator, with \a overrides of its settings.
    Connection connection(const QString &mode, const QJsonObject &overrides = {}) const;

    /*
        Runs the action with \a inputs over \a connection into \a result,
        checking that it gives exactly one result within \a limitMs (a
        retry must never produce a second one). Fails the current test
        otherwise: check QTest::currentTestFailed() after it.
    */
    void run(const QJsonObject &inputs, const Connection &connection, ActionResult *result, int limitMs = 15000);

    //! The token of a successful run in \a mode; empty, with a warning, otherwise.
    QByteArray tokenOf(const QJsonObject &inputs, const QString &mode);

    //! How long the last run() took.
    qint64 elapsedMs() const { return m_elapsedMs; }
    EmulatorServer &server() { return m_server; }

private:
    EmulatorServer m_server;
    DailyEmulator *m_daily = nullptr;
    Runtime m_runtime;
    QJsonArray m_declaredSettings;
    qint64 m_elapsedMs = 0;
};

} // namespace ActionNode::TestSupport
