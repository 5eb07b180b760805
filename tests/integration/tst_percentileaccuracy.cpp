// Percentiles as the console shows them (read from the time-series store over a window, after a real scrape
// of a real instance's /metrics) against the exact nearest-rank percentiles of the raw latencies.
#include "http/callobserver.h"
#include "http/httpobserver.h"
#include "http/httpserver.h"
#include "httptestclient.h"
#include "runtime/servicehost.h"
#include "telemetry/promparser.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"
#include "testhosts.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <QSignalSpy>
#include <QTest>
#include <random>

namespace {

using TestHosts::instanceOf;
using TestHosts::urlOf;

// Where the test reaches the instance thread: the server and the observers every request reports to.
struct InstanceHooks
{
    HttpServer *server = nullptr;
    CallObserver *calls = nullptr;
};

// A service with no routes of its own; the test records latencies through the instance's own observers,
// on the instance thread, exactly as finished requests and calls report them.
class ObservedService : public Service
{
public:
    explicit ObservedService(std::shared_ptr<InstanceHooks> hooks)
        : m_hooks(std::move(hooks))
    { }
    bool start(ServiceContext &context, QString *) override
    {
        m_hooks->server = &context.server;
        m_hooks->calls = context.calls;
        return true;
    }

private:
    std::shared_ptr<InstanceHooks> m_hooks;
};

// Seconds drawn from a wide log-normal spread, kept to 0.05 ms .. 200 ms; fixed seed, so runs repeat.
std::vector<double> latencies(std::mt19937_64 &random, int count, double medianSeconds, double sigma)
{
    std::lognormal_distribution<double> lognormal(std::log(medianSeconds), sigma);
    std::vector<double> out;
    out.reserve(size_t(count));
    while (int(out.size()) < count) { // bounded: most draws are in range
        const double v = lognormal(random);
        if (v >= 0.00005 && v <= 0.2)
            out.push_back(v);
    }
    return out;
}

double nearestRank(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const auto rank = std::max<size_t>(1, size_t(std::ceil(q * double(values.size()))));
    return values[rank - 1];
}

int bucketSeries(const QByteArray &page)
{
    return int(page.count("_bucket{"));
}

} // namespace

class TestPercentileAccuracy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storePercentilesMatchRawLatencies();
    void cleanupTestCase();

private:
    // Records the latencies as finished requests (route /cart/{id}) and as calls to "catalog".
    void observe(const std::vector<double> &seconds);
    // Triggers a scrape that starts after everything recorded so far and returns its time.
    qint64 scrape();
    void compare(const std::vector<double> &raw, qint64 fromMs, qint64 toMs, const QString &what);

    std::shared_ptr<InstanceHooks> m_hooks = std::make_shared<InstanceHooks>();
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<TimeSeriesStore> m_store;
    std::unique_ptr<Scraper> m_scraper;
    std::unique_ptr<QSignalSpy> m_rounds;
};

