#include <actionnode/boundedfile.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>

using namespace ActionNode;

// Whole files read up to a limit: every byte of what fits, a clear refusal of what does not.
class TestBoundedFile : public QObject
{
    Q_OBJECT

private:
    static QByteArray pattern(qsizetype size)
    {
        QByteArray bytes(size, Qt::Uninitialized);
        for (qsizetype i = 0; i < size; ++i)
            bytes[i] = char('a' + (i * 7 + i / 251) % 26);
        return bytes;
    }

private slots:
    // A FIFO's writer whose reader stopped early gets EPIPE, not a signal that ends the test.
    void initTestCase() { std::signal(SIGPIPE, SIG_IGN); }

    // A file read at, below and one byte past its limit.
    void fileAtTheLimit_data()
    {
        QTest::addColumn<qsizetype>("size");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("fits");
        QTest::newRow("empty") << qsizetype(0) << qint64(16) << true;
        QTest::newRow("below") << qsizetype(15) << qint64(16) << true;
        QTest::newRow("at") << qsizetype(16) << qint64(16) << true;
        QTest::newRow("one past") << qsizetype(17) << qint64(16) << false;
        QTest::newRow("large, at") << qsizetype(3 << 20) << qint64(3 << 20) << true;
        QTest::newRow("large, one past") << qsizetype((3 << 20) + 1) << qint64(3 << 20) << false;
    }
    void fileAtTheLimit()
    {
        QFETCH(qsizetype, size);
        QFETCH(qint64, limit);
        QFETCH(bool, fits);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString fileName = directory.filePath(QStringLiteral("file"));
        QFile file(fileName);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(pattern(size)), qint64(size));
        file.close();

        QString error;
        const std::optional<QByteArray> read = BoundedFile::read(fileName, limit, &error);
        QCOMPARE(read.has_value(), fits);
        if (fits) {
            QCOMPARE(*read, pattern(size));
            QVERIFY(error.isEmpty());
        } else {
            QCOMPARE(error,
                     QStringLiteral("%1: is larger than the limit of %2").arg(fileName, BoundedFile::sizeText(limit)));
        }
    }

    // A file that says it is empty but is not (the kernel's) is read whole.
    void fileOfUnknownSize()
    {
        QString error;
        const std::optional<QByteArray> status = BoundedFile::read(QStringLiteral("/proc/self/status"), 1 << 20,
                                                                   &error);
        QVERIFY2(status, qPrintable(error));
        QVERIFY2(status->startsWith("Name:"), status->left(64).constData());
        QVERIFY2(status->contains("\nPid:"), status->constData());
    }

    // A stream (here a FIFO) longer than the first buffer is read whole, and refused past the limit.
    void stream_data()
    {
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("fits");
        QTest::newRow("fits") << qint64(1 << 20) << true;
        QTest::newRow("one past") << qint64(300000 - 1) << false;
        QTest::newRow("far past, the writer cut off") << qint64(100000) << false;
    }
    void stream()
    {
        QFETCH(qint64, limit);
        QFETCH(bool, fits);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString fileName = directory.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fileName).constData(), 0600), 0);
        const QByteArray sent = pattern(300000);
        std::thread writer([&] {
            QFile fifo(fileName);
            if (fifo.open(QIODevice::WriteOnly))
                fifo.write(sent);
        });
        QString error;
        const std::optional<QByteArray> read = BoundedFile::read(fileName, limit, &error);
        // A writer still waiting for a reader (when the read never opened the FIFO) is let go.
        const int release = ::open(QFile::encodeName(fileName).constData(), O_RDONLY | O_NONBLOCK);
        if (release >= 0)
            ::close(release);
        writer.join();
        QCOMPARE(read.has_value(), fits);
        if (fits)
            QCOMPARE(*read, sent);
        else
            QVERIFY2(error.endsWith(QStringLiteral("is larger than the limit of %1").arg(BoundedFile::sizeText(limit))),
                     qPrintable(error));
    }

    void missingFile()
    {
        QString error;
        QVERIFY(!BoundedFile::read(QStringLiteral("/nonexistent/file"), 16, &error));
        QVERIFY2(error.startsWith(QStringLiteral("/nonexistent/file: cannot be read: ")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestBoundedFile)
#include "tst_boundedfile.moc"
