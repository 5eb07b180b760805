#include "telemetry/healthtimeline.h"
#include "telemetry/timeseriesstore.h"

#include <QTest>

namespace {

const qint64 kT0 = 1'700'000'000'000;

ScrapeTarget target(const QString &instance, const QString &service = QStringLiteral("cart"))
{
    return ScrapeTarget { service, instance, QStringLiteral("127.0.0.1"), 8080, true };
}

// Scrapes of one instance once a second over [fromS, toS) seconds after kT0.
void scrape(TimeSeriesStore &store, const QString &instance, int fromS, int toS, bool up,
    const QString &service = QStringLiteral("cart"))
{
    for (int s = fromS; s < toS; ++s)
        store.ingest(target(instance, service), kT0 + s * 1000, up, {});
}

QString describe(const InstanceHealthLane &lane)
{
    QStringList parts;
    for (const auto &segment : lane.segments) {
        const char *name = segment.state == InstanceHealth::Up ? "up"
            : segment.state == InstanceHealth::Down            ? "down"
                                                               : "absent";
        parts << QStringLiteral("%1 %2-%3")
                     .arg(QLatin1String(name))
                     .arg((segment.fromMs - kT0) / 1000.0)
                     .arg((segment.toMs - kT0) / 1000.0);
    }
    return lane.instance + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
}

} // namespace

class TestHealthTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statesFromScrapes()
    {
        TimeSeriesStore store;
        QVERIFY(store.open());
        scrape(store, QStringLiteral("cart-1"), 0, 10, true); // answering
        scrape(store, QStringLiteral("cart-1"), 10, 14, false); // scrapes fail
        // 14..30: out of discovery (checks failing or drained)
        scrape(store, QStringLiteral("cart-1"), 30, 40, true);
        scrape(store, QStringLiteral("cart-2"), 20, 40, true); // registered later
        scrape(store, QStringLiteral("catalog-1"), 0, 40, false, QStringLiteral("catalog"));

        const auto lanes = instanceHealthLanes(store, QStringLiteral("cart"), kT0, kT0 + 40'000, 2500);
        QCOMPARE(lanes.size(), 2);
        QCOMPARE(describe(lanes[0]), QStringLiteral("cart-1: up 0-10, down 10-15.5, absent 15.5-30, up 30-40"));
        QCOMPARE(describe(lanes[1]), QStringLiteral("cart-2: up 20-40"));
    }

    void rangeStartsInsideAState()
    {
        TimeSeriesStore store;
        QVERIFY(store.open());
        scrape(store, QStringLiteral("cart-1"), 0, 20, true);
        // The sample at 4 s tells the state at 5 s; the lane ends when the range does, not at the last scrape.
        const auto lanes = instanceHealthLanes(store, QStringLiteral("cart"), kT0 + 5'000, kT0 + 25'000, 2500);
        QCOMPARE(lanes.size(), 1);
        QCOMPARE(describe(lanes[0]), QStringLiteral("cart-1: up 5-21.5, absent 21.5-25"));
    }

    void instancesGoneBeforeTheRangeAreLeftOut()
    {
        TimeSeriesStore store;
        QVERIFY(store.open());
        scrape(store, QStringLiteral("cart-1"), 0, 5, true);
        scrape(store, QStringLiteral("cart-2"), 0, 60, true);
        const auto lanes = instanceHealthLanes(store, QStringLiteral("cart"), kT0 + 30'000, kT0 + 60'000, 2500);
        QCOMPARE(lanes.size(), 1);
        QCOMPARE(lanes[0].instance, QStringLiteral("cart-2"));
        QVERIFY(instanceHealthLanes(store, QStringLiteral("nothing"), kT0, kT0 + 60'000).isEmpty());
        QVERIFY(instanceHealthLanes(store, QStringLiteral("cart"), kT0 + 10, kT0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHealthTimeline)
#include "tst_healthtimeline.moc"
