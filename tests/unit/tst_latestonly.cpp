// LatestOnly: answers are applied on the owner's thread, only the newest question's answer is applied, at most
// one job runs at a time, and destruction waits for the job in flight instead of leaving it a dangling owner.
#include "core/latestonly.h"

#include <atomic>
#include <QMutex>
#include <QSemaphore>
#include <QTest>
#include <QThread>

class TestLatestOnly : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appliesOnTheOwnersThread();
    void supersededAnswersAreDropped();
    void cancelDropsEverything();
    void destructionWaitsForTheJobInFlight();
};

void TestLatestOnly::appliesOnTheOwnersThread()
{
    LatestOnly<QThread *> query;
    QThread *jobThread = nullptr;
    QThread *applyThread = nullptr;
    query.run([] { return QThread::currentThread(); },
        [&](QThread *const &ranOn) {
            jobThread = ranOn;
            applyThread = QThread::currentThread();
        });
    QVERIFY(query.busy());
    QTRY_VERIFY(applyThread);
    QCOMPARE(applyThread, QThread::currentThread());
    QVERIFY(jobThread != QThread::currentThread());
    QVERIFY(!query.busy());
    QCOMPARE(query.applied(), query.asked());
}

void TestLatestOnly::supersededAnswersAreDropped()
{
    LatestOnly<QString> query;
    QSemaphore release;
    std::atomic<int> running = 0;
    std::atomic<int> mostAtOnce = 0;
    QStringList ran; // jobs that ran, in order (written by the job thread, read after it is done)
    QMutex ranMutex;
    QStringList applied;
    auto job = [&](const QString &name, bool block) {
        return [&, name, block] {
            mostAtOnce = std::max(mostAtOnce.load(), ++running);
            if (block)
                release.acquire();
            {
                const QMutexLocker lock(&ranMutex);
                ran << name;
            }
            --running;
            return name;
        };
    };
    auto apply = [&](const QString &answer) { applied << answer; };
    query.run(job(QStringLiteral("a"), true), apply); // in flight until released
    query.run(job(QStringLiteral("b"), false), apply); // waits, then is replaced by c
    query.run(job(QStringLiteral("c"), false), apply);
    QTest::qWait(100);
    QVERIFY(applied.isEmpty());
    release.release();
    QTRY_COMPARE(applied, QStringList { QStringLiteral("c") });
    QTest::qWait(100);
    QCOMPARE(applied, QStringList { QStringLiteral("c") }); // a's answer never lands, b never ran
    QCOMPARE(ran, (QStringList { QStringLiteral("a"), QStringLiteral("c") }));
    QCOMPARE(mostAtOnce.load(), 1);
}

void TestLatestOnly::cancelDropsEverything()
{
    LatestOnly<int> query;
    std::atomic<int> ran = 0;
    QList<int> applied;
    query.run(
        [&] {
            QThread::msleep(50);
            return ++ran;
        },
        [&](const int &value) { applied << value; });
    query.cancel();
    QTRY_VERIFY(!query.busy());
    QTest::qWait(50);
    QCOMPARE(ran.load(), 1);
    QVERIFY(applied.isEmpty());
    // Still usable afterwards.
    query.run([] { return 7; }, [&](const int &value) { applied << value; });
    QTRY_COMPARE(applied, QList<int> { 7 });
}

void TestLatestOnly::destructionWaitsForTheJobInFlight()
{
    std::atomic<bool> finished = false;
    bool applied = false;
    {
        LatestOnly<int> query;
        query.run(
            [&] {
                QThread::msleep(200);
                finished = true;
                return 1;
            },
            [&](const int &) { applied = true; });
    }
    QVERIFY(finished); // the destructor waited for the job
    QTest::qWait(50);
    QVERIFY(!applied); // and its answer, queued to a receiver that is gone, never runs
}

QTEST_GUILESS_MAIN(TestLatestOnly)
#include "tst_latestonly.moc"