void TestPercentileAccuracy::initTestCase()
{
    m_host = TestHosts::make(QStringLiteral("cart"), QStringLiteral("cart-1"),
        [hooks = m_hooks] { return std::make_unique<ObservedService>(hooks); });
    QString error;
    QVERIFY2(m_host->start(&error), qPrintable(error));
    QVERIFY(m_hooks->server && m_hooks->server->observer() && m_hooks->calls);
    m_store = std::make_unique<TimeSeriesStore>();
    // Rounds only when asked (plus the first one at start), so each window holds known observations.
    m_scraper = std::make_unique<Scraper>(m_store.get(), Scraper::Options { 3'600'000, 10'000 });
    m_rounds = std::make_unique<QSignalSpy>(m_scraper.get(), &Scraper::roundFinished);
    m_scraper->setStaticTargets({ instanceOf(*m_host) });
    m_scraper->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_rounds->size(), 1, 10'000);
    QCOMPARE(m_rounds->last().at(2).toInt(), 1); // the target was up
}

void TestPercentileAccuracy::observe(const std::vector<double> &seconds)
{
    auto *server = m_hooks->server;
    auto *calls = m_hooks->calls;
    const bool ran = QMetaObject::invokeMethod(
        server,
        [&] {
            HttpObserver *requests = server->observer();
            for (const double v : seconds) {
                requests->requestStarted(QStringLiteral("/cart/{id}"));
                requests->requestFinished(QStringLiteral("/cart/{id}"), "GET", 200, v);
                calls->callFinished(QStringLiteral("catalog"), QStringLiteral("/products/{id}"), "GET", 200, v);
            }
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(ran);
}

qint64 TestPercentileAccuracy::scrape()
{
    const auto before = m_rounds->size();
    m_scraper->scrapeNow();
    if (!QTest::qWaitFor([&] { return m_rounds->size() > before; }, 10'000))
        return -1;
    return m_rounds->last().at(0).toLongLong();
}

void TestPercentileAccuracy::compare(const std::vector<double> &raw, qint64 fromMs, qint64 toMs, const QString &what)
{
    for (const double q : { 0.5, 0.95, 0.99 }) {
        MetricSelector selector;
        selector.kind = MetricKind::LatencyQuantile;
        selector.service = QStringLiteral("cart");
        selector.instance = QStringLiteral("cart-1");
        selector.quantile = q;
        selector.windowMs = toMs - fromMs;
        const double exact = nearestRank(raw, q) * 1000.0;
        const double stored = m_store->evaluate(selector, toMs).value_or(-1);
        const double error = std::abs(stored - exact) / exact;
        qInfo("%s p%g: exact %.4f ms, store %.4f ms, error %.3f %%", qPrintable(what), q * 100, exact, stored,
            error * 100);
        QVERIFY2(
            error <= 0.02, qPrintable(QStringLiteral("%1 p%2 off by %3 %").arg(what).arg(q * 100).arg(error * 100)));
    }
    // The topology's p95 of instances and of caller -> callee edges reads the same buckets.
    const double exact95 = nearestRank(raw, 0.95) * 1000.0;
    const double instance95
        = m_store->serverTraffic(toMs, toMs - fromMs).value({ QStringLiteral("cart"), QStringLiteral("cart-1") }).p95Ms;
    const double edge95 = m_store->clientTraffic(toMs, toMs - fromMs)
                              .value({ QStringLiteral("cart"), QStringLiteral("catalog") })
                              .p95Ms;
    QVERIFY2(std::abs(instance95 - exact95) / exact95 <= 0.02, qPrintable(QString::number(instance95)));
    QVERIFY2(std::abs(edge95 - exact95) / exact95 <= 0.02, qPrintable(QString::number(edge95)));
}

void TestPercentileAccuracy::storePercentilesMatchRawLatencies()
{
    const qint64 t0 = m_rounds->last().at(0).toLongLong();
    std::mt19937_64 random(20'261'125);

    // First window: a wide spread around 2 ms.
    const auto first = latencies(random, 4000, 0.002, 1.5);
    observe(first);
    const qint64 t1 = scrape();
    QVERIFY(t1 > t0);
    compare(first, t0, t1, QStringLiteral("first window"));

    // Second window: slower traffic; the window holds only what was observed since the first.
    const auto second = latencies(random, 3000, 0.02, 1.0);
    observe(second);
    const qint64 t2 = scrape();
    QVERIFY(t2 > t1);
    compare(second, t1, t2, QStringLiteral("second window"));
    auto both = first;
    both.insert(both.end(), second.begin(), second.end());
    compare(both, t0, t2, QStringLiteral("both windows"));

    // What the scraper read, against the page Prometheus gets by default.
    const auto coarse = TestHttp::get(urlOf(*m_host, QStringLiteral("/metrics")));
    const auto fine = TestHttp::get(urlOf(*m_host, QStringLiteral("/metrics"), QStringLiteral("buckets=fine")));
    QCOMPARE(coarse.status, 200);
    QCOMPARE(fine.status, 200);
    QVERIFY(PromParser::parse(fine.body).ok);
    qInfo("/metrics: %lld bytes, %d bucket series; ?buckets=fine: %lld bytes, %d bucket series; store: %d series",
        qint64(coarse.body.size()), bucketSeries(coarse.body), qint64(fine.body.size()), bucketSeries(fine.body),
        m_store->seriesCount());
    QVERIFY(bucketSeries(fine.body) > bucketSeries(coarse.body));
}

void TestPercentileAccuracy::cleanupTestCase()
{
    if (m_scraper)
        m_scraper->stop();
    if (m_host)
        m_host->stop();
}

QTEST_GUILESS_MAIN(TestPercentileAccuracy)
#include "tst_percentileaccuracy.moc"
