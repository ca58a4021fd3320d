#pragma once

#include <QObject>

class QSocketNotifier;

/*!
    Turns SIGTERM and SIGINT into a Qt signal delivered by the event loop
    (the handler only writes to a socket pair, as async-signal safety
    requires). One instance per process.
*/
class TerminationSignal : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignal(QObject *parent = nullptr);
    ~TerminationSignal() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    static void handle(int signalNumber);
    QSocketNotifier *m_notifier = nullptr;
};
