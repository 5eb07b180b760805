// The Details dock's health timeline: what it shows before anything is chosen, and that an answer computed
// for the service shown before never lands on the one the operator switched to.
#include "details/healthtimelineview.h"
#include "details/servicedetailspanel.h"
#include "logs/logtablemodel.h"
#include "telemetry/timeseriesstore.h"

#include <qcustomplot.h>
#include <QDateTime>
#include <QTest>

namespace {

QStringList laneNames(const HealthTimelineView *view)
{
    QStringList names;
    for (const auto &lane : view->lanes())
        names << lane.instance;
    return names;
}

} // namespace

class TestServiceDetails : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timelineBeforeAnyServiceShowsThePresent();
    void switchingServiceNeverShowsTheOldServicesLanes();
};

void TestServiceDetails::timelineBeforeAnyServiceShowsThePresent()
{
    TimeSeriesStore store;
    LogTableModel logs;
    ServiceDetailsPanel panel(&store, &logs);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *timeline = panel.healthTimeline();
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    // The axis is the 15 minutes that are coming, not ticks at 00:00 of 1970, and it says what to do.
    QVERIFY(qAbs(timeline->plot()->xAxis->range().upper - now) < 5);
    QVERIFY(qAbs(timeline->plot()->xAxis->range().size() - 900) < 1);
    QCOMPARE(timeline->emptyText(), QStringLiteral("Select a service to see its instances' health"));

    // A service with nothing recorded says so, instead of an empty frame.
    panel.showService(QStringLiteral("nothing-here"));
    QTRY_COMPARE(timeline->emptyText(), QStringLiteral("No instance recorded in this window"));
}

void TestServiceDetails::switchingServiceNeverShowsTheOldServicesLanes()
{
    TimeSeriesStore store;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Ten minutes of scrapes of many "big" instances (a slower query) and one "small" one.
    for (qint64 t = now - 600'000; t <= now; t += 1000) {
        for (int i = 1; i <= 40; ++i)
            store.ingest(ScrapeTarget { QStringLiteral("big"), QStringLiteral("big-%1").arg(i),
                             QStringLiteral("127.0.0.1"), quint16(9000 + i), true },
                t, true, {});
        store.ingest(ScrapeTarget { QStringLiteral("small"), QStringLiteral("small-1"), QStringLiteral("127.0.0.1"),
                         9100, true },
            t, true, {});
    }
    LogTableModel logs;
    ServiceDetailsPanel panel(&store, &logs);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *timeline = panel.healthTimeline();
    for (int round = 0; round < 5; ++round) {
        // The operator clicks "big", then "small" before big's lanes are computed.
        panel.showService(QStringLiteral("big"));
        panel.showService(QStringLiteral("small"));
        // The first lanes that land are small's; big's answer, still in flight at the switch, is dropped.
        QTRY_VERIFY(!timeline->lanes().isEmpty() && timeline->emptyText().isEmpty());
        QCOMPARE(laneNames(timeline), QStringList { QStringLiteral("small-1") });
        QTest::qWait(200); // and nothing later replaces them with big's
        QCOMPARE(laneNames(timeline), QStringList { QStringLiteral("small-1") });

        panel.showService(QStringLiteral("big"));
        QTRY_COMPARE(timeline->lanes().size(), 40);
        // Back to an empty state for the next round.
        panel.showService(QStringLiteral("nothing-here"));
        QTRY_VERIFY(timeline->lanes().isEmpty());
    }
}

QTEST_MAIN(TestServiceDetails)
#include "tst_servicedetails.moc"
