// The start-up floor of any Qt command on this machine: a process that makes a
// QCoreApplication and exits. bench/run times it beside `describe` and `run`,
// whose start-up cannot be lower than this plus their own libraries and work.
#include <QCoreApplication>

int main(int argc, char **argv)
{
    const QCoreApplication application(argc, argv);
    return 0;
}
