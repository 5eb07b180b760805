#include "telemetry/latencyhistogram.h"
#include "telemetry/metricsregistry.h"
#include "telemetry/promwriter.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <QRandomGenerator>
#include <QTest>
#include <random>
#include <thread>

namespace {

double exactQuantile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const auto rank = std::max<size_t>(1, size_t(std::ceil(q * double(values.size()))));
    return values[rank - 1];
}

} // namespace

class TestLatencyHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quantilesWithinTwoPercent_data();
    void quantilesWithinTwoPercent();
    void exportedBucketsCountAtTheirBounds();
    void fineBoundsAreShortAndOnePercentApart();
    void fineExportIsExactMonotoneAndDelimited();
    void registryCollectsHistogramSeries();
    void registryIsSafeWithAConcurrentReader();
};

void TestLatencyHistogram::quantilesWithinTwoPercent_data()
{
    QTest::addColumn<QString>("distribution");
    QTest::addColumn<int>("count");
    QTest::newRow("uniform 0.1..50 ms") << QStringLiteral("uniform") << 100000;
    QTest::newRow("lognormal (skewed)") << QStringLiteral("lognormal") << 100000;
    QTest::newRow("exponential") << QStringLiteral("exponential") << 50000;
    QTest::newRow("bimodal fast path + slow tail") << QStringLiteral("bimodal") << 80000;
    QTest::newRow("pareto heavy tail") << QStringLiteral("pareto") << 60000;
    QTest::newRow("few samples") << QStringLiteral("lognormal") << 37;
}

void TestLatencyHistogram::quantilesWithinTwoPercent()
{
    QFETCH(QString, distribution);
    QFETCH(int, count);
    std::mt19937_64 random(QRandomGenerator::global()->generate64());
    std::uniform_real_distribution<double> uniform(0.0001, 0.05);
    std::lognormal_distribution<double> lognormal(std::log(0.002), 1.2);
    std::exponential_distribution<double> exponential(1.0 / 0.004);
    std::bernoulli_distribution slow(0.07);
    std::normal_distribution<double> fast(0.0004, 0.00005), tail(0.8, 0.2);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    LatencyHistogram histogram;
    std::vector<double> raw;
    raw.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        double v = 0;
        if (distribution == QLatin1String("uniform"))
            v = uniform(random);
        else if (distribution == QLatin1String("lognormal"))
            v = lognormal(random);
        else if (distribution == QLatin1String("exponential"))
            v = exponential(random);
        else if (distribution == QLatin1String("bimodal"))
            v = std::max(1e-5, slow(random) ? tail(random) : fast(random));
        else
            v = 0.0002 / std::pow(1.0 - unit(random), 1.0 / 1.5); // Pareto, alpha 1.5
        histogram.observe(v);
        raw.push_back(v);
    }
    QCOMPARE(histogram.count(), quint64(count));
    for (const double q : { 0.5, 0.9, 0.95, 0.99, 0.999 }) {
        const double exact = exactQuantile(raw, q);
        const double estimate = histogram.quantile(q);
        const double error = std::abs(estimate - exact) / exact;
        QVERIFY2(error <= 0.02,
            qPrintable(QStringLiteral("q=%1 exact=%2 estimate=%3 error=%4 %")
                           .arg(q)
                           .arg(exact)
                           .arg(estimate)
                           .arg(error * 100)));
    }
    QCOMPARE(histogram.quantile(1.0), *std::max_element(raw.begin(), raw.end()));
    QCOMPARE(histogram.quantile(0.0), *std::min_element(raw.begin(), raw.end()));
}

void TestLatencyHistogram::exportedBucketsCountAtTheirBounds()
{
    LatencyHistogram histogram({ 0.001, 0.01, 0.1 });
    for (const double v : { 0.0005, 0.001, 0.001, 0.0011, 0.01, 0.05, 0.1, 0.2, 7.0 })
        histogram.observe(v);
    // le is inclusive: a value exactly on a bound belongs to that bucket.
    QCOMPARE(histogram.cumulativeCounts(), (QList<quint64> { 3, 5, 7, 9 }));
    QCOMPARE(histogram.count(), quint64(9));
    QVERIFY(std::abs(histogram.sum() - 7.3636) < 1e-9);
}

