#include "linereader.h"

#include <QTemporaryFile>
#include <QtTest>

#include <unistd.h>

// Lines handed over in groups: every line, in order, each group bounded, a
// slow input still handed over line by line, and the window respected.
using namespace ActionNode;

class TestLineReader : public QObject
{
    Q_OBJECT

private:
    // A file holding \a text, open for reading as a file descriptor.
    static std::unique_ptr<QTemporaryFile> fileOf(const QByteArray &text)
    {
        auto file = std::make_unique<QTemporaryFile>();
        if (!file->open() || file->write(text) != text.size() || !file->flush() || !file->seek(0))
            return nullptr;
        return file;
    }

    // Every group the reader hands over until it finishes; \a busyMs is how
    // long the consumer works (blocking its thread) before taking a group.
    static QList<QList<LineReader::Line>> groupsOf(LineReader &reader, int busyMs = 0)
    {
        QList<QList<LineReader::Line>> groups;
        QEventLoop loop;
        QObject::connect(&reader, &LineReader::linesReady, &loop, [&] {
            if (busyMs > 0)
                QThread::msleep(busyMs);
            groups.append(reader.takeLines());
        });
        QObject::connect(&reader, &QThread::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        reader.start();
        loop.exec(); // finished() comes after the last linesReady()
        return groups;
    }

    static QByteArray manyLines(int count, int width)
    {
        QByteArray text;
        for (int i = 0; i < count; ++i)
            text += QByteArray::number(i).rightJustified(width, 'x') + '\n';
        return text;
    }

    // Takes lines as the reader hands them over until there are \a expected (or 10 s pass).
    static QList<LineReader::Line> takeAtLeast(LineReader &reader, int expected)
    {
        QList<LineReader::Line> lines;
        QEventLoop loop;
        QObject::connect(&reader, &LineReader::linesReady, &loop, [&] {
            lines += reader.takeLines();
            if (lines.size() >= expected)
                loop.quit();
        });
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        lines += reader.takeLines(); // those handed over before
        if (lines.size() < expected)
            loop.exec();
        return lines;
    }

private slots:
    void handsOverEveryLineInOrder_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArrayList>("texts");
        QTest::addColumn<QList<qsizetype>>("tooLong"); // -1 where the line is kept

        QTest::newRow("lines") << QByteArray("{\"a\":1}\n{\"b\":2}\n") << QByteArrayList{"{\"a\":1}", "{\"b\":2}"}
                               << QList<qsizetype>{-1, -1};
        QTest::newRow("no newline at the end")
            << QByteArray("one\ntwo") << QByteArrayList{"one", "two"} << QList<qsizetype>{-1, -1};
        QTest::newRow("blank lines kept, trimmed")
            << QByteArray(" one \r\n\n\t\ntwo\n") << QByteArrayList{"one", "", "", "two"}
            << QList<qsizetype>{-1, -1, -1, -1};
        QTest::newRow("NUL kept") << QByteArray("a\0b\n", 4) << QByteArrayList{QByteArray("a\0b", 3)}
                                  << QList<qsizetype>{-1};
        QTest::newRow("too long among others")
            << QByteArray("short\n" + QByteArray(40, 'x') + "\nafter\n" + QByteArray(17, 'y'))
            << QByteArrayList{"short", "", "after", ""} << QList<qsizetype>{-1, 40, -1, 17};
        QTest::newRow("empty input") << QByteArray() << QByteArrayList{} << QList<qsizetype>{};
    }
    void handsOverEveryLineInOrder()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArrayList, texts);
        QFETCH(QList<qsizetype>, tooLong);
        const auto file = fileOf(input);
        QVERIFY(file);
        LineReader reader(int(file->handle()), 16);
        QByteArrayList readTexts;
        QList<qsizetype> readTooLong;
        for (const QList<LineReader::Line> &group : groupsOf(reader)) {
            QVERIFY(!group.isEmpty());
            for (const LineReader::Line &line : group) {
                readTexts += line.text;
                readTooLong += line.tooLongLength;
                QCOMPARE(line.isTooLong(), line.tooLongLength >= 0);
            }
        }
        QCOMPARE(readTexts, texts);
        QCOMPARE(readTooLong, tooLong);
    }

    // While the consumer is busy, lines read meanwhile wait in one group, up to its bounds.
    void busyConsumerGetsBoundedGroups_data()
    {
        QTest::addColumn<int>("lines");
        QTest::addColumn<int>("width");
        QTest::newRow("many short lines: bounded by count") << 5000 << 20;
        QTest::newRow("long lines: bounded by bytes") << 300 << 10000;
    }
    void busyConsumerGetsBoundedGroups()
    {
        QFETCH(int, lines);
        QFETCH(int, width);
        const QByteArray input = manyLines(lines, width);
        const auto file = fileOf(input);
        QVERIFY(file);
        LineReader reader(int(file->handle()), width);
        const QList<QList<LineReader::Line>> groups = groupsOf(reader, 20);
        int read = 0;
        for (const QList<LineReader::Line> &group : groups) {
            QVERIFY(group.size() <= LineReader::maxGroupLines);
            qsizetype bytes = 0;
            for (const LineReader::Line &line : group) {
                QCOMPARE(line.text, QByteArray::number(read).rightJustified(width, 'x'));
                bytes += line.text.size();
                ++read;
            }
            // The line that crossed the bound is the last one let in.
            QVERIFY2(bytes - group.constLast().text.size() < LineReader::maxGroupBytes,
                     qPrintable(QString::number(bytes)));
        }
        QCOMPARE(read, lines);
        // One wake-up for many lines, not one per line.
        QVERIFY2(groups.size() <= lines / 10, qPrintable(QString::number(groups.size())));
    }

    // A person typing into --input -: each line is handed over, with a signal
    // of its own, as soon as it is read.
    void slowInputComesLineByLine()
    {
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        LineReader reader(fds[0], 1024);
        int signalled = 0;
        QObject receiver;
        connect(&reader, &LineReader::linesReady, &receiver, [&signalled] { ++signalled; });
        reader.start();
        for (int i = 0; i < 3; ++i) {
            const QByteArray line = "{\"line\":" + QByteArray::number(i) + "}";
            QCOMPARE(::write(fds[1], (line + '\n').constData(), size_t(line.size() + 1)), ssize_t(line.size() + 1));
            QTRY_COMPARE_WITH_TIMEOUT(signalled, i + 1, 10000);
            const QList<LineReader::Line> lines = reader.takeLines();
            QCOMPARE(lines.size(), 1);
            QCOMPARE(lines.constFirst().text, line);
        }
        ::close(fds[1]);
        QVERIFY(reader.wait(10000));
        QVERIFY(reader.takeLines().isEmpty());
        ::close(fds[0]);
    }

    // At most a window of lines is out; reading resumes once half of it is released.
    void windowPausesUntilHalfIsReleased()
    {
        const auto file = fileOf(manyLines(40, 4));
        QVERIFY(file);
        LineReader reader(int(file->handle()), 64, 8);
        reader.start();
        QCOMPARE(takeAtLeast(reader, 8).size(), 8);
        QTest::qWait(100);
        QVERIFY(reader.takeLines().isEmpty());
        reader.release(3, 12); // 5 out: more than half the window
        QTest::qWait(100);
        QVERIFY(reader.takeLines().isEmpty());
        reader.release(1, 4); // 4 out: the reader goes on, up to the window again
        const QList<LineReader::Line> more = takeAtLeast(reader, 4);
        QCOMPARE(more.size(), 4);
        QCOMPARE(more.constFirst().text, QByteArray("xxx8"));
        QTest::qWait(100);
        QVERIFY(reader.takeLines().isEmpty());
        reader.stop();
        QVERIFY(reader.wait(10000));
    }

    // The window also bounds the bytes out: a few long lines fill it before many short ones would.
    void windowBoundsBytesToo()
    {
        const auto file = fileOf(manyLines(40, 4));
        QVERIFY(file);
        LineReader reader(int(file->handle()), 64, 100, 20);
        reader.start();
        QCOMPARE(takeAtLeast(reader, 5).size(), 5); // 20 bytes: full
        QTest::qWait(100);
        QVERIFY(reader.takeLines().isEmpty());
        reader.release(2, 8); // 12 bytes out: more than half
        QTest::qWait(100);
        QVERIFY(reader.takeLines().isEmpty());
        reader.release(1, 4); // 8 bytes out: reading goes on, up to 20 bytes again
        const QList<LineReader::Line> more = takeAtLeast(reader, 3);
        QCOMPARE(more.size(), 3);
        QCOMPARE(more.constFirst().text, QByteArray("xxx5"));
        QTest::qWait(100);
        QVERIFY(reader.takeLines().isEmpty());
        reader.stop();
        QVERIFY(reader.wait(10000));
    }

    void stopEndsAWaitForRoom()
    {
        const auto file = fileOf(manyLines(10, 4));
        QVERIFY(file);
        LineReader reader(int(file->handle()), 64, 2);
        reader.start();
        QCOMPARE(takeAtLeast(reader, 2).size(), 2);
        reader.stop();
        QVERIFY(reader.wait(10000));
    }
};

QTEST_GUILESS_MAIN(TestLineReader)
#include "tst_linereader.moc"
