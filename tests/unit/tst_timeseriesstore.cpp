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
