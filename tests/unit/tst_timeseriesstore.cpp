#include "telemetry/seriesfile.h"
#include "telemetry/timeseriesstore.h"

#include <cmath>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const qint64 kT0 = 1'700'000'000'000; // a fixed start, so runs are reproducible

ScrapeTarget target(const QString &instance = QStringLiteral("cart-1"), const QString &service = QStringLiteral("cart"))
{
    return ScrapeTarget { service, instance, QStringLiteral("127.0.0.1"), 8080, true };
}

// One scrape's worth of server metrics: ok and failed request counters plus a latency histogram whose
// observations all fall in the given bucket.
QList<MetricFamily> serverPage(double ok, double failed, const QList<double> &bucketCounts = {})
{
    MetricFamily requests { QStringLiteral("http_requests_total"), MetricType::Counter, QStringLiteral("r"), {} };
    requests.samples.append(
        { requests.name, { { "route", "/cart" }, { "method", "GET" }, { "status", "200" } }, ok, {} });
    requests.samples.append(
        { requests.name, { { "route", "/cart" }, { "method", "GET" }, { "status", "503" } }, failed, {} });
    requests.samples.append(
        { requests.name, { { "route", "/metrics" }, { "method", "GET" }, { "status", "200" } }, ok * 5, {} });
    QList<MetricFamily> out { requests };
    if (!bucketCounts.isEmpty()) {
        MetricFamily latency { QStringLiteral("http_request_duration_seconds"), MetricType::Histogram,
            QStringLiteral("l"), {} };
        const QStringList bounds { "0.001", "0.01", "0.1", "+Inf" };
        for (int i = 0; i < bounds.size(); ++i)
            latency.samples.append({ latency.name + "_bucket",
                { { "route", "/cart" }, { "method", "GET" }, { "status", "200" }, { "le", bounds[i] } },
                bucketCounts.value(i), {} });
        out.append(latency);
    }
    return out;
}

// A scrape whose latency histogram exports the given cumulative buckets, in the order given (+Inf is added
// with the largest count), and a request counter with that total.
QList<MetricFamily> sparsePage(const QList<QPair<QString, double>> &cumulative)
{
    const MetricLabels labels { { "route", "/cart" }, { "method", "GET" }, { "status", "200" } };
    double total = 0;
    MetricFamily latency { QStringLiteral("http_request_duration_seconds"), MetricType::Histogram, "l", {} };
    for (const auto &[le, count] : cumulative) {
        latency.samples.append({ latency.name + "_bucket", labels + MetricLabels { { "le", le } }, count, {} });
        total = std::max(total, count);
    }
    latency.samples.append({ latency.name + "_bucket", labels + MetricLabels { { "le", "+Inf" } }, total, {} });
    latency.samples.append({ latency.name + "_count", labels, total, {} });
    MetricFamily requests { QStringLiteral("http_requests_total"), MetricType::Counter, "r", {} };
    requests.samples.append({ requests.name, labels, total, {} });
    return { requests, latency };
}

MetricSelector selector(MetricKind kind, qint64 windowMs = 60'000)
{
    MetricSelector s;
    s.kind = kind;
    s.service = QStringLiteral("cart");
    s.windowMs = windowMs;
    return s;
}

} // namespace

class TestTimeSeriesStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rateHandlesCounterResets();
    void errorRatioAndMonitoringTrafficLeftOut();
    void quantileFromBuckets();
    void sparseGrowingBucketsGiveWindowedQuantiles();
    void allRoutesFineHistogramPreferredPerInstance();
    void bucketNewAfterAFailedScrapeCounts();
    void cumulativeBucketHistoryIsConverted();
    void newSeriesCountFromZero();
    void downsamplesBeyondTheFineWindow();
    void retentionDropsOldPointsAndSeries();
    void boundedNumberOfSeries();
    void pointBudgetShrinksTheFineWindow();
    void historySurvivesRestart();
    void tornTailIsCutOff();
    void instancesUpAndGauges();
    void chartSeriesSteps();
};

