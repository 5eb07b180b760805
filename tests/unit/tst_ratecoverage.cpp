// Rates are over the time that was recorded: the increase over the covered part of a window divided by the
// covered seconds. The topology, the charts and the reports share that one definition, so they agree from the
// first scrape, and neither a console that just started nor a gap in the recording dilutes them.
#include "reports/reportbuilder.h"
#include "telemetry/chartquery.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

const qint64 kT0 = 1'700'000'000'000;

ScrapeTarget target(const QString &instance)
{
    return ScrapeTarget { QStringLiteral("cart"), instance, QStringLiteral("127.0.0.1"), 8080, true };
}

QList<MetricFamily> page(double requests)
{
    MetricFamily family { QStringLiteral("http_requests_total"), MetricType::Counter, QStringLiteral("r"), {} };
    family.samples.append(
        { family.name, { { "route", "/cart" }, { "method", "GET" }, { "status", "200" } }, requests, {} });
    return { family };
}

MetricSelector rate(qint64 windowMs)
{
    MetricSelector selector;
    selector.kind = MetricKind::RequestRate;
    selector.service = QStringLiteral("cart");
    selector.windowMs = windowMs;
    return selector;
}

// Scrapes of two cart instances once a second from fromMs to toMs, each serving perInstance requests a second
// on a counter that has reached startCount at fromMs.
void scrape(TimeSeriesStore &store, qint64 fromMs, qint64 toMs, double perInstance, double startCount = 0)
{
    for (qint64 t = fromMs; t <= toMs; t += 1000) {
        const double count = startCount + perInstance * double(t - fromMs) / 1000.0;
        store.ingest(target(QStringLiteral("cart-1")), t, true, page(count));
        store.ingest(target(QStringLiteral("cart-2")), t, true, page(count));
    }
}

} // namespace

class TestRateCoverage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void topologyAndChartsAgreeFromTheFirstScrape();
    void reportRatesAreOverTheRecordedTime();
};

void TestRateCoverage::topologyAndChartsAgreeFromTheFirstScrape()
{
    TimeSeriesStore store;
    const TopologyBuilder builder(&store);
    const qint64 window = kLiveWindowMs;
    // 2 instances × 20 requests/s = 40 requests/s, and the counters already had traffic before the console came.
    for (qint64 seconds = 1; seconds <= 40; ++seconds) {
        const qint64 now = kT0 + seconds * 1000;
        store.ingest(target(QStringLiteral("cart-1")), now, true, page(5000 + 20.0 * double(seconds)));
        store.ingest(target(QStringLiteral("cart-2")), now, true, page(900 + 20.0 * double(seconds)));
        if (seconds < 2)
            continue; // one scrape is no rate yet
        const auto snapshot = builder.build(now);
        QCOMPARE(snapshot.nodes.size(), 1);
        const auto &node = snapshot.nodes.first();
        // The charts' own query, as the metrics panel runs it for "cart" over the last 5 minutes.
        const auto chart
            = ChartQuery::run(store, ChartRequest { QStringLiteral("cart"), {}, now - 300'000, now, 1000 });
        QCOMPARE(chart.requestRate.size(), 1);
        const auto &rates = chart.requestRate.first();
        QVERIFY(!rates.values.isEmpty());
        QCOMPARE(rates.keys.last(), double(now) / 1000.0);
        QVERIFY2(qAbs(node.rps - rates.values.last()) < 1e-9,
            qPrintable(QStringLiteral("at %1 s the graph says %2 rps, the chart %3")
                           .arg(seconds)
                           .arg(node.rps)
                           .arg(rates.values.last())));
        // The charts say how much of their 5 minutes is recorded (the metrics header reads "warming up").
        QCOMPARE(chart.requestedMs, 300'000);
        QCOMPARE(chart.coveredMs, (seconds - 1) * 1000);
        QCOMPARE(chart.services, QStringList { QStringLiteral("cart") });
        QCOMPARE(chart.instances, (QStringList { QStringLiteral("cart-1"), QStringLiteral("cart-2") }));
        QVERIFY2(
            qAbs(node.rps - 40.0) < 1e-6, qPrintable(QStringLiteral("at %1 s: %2 rps").arg(seconds).arg(node.rps)));
        double instances = 0;
        for (const auto &instance : node.instances)
            instances += instance.rps;
        QVERIFY(qAbs(instances - node.rps) < 1e-6);
        // Warming up until the first scrape is a window old; the covered time is what the rate is over.
        QCOMPARE(snapshot.windowMs, window);
        const bool full = (seconds - 1) * 1000 >= window;
        QCOMPARE(snapshot.warmingUp, !full);
        QCOMPARE(snapshot.coveredMs, std::min(window, (seconds - 1) * 1000));
    }
}

void TestRateCoverage::reportRatesAreOverTheRecordedTime()
{
    QTemporaryDir dir;
    TimeSeriesStore::Options options;
    options.path = dir.filePath(QStringLiteral("metrics.fdts"));
    const qint64 hour = 3'600'000;
    const qint64 end = kT0 + hour;
    {
        // Five minutes recorded early in the hour, 7.5 requests/s per instance (15 for the service)...
        TimeSeriesStore store(options);
        QVERIFY(store.open());
        scrape(store, kT0 + 10 * 60'000, kT0 + 15 * 60'000, 7.5);
    }
    {
        // ...the console is closed for 40 minutes while the fleet goes on serving, then records 5 minutes more.
        TimeSeriesStore store(options);
        QVERIFY(store.open());
        scrape(store, kT0 + 55 * 60'000, end, 7.5, 7.5 * 45 * 60);
    }
    TimeSeriesStore::Options readOnly = options;
    readOnly.readOnly = true;
    TimeSeriesStore recorded(readOnly);
    QString error;
    QVERIFY2(recorded.open(&error), qPrintable(error));

    const auto coverage = recorded.coverage({}, end - hour, end);
    QCOMPARE(coverage.coveredMs, 10 * 60'000);
    QVERIFY(!coverage.full);
    const auto chartRate = recorded.evaluate(rate(hour), end);
    QVERIFY(chartRate.has_value());
    QCOMPARE(*chartRate, 15.0);

    ReportBuilder builder(recorded);
    const auto report = builder.build(ReportRequest { end - hour, end, {} }, &error);
    QVERIFY2(report.has_value(), qPrintable(error));
    QCOMPARE(report->fleet.coveredMs, 10 * 60'000);
    QCOMPARE(report->services.size(), 1);
    const auto &cart = report->services.first();
    QCOMPARE(cart.requests, 2 * 7.5 * 600); // what was recorded; the gap counts nothing
    QCOMPARE(cart.rps, 15.0);
    QCOMPARE(cart.coveredMs, 10 * 60'000);
    QCOMPARE(report->topology.nodes.size(), 1);
    QCOMPARE(report->topology.nodes.first().rps, 15.0);
    QCOMPARE(report->topology.coveredMs, 10 * 60'000);
    QCOMPARE(cart.availability.value_or(0), 1.0);
    QCOMPARE(
        ReportText::coverage(report->fleet.coveredMs, hour), QStringLiteral("data for 10 min of the 60 min requested"));
}

QTEST_GUILESS_MAIN(TestRateCoverage)
#include "tst_ratecoverage.moc"