void TestLatencyHistogram::fineBoundsAreShortAndOnePercentApart()
{
    const auto &bounds = LatencyHistogram::fineBounds();
    QVERIFY(bounds.size() > 2000);
    QCOMPARE(bounds.front(), 1e-6);
    for (size_t i = 1; i < bounds.size(); ++i) {
        const double ratio = bounds[i] / bounds[i - 1];
        QVERIFY2(ratio > 1.009 && ratio < 1.0111, qPrintable(QString::number(ratio, 'g', 10)));
        // Four significant digits: the text is short and reads back as exactly the same bound.
        const QByteArray text = PromWriter::formatValue(bounds[i]);
        QVERIFY2(text.size() <= 10, text.constData());
        QCOMPARE(text.toDouble(), bounds[i]);
    }
}

void TestLatencyHistogram::fineExportIsExactMonotoneAndDelimited()
{
    std::mt19937_64 random(42);
    std::lognormal_distribution<double> lognormal(std::log(0.002), 1.5);
    LatencyHistogram histogram;
    std::vector<double> raw;
    for (int i = 0; i < 5000; ++i) {
        // Some values exactly on a coarse or a fine bound: le is inclusive for both.
        const double v = i % 97 == 0 ? 0.0025 : i % 89 == 0 ? LatencyHistogram::fineBounds()[900] : lognormal(random);
        histogram.observe(v);
        raw.push_back(v);
    }
    std::sort(raw.begin(), raw.end());
    const auto coarse = histogram.exportBuckets(false);
    const auto fine = histogram.exportBuckets(true);
    QCOMPARE(coarse.size(), LatencyHistogram::defaultBounds().size() + 1);
    QVERIFY(fine.size() > 200);
    QCOMPARE(fine.last().cumulativeCount, quint64(raw.size()));
    QVERIFY(std::isinf(fine.last().upperBound));
    for (const double bound : LatencyHistogram::defaultBounds()) // the stable bounds are always there
        QVERIFY(std::any_of(fine.begin(), fine.end(), [&](const auto &b) { return b.upperBound == bound; }));
    for (qsizetype i = 0; i < fine.size(); ++i) {
        // Every count is the exact number of observations at or below its bound, so the list is monotone.
        const auto exact = quint64(std::upper_bound(raw.begin(), raw.end(), fine[i].upperBound) - raw.begin());
        QCOMPARE(fine[i].cumulativeCount, exact);
        if (i > 0)
            QVERIFY(fine[i].upperBound > fine[i - 1].upperBound);
    }
    // Every observation lies in an exported bucket no wider than 1.2 % of its lower bound: interpolating
    // inside it cannot be further off than that.
    for (const double v : raw) {
        const auto upper = std::lower_bound(
            fine.begin(), fine.end(), v, [](const auto &bucket, double value) { return bucket.upperBound < value; });
        QVERIFY(upper != fine.begin() && upper != fine.end());
        const double lower = std::prev(upper)->upperBound;
        QVERIFY2(upper->upperBound / lower < 1.012,
            qPrintable(QStringLiteral("%1 in (%2, %3]").arg(v).arg(lower).arg(upper->upperBound)));
    }
}