void TestTimeSeriesStore::allRoutesFineHistogramPreferredPerInstance()
{
    // cart-1 exports its per-route coarse buckets and the all-routes fine histogram; cart-2 (an older build)
    // only the coarse ones. 100 answers each: cart-1's all in (1.000 ms, 1.010 ms], cart-2's in (10, 25] ms.
    auto histogram = [](const QString &name, const MetricLabels &labels, const QStringList &bounds,
                         const QList<double> &cumulative) {
        MetricFamily family { name, MetricType::Histogram, QStringLiteral("h"), {} };
        for (int i = 0; i < bounds.size(); ++i) {
            auto withLe = labels;
            withLe.append({ QStringLiteral("le"), bounds[i] });
            family.samples.append({ name + QStringLiteral("_bucket"), withLe, cumulative.value(i), {} });
        }
        return family;
    };
    const MetricLabels route { { "route", "/cart" }, { "method", "GET" }, { "status", "200" } };
    const QStringList coarse { "0.001", "0.0025", "0.01", "0.025", "+Inf" };
    TimeSeriesStore store;
    for (int s = 0; s <= 1; ++s) {
        const double n = s * 100;
        store.ingest(target(QStringLiteral("cart-1")), kT0 + s * 1000, true,
            { histogram(QStringLiteral("http_request_duration_seconds"), route, coarse, { 0, n, n, n, n }),
                histogram(QStringLiteral("flightdeck_request_duration_seconds"), {},
                    { "0.001", "0.00101", "0.0025", "+Inf" }, { 0, n, n, n }) });
        store.ingest(target(QStringLiteral("cart-2")), kT0 + s * 1000, true,
            { histogram(QStringLiteral("http_request_duration_seconds"), route, coarse, { 0, 0, 0, n, n }) });
    }
    auto quantile = [&](const QString &instance, double q) {
        auto s = selector(MetricKind::LatencyQuantile, 10'000);
        s.instance = instance;
        s.quantile = q;
        return store.evaluate(s, kT0 + 1000).value_or(-1);
    };
    // cart-1 from its fine histogram (coarse buckets alone would put the median at 1.75 ms).
    QVERIFY2(quantile(QStringLiteral("cart-1"), 0.5) >= 1.0 && quantile(QStringLiteral("cart-1"), 0.5) <= 1.01,
        qPrintable(QString::number(quantile(QStringLiteral("cart-1"), 0.5))));
    // cart-2 from its per-route buckets: the median halfway through (10, 25] ms.
    QCOMPARE(quantile(QStringLiteral("cart-2"), 0.5), 17.5);
    // The service: 200 answers, each instance counted once.
    QVERIFY(quantile({}, 0.25) >= 1.0 && quantile({}, 0.25) <= 1.01);
    QCOMPARE(quantile({}, 0.75), 17.5);
}

void TestTimeSeriesStore::rateHandlesCounterResets()
{
    TimeSeriesStore store;
    // 10 requests per second for 60 s, then the instance restarts (counter back to 0) and goes on at 10/s.
    double raw = 0;
    for (int s = 0; s <= 120; ++s) {
        raw = s == 61 ? 10 : raw + 10;
        store.ingest(target(), kT0 + s * 1000, true, serverPage(raw, 0));
    }
    const auto rate = store.evaluate(selector(MetricKind::RequestRate), kT0 + 120'000);
    QVERIFY(rate.has_value());
    QCOMPARE(*rate, 10.0);
    const auto acrossReset = store.evaluate(selector(MetricKind::RequestRate, 30'000), kT0 + 75'000);
    QCOMPARE(*acrossReset, 10.0);
    // Stored counters are reset-corrected: the total is everything ever counted.
    QCOMPARE(
        *store.latest(QStringLiteral("http_requests_total"), { { "route", "/cart" }, { "status", "200" } }), 1210.0);
    QVERIFY(!store.evaluate(selector(MetricKind::RequestRate), kT0 + 500'000).has_value()); // no data there
    QVERIFY(!store.evaluate(selector(MetricKind::RequestRate), kT0 - 1).has_value());
}

void TestTimeSeriesStore::errorRatioAndMonitoringTrafficLeftOut()
{
    TimeSeriesStore store;
    for (int s = 0; s <= 60; ++s)
        store.ingest(target(), kT0 + s * 1000, true, serverPage(s * 9, s * 1));
    QCOMPARE(*store.evaluate(selector(MetricKind::ErrorRatio), kT0 + 60'000), 0.1);
    // /metrics counted 45/s in the page; it must not show up in the service's request rate.
    QCOMPARE(*store.evaluate(selector(MetricKind::RequestRate), kT0 + 60'000), 10.0);
    auto other = selector(MetricKind::RequestRate);
    other.service = QStringLiteral("catalog");
    QVERIFY(!store.evaluate(other, kT0 + 60'000).has_value());
}

void TestTimeSeriesStore::quantileFromBuckets()
{
    TimeSeriesStore store;
    // Each second: 50 requests under 1 ms, 40 between 1 and 10 ms, 10 between 10 and 100 ms.
    for (int s = 0; s <= 60; ++s)
        store.ingest(
            target(), kT0 + s * 1000, true, serverPage(s * 100, 0, { s * 50.0, s * 90.0, s * 100.0, s * 100.0 }));
    auto p = selector(MetricKind::LatencyQuantile);
    p.quantile = 0.5;
    QCOMPARE(*store.evaluate(p, kT0 + 60'000), 1.0); // rank 3000 of 6000 ends the first bucket exactly
    p.quantile = 0.7; // rank 4200: 1200 into the 2400 of the second bucket
    QVERIFY(std::abs(*store.evaluate(p, kT0 + 60'000) - 5.5) < 1e-9);
    p.quantile = 0.95; // rank 5700: 300 into the 600 of the third bucket
    QVERIFY(std::abs(*store.evaluate(p, kT0 + 60'000) - 55.0) < 1e-9);
    const auto traffic = store.serverTraffic(kT0 + 60'000, 60'000);
    QVERIFY(std::abs(traffic.value({ "cart", "cart-1" }).p95Ms - 55.0) < 1e-9);
    QCOMPARE(traffic.value({ "cart", "cart-1" }).requests, 6000.0);
}

void TestTimeSeriesStore::sparseGrowingBucketsGiveWindowedQuantiles()
{
    QTemporaryDir dir;
    TimeSeriesStore::Options options;
    options.path = dir.filePath(QStringLiteral("metrics.fdts"));
    options.fineRetentionMs = 60'000;
    options.coarseStepMs = 10'000;
    auto store = std::make_unique<TimeSeriesStore>(options);
    QVERIFY(store->open());
    // The instance exports its coarse bounds (0.001, 0.01) and both bounds of every non-empty fine bucket,
    // so the set of buckets grows as values land in new places.
    const QList<QList<QPair<QString, double>>> scrapes {
        { { "0.001", 0 }, { "0.01", 0 } }, // t0: nothing yet
        // t1: 10 values in (0.002, 0.00202]
        { { "0.001", 0 }, { "0.002", 0 }, { "0.00202", 10 }, { "0.01", 10 } },
        // t2: 10 more in (0.005, 0.00505]: two buckets appear, and the cumulative count of the new 0.005 is
        // 10 on its first scrape although none of its observations is new
        { { "0.001", 0 }, { "0.002", 0 }, { "0.00202", 10 }, { "0.005", 10 }, { "0.00505", 20 }, { "0.01", 20 } },
        // t3: the instance restarted; 4 values in (0.005, 0.00505] since, fewer than that bucket had
        { { "0.001", 0 }, { "0.005", 0 }, { "0.00505", 4 }, { "0.01", 4 } },
        // t4: 6 more in (0.005, 0.00505], 10 in (0.008, 0.00808]
        { { "0.001", 0 }, { "0.005", 0 }, { "0.00505", 10 }, { "0.008", 10 }, { "0.00808", 20 }, { "0.01", 20 } },
    };
    for (qsizetype i = 0; i < scrapes.size(); ++i)
        store->ingest(target(), kT0 + i * 1000, true, sparsePage(scrapes[i]));
    // Then nothing changes for a while: unchanged buckets take no new points.
    const qint64 pointsBefore = store->pointCount();
    for (int i = 5; i < 30; ++i)
        store->ingest(target(), kT0 + i * 1000, true, sparsePage(scrapes.last()));
    const qint64 perScrape = (store->pointCount() - pointsBefore) / 25;
    QVERIFY2(perScrape <= 6, qPrintable(QString::number(perScrape))); // up, scrape duration, request count, sum...

    auto quantile = [&](TimeSeriesStore &from, double q, qint64 fromS, qint64 toS) {
        auto p = selector(MetricKind::LatencyQuantile, (toS - fromS) * 1000);
        p.quantile = q;
        return from.evaluate(p, kT0 + toS * 1000).value_or(-1);
    };
    // Expected values by hand: linear in rank inside the bucket that holds it.
    struct Case
    {
        double q;
        qint64 fromS, toS;
        double ms;
    };
    const QList<Case> cases {
        { 0.5, 1, 2, 5.025 }, // only the 10 values of t2: rank 5 of 10 in (5, 5.05]
        { 0.5, 0, 2, 2.02 }, // 20 values: rank 10 ends (2, 2.02]
        { 0.75, 0, 2, 5.025 }, // rank 15: 5 into the 10 of (5, 5.05]
        { 0.25, 2, 4, 5.025 }, // across the restart: 10 in (5, 5.05], 10 in (8, 8.08]
        { 0.75, 2, 4, 8.04 }, { 0.5, 3, 4, 8.016 }, // 6 + 10 values: rank 8 is 2 into (8, 8.08]
        { 0.5, 2, 29, 5.05 }, // a long window with quiet buckets whose last change is before it began
    };
    auto check = [&](TimeSeriesStore &from) {
        for (const auto &c : cases) {
            const double got = quantile(from, c.q, c.fromS, c.toS);
            QVERIFY2(std::abs(got - c.ms) < 1e-9,
                qPrintable(QStringLiteral("q=%1 over (%2 s, %3 s]: %4 ms, expected %5 ms")
                               .arg(c.q)
                               .arg(c.fromS)
                               .arg(c.toS)
                               .arg(got, 0, 'g', 12)
                               .arg(c.ms)));
        }
        // The topology reads the same buckets for its p95.
        QVERIFY(std::abs(from.serverTraffic(kT0 + 4000, 2000).value({ "cart", "cart-1" }).p95Ms - 8.072) < 1e-9);
    };
    check(*store);
    // Compacted into coarse and fine records and read back, the history answers the same.
    QVERIFY(store->compact());
    store.reset();
    TimeSeriesStore reopened(options);
    QString error;
    QVERIFY2(reopened.open(&error), qPrintable(error));
    check(reopened);
    // Scraping goes on after the restart of the console: only what is new counts.
    auto next = scrapes.last();
    next[4].second = 30; // 10 more in (0.008, 0.00808]
    next[5].second = 30;
    reopened.ingest(target(), kT0 + 30'000, true, sparsePage(scrapes.last()));
    reopened.ingest(target(), kT0 + 31'000, true, sparsePage(next));
    QVERIFY(std::abs(quantile(reopened, 0.5, 30, 31) - 8.04) < 1e-9);
    QVERIFY(std::abs(quantile(reopened, 0.5, 3, 31) - 8.028) < 1e-9); // 6 + 20: rank 13 is 7 into (8, 8.08]
}

void TestTimeSeriesStore::bucketNewAfterAFailedScrapeCounts()
{
    TimeSeriesStore store;
    store.ingest(target(), kT0, true, sparsePage({ { "0.001", 0 }, { "0.01", 0 } }));
    store.ingest(
        target(), kT0 + 1000, true, sparsePage({ { "0.001", 0 }, { "0.002", 0 }, { "0.00202", 10 }, { "0.01", 10 } }));
    store.ingest(target(), kT0 + 2000, false, {}); // no answer
    // 4 values in (0.009, 0.00909] since t1: that bucket held 0 at the histogram's previous scrape.
    store.ingest(target(), kT0 + 3000, true,
        sparsePage(
            { { "0.001", 0 }, { "0.002", 0 }, { "0.00202", 10 }, { "0.009", 10 }, { "0.00909", 14 }, { "0.01", 14 } }));
    auto p = selector(MetricKind::LatencyQuantile, 2000);
    p.quantile = 0.5; // rank 2 of 4 in (9, 9.09]
    QVERIFY(std::abs(store.evaluate(p, kT0 + 3000).value_or(-1) - 9.045) < 1e-9);
}

void TestTimeSeriesStore::cumulativeBucketHistoryIsConverted()
{
    // History written before buckets were stored per bucket: cumulative, reset-corrected bucket series.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("metrics.fdts"));
    {
        SeriesFile file(path);
        QString error;
        QVERIFY2(file.open({ [](quint32, quint8, const QString &) {}, [](quint32, qint64, double, bool) {} }, &error),
            qPrintable(error));
        const QStringList bounds { "0.001", "0.01", "+Inf" };
        for (int i = 0; i < bounds.size(); ++i) {
            // The key format of the store: metric, then name/value pairs sorted by name.
            const QChar name(0x1f), value(0x1e);
            file.appendSeries(quint32(i + 1), 1,
                QStringLiteral("http_request_duration_seconds_bucket") + name + "instance" + value + "cart-1" + name
                    + "le" + value + bounds[i] + name + "service" + value + "cart");
        }
        // Each second: 6 values under 1 ms, 4 between 1 and 10 ms.
        for (int s = 0; s <= 10; ++s) {
            file.appendPoint(1, kT0 + s * 1000, 6.0 * s);
            file.appendPoint(2, kT0 + s * 1000, 10.0 * s);
            file.appendPoint(3, kT0 + s * 1000, 10.0 * s);
        }
    }
    TimeSeriesStore::Options options;
    options.path = path;
    options.readOnly = true;
    TimeSeriesStore store(options);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    auto p = selector(MetricKind::LatencyQuantile, 5000);
    p.quantile = 0.8; // rank 40 of 50: 10 into the 20 of (1, 10]
    QVERIFY(std::abs(store.evaluate(p, kT0 + 10'000).value_or(-1) - 5.5) < 1e-9);
    const auto points = store.rawPoints(
        QStringLiteral("http_request_duration_seconds_bucket"), { { "le", "0.01" } }, kT0, kT0 + 10'000);
    QCOMPARE(points.last().y(), 40.0);
}

void TestTimeSeriesStore::newSeriesCountFromZero()
{
    TimeSeriesStore store;
    store.ingest(target(), kT0, true, {});
    // The 503 series appears with value 3: those three failures happened since the previous scrape.
    store.ingest(target(), kT0 + 1000, true, serverPage(0, 3));
    QCOMPARE(*store.evaluate(selector(MetricKind::ErrorRatio, 10'000), kT0 + 1000), 1.0);
    const auto points
        = store.rawPoints(QStringLiteral("http_requests_total"), { { "status", "503" } }, kT0, kT0 + 1000);
    QCOMPARE(points.size(), 2);
    QCOMPARE(points[0], QPointF(double(kT0), 0));
    QCOMPARE(points[1], QPointF(double(kT0 + 1000), 3));
}

void TestTimeSeriesStore::downsamplesBeyondTheFineWindow()
{
    TimeSeriesStore::Options options;
    options.fineRetentionMs = 60'000;
    options.coarseStepMs = 10'000;
    TimeSeriesStore store(options);
    for (int s = 0; s < 300; ++s) // 5 minutes at 1 s, 4 requests per second
        store.ingest(target(), kT0 + s * 1000, true, serverPage(s * 4, 0));
    const auto all = store.rawPoints(
        QStringLiteral("http_requests_total"), { { "route", "/cart" }, { "status", "200" } }, kT0, kT0 + 300'000);
    // 24 coarse points for the first 240 s, then one point per second for the last minute.
    int coarse = 0, fine = 0;
    for (int i = 1; i < all.size(); ++i) {
        const double gap = all[i].x() - all[i - 1].x();
        QVERIFY2(gap == 1000 || gap == 10'000, qPrintable(QString::number(gap)));
        (gap == 1000 ? fine : coarse)++;
    }
    QVERIFY2(coarse >= 22 && coarse <= 24, qPrintable(QString::number(coarse)));
    QVERIFY2(fine >= 59 && fine <= 61, qPrintable(QString::number(fine)));
    // A rate over an old window comes from the coarse points and is still right.
    QCOMPARE(*store.evaluate(selector(MetricKind::RequestRate, 60'000), kT0 + 120'000), 4.0);
    // Memory holds one minute at full resolution plus the coarse tier, not five minutes of seconds.
    QVERIFY2(store.pointCount() <= store.seriesCount() * (61 + 31), qPrintable(QString::number(store.pointCount())));
}

void TestTimeSeriesStore::retentionDropsOldPointsAndSeries()
{
    TimeSeriesStore::Options options;
    options.fineRetentionMs = 30'000;
    options.coarseStepMs = 10'000;
    options.retentionMs = 100'000;
    TimeSeriesStore store(options);
    for (int s = 0; s < 100; ++s)
        store.ingest(target(QStringLiteral("cart-2")), kT0 + s * 1000, true, serverPage(s, 0));
    const int withOld = store.seriesCount();
    for (int s = 100; s < 400; ++s)
        store.ingest(target(), kT0 + s * 1000, true, serverPage(s, 0));
    // cart-2 stopped reporting 300 s ago, beyond the 100 s retention: its series are gone.
    QVERIFY(store.seriesCount() < withOld + 1);
    QVERIFY(!store.latest(QStringLiteral("up"), { { "instance", "cart-2" } }).has_value());
    const auto points = store.rawPoints(QStringLiteral("up"), { { "instance", "cart-1" } }, 0, kT0 + 1'000'000);
    QVERIFY(points.first().x() >= double(kT0 + 399'000 - 100'000 - 10'000));
    QVERIFY(points.size() <= 30 + 11 + 1);
}

void TestTimeSeriesStore::boundedNumberOfSeries()
{
    TimeSeriesStore::Options options;
    options.maxSeries = 10;
    TimeSeriesStore store(options);
    MetricFamily many { QStringLiteral("things"), MetricType::Gauge, QString(), {} };
    for (int i = 0; i < 50; ++i)
        many.samples.append({ many.name, { { "n", QString::number(i) } }, double(i), {} });
    store.ingest(target(), kT0, true, { many });
    QCOMPARE(store.seriesCount(), 10);
    QVERIFY(store.droppedSeries() > 0);
}

void TestTimeSeriesStore::pointBudgetShrinksTheFineWindow()
{
    TimeSeriesStore::Options options;
    options.fineRetentionMs = 3'600'000;
    options.coarseStepMs = 60'000;
    options.maxPoints = 3000;
    TimeSeriesStore store(options);
    qint64 peak = 0;
    for (int s = 0; s < 1200; ++s) { // 20 minutes, 5 series
        store.ingest(target(), kT0 + s * 1000, true, serverPage(s, 0));
        peak = std::max(peak, store.pointCount());
    }
    QVERIFY2(store.effectiveFineRetentionMs() < options.fineRetentionMs,
        qPrintable(QString::number(store.effectiveFineRetentionMs())));
    // Without the budget this would be 6000 points; the sweep runs every 10 s, so allow that much overshoot.
    QVERIFY2(peak <= options.maxPoints + 5 * 2 * 11, qPrintable(QString::number(peak)));
    // Older history is still there, downsampled, and still answers.
    QCOMPARE(*store.evaluate(selector(MetricKind::RequestRate, 120'000), kT0 + 300'000), 1.0);
}

void TestTimeSeriesStore::historySurvivesRestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TimeSeriesStore::Options options;
    options.path = dir.filePath(QStringLiteral("metrics.fdts"));
    options.fineRetentionMs = 60'000;
    options.coarseStepMs = 10'000;
    QList<QPointF> before;
    double rateBefore = 0;
    {
        TimeSeriesStore store(options);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        for (int s = 0; s < 200; ++s)
            store.ingest(target(), kT0 + s * 1000, true, serverPage(s * 3, s, { s * 2.0, s * 3.0, s * 4.0, s * 4.0 }));
        QVERIFY(store.compact(&error)); // some history as coarse records, the rest appended after
        for (int s = 200; s < 230; ++s)
            store.ingest(target(), kT0 + s * 1000, true, serverPage(s * 3, s, { s * 2.0, s * 3.0, s * 4.0, s * 4.0 }));
        before = store.rawPoints(
            QStringLiteral("http_requests_total"), { { "route", "/cart" }, { "status", "200" } }, 0, kT0 + 10'000'000);
        rateBefore = *store.evaluate(selector(MetricKind::RequestRate, 30'000), kT0 + 229'000);
    }
    TimeSeriesStore reopened(options);
    QString error;
    QVERIFY2(reopened.open(&error), qPrintable(error));
    QCOMPARE(reopened.rawPoints(QStringLiteral("http_requests_total"), { { "route", "/cart" }, { "status", "200" } }, 0,
                 kT0 + 10'000'000),
        before);
    QCOMPARE(*reopened.evaluate(selector(MetricKind::RequestRate, 30'000), kT0 + 229'000), rateBefore);
    QCOMPARE(*reopened.evaluate(selector(MetricKind::ErrorRatio, 30'000), kT0 + 229'000), 0.25);
    // New scrapes continue the reset-corrected counters rather than starting over.
    reopened.ingest(target(), kT0 + 230'000, true, serverPage(230 * 3, 230));
    reopened.ingest(target(), kT0 + 231'000, true, serverPage(231 * 3, 231));
    QCOMPARE(*reopened.latest(QStringLiteral("http_requests_total"), { { "route", "/cart" }, { "status", "200" } }),
        229 * 3.0 + 3);
}

void TestTimeSeriesStore::tornTailIsCutOff()
{
    QTemporaryDir dir;
    TimeSeriesStore::Options options;
    options.path = dir.filePath(QStringLiteral("metrics.fdts"));
    {
        TimeSeriesStore store(options);
        QVERIFY(store.open());
        for (int s = 0; s < 10; ++s)
            store.ingest(target(), kT0 + s * 1000, true, serverPage(s, 0));
    }
    {
        QFile file(options.path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("P\x01\x02\x03", 4); // a record cut short by a crash
    }
    TimeSeriesStore reopened(options);
    QString error;
    QVERIFY2(reopened.open(&error), qPrintable(error));
    QCOMPARE(
        *reopened.latest(QStringLiteral("http_requests_total"), { { "route", "/cart" }, { "status", "200" } }), 9.0);
    QFile garbage(dir.filePath(QStringLiteral("other")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("not a history file at all");
    garbage.close();
    options.path = garbage.fileName();
    TimeSeriesStore wrong(options);
    QVERIFY(!wrong.open(&error));
    QVERIFY(error.contains(QLatin1String("not a Flightdeck metric history")));
}

void TestTimeSeriesStore::instancesUpAndGauges()
{
    TimeSeriesStore store;
    MetricFamily inflight { QStringLiteral("http_requests_in_flight"), MetricType::Gauge, QString(), {} };
    for (int s = 0; s <= 10; ++s) {
        inflight.samples = { { inflight.name, { { "route", "/cart" } }, double(s), {} } };
        store.ingest(target(QStringLiteral("cart-1")), kT0 + s * 1000, true, { inflight });
        store.ingest(target(QStringLiteral("cart-2")), kT0 + s * 1000, s < 5, { inflight });
    }
    QCOMPARE(*store.evaluate(selector(MetricKind::InstancesUp, 3000), kT0 + 10'000), 1.0);
    QCOMPARE(*store.evaluate(selector(MetricKind::InstancesUp, 3000), kT0 + 3000), 2.0);
    auto gauge = selector(MetricKind::Gauge, 5000);
    gauge.gaugeName = QStringLiteral("http_requests_in_flight");
    QCOMPARE(*store.evaluate(gauge, kT0 + 10'000), 10.0);
    QCOMPARE(store.targets().size(), 2);
}

void TestTimeSeriesStore::chartSeriesSteps()
{
    TimeSeriesStore store;
    for (int s = 0; s <= 100; ++s)
        store.ingest(target(), kT0 + s * 1000, true, serverPage(s * (s < 50 ? 2 : 6), 0));
    const auto points = store.series(selector(MetricKind::RequestRate, 5000), kT0 + 10'000, kT0 + 100'000, 10'000);
    QCOMPARE(points.size(), 10);
    QCOMPARE(points.first(), QPointF(double(kT0 + 10'000), 2));
    QCOMPARE(points.last(), QPointF(double(kT0 + 100'000), 6));
}

QTEST_GUILESS_MAIN(TestTimeSeriesStore)
#include "tst_timeseriesstore.moc"
