#pragma once

#include <QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

/*!
    Turns SIGINT and SIGTERM into a Qt signal delivered by the event loop.
    A signal handler may only do async-signal-safe work, so it writes one
    byte to a socket pair whose other end a QSocketNotifier watches.
    One instance per process.
*/
class StopSignals : public QObject
{
    Q_OBJECT

public:
    explicit StopSignals(QObject *parent = nullptr);
    ~StopSignals() override;

Q_SIGNALS:
    void stopRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};