void TestLatencyHistogram::registryCollectsHistogramSeries()
{
    MetricsRegistry registry;
    registry.describe(
        QStringLiteral("op_duration_seconds"), MetricType::Histogram, QStringLiteral("Ops."), { 0.01, 0.1 });
    const MetricLabels labels { { QStringLiteral("op"), QStringLiteral("read") } };
    registry.observe(QStringLiteral("op_duration_seconds"), labels, 0.05);
    registry.observe(QStringLiteral("op_duration_seconds"), labels, 0.5);
    registry.increment(QStringLiteral("ops_total"), labels, 2);
    registry.increment(QStringLiteral("ops_total"), labels, -1); // ignored: counters never go down
    const auto families = registry.collect();
    QCOMPARE(families.size(), 2);
    QCOMPARE(families[0].name, QStringLiteral("op_duration_seconds"));
    QStringList rendered;
    for (const auto &sample : families[0].samples)
        rendered << sample.name + QLatin1Char('/') + sample.label(QStringLiteral("le")) + QLatin1Char('=')
                + QString::number(sample.value);
    QCOMPARE(rendered,
        (QStringList { QStringLiteral("op_duration_seconds_bucket/0.01=0"),
            QStringLiteral("op_duration_seconds_bucket/0.1=1"), QStringLiteral("op_duration_seconds_bucket/+Inf=2"),
            QStringLiteral("op_duration_seconds_sum/=0.55"), QStringLiteral("op_duration_seconds_count/=2") }));
    QCOMPARE(families[1].type, MetricType::Counter);
    QCOMPARE(registry.value(QStringLiteral("ops_total"), labels), 2.0);
    // A family for the fine page only: absent from the default page; on the fine page both bounds of the two
    // non-empty 1 % buckets join the coarse ones. The other families stay as they are.
    registry.describe(QStringLiteral("op_all_seconds"), MetricType::Histogram, QStringLiteral("All ops."),
        { 0.01, 0.1 }, MetricsRegistry::Page::FinePageOnly);
    registry.observe(QStringLiteral("op_all_seconds"), {}, 0.05);
    registry.observe(QStringLiteral("op_all_seconds"), {}, 0.5);
    QCOMPARE(registry.collect().size(), 2);
    QStringList fine;
    const auto withFine = registry.collect(true);
    QCOMPARE(withFine.size(), 3);
    QCOMPARE(withFine[0].name, QStringLiteral("op_all_seconds"));
    QCOMPARE(withFine[1].samples.size(), families[0].samples.size()); // op_duration_seconds: coarse only
    for (qsizetype i = 0; i < families[0].samples.size(); ++i)
        QCOMPARE(withFine[1].samples[i].labels, families[0].samples[i].labels);
    for (const auto &sample : withFine[0].samples) {
        if (sample.name.endsWith(QLatin1String("_bucket")))
            fine << sample.label(QStringLiteral("le")) + QLatin1Char('=') + QString::number(sample.value);
    }
    QCOMPARE(fine,
        (QStringList { QStringLiteral("0.01=0"), QStringLiteral("0.04981=0"), QStringLiteral("0.05031=1"),
            QStringLiteral("0.1=1"), QStringLiteral("0.4961=1"), QStringLiteral("0.5011=2"),
            QStringLiteral("+Inf=2") }));
    QVERIFY(registry.histogram(QStringLiteral("op_duration_seconds"), labels).has_value());
}

void TestLatencyHistogram::registryIsSafeWithAConcurrentReader()
{
    MetricsRegistry registry;
    constexpr int kWrites = 50'000;
    std::atomic<bool> done { false };
    int reads = 0;
    std::atomic<bool> sane { true };
    std::thread reader([&] {
        while (!done) { // what /metrics or another thread does while the instance counts
            const auto families = registry.collect();
            ++reads;
            for (const auto &family : families) {
                for (const auto &sample : family.samples)
                    sane = sane && sample.value >= 0;
            }
        }
    });
    for (int i = 0; i < kWrites; ++i) {
        const MetricLabels labels { { QStringLiteral("route"), QStringLiteral("/r%1").arg(i % 7) } };
        registry.increment(QStringLiteral("hits_total"), labels);
        registry.observe(QStringLiteral("hit_duration_seconds"), labels, 0.001 * (i % 13));
    }
    done = true;
    reader.join();
    double total = 0;
    for (int r = 0; r < 7; ++r)
        total += registry.value(
            QStringLiteral("hits_total"), { { QStringLiteral("route"), QStringLiteral("/r%1").arg(r) } });
    QCOMPARE(total, double(kWrites));
    QVERIFY(reads > 0);
    QVERIFY(sane);
}

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
